"""The ADP profile sections (Lampiran 2.3 c 5), as a registry shared by services, forms, views and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import BusinessLicence, Deed, Equipment, Experience, Expert, Manager, Owner, TaxReport

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    title: StrOrPromise
    entity_only: bool = False  # asked of business entities, not of individuals
    counts_for_completeness: bool = True

    def rows(self) -> models.QuerySet[models.Model]:
        """All rows of the section model, through its default manager `objects` (the only one declared)."""
        return self.model._default_manager.all()

    def date_fields(self) -> list[str]:
        """The section's fields that hold a date (a date picker on the form)."""
        return [
            name for name in self.fields if isinstance(self.model._meta.get_field(name), models.DateField)
        ]

    def related(self, provider) -> models.QuerySet:
        return self.rows().filter(provider=provider)


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section(
            "izin-usaha",
            BusinessLicence,
            ("kind", "number", "issuer", "issued_on", "expires_on", "kbli", "qualification"),
            _("Izin usaha (NIB / izin usaha, KBLI)"),
        ),
        Section(
            "pajak", TaxReport, ("year", "receipt_number", "submitted_on"), _("Pajak (SPT tahunan terakhir)")
        ),
        Section(
            "akta",
            Deed,
            ("kind", "number", "date", "notary", "approval_number"),
            _("Akta pendirian dan perubahan"),
            entity_only=True,
        ),
        Section(
            "pemilik",
            Owner,
            ("name", "id_number", "address", "share_percent"),
            _("Pemilik saham"),
            entity_only=True,
        ),
        Section("pengurus", Manager, ("name", "position", "nik", "starts_on", "ends_on"), _("Pengurus")),
        Section(
            "tenaga-ahli",
            Expert,
            (
                "name",
                "nik",
                "education",
                "expertise",
                "years_experience",
                "certificate_name",
                "certificate_number",
                "certificate_expires_on",
            ),
            _("Tenaga ahli"),
        ),
        Section(
            "peralatan",
            Equipment,
            ("name", "quantity", "capacity", "brand", "year_made", "condition", "ownership", "location"),
            _("Peralatan"),
            counts_for_completeness=False,
        ),
        Section(
            "pengalaman",
            Experience,
            (
                "contract_name",
                "client",
                "location",
                "contract_number",
                "contract_date",
                "value",
                "completed_on",
                "kbli",
            ),
            _("Pengalaman"),
        ),
    )
}

IDENTITY_FIELDS = (
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
    "is_small_business",
)

#: The identity data the Verifikator compared with the original documents (Lampiran 2.5.1 b 2: the KTP of the
#: director/owner/authorised officer, the deeds, the NPWP): once the provider is verified, a change to any of
#: them waits for a new verification (`rules.identity_change_needs_reverification`). The NPWP itself is not
#: among them because it cannot change at all: it identifies the provider (one profile per NPWP, the blacklist
#: is kept by NPWP). Telephone, e-mail and the small-business flag are the provider's own declarations.
VERIFIED_IDENTITY_FIELDS = (
    "name",
    "business_form",
    "address",
    "city",
    "province",
    "postal_code",
    "representative_name",
    "representative_position",
    "representative_nik",
)


def identity_label(name: str) -> str:
    """The label of a provider identity field (its verbose name)."""
    from .models import Provider

    return str(_field(Provider, name).verbose_name)


def sections_for(provider) -> list[Section]:
    individual = provider.business_form == provider.BusinessForm.INDIVIDUAL
    return [s for s in SECTIONS.values() if not (s.entity_only and individual)]


def _field(model: type[models.Model], name: str) -> models.Field:
    """A field named by a section: always one of the model's own fields, never a reverse relation."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field


def headers(section: Section) -> list[str]:
    return [str(_field(section.model, name).verbose_name) for name in section.fields]


def row_values(obj: models.Model, fields: tuple[str, ...]) -> list[str]:
    """The row as displayed: choice labels, dates as 1 Mei 2026, money in Rupiah, empty as a dash."""
    from django.utils.formats import date_format

    from lentera.core.money import format_rupiah

    out = []
    for name in fields:
        field = _field(type(obj), name)
        value = getattr(obj, name)
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif value is None or value == "":
            value = "–"
        elif isinstance(field, models.DateField):
            value = date_format(value, "j M Y")
        elif isinstance(field, models.DecimalField) and field.max_digits >= 18:
            value = format_rupiah(value)
        out.append(str(value))
    return out
