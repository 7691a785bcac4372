"""The PDF records Lentera renders of a contract (WeasyPrint, from the recorded data only): the contract
summary, the start order (SPMK / Surat Pesanan) and each handover's berita acara (BAST, PHO, FHO). Each rendering
is kept with its SHA-256 (also in the audit event), so a printed and signed copy can be matched to it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .handover import Handover
from .records import Contract


class ContractPdf(models.Model):  # noqa: DJ008
    class Kind(models.TextChoices):
        SUMMARY = "SUMMARY", _("Ringkasan kontrak")
        START_ORDER = "START_ORDER", _("SPMK / Surat Pesanan")
        HANDOVER = "HANDOVER", _("Berita acara serah terima")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="pdfs")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    handover = models.ForeignKey(Handover, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("judul"), max_length=300)
    number = models.CharField(_("nomor surat"), max_length=100)
    file = models.FileField(upload_to="contracts/pdf/%Y/")
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("PDF kontrak")
        verbose_name_plural = _("PDF kontrak")
        ordering = ["contract", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="HANDOVER") | models.Q(handover__isnull=False),
                name="contract_pdf_handover_named",
            )
        ]
