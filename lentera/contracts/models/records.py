"""The SPPBJ (letter of award) issued by the PPK, and the contract record with its documents (moved here from
`tendering`, tables renamed by contracts migration 0001; the lifecycle after signing builds on them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from ..states import AwardLetterState, ContractState
from .terms import ContractType


class AwardLetter(models.Model):  # noqa: DJ008
    tender = models.OneToOneField("tendering.Tender", on_delete=models.CASCADE, related_name="award_letter")
    offer = models.ForeignKey("tendering.Offer", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor SPPBJ"), max_length=100)
    issued_on = models.DateField(_("tanggal SPPBJ"))
    value = MoneyField(_("nilai"))
    performance_guarantee_percent = models.DecimalField(
        _("jaminan pelaksanaan (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    performance_guarantee_amount = MoneyField(_("nilai jaminan pelaksanaan"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    state = models.CharField(
        _("status"), max_length=12, choices=AwardLetterState.choices, default=AwardLetterState.ISSUED
    )
    #: 0: the winner; 1 and 2: the reserve winner the letter was issued to again after a refusal
    reserve_rank = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SPPBJ")
        verbose_name_plural = _("SPPBJ")


class Contract(models.Model):  # noqa: DJ008
    class Kind(models.TextChoices):
        AGREEMENT = "AGREEMENT", _("Surat perjanjian")
        SPK = "SPK", _("Surat Perintah Kerja (SPK)")
        ORDER = "ORDER", _("Surat pesanan")
        RECEIPT = "RECEIPT", _("Kuitansi / bukti pembelian")
        SELF_MANAGED = "SELF_MANAGED", _("Swakelola")

    tender = models.OneToOneField("tendering.Tender", on_delete=models.CASCADE, related_name="contract")
    award_letter = models.OneToOneField(
        AwardLetter, null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    kind = models.CharField(_("bentuk kontrak"), max_length=12, choices=Kind.choices, default=Kind.AGREEMENT)
    #: jenis kontrak (Perpres 16/2018 Pasal 27); '' for a record made before it was asked (or swakelola)
    contract_type = models.CharField(
        _("jenis kontrak"), max_length=12, choices=ContractType.choices, blank=True, default=""
    )
    #: kontrak tahun jamak: the value is split per fiscal year in ``years`` (ContractYear)
    multi_year = models.BooleanField(_("kontrak tahun jamak"), default=False)
    number = models.CharField(_("nomor kontrak"), max_length=100)
    provider = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    ppk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = MoneyField(_("nilai kontrak"))
    #: the value signed, before any amendment (the cap on added value is measured on it); None: never amended
    original_value = MoneyField(_("nilai kontrak awal"), null=True, blank=True)
    signed_on = models.DateField(_("tanggal tanda tangan"))
    start_on = models.DateField(_("mulai pelaksanaan"))
    end_on = models.DateField(_("akhir pelaksanaan"))
    provider_signatory = models.CharField(_("penandatangan penyedia"), max_length=200, blank=True)
    provider_signatory_title = models.CharField(
        _("jabatan penandatangan penyedia"), max_length=100, blank=True
    )
    description = models.TextField(_("uraian"), blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=ContractState.choices, default=ContractState.SIGNED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kontrak")
        verbose_name_plural = _("kontrak")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="contract_period_valid"
            )
        ]


class ContractDocument(models.Model):  # noqa: DJ008
    class Kind(models.TextChoices):
        DOCUMENT = "DOCUMENT", _("Dokumen kontrak")
        SIGNED_SCAN = "SIGNED_SCAN", _("Pindaian kontrak yang ditandatangani")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DOCUMENT)
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(upload_to="contracts/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
