"""The code of ethics API (Permendagri 53/2021 Pasal 22): the code and its pacts for staff; the confidential cases
for the head of UKPBJ and the auditor (each case read audited). The reporter's identity is never returned. Thin."""

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core import request_context
from lentera.core.access import api_access
from lentera.core.api import PUBLIC, rate_limited
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from ..ethics import selectors, services, throttle
from ..ethics.models import EthicsCase, EthicsCode
from .schemas import _In

router = Router(tags=["governance"])


class EthicsCodeIn(_In):
    agency_id: int
    title: str
    body: str
    effective_on: dt.date


class EthicsCodeOut(Schema):
    id: int
    agency_id: int
    version: int
    title: str
    body: str
    effective_on: dt.date
    in_force: bool
    signed_by: list[int]
    not_signed_by: list[int]


class EthicsCaseIn(_In):
    agency_id: int
    subject_id: int
    allegation: str


class MajelisMemberIn(_In):
    name: str
    unit: str
    is_chair: bool = False


class EthicsExamineIn(_In):
    members: list[MajelisMemberIn]
    note: str = ""


class EthicsDismissIn(_In):
    reason: str


class EthicsDecisionIn(_In):
    decision: str
    reasoning: str
    sanction: str = ""


class EthicsCaseOut(Schema):
    id: int
    agency_id: int
    channel: str
    subject_id: int | None
    subject_name: str
    status: str
    reported_at: dt.datetime


class EthicsCaseDetailOut(EthicsCaseOut):
    allegation: str
    screening_note: str
    decision: str
    reasoning: str
    sanction: str
    hearings: list[dict]
    appeal_grounds: str
    appeal_outcome: str
    appeal_reasoning: str
    majelis: list[dict]


def _code(code: EthicsCode) -> dict[str, Any]:
    current = selectors.code_in_force(code.agency, on=local_date(db_now()))
    sig = selectors.signatures(code)
    return {
        "id": code.pk, "agency_id": code.agency_id, "version": code.version, "title": code.title,
        "body": code.body, "effective_on": code.effective_on, "in_force": current is not None and current.pk == code.pk,
        "signed_by": [p.person_id for p in sig.signed], "not_signed_by": [u.pk for u in sig.not_yet],
    }  # fmt: skip


def _case(c: EthicsCase) -> dict[str, Any]:
    return {"id": c.pk, "agency_id": c.agency_id, "channel": c.channel, "subject_id": c.subject_id,
            "subject_name": c.subject_label, "status": c.status, "reported_at": c.reported_at}  # fmt: skip


def _case_detail(c: EthicsCase) -> dict[str, Any]:
    return _case(c) | {
        "allegation": c.allegation, "screening_note": c.screening_note, "decision": c.decision,
        "reasoning": c.reasoning, "sanction": c.sanction,
        "majelis": [{"name": m.name, "unit": m.unit, "is_chair": m.is_chair} for m in selectors.majelis_of(c)],
        "hearings": [{"held_on": h.held_on, "attendees": h.attendees, "minutes": h.minutes}
                     for h in selectors.hearings_of(c)],
        "appeal_grounds": c.appeal_grounds, "appeal_outcome": c.appeal_outcome,
        "appeal_reasoning": c.appeal_reasoning,
    }  # fmt: skip


@router.get(
    "/ethics-codes", response=list[EthicsCodeOut], summary="The code of ethics of an agency, every version"
)
@api_access(*selectors.CODE_READER_ROLES, scope="an agency the caller works for (auditor: all)")
def code_list(request: AuthedRequest, agency_id: int | None = None):
    agency = selectors.agency_of_staff(user=request.user, pk=agency_id)
    return [_code(c) for c in selectors.codes_of(agency)]


@router.post(
    "/ethics-codes", response={201: EthicsCodeOut}, summary="Set a new version of the code of ethics"
)
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the agency")
def code_publish(request: AuthedRequest, payload: EthicsCodeIn):
    agency = selectors.agency_of_staff(user=request.user, pk=payload.agency_id)
    code = services.code_publish(
        actor=request.user,
        agency=agency,
        title=payload.title,
        body=payload.body,
        effective_on=payload.effective_on,
    )
    return Status(201, _code(code))


@router.post(
    "/ethics-codes/{code_id}/pacts", response={201: EthicsCodeOut}, summary="Sign the integrity pact"
)
@api_access(*selectors.STAFF_ROLES, scope="a staff member of the code's agency; the version in force")
def pact_sign(request: AuthedRequest, code_id: int):
    code = selectors.code_visible_to(user=request.user, pk=code_id)
    services.pact_sign(actor=request.user, code=code)
    return Status(201, _code(code))


@router.post("/ethics-cases", response={201: EthicsCaseOut}, summary="Report a suspected breach of the code")
@api_access(*selectors.STAFF_ROLES, scope="a staff member of the agency")
def case_report(request: AuthedRequest, payload: EthicsCaseIn):
    agency = selectors.agency_of_staff(user=request.user, pk=payload.agency_id)
    case = services.case_report(
        actor=request.user, agency=agency, subject=selectors.subject_of(agency=agency, pk=payload.subject_id),
        allegation=payload.allegation,
    )  # fmt: skip
    return Status(201, _case(case))


@router.get("/ethics-cases", response=list[EthicsCaseOut], summary="Ethics cases (confidential)")
@api_access(*selectors.CASE_READER_ROLES, scope="cases of the agency the caller heads (auditor: all)")
def case_list(request: AuthedRequest):
    return [_case(c) for c in selectors.cases_visible_to(request.user)[:500]]


@router.get(
    "/ethics-cases/{case_id}", response=EthicsCaseDetailOut, summary="An ethics case (the read is audited)"
)
@api_access(*selectors.CASE_READER_ROLES, scope="a case of the agency the caller heads (auditor: all)")
def case_detail(request: AuthedRequest, case_id: int):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    return _case_detail(services.case_open(actor=request.user, case=case))


@router.post("/ethics-cases/{case_id}/examine", response=EthicsCaseDetailOut, summary="Send to the majelis")
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_examine(request: AuthedRequest, case_id: int, payload: EthicsExamineIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    members = [(m.name, m.unit, m.is_chair) for m in payload.members]
    return _case_detail(
        services.case_examine(actor=request.user, case=case, members=members, note=payload.note)
    )


@router.post("/ethics-cases/{case_id}/dismiss", response=EthicsCaseDetailOut, summary="Dismiss a report")
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_dismiss(request: AuthedRequest, case_id: int, payload: EthicsDismissIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    return _case_detail(services.case_dismiss(actor=request.user, case=case, reason=payload.reason))


@router.post("/ethics-cases/{case_id}/decide", response=EthicsCaseDetailOut, summary="Record the decision")
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_decide(request: AuthedRequest, case_id: int, payload: EthicsDecisionIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    return _case_detail(
        services.case_decide(
            actor=request.user,
            case=case,
            decision=payload.decision,
            reasoning=payload.reasoning,
            sanction=payload.sanction,
        )  # fmt: skip
    )


class EthicsPublicReportIn(_In):
    agency_id: int
    subject_name: str
    allegation: str
    contact: str = ""


class EthicsPublicReportOut(Schema):
    received: bool


class EthicsHearingIn(_In):
    held_on: dt.date
    attendees: str
    minutes: str


class EthicsAppealIn(_In):
    grounds: str


class EthicsAppealDecisionIn(_In):
    outcome: str
    reasoning: str
    sanction: str = ""


class EthicsStatisticsOut(Schema):
    received: int
    in_progress: int
    dismissed: int
    violation: int
    no_violation: int
    appealed: int


@router.post(
    "/ethics-reports",
    auth=PUBLIC,
    response={201: EthicsPublicReportOut},
    summary="Report a suspected breach without an account or a name (no case number is returned)",
)
@rate_limited
@api_access(public=True, scope="anyone, anonymous; rate limited per address")
def public_report(request, payload: EthicsPublicReportIn):
    throttle.check(request_context.client_ip_of(request))
    services.case_report_public(
        agency=selectors.public_agency(payload.agency_id), subject_name=payload.subject_name,
        allegation=payload.allegation, contact=payload.contact,
    )  # fmt: skip
    return Status(201, {"received": True})


@router.get(
    "/ethics-statistics", auth=PUBLIC, response=EthicsStatisticsOut, summary="Ethics cases counted by outcome"
)
@api_access(public=True, scope="anyone: counts only, no case content")
def public_statistics(request):
    return selectors.public_statistics()


@router.post("/ethics-cases/{case_id}/hearings", response=EthicsCaseDetailOut, summary="Record a hearing")
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_hearing(request: AuthedRequest, case_id: int, payload: EthicsHearingIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    services.hearing_record(
        actor=request.user,
        case=case,
        held_on=payload.held_on,
        attendees=payload.attendees,
        minutes=payload.minutes,
    )
    return _case_detail(selectors.case_visible_to(user=request.user, pk=case_id))


@router.post("/ethics-cases/{case_id}/appeal", response=EthicsCaseDetailOut, summary="Record an appeal")
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_appeal(request: AuthedRequest, case_id: int, payload: EthicsAppealIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    return _case_detail(services.case_appeal(actor=request.user, case=case, grounds=payload.grounds))


@router.post(
    "/ethics-cases/{case_id}/appeal-decision",
    response=EthicsCaseDetailOut,
    summary="Record the appeal's outcome",
)
@api_access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
def case_decide_appeal(request: AuthedRequest, case_id: int, payload: EthicsAppealDecisionIn):
    case = selectors.case_visible_to(user=request.user, pk=case_id)
    return _case_detail(
        services.case_decide_appeal(
            actor=request.user,
            case=case,
            outcome=payload.outcome,
            reasoning=payload.reasoning,
            sanction=payload.sanction,
        )  # fmt: skip
    )
