"""Every write on people and roles. Keyword-only, one transaction, one audit event each.

API tokens are in `tokens.py`, the second factor in `two_factor.py`; both are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, uploads
from lentera.core.access import ensure_role
from lentera.core.roles import Role

from ..errors import AccountsError
from ..models import Agency, RoleAssignment, User, WorkUnit
from ..selectors import admin_agency_ids
from ..validators import validate_nip

USER_AUDIT_FIELDS = ("user_id", "full_name", "email", "phone", "nip", "status", "is_active")
ASSIGNMENT_AUDIT_FIELDS = (
    "user",
    "role",
    "agency",
    "work_unit",
    "starts_on",
    "ends_on",
    "decree_number",
    "decree_date",
    "revoked_at",
)
USER_ADMIN_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)

#: Checks other apps add for role changes (e.g. planning's conflict-of-interest rule, Permendagri 53/2021
#: Pasal 12). Each is called with the assignment about to be saved and raises a LenteraError to refuse it.
RoleGuard = Callable[[RoleAssignment], None]
_role_guards: list[RoleGuard] = []


def register_role_guard(guard: RoleGuard) -> None:
    if guard not in _role_guards:
        _role_guards.append(guard)


def _check_unique_identity(*, user_id: str, email: str, exclude_pk: int | None = None) -> None:
    users = User.objects.exclude(pk=exclude_pk) if exclude_pk else User.objects.all()
    if users.filter(user_id__iexact=user_id).exists():
        raise AccountsError("USER_ID_TAKEN", _("User ID ini sudah dipakai."))
    if users.filter(email__iexact=email).exists():
        raise AccountsError("EMAIL_TAKEN", _("Email ini sudah terdaftar untuk akun lain."))


def _validate_user_fields(*, user_id: str, full_name: str, email: str, nip: str) -> None:
    if not user_id or len(user_id) < 3 or not all(c.isalnum() or c in "._-" for c in user_id):
        raise AccountsError(
            "USER_ID_INVALID", _("User ID minimal 3 karakter: huruf, angka, titik, garis bawah atau strip.")
        )
    if not full_name.strip():
        raise AccountsError("NAME_REQUIRED", _("Nama lengkap wajib diisi."))
    if "@" not in email:
        raise AccountsError("EMAIL_INVALID", _("Alamat email tidak valid."))
    if nip:
        try:
            validate_nip(nip)
        except ValidationError as exc:
            raise AccountsError("NIP_INVALID", exc.messages[0])


DECREE_FILE_MAX_BYTES = 5 * 1024 * 1024
DECREE_FILE_TYPES = uploads.SCAN_TYPES


def _ensure_agency_in_scope(actor: User | None, agency: Agency | None) -> None:
    scope = admin_agency_ids(actor)
    if scope is not None and (agency is None or agency.pk not in scope):
        raise AccountsError(
            "OUT_OF_SCOPE", _("Anda hanya dapat mengelola pegawai di instansi Anda sendiri."), status=403
        )


def _ensure_user_in_scope(actor: User | None, user: User) -> None:
    """An agency admin may act on people of their agency, or on staff accounts that hold no role yet."""
    scope = admin_agency_ids(actor)
    if scope is None:
        return
    agencies = set(user.role_assignments.exclude(agency__isnull=True).values_list("agency_id", flat=True))
    if agencies & scope:
        return
    if not agencies and not user.role_assignments.filter(role=Role.PENYEDIA).exists():
        return
    raise AccountsError(
        "OUT_OF_SCOPE", _("Anda hanya dapat mengelola pegawai di instansi Anda sendiri."), status=403
    )


def _check_decree_file(decree_file: UploadedFile) -> None:
    if decree_file.size is not None and decree_file.size > DECREE_FILE_MAX_BYTES:
        raise AccountsError("DECREE_FILE_TOO_LARGE", _("Berkas SK paling besar 5 MB."))
    decree_file.seek(0)
    head = decree_file.read(uploads.HEAD_BYTES)
    decree_file.seek(0)
    uploads.check_content(
        head=head,
        size=decree_file.size,
        allowed=DECREE_FILE_TYPES,
        file_name=decree_file.name or "",
        error=AccountsError,
    )


def _send_welcome(user: User) -> None:
    """Mail a new staff member a link to set their own password (no password ever travels by mail)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    body = render_to_string(
        "accounts/welcome_email.txt",
        {
            "user": user,
            "link": settings.LENTERA_BASE_URL.rstrip("/") + path,
            "site": settings.LENTERA_SITE_NAME,
        },
    )
    send_mail(str(_("Akun Lentera Anda")), body, None, [user.email])


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    user_id: str,
    full_name: str,
    email: str,
    password: str | None = None,
    phone: str = "",
    nip: str = "",
    status: str = User.Status.ACTIVE,
    check_actor: bool = True,
    send_welcome: bool = True,
) -> User:
    """Create a person. Staff accounts are created by a system or UKPBJ admin (registration with the surat tugas
    or SK of Permendagri 53/2021 Lampiran 2.5.1 a is providers.services.staff_register).

    Without a password, the person gets an email with a one-time link to set their own.
    """
    if check_actor:
        ensure_role(actor, *USER_ADMIN_ROLES)
    user_id = user_id.strip()
    email = email.strip().lower()
    _validate_user_fields(user_id=user_id, full_name=full_name, email=email, nip=nip)
    _check_unique_identity(user_id=user_id, email=email)
    user = User(
        user_id=user_id, full_name=full_name.strip(), email=email, phone=phone, nip=nip, status=status
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise AccountsError("PASSWORD_WEAK", " ".join(exc.messages))
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor, action="accounts.user.create", obj=user, after=audit.snapshot(user, USER_AUDIT_FIELDS)
    )
    if not password and send_welcome:
        transaction.on_commit(lambda: _send_welcome(user))
    return user


@transaction.atomic
def user_update_profile(*, actor: User, user: User, full_name: str, phone: str, nip: str) -> User:
    """A person edits their own name, phone and NIP; an admin may edit anyone's."""
    if actor.pk != user.pk:
        ensure_role(actor, *USER_ADMIN_ROLES)
    _validate_user_fields(user_id=user.user_id, full_name=full_name, email=user.email, nip=nip)
    before = audit.snapshot(user, USER_AUDIT_FIELDS)
    user.full_name, user.phone, user.nip = full_name.strip(), phone.strip(), nip.strip()
    user.save(update_fields=["full_name", "phone", "nip"])
    audit.record(
        actor=actor,
        action="accounts.user.update",
        obj=user,
        before=before,
        after=audit.snapshot(user, USER_AUDIT_FIELDS),
    )
    return user


@transaction.atomic
def user_set_status(
    *, actor: User | None, user: User, status: str, reason: str, check_actor: bool = True
) -> User:
    """Activate or deactivate a User ID; a deactivation carries its reason.

    Cites: Perbup PPU 2/2021 Pasal 4 d 5;
           Permendagri 53/2021 Lampiran 2.3 c (Verifikator dapat menonaktifkan User ID bila ditemukan pelanggaran).
    """
    if check_actor:
        ensure_role(actor, Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.VERIFIKATOR)
        if actor is not None and not actor.has_role(Role.VERIFIKATOR):
            _ensure_user_in_scope(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise AccountsError(
            "OWN_STATUS", _("Anda tidak dapat mengubah status akun Anda sendiri."), status=403
        )
    if status not in User.Status.values:
        raise AccountsError("STATUS_INVALID", _("Status tidak dikenal."))
    if status == User.Status.DEACTIVATED and not reason.strip():
        raise AccountsError("REASON_REQUIRED", _("Alasan penonaktifan wajib diisi."))
    before = audit.snapshot(user, USER_AUDIT_FIELDS)
    user.status, user.status_reason = status, reason.strip()
    user.save(update_fields=["status", "status_reason"])
    audit.record(
        actor=actor,
        action="accounts.user.status",
        obj=user,
        before=before,
        after=audit.snapshot(user, USER_AUDIT_FIELDS) | {"reason": reason},
    )
    return user


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    starts_on: dt.date,
    agency: Agency | None = None,
    work_unit: WorkUnit | None = None,
    ends_on: dt.date | None = None,
    decree_number: str = "",
    decree_date: dt.date | None = None,
    decree_file: UploadedFile | None = None,
    check_actor: bool = True,
) -> RoleAssignment:
    """Give a person a role in an organisation, by decree (SK / surat tugas)."""
    if role not in Role.values:
        raise AccountsError("ROLE_UNKNOWN", _("Peran tidak dikenal."))
    if check_actor:
        if role == Role.PENYEDIA:
            ensure_role(actor, Role.SYSADMIN, Role.VERIFIKATOR)
        else:
            ensure_role(actor, *USER_ADMIN_ROLES, Role.KEPALA_UKPBJ)
    if ends_on is not None and ends_on < starts_on:
        raise AccountsError("PERIOD_INVALID", _("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
    if role != Role.PENYEDIA and not decree_number.strip():
        raise AccountsError("DECREE_REQUIRED", _("Nomor SK / surat tugas wajib diisi untuk peran staf."))
    if work_unit is not None and agency is None:
        agency = work_unit.agency
    if role != Role.PENYEDIA and agency is None:
        raise AccountsError("ORGANISATION_REQUIRED", _("Peran staf harus berada dalam instansi."))
    if work_unit is not None and (agency is None or work_unit.agency_id != agency.pk):
        raise AccountsError("ORGANISATION_MISMATCH", _("Satuan kerja tidak berada dalam instansi tersebut."))
    if check_actor and role != Role.PENYEDIA:
        _ensure_agency_in_scope(actor, agency)
    overlapping = RoleAssignment.objects.filter(
        user=user, role=role, work_unit=work_unit, agency=agency, revoked_at__isnull=True
    ).filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise AccountsError(
            "ROLE_ALREADY_HELD",
            _("Orang ini sudah memegang peran tersebut di unit ini pada periode itu."),
            status=409,
        )
    if decree_file is not None:
        _check_decree_file(decree_file)
    assignment = RoleAssignment(
        user=user,
        role=role,
        agency=agency,
        work_unit=work_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
    )
    for guard in _role_guards:
        guard(assignment)
    if decree_file is not None:
        assignment.decree_file.save(decree_file.name or "sk.pdf", decree_file, save=False)
    assignment.save()
    audit.record(
        actor=actor,
        action="accounts.role.assign",
        obj=assignment,
        after=audit.snapshot(assignment, ASSIGNMENT_AUDIT_FIELDS),
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    """End a role assignment now (the record stays, with who revoked it and why)."""
    if assignment.role == Role.PENYEDIA:
        ensure_role(actor, Role.SYSADMIN, Role.VERIFIKATOR)
    else:
        ensure_role(actor, *USER_ADMIN_ROLES, Role.KEPALA_UKPBJ)
        _ensure_agency_in_scope(actor, assignment.agency)
    if not reason.strip():
        raise AccountsError("REASON_REQUIRED", _("Alasan pencabutan wajib diisi."))
    if assignment.revoked_at is not None:
        raise AccountsError("ALREADY_REVOKED", _("Penugasan ini sudah dicabut."))
    before = audit.snapshot(assignment, ASSIGNMENT_AUDIT_FIELDS)
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="accounts.role.revoke",
        obj=assignment,
        before=before,
        after=audit.snapshot(assignment, ASSIGNMENT_AUDIT_FIELDS) | {"reason": reason.strip()},
    )
    return assignment


@transaction.atomic
def acting_role_switch(*, actor: User, role: str) -> str:
    """Record that a person now acts in another of the roles they hold."""
    if role not in actor.active_role_codes():
        raise AccountsError("ROLE_NOT_HELD", _("Anda tidak memegang peran ini."), status=403)
    audit.record(actor=actor, action="accounts.role.switch", obj=actor, after={"role": role}, role=role)
    return role


from .tokens import (  # noqa: E402  (re-exported: callers use lentera.accounts.services.token_*)
    TOKEN_PREFIX,
    Credential,
    credential_of,
    hash_token,
    token_authenticate,
    token_create,
    token_revoke,
)
from .two_factor import login_record, second_factor_verify, totp_enrolment_device, totp_qr_svg  # noqa: E402

__all__ = [
    "TOKEN_PREFIX",
    "Credential",
    "credential_of",
    "hash_token",
    "login_record",
    "second_factor_verify",
    "token_authenticate",
    "token_create",
    "token_revoke",
    "totp_enrolment_device",
    "totp_qr_svg",
]
