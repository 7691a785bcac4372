"""Sanggah (objection) by bidders and sanggah banding (appeal, works only) to the PA/KPA."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .tender import Tender


class FollowUp(models.TextChoices):
    NONE = "NONE", _("Tidak ada tindak lanjut (sanggahan tidak benar)")
    REEVALUATION = "REEVALUATION", _("Evaluasi ulang")
    RETENDER = "RETENDER", _("Tender ulang")


class Objection(models.Model):  # noqa: DJ008
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="objections")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    text = models.TextField(_("isi sanggahan"))
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    justified = models.BooleanField(_("sanggahan benar"), null=True)
    follow_up = models.CharField(max_length=12, choices=FollowUp.choices, blank=True)

    class Meta:
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")
        ordering = ["tender", "filed_at"]


class ObjectionAttachment(models.Model):  # noqa: DJ008
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="objections/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)


class Appeal(models.Model):  # noqa: DJ008
    """Sanggah banding (works only), answered by the PA/KPA; guarantee of 1% of HPS recorded."""

    class GuaranteeOutcome(models.TextChoices):
        HELD = "HELD", _("Dipegang")
        RETURNED = "RETURNED", _("Dikembalikan (sanggah banding benar)")
        FORFEITED = "FORFEITED", _("Dicairkan ke kas negara/daerah (sanggah banding salah)")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="appeals")
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="appeals")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    text = models.TextField(_("isi sanggah banding"))
    guarantee_amount = MoneyField(_("nilai jaminan sanggah banding"))
    guarantee_number = models.CharField(_("nomor jaminan"), max_length=100)
    guarantee_issuer = models.CharField(_("penerbit jaminan"), max_length=200)
    guarantee_valid_until = models.DateField(_("berlaku sampai"))
    guarantee_outcome = models.CharField(
        max_length=10, choices=GuaranteeOutcome.choices, default=GuaranteeOutcome.HELD
    )
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    justified = models.BooleanField(null=True)
    follow_up = models.CharField(max_length=12, choices=FollowUp.choices, blank=True)

    class Meta:
        verbose_name = _("sanggah banding")
        verbose_name_plural = _("sanggah banding")
        ordering = ["tender", "filed_at"]
