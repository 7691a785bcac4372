"""Changes to a verified provider's identity: requested by the provider, decided by the Verifikator.

Perbup PPU 2/2021 Pasal 2 b and Pasal 4 d 3-4, 7; Permendagri 53/2021 Lampiran 2.3 c and 2.5.1 b 2
(`rules.identity_change_needs_reverification`). The provider's data in force (read by public pages, OCDS and
tendering) changes only when the Verifikator approves; the request, its documents and the decision are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import User
from lentera.core import audit, events
from lentera.core.access import ensure_role
from lentera.core.errors import NotFound
from lentera.core.roles import Role

from ..errors import ProvidersError
from ..identifiers import clean_nik
from ..models import IdentityChange, IdentityChangeDocument, Provider
from .files import check_scan, cleanup_on_error
from .registration import PROVIDER_AUDIT_FIELDS

CHANGE_AUDIT_FIELDS = (
    "provider",
    "number",
    "proposed",
    "previous",
    "note",
    "status",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
    "reason",
)
DOCUMENT_AUDIT_FIELDS = ("change", "kind", "file", "content_type", "size", "sha256", "original_name")

#: The domain event recorded when verified identity data changes (projections: OCDS releases naming the
#: provider, and through them the public tender table).
IDENTITY_CHANGED_EVENT = "providers.provider.identity_changed"

#: (kind, file) pairs, as the web form and the API hand them over.
DocumentInput = tuple[str, Any]


def ensure_owner(actor: User | None, provider: Provider) -> None:
    """Lampiran 2.3 c 5: the provider (its own account) keeps its data current, nobody else edits it.

    Cites: Permendagri 53/2021 Lampiran 2.3 c 5 (kewajiban Agregasi Data Penyedia).
    """
    if actor is None or provider.account_id != actor.pk:
        raise ProvidersError(
            "PROVIDER_NOT_OWNER",
            _("Hanya penyedia yang bersangkutan yang dapat mengubah datanya."),
            status=403,
        )


def validation_message(exc: ValidationError, model) -> str:
    if hasattr(exc, "message_dict"):
        parts = []
        for field, messages in exc.message_dict.items():
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:  # noqa: BLE001 - non-field errors
                label = ""
            parts.append(f"{label}: {' '.join(messages)}" if label else " ".join(messages))
        return "; ".join(parts)
    return " ".join(exc.messages)


def clean_identity_value(field: str, value: Any) -> Any:
    value = value.strip() if isinstance(value, str) else value
    if field == "representative_nik" and value:
        value = clean_nik(value)
    return value


def validate_identity(provider: Provider) -> None:
    """The identity as it would stand: the required data present, every field valid."""
    if not provider.name or not provider.representative_name or not provider.address:
        raise ProvidersError(
            "REQUIRED_MISSING",
            _("Data wajib belum diisi: %(fields)s."),
            fields=str(_("nama penyedia, alamat, nama direktur/pemilik/pejabat berwenang")),
        )
    try:
        provider.full_clean(exclude=["account", "npwp"], validate_unique=True)
    except ValidationError as exc:
        raise ProvidersError(
            "PROFILE_INVALID", _("Data tidak valid: %(detail)s"), detail=validation_message(exc, Provider)
        )


def _store_documents(
    *, actor: User, change: IdentityChange, documents: Iterable[DocumentInput], saved: list[str]
) -> list[IdentityChangeDocument]:
    stored = []
    for kind, file in documents:
        if kind not in IdentityChangeDocument.Kind.values:
            raise ProvidersError("DOCUMENT_KIND_NOT_ALLOWED", _("Jenis dokumen pendukung tidak dikenal."))
        checked = check_scan(file)
        doc = IdentityChangeDocument(
            change=change,
            kind=kind,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            original_name=checked.original_name,
            uploaded_by=actor,
        )
        doc.file.save(f"{kind.lower()}.{checked.extension}", checked.file, save=False)
        assert doc.file.name is not None  # FieldFile.save() has just set it
        saved.append(doc.file.name)
        doc.save()
        audit.record(
            actor=actor,
            action="providers.identity_change.document",
            obj=doc,
            after=audit.snapshot(doc, DOCUMENT_AUDIT_FIELDS),
        )
        stored.append(doc)
    return stored


def _ensure_none_pending(provider: Provider) -> None:
    """One pending change per provider: a new request is refused until the pending one is decided or withdrawn
    (the Verifikator never approves values that changed while they were comparing them with the documents)."""
    if IdentityChange.objects.filter(provider=provider, status=IdentityChange.Status.PENDING).exists():
        raise ProvidersError(
            "IDENTITY_CHANGE_PENDING",
            _(
                "Masih ada perubahan identitas yang menunggu verifikasi. Tunggu keputusannya, atau tarik "
                "pengajuan itu lebih dulu lalu ajukan perubahan yang baru."
            ),
            status=409,
        )


def request_change(
    *,
    actor: User,
    provider: Provider,
    proposal: dict[str, Any],
    documents: Sequence[DocumentInput] = (),
    note: str = "",
) -> IdentityChange:
    """Record a pending change of verified identity data; the provider row is left as it is. Called by
    `provider_update_identity` inside its transaction (the owner and the values already checked)."""
    _ensure_none_pending(provider)
    number = (IdentityChange.objects.filter(provider=provider).aggregate(n=Max("number"))["n"] or 0) + 1
    change = IdentityChange.objects.create(
        provider=provider,
        number=number,
        proposed=proposal,
        previous={field: getattr(provider, field) for field in proposal},
        note=(note or "").strip(),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    with cleanup_on_error() as saved:
        _store_documents(actor=actor, change=change, documents=documents, saved=saved)
        audit.record(
            actor=actor,
            action="providers.identity_change.request",
            obj=change,
            after=audit.snapshot(change, CHANGE_AUDIT_FIELDS)
            | {"documents": [d.pk for d in change.documents.all()]},
        )
    return change


def _locked_own_pending(actor: User, provider: Provider) -> IdentityChange:
    ensure_owner(actor, provider)
    change = (
        IdentityChange.objects.select_for_update()
        .filter(provider=provider, status=IdentityChange.Status.PENDING)
        .first()
    )
    if change is None:
        raise NotFound("IDENTITY_CHANGE_NONE", _("Tidak ada perubahan identitas yang menunggu verifikasi."))
    return change


@transaction.atomic
def identity_change_add_document(*, actor: User, provider: Provider, kind: str, file) -> IdentityChange:
    """Add a supporting document to the provider's pending change (a new deed, KTP, NPWP ...). Lampiran
    2.5.1 b 2: the Verifikator compares it with the original. A refused file leaves no row and no file."""
    change = _locked_own_pending(actor, provider)
    with cleanup_on_error() as saved:
        _store_documents(actor=actor, change=change, documents=[(kind, file)], saved=saved)
    return change


@transaction.atomic
def identity_change_withdraw(*, actor: User, provider: Provider) -> IdentityChange:
    """The provider withdraws its pending change; the values in force stay, the request stays in the history."""
    change = _locked_own_pending(actor, provider)
    before = audit.snapshot(change, CHANGE_AUDIT_FIELDS)
    change.status, change.decided_by, change.decided_at = (
        IdentityChange.Status.WITHDRAWN,
        actor,
        timezone.now(),
    )
    change.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        action="providers.identity_change.withdraw",
        obj=change,
        before=before,
        after=audit.snapshot(change, CHANGE_AUDIT_FIELDS),
    )
    return change


def _locked_pending_for_verifier(actor: User, change_id: int) -> IdentityChange:
    ensure_role(actor, Role.VERIFIKATOR)
    change = (
        IdentityChange.objects.select_for_update(of=("self",))
        .select_related("provider")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        raise NotFound("IDENTITY_CHANGE_NOT_FOUND", _("Perubahan identitas tidak ditemukan."))
    if change.provider.account_id == actor.pk or change.requested_by_id == actor.pk:
        raise ProvidersError(
            "SELF_VERIFICATION",
            _("Verifikator tidak boleh memverifikasi perubahan datanya sendiri."),
            status=403,
        )
    if change.status != IdentityChange.Status.PENDING:
        raise ProvidersError("IDENTITY_CHANGE_DECIDED", _("Perubahan ini sudah diputuskan."), status=409)
    return change


@transaction.atomic
def identity_change_approve(*, actor: User, change_id: int, note: str = "") -> IdentityChange:
    """Approve a pending change after comparing its documents with the originals: the new values are written to
    the provider and take effect everywhere (public pages, OCDS, tendering); before/after are audited.

    Perbup PPU 2/2021 Pasal 4 d 3-4 (verify every document and piece of information, approve on the result);
    Permendagri 53/2021 Lampiran 2.5.1 b 2 (copies compared with the originals). A change without any
    supporting document cannot be approved.

    Cites: Perbup PPU 2/2021 Pasal 4 d 3-4;
           Permendagri 53/2021 Lampiran 2.5.1 b 2.
    """
    change = _locked_pending_for_verifier(actor, change_id)
    if not change.documents.exists():
        raise ProvidersError(
            "IDENTITY_DOCUMENTS_MISSING",
            _("Belum ada dokumen pendukung: perubahan tidak dapat disetujui tanpa dokumen yang diperiksa."),
            status=409,
        )
    provider = Provider.objects.select_for_update().get(pk=change.provider_id)
    provider_before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS)
    for field, value in change.proposed.items():
        setattr(provider, field, value)
    validate_identity(provider)
    provider.save()
    before = audit.snapshot(change, CHANGE_AUDIT_FIELDS)
    change.status, change.decided_by, change.decided_at = (
        IdentityChange.Status.APPROVED,
        actor,
        timezone.now(),
    )
    change.reason = (note or "").strip()
    change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        actor=actor,
        action="providers.provider.identity_approved",
        obj=provider,
        before=provider_before,
        after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS) | {"identity_change": change.pk},
    )
    audit.record(
        actor=actor,
        action="providers.identity_change.approve",
        obj=change,
        before=before,
        after=audit.snapshot(change, CHANGE_AUDIT_FIELDS),
    )
    events.record(
        IDENTITY_CHANGED_EVENT, obj=provider, actor=actor, payload={"fields": sorted(change.proposed)}
    )
    return change


@transaction.atomic
def identity_change_refuse(*, actor: User, change_id: int, reason: str) -> IdentityChange:
    """Refuse a pending change with a reason (Perbup PPU 2/2021 Pasal 4 d 4; Lampiran 2.3 c 3: the provider is
    told what is missing). The values in force stay; the provider may request again with other documents.

    Cites: Perbup PPU 2/2021 Pasal 4 d 4;
           Permendagri 53/2021 Lampiran 2.3 c 3.
    """
    change = _locked_pending_for_verifier(actor, change_id)
    reason = (reason or "").strip()
    if not reason:
        raise ProvidersError("REASON_REQUIRED", _("Alasan penolakan wajib diisi."))
    before = audit.snapshot(change, CHANGE_AUDIT_FIELDS)
    change.status, change.decided_by, change.decided_at = IdentityChange.Status.REFUSED, actor, timezone.now()
    change.reason = reason
    change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        actor=actor,
        action="providers.identity_change.refuse",
        obj=change,
        before=before,
        after=audit.snapshot(change, CHANGE_AUDIT_FIELDS),
    )
    return change
