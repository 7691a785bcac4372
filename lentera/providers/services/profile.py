"""The provider keeps its ADP profile current; every change is audited (Lampiran 2.3 c 5)."""

from __future__ import annotations

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

from ..errors import ProvidersError
from ..identifiers import clean_nik, clean_npwp
from ..models import BusinessLicence, Manager, Owner, Provider, TaxReport
from ..sections import IDENTITY_FIELDS, SECTIONS, Section
from .registration import PROVIDER_AUDIT_FIELDS


def _ensure_owner(actor: User, provider: Provider) -> None:
    """Lampiran 2.3 c 5: the provider (its own account) keeps its data current, nobody else edits it."""
    if actor is None or provider.account_id != actor.pk:
        raise ProvidersError(
            "PROVIDER_NOT_OWNER",
            _("Hanya penyedia yang bersangkutan yang dapat mengubah datanya."),
            status=403,
        )


def _validation_message(exc: ValidationError, model) -> str:
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


def _full_clean(obj, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        raise ProvidersError(
            "PROFILE_INVALID", _("Data tidak valid: %(detail)s"), detail=_validation_message(exc, type(obj))
        )


def _refuse_unknown_fields(data: dict[str, Any], allowed: tuple[str, ...] | list[str]) -> None:
    """A field this part of the profile does not take is refused by name, never silently dropped (an API client
    sending `representative_nik` must learn it is not changed here)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ProvidersError(
            "UNKNOWN_FIELD",
            _("Bidang tidak dikenal atau tidak dapat diubah di sini: %(fields)s."),
            fields=", ".join(unknown),
            status=422,
        )


@transaction.atomic
def provider_update_identity(*, actor: User, provider: Provider, data: dict[str, Any]) -> Provider:
    """Edit the identity section. The NPWP and the form of business are fixed: they identify the provider."""
    _ensure_owner(actor, provider)
    _refuse_unknown_fields(data, IDENTITY_FIELDS)
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = audit.snapshot(provider, PROVIDER_AUDIT_FIELDS + ("is_small_business",))
    for field in IDENTITY_FIELDS:
        if field in data:
            value = data[field]
            setattr(provider, field, value.strip() if isinstance(value, str) else value)
    if not provider.name or not provider.representative_name or not provider.address:
        raise ProvidersError(
            "REQUIRED_MISSING",
            _("Data wajib belum diisi: %(fields)s."),
            fields=str(_("nama penyedia, alamat, nama direktur/pemilik/pejabat berwenang")),
        )
    _full_clean(provider, exclude=["account", "npwp"])
    provider.save()
    audit.record(
        actor=actor,
        action="providers.profile.identity",
        obj=provider,
        before=before,
        after=audit.snapshot(provider, PROVIDER_AUDIT_FIELDS + ("is_small_business",)),
    )
    return provider


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
