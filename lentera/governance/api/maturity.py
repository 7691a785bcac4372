"""Maturity self-assessment API (F20): the current model, the assessments, answers, roadmap, submission. Thin: the
same selectors and services as the pages. Evidence documents are uploaded through the page; the API takes links."""

from typing import Any

from ninja import Router, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from .. import selectors as governance_selectors
from ..maturity import selectors, services
from ..maturity.models import Assessment, MaturityModel
from . import maturity_schemas as s

router = Router(tags=["governance"])
MANAGERS = governance_selectors.MANAGER_ROLES
READERS = governance_selectors.READER_ROLES


def _model(m: MaturityModel) -> dict[str, Any]:
    domains: list[dict[str, Any]] = []
    for v in selectors.variables_of(m):
        if not domains or domains[-1]["code"] != v.domain.code:
            domains.append({"code": v.domain.code, "name": v.domain.name, "variables": []})
        domains[-1]["variables"].append(
            {
                "id": v.pk,
                "code": v.code,
                "name": v.name,
                "indicator": v.indicator,
                "placeholder": v.placeholder,
                "criteria": [
                    {
                        "rank": c.rank,
                        "description": c.description,
                        "key_drivers": c.key_drivers,
                        "evidence": c.evidence,
                    }
                    for c in selectors.criteria_of(v)
                ],
            }
        )
    return {
        "code": m.code,
        "title": m.title,
        "source": m.source,
        "levels": [{"rank": lv.rank, "name": lv.name} for lv in selectors.levels_of(m)],
        "domains": domains,
    }


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "agency_id": a.agency_id,
        "year": a.year,
        "model_code": a.model.code,
        "status": a.status,
        "submitted_at": a.submitted_at,
    }


def _detail(a: Assessment) -> dict[str, Any]:
    domains = []
    for d in selectors.sheet(a, on=local_date(db_now())):
        rows = []
        for r in d.rows:
            indicator = r.indicator.as_text() if r.indicator else (r.answer.computed if r.answer else "")
            rows.append(
                {
                    "variable_id": r.variable.pk,
                    "variable_code": r.variable.code,
                    "level": r.answer.level if r.answer else None,
                    "justification": r.answer.justification if r.answer else "",
                    "evidence_link": r.answer.evidence_link if r.answer else "",
                    "has_evidence_file": bool(r.answer and r.answer.evidence_file),
                    "indicator": indicator,
                    "targets": {t.year: t.level for t in r.targets},
                    "actions": [
                        {
                            "id": x.pk,
                            "description": x.description,
                            "owner_id": x.owner_id,
                            "due_on": x.due_on.isoformat(),
                            "status": x.status,
                        }
                        for x in r.actions
                    ],  # fmt: skip
                }
            )
        domains.append({"code": d.domain.code, "name": d.domain.name, "score": d.score, "variables": rows})
    return {**_assessment(a), "domains": domains}


@router.get("/maturity-model", response=s.ModelOut, summary="The current version of the UKPBJ maturity model")
@api_access(*READERS, scope="the model is the same for every agency")
def maturity_model(request: AuthedRequest):
    model = selectors.current_model()
    if model is None:
        raise NotFound("MODEL_MISSING", "Model kematangan belum dimuat.", status=404)
    return _model(model)


@router.get("/assessments", response=list[s.AssessmentOut], summary="Maturity self-assessments")
@api_access(*READERS, scope="assessments of the agencies the caller works for (auditor: all)")
def assessment_list(request: AuthedRequest):
    return [_assessment(a) for a in selectors.assessments_visible_to(request.user)[:200]]


@router.post("/assessments", response={201: s.AssessmentDetailOut}, summary="Start a year's self-assessment")
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency")
def assessment_start(request: AuthedRequest, payload: s.AssessmentIn):
    assessment = services.assessment_start(
        actor=request.user,
        agency=governance_selectors.agency_for(user=request.user, pk=payload.agency_id),
        year=payload.year,
    )
    return Status(201, _detail(assessment))


@router.get(
    "/assessments/{assessment_id}", response=s.AssessmentDetailOut, summary="An assessment with scores"
)
@api_access(*READERS, scope="an assessment of the caller's agencies (auditor: all)")
def assessment_detail(request: AuthedRequest, assessment_id: int):
    return _detail(selectors.assessment_visible_to(user=request.user, pk=assessment_id))


@router.post(
    "/assessments/{assessment_id}/answers", response=s.AssessmentDetailOut, summary="Answer a variable"
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency; a draft assessment")
def answer_save(request: AuthedRequest, assessment_id: int, payload: s.MaturityAnswerIn):
    assessment = selectors.assessment_visible_to(user=request.user, pk=assessment_id)
    services.answer_save(
        actor=request.user,
        assessment=assessment,
        variable=selectors.variable_of(assessment=assessment, pk=payload.variable_id),
        level=payload.level,
        justification=payload.justification,
        evidence_link=payload.evidence_link,
    )
    return _detail(assessment)


@router.post(
    "/assessments/{assessment_id}/targets", response=s.AssessmentDetailOut, summary="Set a roadmap target"
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency; a draft assessment")
def target_set(request: AuthedRequest, assessment_id: int, payload: s.TargetIn):
    assessment = selectors.assessment_visible_to(user=request.user, pk=assessment_id)
    services.target_set(
        actor=request.user,
        assessment=assessment,
        variable=selectors.variable_of(assessment=assessment, pk=payload.variable_id),
        year=payload.year,
        level=payload.level,
    )
    return _detail(assessment)


@router.post(
    "/assessments/{assessment_id}/actions",
    response={201: s.AssessmentDetailOut},
    summary="Add a roadmap action",
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency; a draft assessment")
def action_add(request: AuthedRequest, assessment_id: int, payload: s.ActionIn):
    assessment = selectors.assessment_visible_to(user=request.user, pk=assessment_id)
    services.action_add(
        actor=request.user,
        assessment=assessment,
        variable=selectors.variable_of(assessment=assessment, pk=payload.variable_id),
        description=payload.description,
        owner=governance_selectors.person_for(user=request.user, pk=payload.owner_id),
        due_on=payload.due_on,
    )
    return Status(201, _detail(assessment))


@router.post(
    "/roadmap-actions/{action_id}/done", response=s.AssessmentDetailOut, summary="Mark an action done"
)
@api_access(*MANAGERS, scope="the head or Admin UKPBJ of the agency")
def action_done(request: AuthedRequest, action_id: int):
    action = selectors.action_visible_to(user=request.user, pk=action_id)
    services.action_done(actor=request.user, action=action)
    return _detail(action.assessment)


@router.post(
    "/assessments/{assessment_id}/submit", response=s.AssessmentDetailOut, summary="Submit (head of UKPBJ)"
)
@api_access(Role.KEPALA_UKPBJ, scope="the head of UKPBJ of the agency (Permendagri 53/2021 Pasal 24 (5))")
def assessment_submit(request: AuthedRequest, assessment_id: int):
    assessment = selectors.assessment_visible_to(user=request.user, pk=assessment_id)
    return _detail(services.assessment_submit(actor=request.user, assessment=assessment))
