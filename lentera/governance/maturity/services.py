"""Every write of the maturity self-assessment: loading a model version, starting a year's assessment, answering a
variable, setting roadmap targets and actions, and the head's submission that freezes it. Keyword-only, one
transaction, one audit event each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core import audit
from lentera.core import uploads as core_uploads
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role

from .. import uploads
from ..errors import GovernanceError
from ..services import MANAGER_ROLES, _ensure_manages
from . import indicators, loader, rules, selectors
from .models import (
    Answer,
    Assessment,
    MaturityCriterion,
    MaturityDomain,
    MaturityLevel,
    MaturityModel,
    MaturityVariable,
    RoadmapAction,
    RoadmapTarget,
)


class _Classes:
    MaturityModel = MaturityModel
    MaturityLevel = MaturityLevel
    MaturityDomain = MaturityDomain
    MaturityVariable = MaturityVariable
    MaturityCriterion = MaturityCriterion


def _today() -> dt.date:
    return local_date(db_now())


@transaction.atomic
def model_version_load(*, actor: User | None, data: dict[str, Any]) -> MaturityModel:
    """Load a new version of the maturity model (a system administrator, or the loader command run on the
    server). Versions are never edited: a corrected text is a new version; past assessments keep theirs."""
    if actor is not None:
        ensure_role(actor, Role.SYSADMIN)
    if MaturityModel.objects.filter(code=str(data.get("code", "")).strip()).exists():
        raise GovernanceError("MODEL_VERSION_EXISTS", _("Versi model ini sudah dimuat."), status=409)
    version = loader.write_version(data, classes=_Classes)
    audit.record(
        actor=actor, action="governance.maturity.model_load", obj=version, after={"code": version.code}
    )
    return version


@transaction.atomic
def assessment_start(*, actor: User, agency: Agency, year: int) -> Assessment:
    """Open the year's self-assessment on the current model version (Permendagri 53/2021 Pasal 24 ayat (2))."""
    _ensure_manages(actor, agency.pk)
    model = selectors.current_model()
    if model is None:
        raise GovernanceError("MODEL_MISSING", _("Model kematangan belum dimuat."), status=409)
    if Assessment.objects.filter(agency=agency, year=year).exists():
        raise GovernanceError("ASSESSMENT_EXISTS", _("Penilaian mandiri tahun ini sudah ada."), status=409)
    if not 2000 <= year <= _today().year + 1:
        raise GovernanceError("YEAR_INVALID", _("Tahun penilaian tidak valid."))
    assessment = Assessment.objects.create(agency=agency, year=year, model=model, created_by=actor)
    audit.record(
        actor=actor,
        action="governance.maturity.start",
        obj=assessment,
        after={"agency": agency.pk, "year": year, "model": model.code},
    )
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("agency", "model").get(pk=assessment.pk)


def _check_link(link: str) -> str:
    link = link.strip()
    if link and (not link.startswith("/") or link.startswith("//")):
        raise GovernanceError(
            "LINK_NOT_LENTERA", _("Tautan bukti harus menunjuk halaman Lentera (diawali “/”).")
        )
    return link


@transaction.atomic
def answer_save(
    *,
    actor: User,
    assessment: Assessment,
    variable: MaturityVariable,
    level: int,
    justification: str,
    evidence_link: str = "",
    evidence_file: UploadedFile | None = None,
) -> Answer:
    """The Admin UKPBJ (or the head) places the UKPBJ on a level for one variable, with the reason and the
    evidence: a document, or a link to the data in Lentera. The figure Lentera computes for the variable is
    kept with the answer."""
    assessment = _locked(assessment)
    _ensure_manages(actor, assessment.agency_id)
    rules.check_assessment_open(submitted=assessment.frozen)
    if variable.domain.model_id != assessment.model_id:
        raise GovernanceError("VARIABLE_NOT_IN_MODEL", _("Variabel bukan bagian dari model penilaian ini."))
    ranks = [lv.rank for lv in selectors.levels_of(assessment.model)]
    rules.check_answer_level(level=level, ranks=ranks, justification=justification)
    link = _check_link(evidence_link)
    answer = selectors.answer_of(assessment, variable) or Answer(assessment=assessment, variable=variable)
    before = {"level": answer.level, "justification": answer.justification} if answer.pk else None
    answer.level, answer.justification, answer.evidence_link = level, justification.strip(), link
    answer.updated_by = actor
    computed = (
        indicators.compute(variable.indicator, assessment.agency, _today()) if variable.indicator else None
    )
    answer.computed = computed.as_text() if computed else ""
    if evidence_file is not None:
        answer.evidence_type = uploads.check(evidence_file, core_uploads.DOCUMENT_TYPES)
        answer.evidence_file.save(
            core_uploads.storage_name(evidence_file.name or "", answer.evidence_type, default="bukti"),
            evidence_file,
            save=False,
        )
    answer.save()
    audit.record(
        actor=actor,
        action="governance.maturity.answer",
        obj=answer,
        before=before,
        after={"variable": variable.code, "level": level, "link": link, "file": bool(answer.evidence_file)},
    )
    return answer


@transaction.atomic
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """The head of UKPBJ submits the complete self-assessment; it is frozen from then on, each answer keeping the
    figure Lentera computed on the day of submission."""
    assessment = _locked(assessment)
    _ensure_manages(actor, assessment.agency_id)
    rules.check_assessment_open(submitted=assessment.frozen)
    rules.check_submission(
        is_head=selectors.is_head_of(actor, assessment.agency_id),
        unanswered=selectors.unanswered_codes(assessment),
    )
    today = _today()
    for answer in assessment.answers.select_related("variable"):
        if answer.variable.indicator:
            computed = indicators.compute(answer.variable.indicator, assessment.agency, today)
            answer.computed = computed.as_text() if computed else ""
            answer.save(update_fields=["computed"])
    assessment.status, assessment.submitted_by, assessment.submitted_at = (
        Assessment.Status.SUBMITTED,
        actor,
        db_now(),
    )
    assessment.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit.record(
        actor=actor,
        action="governance.maturity.submit",
        obj=assessment,
        after={"levels": dict(assessment.answers.values_list("variable__code", "level"))},
    )
    return assessment


@transaction.atomic
def target_set(
    *, actor: User, assessment: Assessment, variable: MaturityVariable, year: int, level: int
) -> RoadmapTarget:
    """Set the roadmap's target level for a variable in a year (Pasal 24 ayat (1): peta jalan)."""
    assessment = _locked(assessment)
    _ensure_manages(actor, assessment.agency_id)
    rules.check_assessment_open(submitted=assessment.frozen)
    if variable.domain.model_id != assessment.model_id:
        raise GovernanceError("VARIABLE_NOT_IN_MODEL", _("Variabel bukan bagian dari model penilaian ini."))
    answer = selectors.answer_of(assessment, variable)
    rules.check_roadmap_target(
        assessed=answer.level if answer else None,
        target=level,
        ranks=[lv.rank for lv in selectors.levels_of(assessment.model)],
        year=year,
        base_year=assessment.year,
    )
    target, _created = RoadmapTarget.objects.update_or_create(
        assessment=assessment, variable=variable, year=year, defaults={"level": level}
    )
    audit.record(
        actor=actor,
        action="governance.maturity.target",
        obj=target,
        after={"variable": variable.code, "year": year, "level": level},
    )
    return target


@transaction.atomic
def action_add(
    *,
    actor: User,
    assessment: Assessment,
    variable: MaturityVariable,
    description: str,
    owner: User,
    due_on: dt.date,
) -> RoadmapAction:
    """Add an action to the roadmap: what is done, by whom, by when."""
    assessment = _locked(assessment)
    _ensure_manages(actor, assessment.agency_id)
    rules.check_assessment_open(submitted=assessment.frozen)
    if variable.domain.model_id != assessment.model_id:
        raise GovernanceError("VARIABLE_NOT_IN_MODEL", _("Variabel bukan bagian dari model penilaian ini."))
    if not description.strip():
        raise GovernanceError("DESCRIPTION_REQUIRED", _("Uraian tindakan wajib diisi."))
    action = RoadmapAction.objects.create(
        assessment=assessment, variable=variable, description=description.strip(), owner=owner, due_on=due_on
    )
    audit.record(
        actor=actor,
        action="governance.maturity.action_add",
        obj=action,
        after={"variable": variable.code, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_done(*, actor: User, action: RoadmapAction) -> RoadmapAction:
    """Record a roadmap action as done (progress is tracked after submission too)."""
    action = RoadmapAction.objects.select_for_update().select_related("assessment").get(pk=action.pk)
    ensure_role(actor, *MANAGER_ROLES)
    _ensure_manages(actor, action.assessment.agency_id)
    if action.status == RoadmapAction.Status.DONE:
        raise GovernanceError("ACTION_DONE", _("Tindakan ini sudah selesai."), status=409)
    action.status, action.done_on = RoadmapAction.Status.DONE, _today()
    action.save(update_fields=["status", "done_on"])
    audit.record(
        actor=actor,
        action="governance.maturity.action_done",
        obj=action,
        after={"done_on": str(action.done_on)},
    )
    return action
