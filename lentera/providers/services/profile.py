"""The provider keeps its ADP profile current; every change is audited (Lampiran 2.3 c 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import User
from lentera.core import audit
from lentera.core.errors import NotFound

from .. import rules
from ..errors import ProvidersError
from ..identifiers import clean_nik, clean_npwp
from ..models import BusinessLicence, IdentityChange, Manager, Owner, Provider, TaxReport
from ..sections import IDENTITY_FIELDS, SECTIONS, VERIFIED_IDENTITY_FIELDS, Section
from .identity import (
    DocumentInput,
    clean_identity_value,
    ensure_owner,
    request_change,
    validate_identity,
    validation_message,
)
from .registration import PROVIDER_AUDIT_FIELDS

_ensure_owner = ensure_owner


def _full_clean(obj, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        raise ProvidersError(
            "PROFILE_INVALID", _("Data tidak valid: %(detail)s"), detail=validation_message(exc, type(obj))
        )


def _refuse_unknown_fields(data: dict[str, Any], allowed: tuple[str, ...] | list[str]) -> None:
    """A field this part of the profile does not take is refused by name, never silently dropped (an API client
    sending `npwp` must learn it is not changed here)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ProvidersError(
            "UNKNOWN_FIELD",
            _("Bidang tidak dikenal atau tidak dapat diubah di sini: %(fields)s."),
            fields=", ".join(unknown),
            status=422,
        )


@dataclass(frozen=True)
class IdentityEdit:
    """What an identity edit did: the provider as it now stands, and the pending change it opened, if any."""

    provider: Provider
    change: IdentityChange | None


@transaction.atomic
def provider_update_identity(
    *,
    actor: User,
    provider: Provider,
    data: dict[str, Any],
    documents: Sequence[DocumentInput] = (),
    note: str = "",
) -> IdentityEdit:
    """Edit the identity section (Lampiran 2.3 c 5). The NPWP is fixed: it identifies the provider.

    A provider not yet verified edits directly. Once verified, values the Verifikator checked (name, form of
    business, address, the representative and their NIK) are not written: they become a pending change with its
    supporting `documents`, decided by the Verifikator (`rules.identity_change_needs_reverification`); the other
    fields (telephone, e-mail, small business) are written at once. The whole identity is validated as it would
    stand with every value applied, so nothing invalid waits in a pending change.
    """
    _ensure_owner(actor, provider)
    _refuse_unknown_fields(data, IDENTITY_FIELDS)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    values = {field: clean_identity_value(field, data[field]) for field in IDENTITY_FIELDS if field in data}
    changed = {field: value for field, value in values.items() if getattr(provider, field) != value}
    proposal: dict[str, Any] = {}
    if rules.identity_change_needs_reverification(provider, changed):
        proposal = {f: v for f, v in changed.items() if f in VERIFIED_IDENTITY_FIELDS}
    direct = {f: v for f, v in changed.items() if f not in proposal}
    candidate = Provider.objects.get(pk=provider.pk)
    for field, value in changed.items():
        setattr(candidate, field, value)
    validate_identity(candidate)
    if documents and not proposal:
        raise ProvidersError(
            "IDENTITY_NOTHING_TO_VERIFY",
            _("Dokumen pendukung hanya diunggah bersama perubahan data yang diverifikasi."),
        )
    change = None
    if proposal:
        change = request_change(
            actor=actor, provider=provider, proposal=proposal, documents=documents, note=note
        )
    if direct or not proposal:
        before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS + ("is_small_business",))
        for field, value in direct.items():
            setattr(provider, field, value)
        validate_identity(provider)
        provider.save()
        audit.record(
            actor=actor,
            action="providers.profile.identity",
            obj=provider,
            before=before,
            after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS + ("is_small_business",)),
        )
    return IdentityEdit(provider=provider, change=change)


def _section(key: str) -> Section:
    section = SECTIONS.get(key)
    if section is None:
        raise NotFound("SECTION_UNKNOWN", _("Bagian profil tidak dikenal."))
    return section


def _section_rules(obj, provider: Provider) -> None:
    """Rules of the sections beyond field formats."""
    if isinstance(obj, BusinessLicence) and obj.kind == BusinessLicence.Kind.NIB:
        if not (obj.number.isdigit() and len(obj.number) == 13):
            raise ProvidersError("NIB_FORMAT", _("NIB terdiri atas 13 digit angka."))
    if isinstance(obj, Manager):
        obj.nik = clean_nik(obj.nik)
    if isinstance(obj, Owner):
        number = (obj.id_number or "").replace(".", "").replace("-", "").strip()
        try:
            obj.id_number = (
                clean_nik(number) if len(number) == 16 and not number.startswith("0") else clean_npwp(number)
            )
        except ProvidersError:
            raise ProvidersError("OWNER_ID_INVALID", _("Isi NIK (16 digit) atau NPWP pemilik yang valid."))
        others = (
            Owner.objects.filter(provider=provider).exclude(pk=obj.pk).aggregate(s=Sum("share_percent"))["s"]
        )
        if (others or Decimal(0)) + Decimal(obj.share_percent or 0) > Decimal(100):
            raise ProvidersError("SHARES_OVER_100", _("Jumlah saham seluruh pemilik melebihi 100%."))
    if isinstance(obj, TaxReport) and obj.year and obj.year > timezone.localdate().year:
        raise ProvidersError("TAX_YEAR_FUTURE", _("Tahun pajak tidak boleh di masa depan."))
    if getattr(obj, "nik", "") and not isinstance(obj, Manager):
        obj.nik = clean_nik(obj.nik)


@transaction.atomic
def section_save(
    *, actor: User, provider: Provider, section: str, data: dict[str, Any], pk: int | None = None
):
    """Add or edit one row of an ADP section (licences, tax, deeds, owners, managers, experts, equipment,
    experience). Lampiran 2.3 c 5."""
    _ensure_owner(actor, provider)
    spec = _section(section)
    _refuse_unknown_fields(data, spec.fields)
    if pk is None:
        obj = spec.model(provider=provider)
        before = None
    else:
        found = spec.rows().select_for_update().filter(provider=provider, pk=pk).first()
        if found is None:
            raise NotFound("SECTION_ROW_NOT_FOUND", _("Data tidak ditemukan."))
        obj = found
        before = audit.snapshot(obj, spec.fields)
    for field in spec.fields:
        if field in data:
            value = data[field]
            setattr(obj, field, value.strip() if isinstance(value, str) else value)
    _full_clean(obj, exclude=[])
    _section_rules(obj, provider)
    obj.save()
    audit.record(
        actor=actor,
        action=f"providers.profile.{section}.{'create' if pk is None else 'update'}",
        obj=obj,
        before=before,
        after=audit.snapshot(obj, spec.fields) | {"provider": provider.pk},
    )
    return obj


@transaction.atomic
def section_delete(*, actor: User, provider: Provider, section: str, pk: int) -> None:
    """Remove one row of an ADP section; the audit log keeps what it held."""
    _ensure_owner(actor, provider)
    spec = _section(section)
    obj = spec.rows().select_for_update().filter(provider=provider, pk=pk).first()
    if obj is None:
        raise NotFound("SECTION_ROW_NOT_FOUND", _("Data tidak ditemukan."))
    before = audit.snapshot(obj, spec.fields) | {"provider": provider.pk}
    object_id = obj.pk
    obj.delete()
    audit.record(
        actor=actor,
        action=f"providers.profile.{section}.delete",
        object_type=spec.model._meta.label_lower,
        object_id=object_id,
        before=before,
    )
