"""Planning API, second part: Pokja Pemilihan (Permendagri 53/2021 Pasal 9, 12, 15), Pejabat Pengadaan requests
(Pasal 16), selection reports (Pasal 17) and the working-day calendar."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.accounts.models import Agency, User
from lentera.core import calendar
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.errors import NotFound
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role

from .. import selectors, services
from ..errors import PlanningError
from ..models import Pokja, ProcurementOfficialRequest, SelectionReport
from ..scope import home_unit
from .schemas import (
    DayOffOut,
    DissolveIn,
    MemberIn,
    MembersChangeIn,
    NonWorkingDayIn,
    NonWorkingDayOut,
    NoteIn,
    OfficialAssignIn,
    OfficialRequestIn,
    OfficialRequestOut,
    PokjaIn,
    PokjaOut,
    ReportIn,
    ReportOut,
    WorkingDaysOut,
)

router = Router(tags=["planning"])

POKJA_READ = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR, Role.POKJA)
CALENDAR_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)


def _user(user_id: str) -> User:
    user = account_selectors.user_by_login(user_id)
    if user is None:
        raise NotFound("USER_NOT_FOUND", _("Pengguna %(user)s tidak ditemukan."), user=user_id)
    return user


def _member_input(m: MemberIn) -> services.MemberInput:
    unit = account_selectors.work_unit_by_pk(m.home_unit_id)
    return services.MemberInput(
        user=_user(m.user_id),
        qualification=m.qualification,
        is_chair=m.is_chair,
        certificate_number=m.certificate_number,
        home_unit=unit,
        coordination_note=m.coordination_note,
        coordinated_on=m.coordinated_on,
    )


def pokja_out(pokja: Pokja) -> dict[str, Any]:
    members = [
        {
            "user_id": m.user.user_id,
            "full_name": m.user.full_name,
            "qualification": m.qualification,
            "is_chair": m.is_chair,
            "certificate_number": m.certificate_number,
            "home_unit": m.home_unit.name if m.home_unit is not None else None,
            "coordination_note": m.coordination_note,
            "coordinated_on": m.coordinated_on,
            "decree_number": m.decree_number,
            "joined_at": m.joined_at,
            "left_at": m.left_at,
        }
        for m in selectors.pokja_members_of(pokja=pokja)
    ]
    return {
        "id": pokja.pk,
        "name": pokja.name,
        "ukpbj": pokja.ukpbj.name,
        "decree_number": pokja.decree_number,
        "decree_date": pokja.decree_date,
        "dissolved_at": pokja.dissolved_at,
        "members": members,
        "package_codes": selectors.pokja_package_codes(pokja=pokja),
    }


@router.get("/pokja", response=list[PokjaOut], summary="Pokja Pemilihan I may see")
@api_access(*POKJA_READ, scope="own instansi / own Pokja")
def pokja_list(request: AuthedRequest):
    return [
        pokja_out(k) for k in selectors.pokjas_visible_to(user=request.user, role=request.acting_role)[:500]
    ]


@router.post("/pokja", response={201: PokjaOut}, summary="Form a Pokja by decree (Kepala UKPBJ)")
@api_access(Role.KEPALA_UKPBJ, scope="own UKPBJ")
def pokja_form(request: AuthedRequest, payload: PokjaIn):
    pokja = services.pokja_form(
        actor=request.user,
        name=payload.name,
        decree_number=payload.decree_number,
        decree_date=payload.decree_date,
        members=[_member_input(m) for m in payload.members],
        ukpbj=home_unit(request.user, Role.KEPALA_UKPBJ),
    )
    return Status(201, pokja_out(pokja))


@router.get("/pokja/{pokja_id}", response=PokjaOut, summary="One Pokja with its members and packages")
@api_access(*POKJA_READ, scope="own instansi / own Pokja")
def pokja_detail(request: AuthedRequest, pokja_id: int):
    return pokja_out(selectors.pokja_for(user=request.user, role=request.acting_role, pk=pokja_id))


@router.post(
    "/pokja/{pokja_id}/members", response=PokjaOut, summary="Change members by decree (Kepala UKPBJ)"
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def pokja_members(request: AuthedRequest, pokja_id: int, payload: MembersChangeIn):
    pokja = selectors.pokja_for(user=request.user, role=request.acting_role, pk=pokja_id)
    pokja = services.pokja_members_change(
        actor=request.user,
        pokja=pokja,
        decree_number=payload.decree_number,
        decree_date=payload.decree_date,
        add=[_member_input(m) for m in payload.add],
        remove=[_user(u) for u in payload.remove],
        reason=payload.reason,
    )
    return pokja_out(pokja)


@router.post(
    "/pokja/{pokja_id}/dissolve", response=PokjaOut, summary="Dissolve a Pokja by decree (Kepala UKPBJ)"
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def pokja_dissolve(request: AuthedRequest, pokja_id: int, payload: DissolveIn):
    pokja = selectors.pokja_for(user=request.user, role=request.acting_role, pk=pokja_id)
    pokja = services.pokja_dissolve(
        actor=request.user, pokja=pokja, decree_number=payload.decree_number, reason=payload.reason
    )
    return pokja_out(pokja)


# --- Pejabat Pengadaan -----------------------------------------------------------------------------------


def request_out(r: ProcurementOfficialRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "work_unit_id": r.work_unit_id,
        "work_unit": r.work_unit.name,
        "requested_by": r.requested_by.user_id,
        "letter_number": r.letter_number,
        "note": r.note,
        "requested_at": r.requested_at,
        "status": r.status,
        "official": r.official.user_id if r.official is not None else None,
        "decree_number": r.decree_number,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
    }


def _request(request: AuthedRequest, request_id: int) -> ProcurementOfficialRequest:
    return selectors.official_request_for(user=request.user, role=request.acting_role, pk=request_id)


@router.get(
    "/procurement-official-requests", response=list[OfficialRequestOut], summary="Pejabat Pengadaan requests"
)
@api_access(Role.PA, Role.KPA, Role.KEPALA_UKPBJ, Role.AUDITOR, scope="own work unit / instansi")
def official_requests(request: AuthedRequest):
    return [
        request_out(r)
        for r in selectors.official_requests_visible_to(user=request.user, role=request.acting_role)[:500]
    ]


@router.post(
    "/procurement-official-requests",
    response={201: OfficialRequestOut},
    summary="Ask for a Pejabat Pengadaan (KPA)",
)
@api_access(Role.PA, Role.KPA, scope="own work unit")
def official_request_create(request: AuthedRequest, payload: OfficialRequestIn):
    unit = account_selectors.work_unit_by_pk(payload.work_unit_id)
    if unit is None:
        raise NotFound("WORK_UNIT_NOT_FOUND", _("Satuan kerja tidak ditemukan."))
    req = services.procurement_official_request_create(
        actor=request.user, work_unit=unit, letter_number=payload.letter_number, note=payload.note
    )
    return Status(201, request_out(req))


@router.post(
    "/procurement-official-requests/{request_id}/assign",
    response=OfficialRequestOut,
    summary="Assign (Kepala UKPBJ)",
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def official_request_assign(request: AuthedRequest, request_id: int, payload: OfficialAssignIn):
    req = services.procurement_official_assign(
        actor=request.user,
        request=_request(request, request_id),
        official=_user(payload.user_id),
        decree_number=payload.decree_number,
        decree_date=payload.decree_date,
        note=payload.note,
    )
    return request_out(req)


@router.post(
    "/procurement-official-requests/{request_id}/reject",
    response=OfficialRequestOut,
    summary="Decline (Kepala UKPBJ)",
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def official_request_reject(request: AuthedRequest, request_id: int, payload: NoteIn):
    req = services.procurement_official_request_reject(
        actor=request.user, request=_request(request, request_id), note=payload.note
    )
    return request_out(req)


# --- selection reports -----------------------------------------------------------------------------------


def report_out(r: SelectionReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "package_code": r.package.code,
        "pokja_id": r.pokja_id,
        "submitted_by": r.submitted_by.user_id,
        "submitted_as": r.submitted_as,
        "outcome": r.outcome,
        "summary": r.summary,
        "submitted_at": r.submitted_at,
        "acknowledged_at": r.acknowledged_at,
    }


@router.get(
    "/selection-reports", response=list[ReportOut], summary="Selection reports (Kepala UKPBJ, auditors, own)"
)
@api_access(
    Role.KEPALA_UKPBJ, Role.AUDITOR, Role.POKJA, Role.PROCUREMENT_OFFICIAL, scope="own instansi / own reports"
)
def reports(request: AuthedRequest):
    return [
        report_out(r)
        for r in selectors.selection_reports_visible_to(user=request.user, role=request.acting_role)[:500]
    ]


@router.post(
    "/selection-reports", response={201: ReportOut}, summary="Report a selection's outcome (Pokja / PP)"
)
@api_access(Role.POKJA, Role.PROCUREMENT_OFFICIAL, scope="the package's Pokja / Pejabat Pengadaan")
def report_submit(request: AuthedRequest, payload: ReportIn):
    package = selectors.package_for(user=request.user, role=request.acting_role, pk=payload.package_id)
    report = services.selection_report_submit(
        actor=request.user, package=package, outcome=payload.outcome, summary=payload.summary
    )
    return Status(201, report_out(report))


@router.post(
    "/selection-reports/{report_id}/acknowledge", response=ReportOut, summary="Mark received (Kepala UKPBJ)"
)
@api_access(Role.KEPALA_UKPBJ, scope="own instansi")
def report_acknowledge(request: AuthedRequest, report_id: int):
    report = selectors.selection_report_for(user=request.user, role=request.acting_role, pk=report_id)
    return report_out(services.selection_report_acknowledge(actor=request.user, report=report))


# --- working-day calendar --------------------------------------------------------------------------------


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = account_selectors.agency_by_code(code)
    if agency is None:
        raise NotFound("AGENCY_NOT_FOUND", _("Instansi tidak ditemukan."))
    return agency


@router.get(
    "/calendar/days-off", response=list[DayOffOut], auth=PUBLIC, summary="Holidays and days off in a range"
)
@api_access(public=True)
def days_off(request: HttpRequest, start: dt.date, end: dt.date, agency: str | None = None):
    if abs((end - start).days) > 800:
        raise PlanningError("RANGE_TOO_LONG", _("Rentang tanggal paling panjang 800 hari."))
    off = calendar.days_off(start, end, _agency(agency))
    return [{"date": d, "name": n} for d, n in sorted(off.items())]


@router.get(
    "/calendar/add-working-days",
    response=WorkingDaysOut,
    auth=PUBLIC,
    summary="The n-th working day after a date",
)
@api_access(public=True)
def add_working_days(
    request: HttpRequest, start: dt.date, n: Annotated[int, Query(ge=-500, le=500)], agency: str | None = None
):
    if abs(n) > 500:
        raise PlanningError("RANGE_TOO_LONG", _("Paling banyak 500 hari kerja."))
    return {"start": start, "n": n, "result": calendar.add_working_days(start, n, _agency(agency))}


def day_out(d: NonWorkingDay) -> dict[str, Any]:
    return {
        "id": d.pk,
        "date": d.date,
        "kind": d.kind,
        "name": d.name,
        "agency": d.agency.code if d.agency is not None else None,
    }


@router.get("/calendar/non-working-days", response=list[NonWorkingDayOut], summary="Admin-added days off")
@api_access(*CALENDAR_ROLES, scope="national days and own instansi's local days")
def non_working_days(request: AuthedRequest):
    role = request.acting_role
    assert role is not None, "api_access(*roles) sets the acting role"
    return [day_out(d) for d in selectors.non_working_days_visible_to(user=request.user, role=role)[:1000]]


@router.post(
    "/calendar/non-working-days",
    response={201: NonWorkingDayOut},
    summary="Add cuti bersama / a local day off",
)
@api_access(*CALENDAR_ROLES, scope="national days and own instansi's local days")
def non_working_day_add(request: AuthedRequest, payload: NonWorkingDayIn):
    day = services.non_working_day_add(
        actor=request.user,
        date=payload.date,
        kind=payload.kind,
        name=payload.name,
        agency=_agency(payload.agency_code),
    )
    return Status(201, day_out(day))


@router.delete(
    "/calendar/non-working-days/{day_id}", response={204: None}, summary="Remove an admin-added day off"
)
@api_access(*CALENDAR_ROLES, scope="national days and own instansi's local days")
def non_working_day_remove(request: AuthedRequest, day_id: int):
    day = selectors.non_working_day_by_pk(day_id)
    if day is None:
        raise NotFound("DAY_NOT_FOUND", _("Hari libur tidak ditemukan."))
    services.non_working_day_remove(actor=request.user, day=day)
    return Status(204, None)
