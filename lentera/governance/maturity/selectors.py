"""Reads of the maturity self-assessment, scoped like the rest of governance (the agency's head, Admin UKPBJ and
Kasubag LPSE; the auditor reads every agency)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import RoleAssignment, User
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import selectors as governance_selectors
from . import indicators, rules
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


def current_model() -> MaturityModel | None:
    """The version new assessments are made on: the last one loaded."""
    return MaturityModel.objects.order_by("-pk").first()


def models_all() -> QuerySet[MaturityModel]:
    return MaturityModel.objects.all()


def levels_of(model: MaturityModel) -> list[MaturityLevel]:
    return list(model.levels.order_by("rank"))


def variables_of(model: MaturityModel) -> list[MaturityVariable]:
    return list(
        MaturityVariable.objects.filter(domain__model=model)
        .select_related("domain")
        .prefetch_related("criteria")
        .order_by("domain__order", "order")
    )


def criteria_of(variable: MaturityVariable) -> list[MaturityCriterion]:
    return sorted(variable.criteria.all(), key=lambda c: c.rank)


def variable_of(*, assessment: Assessment, pk: int) -> MaturityVariable:
    found = MaturityVariable.objects.filter(domain__model_id=assessment.model_id, pk=pk).first()
    if found is None:
        raise NotFound("VARIABLE_NOT_FOUND", _("Variabel tidak ditemukan."), status=404)
    return found


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    scope = governance_selectors.agency_ids(user)
    qs = Assessment.objects.select_related("agency", "model", "submitted_by")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def assessment_visible_to(*, user: User, pk: int) -> Assessment:
    found = assessments_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("ASSESSMENT_NOT_FOUND", _("Penilaian mandiri tidak ditemukan."), status=404)
    return found


def is_head_of(user: User, agency_id: int) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.KEPALA_UKPBJ, agency_id=agency_id)
        .exists()
    )


def action_visible_to(*, user: User, pk: int) -> RoadmapAction:
    found = (
        RoadmapAction.objects.filter(assessment__in=assessments_visible_to(user), pk=pk)
        .select_related("assessment", "variable", "owner")
        .first()
    )
    if found is None:
        raise NotFound("ACTION_NOT_FOUND", _("Tindakan peta jalan tidak ditemukan."), status=404)
    return found


@dataclass
class SheetRow:
    variable: MaturityVariable
    criteria: list[MaturityCriterion]
    answer: Answer | None
    indicator: indicators.Indicator | None  # computed now (draft) — a submitted answer keeps its own text
    targets: list[RoadmapTarget] = field(default_factory=list)
    actions: list[RoadmapAction] = field(default_factory=list)


@dataclass
class DomainSheet:
    domain: MaturityDomain
    rows: list[SheetRow]
    score: Decimal | None


def sheet(assessment: Assessment, *, on: dt.date) -> list[DomainSheet]:
    """The assessment as the page shows it: per domain, each variable with its criteria, the answer, the indicator
    Lentera computes for it, the roadmap targets and actions, and the domain's score."""
    answers = {a.variable_id: a for a in assessment.answers.all()}
    targets: dict[int, list[RoadmapTarget]] = {}
    for t in assessment.targets.order_by("year"):
        targets.setdefault(t.variable_id, []).append(t)
    actions: dict[int, list[RoadmapAction]] = {}
    for a in assessment.actions.select_related("owner"):
        actions.setdefault(a.variable_id, []).append(a)
    out: list[DomainSheet] = []
    for variable in variables_of(assessment.model):
        if not out or out[-1].domain.pk != variable.domain_id:
            out.append(DomainSheet(variable.domain, [], None))
        indicator = None
        if variable.indicator and not assessment.frozen:
            indicator = indicators.compute(variable.indicator, assessment.agency, on)
        out[-1].rows.append(
            SheetRow(
                variable,
                sorted(variable.criteria.all(), key=lambda c: c.rank),
                answers.get(variable.pk),
                indicator,
                targets.get(variable.pk, []),
                actions.get(variable.pk, []),
            )
        )
    for domain in out:
        domain.score = rules.domain_score([r.answer.level for r in domain.rows if r.answer])
    return out


def unanswered_codes(assessment: Assessment) -> list[str]:
    answered = set(assessment.answers.values_list("variable_id", flat=True))
    return [v.code for v in variables_of(assessment.model) if v.pk not in answered]


def answer_of(assessment: Assessment, variable: MaturityVariable) -> Answer | None:
    return assessment.answers.filter(variable=variable).first()


def owners_for(user: User) -> QuerySet[User]:
    return governance_selectors.people_for(user)


def open_assessments(user: User) -> QuerySet[Assessment]:
    return assessments_visible_to(user).filter(status=Assessment.Status.DRAFT)


def assessment_row_for_report(*, agency_id: int, year: int) -> dict[str, Any] | None:
    """This instansi's self-assessment of ``year`` as a plain row (read by lentera.reporting): its status, the
    model version, and per domain the variables, how many are answered and the domain's score
    (:func:`rules.domain_score`); None when the year has no assessment."""
    found = Assessment.objects.filter(agency_id=agency_id, year=year).select_related("model").first()
    if found is None:
        return None
    levels = dict(found.answers.values_list("variable_id", "level"))
    domains: list[dict[str, Any]] = []
    for variable in variables_of(found.model):
        if not domains or domains[-1]["id"] != variable.domain_id:
            domains.append(
                {"id": variable.domain_id, "name": variable.domain.name, "levels": [], "variables": 0}
            )
        domains[-1]["variables"] += 1
        if variable.pk in levels:
            domains[-1]["levels"].append(levels[variable.pk])
    return {
        "status": found.status,
        "submitted_at": found.submitted_at,
        "model_code": found.model.code,
        "domains": [
            {
                "name": d["name"],
                "variables": d["variables"],
                "answered": len(d["levels"]),
                "score": rules.domain_score(d["levels"]),
            }
            for d in domains
        ],
    }
