"""The public portal's own data: a denormalised tender table for fast public search, and service notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField


class Phase(models.TextChoices):
    """Public phase of a tender. `ANNOUNCED` splits at `closing_at` into open / evaluation at query time."""

    OPEN = "OPEN", _("Pendaftaran dan penawaran")
    EVALUATION = "EVALUATION", _("Evaluasi")
    ANNOUNCED = "ANNOUNCED", _("Berlangsung")
    AWARDED = "AWARDED", _("Pemenang diumumkan")
    CONTRACTED = "CONTRACTED", _("Berkontrak")
    FAILED = "FAILED", _("Gagal")
    CANCELLED = "CANCELLED", _("Dibatalkan")


class PublicTender(models.Model):
    """What public search needs about one announced tender, in one row (no joins at query time).

    Kept up to date by `services.public_tender_upsert` (called when a release is published and by
    `opendata_sync`). `sort_key` orders the listing: announcement time in seconds x 10^9 + id, unique, so keyset
    pages are a single-column range scan; it is also the rowid of the SQLite FTS5 index (migration 0002).
    On PostgreSQL a generated `search_vector` tsvector column with a GIN index serves full-text search.
    """

    code = models.CharField(_("kode tender"), max_length=40, unique=True)
    ocid = models.CharField(max_length=120)
    tender_pk = models.BigIntegerField(null=True, blank=True, help_text="tendering.Tender primary key")
    title = models.CharField(_("nama tender"), max_length=300)
    agency_code = models.CharField(_("kode instansi"), max_length=20)
    agency_name = models.CharField(_("instansi"), max_length=200)
    work_unit_id = models.BigIntegerField(_("satuan kerja (id)"), null=True, blank=True)
    work_unit_name = models.CharField(_("satuan kerja"), max_length=200)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    method = models.CharField(_("metode pemilihan"), max_length=24)
    procurement_type = models.CharField(_("jenis pengadaan"), max_length=16)
    funding_source = models.CharField(_("sumber dana"), max_length=8)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    hps = MoneyField(_("nilai HPS"), null=True, blank=True)
    pagu = MoneyField(_("pagu"), null=True, blank=True)
    phase = models.CharField(_("tahap"), max_length=12, choices=Phase.choices)
    stage = models.CharField(_("tahapan saat sinkron"), max_length=32, blank=True)
    published_at = models.DateTimeField(_("diumumkan"))
    closing_at = models.DateTimeField(_("batas akhir penawaran"), null=True, blank=True)
    winner_name = models.CharField(_("pemenang"), max_length=200, blank=True)
    winner_provider_id = models.BigIntegerField(null=True, blank=True)
    winner_value = MoneyField(_("nilai penawaran pemenang"), null=True, blank=True)
    contract_value = MoneyField(_("nilai kontrak"), null=True, blank=True)
    contract_signed_on = models.DateField(_("tanggal kontrak"), null=True, blank=True)
    sort_key = models.BigIntegerField(unique=True)
    search_text = models.TextField(blank=True)
    facts_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the tender's public facts: caches key on it."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tender publik")
        verbose_name_plural = _("tender publik")
        indexes = [
            models.Index(fields=["fiscal_year", "sort_key"], name="pt_year_key"),
            models.Index(fields=["agency_code", "sort_key"], name="pt_agency_key"),
            models.Index(fields=["agency_code", "fiscal_year", "sort_key"], name="pt_agency_year_key"),
            models.Index(fields=["work_unit_id", "sort_key"], name="pt_unit_key"),
            models.Index(fields=["method", "sort_key"], name="pt_method_key"),
            models.Index(fields=["procurement_type", "sort_key"], name="pt_type_key"),
            models.Index(fields=["funding_source", "sort_key"], name="pt_fund_key"),
            models.Index(fields=["phase", "sort_key"], name="pt_phase_key"),
            models.Index(fields=["phase", "closing_at", "sort_key"], name="pt_phase_closing"),
            models.Index(fields=["hps", "sort_key"], name="pt_hps_key"),
            models.Index(fields=["winner_provider_id", "sort_key"], name="pt_winner_key"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ServiceNotice(models.Model):
    """A notice to users about planned maintenance or an outage (Permendagri 53/2021 Lampiran 2.5.2 d, 2.5.4)."""

    class Severity(models.TextChoices):
        INFO = "info", _("Informasi")
        WARNING = "warning", _("Peringatan")
        CRITICAL = "critical", _("Gangguan")

    class Kind(models.TextChoices):
        MAINTENANCE = "MAINTENANCE", _("Pemeliharaan terencana")
        OUTAGE = "OUTAGE", _("Gangguan layanan")
        INFO = "INFO", _("Informasi layanan")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.MAINTENANCE)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("uraian"))
    severity = models.CharField(
        _("tingkat"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    affected_features = models.CharField(_("fitur terdampak"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    show_from = models.DateTimeField(
        _("tampil sejak"), null=True, blank=True, help_text=_("Kosongkan untuk tampil segera.")
    )
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengumuman layanan")
        verbose_name_plural = _("pengumuman layanan")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="notice_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["withdrawn_at", "ends_at"], name="notice_active")]

    def __str__(self) -> str:
        return self.title
