"""The LPSE team's work programme API (Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2): programmes, activities,
realisations and the activity report of a period. Thin."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access

from ..programme import selectors, services
from ..programme.models import ProgrammeActivity, Realisation, WorkProgramme
from .schemas import _In

router = Router(tags=["governance"])
READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES


class WorkProgrammeIn(_In):
    agency_id: int
    year: int
    title: str
    team_decree_id: int | None = None


class WorkProgrammeOut(Schema):
    id: int
    agency_id: int
    year: int
    title: str
    team_decree_id: int | None


class ProgrammeActivityIn(_In):
    name: str
    target: str
    target_quantity: int
    unit: str
    budget: Decimal
    planned_start: dt.date
    planned_end: dt.date
    person_in_charge_id: int
    lpse_field: str = ""


class ProgrammeRealisationIn(_In):
    realised_on: dt.date
    quantity: int
    spent: Decimal
    note: str = ""


class ProgrammeRealisationOut(Schema):
    id: int
    activity_id: int
    realised_on: dt.date
    quantity: int
    spent: Decimal
    note: str


class ActivityReportRowOut(Schema):
    activity_id: int
    name: str
    lpse_field: str
    target: str
    target_quantity: int
    unit: str
    budget: Decimal
    planned_start: dt.date
    planned_end: dt.date
    period_quantity: int
    period_spent: Decimal
    achieved: int
    spent: Decimal
    achievement_pct: Decimal
    absorption_pct: Decimal
    status: str


class ActivityReportOut(Schema):
    programme: WorkProgrammeOut
    first: dt.date
    last: dt.date
    budget: Decimal
    period_spent: Decimal
    spent: Decimal
    absorption_pct: Decimal
    mean_achievement_pct: Decimal
    status_counts: dict[str, int]
    activities: list[ActivityReportRowOut]


def _programme(p: WorkProgramme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "agency_id": p.agency_id,
        "year": p.year,
        "title": p.title,
        "team_decree_id": p.team_decree_id,
    }


def _realisation(r: Realisation) -> dict[str, Any]:
    return {"id": r.pk, "activity_id": r.activity_id, "realised_on": r.realised_on, "quantity": r.quantity,
            "spent": r.spent, "note": r.note}  # fmt: skip


def _report(report: selectors.ActivityReport) -> dict[str, Any]:
    def row(r: selectors.ReportRow) -> dict[str, Any]:
        a: ProgrammeActivity = r.activity
        return {
            "activity_id": a.pk, "name": a.name, "lpse_field": a.lpse_field, "target": a.target,
            "target_quantity": a.target_quantity, "unit": a.unit, "budget": a.budget,
            "planned_start": a.planned_start, "planned_end": a.planned_end, "period_quantity": r.period_quantity,
            "period_spent": r.period_spent, "achieved": r.achieved, "spent": r.spent,
            "achievement_pct": r.achievement_pct, "absorption_pct": r.absorption_pct, "status": r.status,
        }  # fmt: skip

    return {
        "programme": _programme(report.programme), "first": report.first, "last": report.last,
        "budget": report.budget, "period_spent": report.period_spent, "spent": report.spent,
        "absorption_pct": report.absorption_pct, "mean_achievement_pct": report.mean_achievement_pct,
        "status_counts": report.status_counts, "activities": [row(r) for r in report.rows],
    }  # fmt: skip


@router.get("/work-programmes", response=list[WorkProgrammeOut], summary="The LPSE team's work programmes")
@api_access(*READERS, scope="programmes of the agencies the caller works for (auditor: all)")
def programme_list(request: AuthedRequest):
    return [_programme(p) for p in selectors.programmes_visible_to(request.user)[:200]]


@router.post("/work-programmes", response={201: WorkProgrammeOut}, summary="Draw up a year's work programme")
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
def programme_create(request: AuthedRequest, payload: WorkProgrammeIn):
    agency = selectors.agency_visible_to(user=request.user, pk=payload.agency_id)
    programme = services.programme_create(
        actor=request.user,
        agency=agency,
        year=payload.year,
        title=payload.title,
        team_decree=selectors.team_decree_of(agency_id=agency.pk, pk=payload.team_decree_id),
    )
    return Status(201, _programme(programme))


@router.post(
    "/work-programmes/{programme_id}/activities",
    response={201: ActivityReportOut},
    summary="Add an activity (target, budget line, planned dates) to a programme",
)
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the programme's agency")
def activity_add(request: AuthedRequest, programme_id: int, payload: ProgrammeActivityIn):
    programme = selectors.programme_visible_to(user=request.user, pk=programme_id)
    services.activity_add(
        actor=request.user, programme=programme, name=payload.name, target=payload.target,
        target_quantity=payload.target_quantity, unit=payload.unit, budget=payload.budget,
        planned_start=payload.planned_start, planned_end=payload.planned_end, lpse_field=payload.lpse_field,
        person_in_charge=selectors.person_of(agency_id=programme.agency_id, pk=payload.person_in_charge_id),
    )  # fmt: skip
    return Status(201, _report(selectors.activity_report(programme=programme, first=dt.date(programme.year, 1, 1),
                                                          last=dt.date(programme.year, 12, 31))))  # fmt: skip


@router.post(
    "/programme-activities/{activity_id}/realisations",
    response={201: ProgrammeRealisationOut},
    summary="Record what was done of an activity and what it cost",
)
@api_access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the programme's agency")
def realisation_add(request: AuthedRequest, activity_id: int, payload: ProgrammeRealisationIn):
    activity = selectors.activity_visible_to(user=request.user, pk=activity_id)
    realisation = services.realisation_record(
        actor=request.user, activity=activity, realised_on=payload.realised_on, quantity=payload.quantity,
        spent=payload.spent, note=payload.note,
    )  # fmt: skip
    return Status(201, _realisation(realisation))


@router.get(
    "/work-programmes/{programme_id}/report",
    response=ActivityReportOut,
    summary="The activity report of a period (default: the whole programme year)",
)
@api_access(*READERS, scope="a programme of the caller's agencies (auditor: all)")
def programme_report(
    request: AuthedRequest, programme_id: int, first: dt.date | None = None, last: dt.date | None = None
):
    programme = selectors.programme_visible_to(user=request.user, pk=programme_id)
    report = selectors.activity_report(
        programme=programme,
        first=first or dt.date(programme.year, 1, 1),
        last=last or dt.date(programme.year, 12, 31),
    )
    return _report(report)
