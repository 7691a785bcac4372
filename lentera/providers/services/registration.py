"""Registration of providers (online sign-up) and of staff (by an admin), documents and submission.

Permendagri 53/2021 Lampiran 2.5.1 (registration and verification of SPSE users) and 2.3 c 5 (ADP: one
provider per NPWP). No fee of any kind is asked or recorded (Lampiran 2.5.1, last paragraph).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.accounts import services as accounts_services
from lentera.accounts.models import User, WorkUnit
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.roles import Role

from .. import mail, rules
from ..errors import ProvidersError
from ..identifiers import clean_nik, clean_npwp
from ..models import Document, Provider, VerificationRound
from ..tokens import read_email_token
from .files import check_upload, cleanup_on_error

PROVIDER_AUDIT_FIELDS = (
    "npwp",
    "name",
    "business_form",
    "address",
    "city",
    "province",
    "postal_code",
    "phone",
    "email",
    "representative_name",
    "representative_position",
    "representative_nik",
    "status",
    "verified_at",
)
DOCUMENT_AUDIT_FIELDS = (
    "user",
    "kind",
    "version",
    "file",
    "content_type",
    "size",
    "sha256",
    "number",
    "issued_on",
    "issuer",
)
ROUND_AUDIT_FIELDS = (
    "user",
    "provider",
    "subject",
    "number",
    "outcome",
    "submitted_at",
    "decided_at",
    "note",
)
STAFF_ADMIN_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)

REGISTRATION_LABELS = {
    "user_id": _("User ID"),
    "full_name": _("nama lengkap"),
    "password": _("kata sandi"),
    "business_form": _("bentuk usaha"),
    "name": _("nama penyedia"),
    "npwp": _("NPWP"),
    "address": _("alamat"),
    "city": _("kabupaten/kota"),
    "province": _("provinsi"),
    "representative_name": _("nama direktur/pemilik/pejabat berwenang"),
}


def _normal_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ProvidersError("EMAIL_INVALID", _("Alamat email tidak valid."))
    return email


def _ensure_email_free(email: str) -> None:
    """Lampiran 2.3 c 5 (ADP): one account per e-mail address.

    Cites: Permendagri 53/2021 Lampiran 2.3 c 5 (Agregasi Data Penyedia: satu akun per alamat e-mail).
    """
    if User.objects.filter(email__iexact=email).exists():
        raise ProvidersError(
            "EMAIL_TAKEN", _("Email ini sudah terdaftar. Satu alamat email hanya untuk satu akun.")
        )


def ensure_npwp_free(npwp: str) -> None:
    """Lampiran 2.3 c 5 (ADP): one provider profile per NPWP; the same provider is never registered twice.

    Cites: Permendagri 53/2021 Lampiran 2.3 c 5 (Agregasi Data Penyedia: satu profil penyedia per NPWP).
    """
    if Provider.objects.filter(npwp=npwp).exists():
        raise ProvidersError(
            "NPWP_TAKEN",
            _(
                "NPWP ini sudah terdaftar sebagai penyedia. Satu NPWP hanya boleh memiliki satu profil penyedia."
            ),
        )


@transaction.atomic
def signup_email_request(*, email: str, base_url: str = "") -> str:
    """Step 1 of the sign-up (Lampiran 2.5.1 b 1): send a signed link to prove the e-mail address.

    Nothing is stored until the link comes back. Returns the normalised address.
    """
    email = _normal_email(email)
    _ensure_email_free(email)
    transaction.on_commit(lambda: mail.send_signup_link(email, base_url))
    return email


@transaction.atomic
def applicant_link_request(*, email: str, base_url: str = "") -> None:
    """Send a pending applicant a new link to their application (Lampiran 2.3 c 3: inform applicants).

    The answer is the same whether or not the address belongs to an application, so nobody learns which
    addresses are registered by asking.
    """
    try:
        email = _normal_email(email)
    except ProvidersError:
        return
    user = User.objects.filter(
        email__iexact=email, status=User.Status.PENDING, provider__isnull=False
    ).first()
    if user is not None:
        transaction.on_commit(lambda: mail.send_applicant_link(user, base_url))


@transaction.atomic
def registration_create(
    *,
    email_token: str,
    user_id: str,
    full_name: str,
    password: str,
    business_form: str,
    name: str,
    npwp: str,
    address: str,
    city: str,
    province: str,
    representative_name: str,
    representative_position: str = "",
    postal_code: str = "",
    phone: str = "",
    provider_phone: str = "",
    base_url: str = "",
) -> Provider:
    """Step 2: the account (PENDING until verified) and the provider profile, after the e-mail link.

    Lampiran 2.5.1 b 1 (online registration); 2.3 c 5 (one provider per NPWP, one account per e-mail).
    """
    email = read_email_token(email_token)
    values = {
        "user_id": user_id,
        "full_name": full_name,
        "password": password,
        "business_form": business_form,
        "name": name,
        "npwp": npwp,
        "address": address,
        "city": city,
        "province": province,
        "representative_name": representative_name,
    }
    missing = [str(REGISTRATION_LABELS[k]) for k, v in values.items() if not (v or "").strip()]
    if missing:
        raise ProvidersError(
            "REQUIRED_MISSING", _("Data wajib belum diisi: %(fields)s."), fields=", ".join(missing)
        )
    if business_form not in Provider.BusinessForm.values:
        raise ProvidersError("BUSINESS_FORM_INVALID", _("Bentuk usaha tidak dikenal."))
    npwp = clean_npwp(npwp)
    ensure_npwp_free(npwp)
    _ensure_email_free(email)
    user = accounts_services.user_create(
        actor=None,
        user_id=user_id,
        full_name=full_name,
        email=email,
        password=password,
        phone=phone.strip(),
        status=User.Status.PENDING,
        check_actor=False,
    )
    accounts_services.role_assign(
        actor=None, user=user, role=Role.PENYEDIA, starts_on=timezone.localdate(), check_actor=False
    )
    try:
        with transaction.atomic():
            provider = Provider.objects.create(
                npwp=npwp,
                name=name.strip(),
                business_form=business_form,
                address=address.strip(),
                city=city.strip(),
                province=province.strip(),
                postal_code=postal_code.strip(),
                phone=(provider_phone or phone).strip(),
                email=email,
                account=user,
                representative_name=representative_name.strip(),
                representative_position=representative_position.strip(),
                status=Provider.Status.DRAFT,
            )
    except IntegrityError:
        raise ProvidersError(
            "NPWP_TAKEN",
            _(
                "NPWP ini sudah terdaftar sebagai penyedia. Satu NPWP hanya boleh memiliki satu profil penyedia."
            ),
        )
    audit.record(
        actor=user,
        action="providers.registration.create",
        obj=provider,
        after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS) | {"user_id": user.user_id},
    )
    transaction.on_commit(lambda: mail.send_applicant_link(user, base_url))
    return provider


def _allowed_kinds(user: User) -> tuple[str, ...]:
    provider = Provider.objects.filter(account=user).first()
    if provider is not None:
        return rules.provider_allowed_documents(provider)
    return rules.STAFF_REQUIRED_DOCUMENTS


def _clean_document_fields(
    *, user: User, kind: str, number: str, issued_on: dt.date | None, issuer: str
) -> tuple[str, dt.date | None, str]:
    """The identifying data typed next to each document, checked before the file is looked at."""
    number, issuer = (number or "").strip(), (issuer or "").strip()
    if kind == Document.Kind.KTP:
        return clean_nik(number), None, ""
    if kind == Document.Kind.NPWP:
        npwp = clean_npwp(number)
        provider = Provider.objects.filter(account=user).first()
        if provider is not None and provider.npwp != npwp:
            raise ProvidersError(
                "NPWP_MISMATCH", _("NPWP pada dokumen berbeda dengan NPWP penyedia yang didaftarkan.")
            )
        return npwp, None, ""
    if kind in (Document.Kind.DEED_ESTABLISHMENT, Document.Kind.DEED_AMENDMENT):
        if not number or issued_on is None or not issuer:
            raise ProvidersError(
                "DEED_DATA_REQUIRED", _("Nomor akta, tanggal akta dan nama notaris wajib diisi.")
            )
        return number, issued_on, issuer
    if not number or issued_on is None:
        raise ProvidersError("DECREE_DATA_REQUIRED", _("Nomor dan tanggal surat tugas / SK wajib diisi."))
    return number, issued_on, issuer


def _store_document(
    *,
    actor: User | None,
    user: User,
    kind: str,
    checked,
    number: str,
    issued_on: dt.date | None,
    issuer: str,
    saved: list[str],
) -> Document:
    now = timezone.now()
    previous = Document.objects.select_for_update().filter(user=user, kind=kind, replaced_at__isnull=True)
    previous.update(replaced_at=now)
    last = Document.objects.filter(user=user, kind=kind).aggregate(v=Max("version"))["v"] or 0
    doc = Document(
        user=user,
        provider=Provider.objects.filter(account=user).first(),
        kind=kind,
        version=last + 1,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        original_name=checked.original_name,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        uploaded_by=actor,
    )
    doc.file.save(f"{kind.lower()}.{checked.extension}", checked.file, save=False)
    assert doc.file.name is not None  # FieldFile.save() has just set it
    saved.append(doc.file.name)
    doc.save()
    if kind == Document.Kind.KTP and doc.provider is not None:
        # The NIK of a verified provider changes only through an approved identity change (services.identity).
        Provider.objects.filter(pk=doc.provider.pk).exclude(status=Provider.Status.VERIFIED).update(
            representative_nik=number
        )
    audit.record(
        actor=actor,
        action="providers.document.upload",
        obj=doc,
        after=audit.snapshot(doc, DOCUMENT_AUDIT_FIELDS),
    )
    return doc


@transaction.atomic
def document_upload(
    *,
    actor: User,
    user: User,
    kind: str,
    file,
    number: str = "",
    issued_on: dt.date | None = None,
    issuer: str = "",
) -> Document:
    """Upload (a new version of) one of the user's documents (Lampiran 2.5.1 a and b 2).

    The user uploads their own; a system or UKPBJ admin uploads a staff member's surat tugas / SK. A refused
    file leaves no row and no stored file. A replaced version is kept (archive, Lampiran 2.3 c 4).
    """
    if actor is None or actor.pk != user.pk:
        ensure_role(actor, *STAFF_ADMIN_ROLES)
    if kind not in _allowed_kinds(user):
        raise ProvidersError(
            "DOCUMENT_KIND_NOT_ALLOWED", _("Jenis dokumen ini tidak diminta untuk akun ini.")
        )
    if VerificationRound.objects.filter(user=user, outcome=VerificationRound.Outcome.PENDING).exists():
        raise ProvidersError(
            "APPLICATION_UNDER_REVIEW",
            _("Dokumen sedang diverifikasi; tunggu hasilnya sebelum mengganti dokumen."),
        )
    number, issued_on, issuer = _clean_document_fields(
        user=user, kind=kind, number=number, issued_on=issued_on, issuer=issuer
    )
    checked = check_upload(file)
    with cleanup_on_error() as saved:
        return _store_document(
            actor=actor,
            user=user,
            kind=kind,
            checked=checked,
            number=number,
            issued_on=issued_on,
            issuer=issuer,
            saved=saved,
        )


def _create_round(*, user: User, provider: Provider | None, subject: str) -> VerificationRound:
    documents = list(Document.objects.filter(user=user, replaced_at__isnull=True))
    number = (VerificationRound.objects.filter(user=user).aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = VerificationRound.objects.create(
        user=user, provider=provider, subject=subject, number=number, submitted_at=timezone.now()
    )
    round_.documents.set(documents)
    return round_


@transaction.atomic
def application_submit(*, actor: User, user: User) -> VerificationRound:
    """Hand the documents to the Verifikator (Lampiran 2.5.1 b 2; 2.3 c 1, 3).

    A provider's first submission and every resubmission after a rejection go into the queue; a verified
    provider submits changed documents the same way (the account stays active meanwhile). Every round is kept.
    """
    if actor is None or actor.pk != user.pk:
        ensure_role(actor, *STAFF_ADMIN_ROLES)
    User.objects.select_for_update().filter(pk=user.pk).first()
    if VerificationRound.objects.filter(user=user, outcome=VerificationRound.Outcome.PENDING).exists():
        raise ProvidersError("APPLICATION_ALREADY_SUBMITTED", _("Pengajuan sedang menunggu verifikasi."))
    provider = Provider.objects.filter(account=user).first()
    if provider is not None:
        required = rules.provider_required_documents(provider)
        subject = (
            VerificationRound.Subject.PROVIDER_UPDATE
            if provider.status == Provider.Status.VERIFIED
            else VerificationRound.Subject.PROVIDER
        )
    else:
        required = rules.STAFF_REQUIRED_DOCUMENTS
        subject = VerificationRound.Subject.STAFF
    current = {d.kind: d for d in Document.objects.filter(user=user, replaced_at__isnull=True)}
    missing = [str(Document.Kind(k).label) for k in required if k not in current]
    if missing and subject != VerificationRound.Subject.PROVIDER_UPDATE:
        raise ProvidersError(
            "DOCUMENTS_MISSING", _("Dokumen wajib belum diunggah: %(kinds)s."), kinds=", ".join(missing)
        )
    not_fixed = [str(d.get_kind_display()) for d in current.values() if d.review == Document.Review.REJECTED]
    if not_fixed:
        raise ProvidersError(
            "REJECTED_NOT_FIXED",
            _("Dokumen yang ditolak belum diganti: %(kinds)s."),
            kinds=", ".join(not_fixed),
        )
    if subject == VerificationRound.Subject.PROVIDER_UPDATE and not any(
        d.review == Document.Review.NEW for d in current.values()
    ):
        raise ProvidersError("NOTHING_TO_VERIFY", _("Tidak ada dokumen baru yang perlu diverifikasi."))
    round_ = _create_round(user=user, provider=provider, subject=subject)
    if provider is not None and subject == VerificationRound.Subject.PROVIDER:
        before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS)
        provider.status = Provider.Status.SUBMITTED
        provider.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="providers.provider.submit",
            obj=provider,
            before=before,
            after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS),
        )
    audit.record(
        actor=actor,
        action="providers.verification.submit",
        obj=round_,
        after=audit.snapshot(round_, ROUND_AUDIT_FIELDS) | {"documents": [d.pk for d in current.values()]},
    )
    return round_


@transaction.atomic
def staff_register(
    *,
    actor: User,
    user_id: str,
    full_name: str,
    email: str,
    role: str,
    work_unit: WorkUnit | None,
    decree_number: str,
    decree_date: dt.date | None,
    file,
    nip: str = "",
    phone: str = "",
    starts_on: dt.date | None = None,
) -> User:
    """An admin registers a government user with the surat tugas / SK (Lampiran 2.5.1 a).

    The account is PENDING, its SK goes to the same verification queue, and it works only once approved.

    Cites: Permendagri 53/2021 Lampiran 2.5.1 a.
    """
    ensure_role(actor, *STAFF_ADMIN_ROLES)
    if role not in Role.values or role == Role.PENYEDIA:
        raise ProvidersError("STAFF_ROLE_INVALID", _("Pilih peran pengguna non-penyedia."))
    if work_unit is None:
        raise ProvidersError("WORK_UNIT_REQUIRED", _("Satuan kerja wajib dipilih."))
    if not (decree_number or "").strip() or decree_date is None:
        raise ProvidersError("DECREE_DATA_REQUIRED", _("Nomor dan tanggal surat tugas / SK wajib diisi."))
    checked = check_upload(file)
    email = _normal_email(email)
    _ensure_email_free(email)
    user = accounts_services.user_create(
        actor=actor,
        user_id=user_id,
        full_name=full_name,
        email=email,
        nip=(nip or "").strip(),
        phone=(phone or "").strip(),
        status=User.Status.PENDING,
    )
    accounts_services.role_assign(
        actor=actor,
        user=user,
        role=role,
        work_unit=work_unit,
        starts_on=starts_on or timezone.localdate(),
        decree_number=decree_number,
        decree_date=decree_date,
    )
    with cleanup_on_error() as saved:
        _store_document(
            actor=actor,
            user=user,
            kind=Document.Kind.ASSIGNMENT_LETTER,
            checked=checked,
            number=decree_number.strip(),
            issued_on=decree_date,
            issuer="",
            saved=saved,
        )
        round_ = _create_round(user=user, provider=None, subject=VerificationRound.Subject.STAFF)
        audit.record(
            actor=actor,
            action="providers.verification.submit",
            obj=round_,
            after=audit.snapshot(round_, ROUND_AUDIT_FIELDS),
        )
    return user
