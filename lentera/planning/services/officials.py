"""Pejabat Pengadaan on a KPA's request (Permendagri 53/2021 Pasal 16) and the reports of selections to the
Kepala UKPBJ (Pasal 17)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import RoleAssignment, User, WorkUnit
from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role

from ..errors import PlanningError
from ..models import Package, PokjaMember, ProcurementOfficialRequest, SelectionReport
from ..scope import ensure_agency_role, ensure_unit_role, today

REQUEST_FIELDS = (
    "work_unit",
    "requested_by",
    "letter_number",
    "status",
    "official",
    "decree_number",
    "decree_date",
    "decided_at",
)
REPORT_FIELDS = (
    "package",
    "pokja",
    "submitted_by",
    "submitted_as",
    "outcome",
    "submitted_at",
    "acknowledged_at",
)


@transaction.atomic
def procurement_official_request_create(
    *, actor: User, work_unit: WorkUnit, letter_number: str, note: str = ""
) -> ProcurementOfficialRequest:
    """A KPA (or the PA) asks the Kepala UKPBJ for a Pejabat Pengadaan for their work unit (Pasal 16).

    Cites: Permendagri 53/2021 Pasal 16.
    """
    ensure_unit_role(actor, work_unit, Role.KPA, Role.PA)
    if not (letter_number or "").strip():
        raise PlanningError("LETTER_REQUIRED", _("Nomor surat permintaan wajib diisi."))
    request = ProcurementOfficialRequest.objects.create(
        work_unit=work_unit,
        requested_by=actor,
        letter_number=letter_number.strip(),
        note=(note or "").strip(),
    )
    audit.record(
        actor=actor,
        action="planning.official_request.create",
        obj=request,
        after=audit.snapshot(request, REQUEST_FIELDS),
    )
    return request


def _lock_request(request: ProcurementOfficialRequest) -> ProcurementOfficialRequest:
    request = (
        ProcurementOfficialRequest.objects.select_for_update().select_related("work_unit").get(pk=request.pk)
    )
    if request.status != ProcurementOfficialRequest.Status.PENDING:
        raise PlanningError("REQUEST_DECIDED", _("Permintaan ini sudah diputuskan."))
    return request


@transaction.atomic
def procurement_official_assign(
    *,
    actor: User,
    request: ProcurementOfficialRequest,
    official: User,
    decree_number: str,
    decree_date: dt.date | None = None,
    note: str = "",
) -> ProcurementOfficialRequest:
    """On the KPA's request, the Kepala UKPBJ assigns a Pengelola PBJ of the UKPBJ as Pejabat Pengadaan of the
    work unit (Permendagri 53/2021 Pasal 16): the PROCUREMENT_OFFICIAL role, by decree, in that work unit.

    Cites: Permendagri 53/2021 Pasal 16.
    """
    request = _lock_request(request)
    agency_id = request.work_unit.agency_id
    ensure_agency_role(actor, agency_id, Role.KEPALA_UKPBJ)
    is_pengelola = (
        RoleAssignment.objects.active(today())
        .filter(user=official, role=Role.PENGELOLA_PBJ)
        .filter(Q(agency_id=agency_id) | Q(work_unit__agency_id=agency_id))
        .exists()
    )
    if not is_pengelola:
        raise PlanningError(
            "NOT_PENGELOLA",
            _("Pejabat Pengadaan ditugaskan dari Pengelola PBJ di UKPBJ (Permendagri 53/2021 Pasal 16)."),
        )
    if not (decree_number or "").strip():
        raise PlanningError("DECREE_REQUIRED", _("Nomor SK / surat tugas wajib diisi."))
    before = audit.snapshot(request, REQUEST_FIELDS)
    if (
        RoleAssignment.objects.active(today())
        .filter(user=official, role=Role.PROCUREMENT_OFFICIAL, work_unit=request.work_unit)
        .exists()
    ):
        assignment = (
            RoleAssignment.objects.active(today())
            .filter(user=official, role=Role.PROCUREMENT_OFFICIAL, work_unit=request.work_unit)
            .first()
        )
    else:
        assignment = accounts_services.role_assign(
            actor=actor,
            user=official,
            role=Role.PROCUREMENT_OFFICIAL,
            work_unit=request.work_unit,
            starts_on=today(),
            decree_number=decree_number.strip(),
            decree_date=decree_date or today(),
            check_actor=False,
        )
    request.status = ProcurementOfficialRequest.Status.ASSIGNED
    request.official = official
    request.decree_number = decree_number.strip()
    request.decree_date = decree_date or today()
    request.role_assignment = assignment
    request.decided_by = actor
    request.decided_at = db_now()
    request.decision_note = (note or "").strip()
    request.save()
    audit.record(
        actor=actor,
        action="planning.official_request.assign",
        obj=request,
        before=before,
        after=audit.snapshot(request, REQUEST_FIELDS),
    )
    return request


@transaction.atomic
def procurement_official_request_reject(
    *, actor: User, request: ProcurementOfficialRequest, note: str
) -> ProcurementOfficialRequest:
    """The Kepala UKPBJ declines a request, with the reason."""
    request = _lock_request(request)
    ensure_agency_role(actor, request.work_unit.agency_id, Role.KEPALA_UKPBJ)
    if not (note or "").strip():
        raise PlanningError("REASON_REQUIRED", _("Alasan penolakan wajib diisi."))
    before = audit.snapshot(request, REQUEST_FIELDS)
    request.status = ProcurementOfficialRequest.Status.REJECTED
    request.decided_by = actor
    request.decided_at = db_now()
    request.decision_note = note.strip()
    request.save()
    audit.record(
        actor=actor,
        action="planning.official_request.reject",
        obj=request,
        before=before,
        after=audit.snapshot(request, REQUEST_FIELDS) | {"note": note},
    )
    return request


@transaction.atomic
def selection_report_submit(*, actor: User, package: Package, outcome: str, summary: str) -> SelectionReport:
    """A member of the package's Pokja, or its Pejabat Pengadaan, reports the selection's outcome to the Kepala
    UKPBJ (Permendagri 53/2021 Pasal 17). Tendering calls this on award or failure.

    Cites: Permendagri 53/2021 Pasal 17.
    """
    package = Package.objects.select_related("pokja", "work_unit").get(pk=package.pk)
    is_member = bool(
        package.pokja_id
        and PokjaMember.objects.filter(pokja_id=package.pokja_id, user=actor, left_at__isnull=True).exists()
    )
    is_official = package.procurement_official_id == actor.pk
    if not (is_member or is_official):
        raise AccessDenied(
            "NOT_SELECTOR",
            _("Hanya Pokja atau Pejabat Pengadaan paket ini yang dapat melaporkan hasil pemilihan."),
        )
    if outcome not in SelectionReport.Outcome.values:
        raise PlanningError("OUTCOME_UNKNOWN", _("Hasil pemilihan tidak dikenal."))
    if not (summary or "").strip():
        raise PlanningError("SUMMARY_REQUIRED", _("Ringkasan pelaksanaan pemilihan wajib diisi."))
    report = SelectionReport.objects.create(
        package=package,
        pokja=package.pokja if is_member else None,
        submitted_by=actor,
        submitted_as=Role.POKJA if is_member else Role.PROCUREMENT_OFFICIAL,
        outcome=outcome,
        summary=summary.strip(),
        submitted_at=db_now(),
    )
    audit.record(
        actor=actor, action="planning.report.submit", obj=report, after=audit.snapshot(report, REPORT_FIELDS)
    )
    return report


@transaction.atomic
def selection_report_acknowledge(*, actor: User, report: SelectionReport) -> SelectionReport:
    """The Kepala UKPBJ marks a selection report as received (Permendagri 53/2021 Pasal 17)."""
    report = (
        SelectionReport.objects.select_for_update().select_related("package__work_unit").get(pk=report.pk)
    )
    ensure_agency_role(actor, report.package.work_unit.agency_id, Role.KEPALA_UKPBJ)
    if report.acknowledged_at is not None:
        return report
    before = audit.snapshot(report, REPORT_FIELDS)
    report.acknowledged_at = db_now()
    report.acknowledged_by = actor
    report.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit.record(
        actor=actor,
        action="planning.report.acknowledge",
        obj=report,
        before=before,
        after=audit.snapshot(report, REPORT_FIELDS),
    )
    return report
