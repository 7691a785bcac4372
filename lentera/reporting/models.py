"""The UKPBJ's semester and annual reports (Permendagri 53/2021 Pasal 26), each version a row: the free text the
UKPBJ writes, the figures frozen at approval and the PDF / XLSX built from them (with their SHA-256)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules
from .states import BuildStatus, ReportState


class Report(models.Model):
    class Kind(models.TextChoices):
        SEMESTER_1 = rules.SEMESTER_1, _("Semester I")
        SEMESTER_2 = rules.SEMESTER_2, _("Semester II")
        ANNUAL = rules.ANNUAL, _("Tahunan")

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("periode"), max_length=6, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    analysis = models.TextField(_("analisis"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    #: the computed sections as approved (None until approval: a draft shows the live figures)
    snapshot = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(_("tanggal penyampaian"), null=True, blank=True)
    submitted_to = models.CharField(_("disampaikan kepada"), max_length=300, blank=True)
    build_status = models.CharField(max_length=8, choices=BuildStatus.choices, default=BuildStatus.NONE)
    build_progress = models.PositiveSmallIntegerField(default=0)
    build_error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reporting/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx = models.FileField(upload_to="reporting/%Y/", blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("laporan UKPBJ")
        verbose_name_plural = _("laporan UKPBJ")
        ordering = ["-year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "version"], name="report_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} v{self.version}"


class AvailabilitySample(models.Model):
    """One probe of the LPSE's health URL (``LENTERA_HEALTH_URL``, the /healthz page) by ``record_availability``
    (cron or the django-tasks worker): whether it answered 200 in time, its HTTP status and latency. The
    availability figures of the report are computed from these rows (service_figures.availability)."""

    checked_at = models.DateTimeField(_("waktu pemeriksaan"), db_index=True)
    url = models.CharField(_("alamat"), max_length=300)
    ok = models.BooleanField(_("tersedia"))
    status_code = models.PositiveSmallIntegerField(_("kode HTTP"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latensi (ms)"), null=True, blank=True)
    error = models.CharField(_("galat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sampel ketersediaan")
        verbose_name_plural = _("sampel ketersediaan")
        ordering = ["checked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'DOWN'}"
