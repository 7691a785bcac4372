"""Every write of the governance app: decrees, the appointments they make (with the Lentera role they grant,
through accounts' own service), their revocation, and staff certificates. Keyword-only, one transaction, one audit
event each."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import Agency, RoleAssignment, User, WorkUnit
from lentera.core import audit, uploads
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import rules, selectors
from .enums import CertificateLevel, DecreeKind, LpseField, Position
from .errors import GovernanceError
from .models import Appointment, Certificate, Decree

MANAGER_ROLES = selectors.MANAGER_ROLES
SCAN_MAX_BYTES = 5 * 1024 * 1024  # the same cap as accounts' decree files
DECREE_FIELDS = ("agency", "kind", "number", "title", "signed_on", "valid_from", "valid_until", "revoked_at")
APPOINTMENT_FIELDS = ("decree", "person", "position", "lpse_field", "role", "work_unit", "role_assignment")
CERTIFICATE_FIELDS = ("agency", "person", "level", "number", "issued_on", "expires_on")


def _today() -> dt.date:
    return local_date(db_now())


def _ensure_manages(actor: User | None, agency_id: int) -> None:
    ensure_role(actor, *MANAGER_ROLES)
    scope = selectors.managed_agency_ids(actor)
    if scope is not None and agency_id not in scope:
        raise GovernanceError(
            "OUT_OF_SCOPE",
            _("Anda hanya dapat mengelola SK dan sertifikat instansi Anda sendiri."),
            status=403,
        )


def _check_scan(scan: UploadedFile) -> str:
    if scan.size is not None and scan.size > SCAN_MAX_BYTES:
        raise GovernanceError("SCAN_TOO_LARGE", _("Pindaian paling besar 5 MB."))
    scan.seek(0)
    head = scan.read(uploads.HEAD_BYTES)
    scan.seek(0)
    return uploads.check_content(
        head=head,
        size=scan.size,
        allowed=uploads.SCAN_TYPES,
        file_name=scan.name or "",
        error=GovernanceError,
    )


@transaction.atomic
def decree_create(
    *,
    actor: User,
    agency: Agency,
    kind: str,
    number: str,
    title: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_until: dt.date | None,
    scan: UploadedFile,
) -> Decree:
    """Record a decree (SK) with its scan, checked by its content (PDF, JPEG or PNG)."""
    _ensure_manages(actor, agency.pk)
    if kind not in DecreeKind.values:
        raise GovernanceError("KIND_UNKNOWN", _("Jenis SK tidak dikenal."))
    number, title = number.strip(), title.strip()
    if not number or not title:
        raise GovernanceError("DECREE_FIELDS_REQUIRED", _("Nomor dan perihal SK wajib diisi."))
    if signed_on > _today():
        raise GovernanceError("DECREE_DATE_FUTURE", _("Tanggal penetapan SK tidak boleh di masa depan."))
    if valid_until is not None and valid_until < valid_from:
        raise GovernanceError(
            "PERIOD_INVALID", _("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku.")
        )
    if Decree.objects.filter(agency=agency, number__iexact=number).exists():
        raise GovernanceError("DECREE_NUMBER_TAKEN", _("Nomor SK ini sudah tercatat."), status=409)
    mime = _check_scan(scan)
    decree = Decree(
        agency=agency,
        kind=kind,
        number=number,
        title=title,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        scan_type=mime,
        created_by=actor,
    )
    decree.scan.save(uploads.storage_name(scan.name or "", mime, default="sk"), scan, save=False)
    decree.save()
    audit.record(
        actor=actor,
        action="governance.decree.create",
        obj=decree,
        after=audit.snapshot(decree, DECREE_FIELDS),
    )
    return decree


@transaction.atomic
def appointment_create(
    *,
    actor: User,
    decree: Decree,
    person: User,
    position: str,
    lpse_field: str = "",
    role: str = "",
    work_unit: WorkUnit | None = None,
) -> Appointment:
    """Appoint a person by a decree; a Lentera role named with it is granted through accounts' role service for
    the decree's period, so the role ends when the decree does."""
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    _ensure_manages(actor, decree.agency_id)
    if position not in Position.values or (lpse_field and lpse_field not in LpseField.values):
        raise GovernanceError("POSITION_UNKNOWN", _("Kedudukan atau bidang tidak dikenal."))
    if role and role not in Role.values:
        raise GovernanceError("ROLE_UNKNOWN", _("Peran tidak dikenal."))
    if role == Role.PENYEDIA:
        raise GovernanceError("ROLE_NOT_STAFF", _("SK UKPBJ tidak menugaskan peran penyedia."))
    today = _today()
    if decree.revoked_at is not None or (decree.valid_until is not None and decree.valid_until < today):
        raise GovernanceError(
            "DECREE_NOT_IN_FORCE", _("SK ini sudah dicabut atau habis masa berlakunya."), status=409
        )
    if decree.appointments.filter(person=person, position=position, lpse_field=lpse_field).exists():
        raise GovernanceError(
            "ALREADY_APPOINTED", _("Orang ini sudah ditunjuk pada kedudukan itu."), status=409
        )
    rules.check_lpse_team_post(
        decree_kind=decree.kind,
        position=position,
        lpse_field=lpse_field,
        role=role,
        held=selectors.held_posts(decree),
        on=decree.signed_on,
    )
    if work_unit is not None and work_unit.agency_id != decree.agency_id:
        raise GovernanceError("ORGANISATION_MISMATCH", _("Satuan kerja tidak berada dalam instansi SK."))
    assignment: RoleAssignment | None = None
    if role:
        assignment = accounts_services.role_assign(
            actor=actor,
            user=person,
            role=role,
            agency=decree.agency,
            work_unit=work_unit,
            starts_on=decree.valid_from,
            ends_on=decree.valid_until,
            decree_number=decree.number,
            decree_date=decree.signed_on,
        )
    appointment = Appointment.objects.create(
        decree=decree,
        person=person,
        position=position,
        lpse_field=lpse_field,
        role=role,
        work_unit=work_unit,
        role_assignment=assignment,
    )
    audit.record(
        actor=actor,
        action="governance.appointment.create",
        obj=appointment,
        after=audit.snapshot(appointment, APPOINTMENT_FIELDS),
    )
    return appointment


@transaction.atomic
def decree_revoke(*, actor: User, decree: Decree, reason: str) -> Decree:
    """Revoke a decree: every role it granted is revoked with it (through accounts' role service)."""
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    _ensure_manages(actor, decree.agency_id)
    if not reason.strip():
        raise GovernanceError("REASON_REQUIRED", _("Alasan pencabutan wajib diisi."))
    if decree.revoked_at is not None:
        raise GovernanceError("ALREADY_REVOKED", _("SK ini sudah dicabut."), status=409)
    before = audit.snapshot(decree, DECREE_FIELDS)
    for appointment in selectors.appointments_of(decree):
        ra = appointment.role_assignment
        if ra is not None and ra.revoked_at is None:
            accounts_services.role_revoke(
                actor=actor, assignment=ra, reason=f"SK {decree.number} dicabut: {reason.strip()}"
            )
    decree.revoked_at, decree.revoked_reason = db_now(), reason.strip()
    decree.save(update_fields=["revoked_at", "revoked_reason"])
    audit.record(
        actor=actor,
        action="governance.decree.revoke",
        obj=decree,
        before=before,
        after=audit.snapshot(decree, DECREE_FIELDS) | {"reason": reason.strip()},
    )
    return decree


@transaction.atomic
def certificate_record(
    *,
    actor: User,
    agency: Agency,
    person: User,
    level: str,
    number: str,
    issued_on: dt.date,
    expires_on: dt.date | None,
    scan: UploadedFile | None = None,
) -> Certificate:
    """Record a staff member's procurement certificate (Permendagri 53/2021 Pasal 21: the UKPBJ plans its
    staff's competence), its scan checked by content."""
    _ensure_manages(actor, agency.pk)
    number = number.strip()
    if level not in CertificateLevel.values:
        raise GovernanceError("LEVEL_UNKNOWN", _("Jenis sertifikat tidak dikenal."))
    if not number:
        raise GovernanceError("NUMBER_REQUIRED", _("Nomor sertifikat wajib diisi."))
    if issued_on > _today():
        raise GovernanceError("ISSUED_IN_FUTURE", _("Tanggal terbit tidak boleh di masa depan."))
    if expires_on is not None and expires_on < issued_on:
        raise GovernanceError("PERIOD_INVALID", _("Tanggal berakhir tidak boleh sebelum tanggal terbit."))
    if selectors.certificate_by_number(number) is not None:
        raise GovernanceError(
            "CERTIFICATE_NUMBER_TAKEN", _("Nomor sertifikat ini sudah tercatat."), status=409
        )
    certificate = Certificate(
        agency=agency,
        person=person,
        level=level,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        created_by=actor,
    )
    if scan is not None:
        certificate.scan_type = _check_scan(scan)
        certificate.scan.save(
            uploads.storage_name(scan.name or "", certificate.scan_type, default="sertifikat"),
            scan,
            save=False,
        )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        raise GovernanceError(
            "CERTIFICATE_NUMBER_TAKEN", _("Nomor sertifikat ini sudah tercatat."), status=409
        ) from None
    audit.record(
        actor=actor,
        action="governance.certificate.record",
        obj=certificate,
        after=audit.snapshot(certificate, CERTIFICATE_FIELDS),
    )
    return certificate


def pokja_role_guard(assignment: RoleAssignment) -> None:
    """accounts' role guard: a POKJA role given to a certified civil servant (planning's Pokja form) is refused
    when the certificate recorded for the membership is in the register but is someone else's or not in force
    on the role's first day (rules.check_pokja_certificate)."""
    if assignment.role != Role.POKJA:
        return
    member = selectors.pending_certified_pokja_member(assignment.user)
    if member is None or not member.certificate_number.strip():
        return
    certificate = selectors.certificate_by_number(member.certificate_number)
    if certificate is None:
        return
    rules.check_pokja_certificate(
        registered_to_member=certificate.person_id == assignment.user_id,
        valid=rules.certificate_valid_on(
            issued_on=certificate.issued_on, expires_on=certificate.expires_on, on=assignment.starts_on
        ),
        number=certificate.number,
    )
