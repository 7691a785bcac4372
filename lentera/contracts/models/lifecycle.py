"""The contract's life after the SPPBJ: the winner's refusal (and the reserve appointed after it), the
performance guarantee, the start order (SPMK / surat pesanan), the advance payment and the termin invoices.
Money is Rupiah as Decimal (``MoneyField``); moments are UTC, days are Asia/Jakarta calendar days."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from ..states import PaymentState, SanctionState
from .records import AwardLetter, Contract


class AwardLetterRefusal(models.Model):  # noqa: DJ008
    """A winner (or reserve winner) refused the SPPBJ: what it refused and why, whether the reason is accepted
    (rules.refusal_reason_accepted) and so whether a sanction is proposed; then who appointed the next
    reserve winner and why."""

    class Reason(models.TextChoices):
        FORCE_MAJEURE = "FORCE_MAJEURE", _("Keadaan kahar")
        OTHER = "OTHER", _("Alasan lain")

    class Kind(models.TextChoices):
        REFUSED = "REFUSED", _("Menolak SPPBJ")
        WITHDRAWN = "WITHDRAWN", _("Mengundurkan diri setelah menerima SPPBJ")
        NO_ANSWER = "NO_ANSWER", _("Tidak menjawab sampai batas waktu")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices, default=Kind.REFUSED)
    letter = models.ForeignKey(AwardLetter, on_delete=models.CASCADE, related_name="refusals")
    offer = models.ForeignKey("tendering.Offer", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor SPPBJ"), max_length=100)
    value = MoneyField(_("nilai"))
    reserve_rank = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(_("alasan"), max_length=16, choices=Reason.choices)
    explanation = models.TextField(_("penjelasan"))
    reason_accepted = models.BooleanField(default=False)
    sanction_proposed = models.BooleanField(default=False)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    refused_at = models.DateTimeField()
    reserve_reason = models.TextField(_("alasan penunjukan pemenang cadangan"), blank=True)
    reserve_appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reserve_appointed_at = models.DateTimeField(null=True, blank=True)
    # the PPK's decision on the sanction (states.REFUSAL_SANCTION), and the proposal it sent to the PA/KPA
    sanction_state = models.CharField(
        _("keputusan sanksi"), max_length=16, choices=SanctionState.choices, default=SanctionState.PENDING
    )
    sanction_reason = models.TextField(_("alasan keputusan sanksi"), blank=True)
    sanction_proposal = models.ForeignKey(
        "providers.BlacklistProposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sanction_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sanction_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penolakan SPPBJ")
        verbose_name_plural = _("penolakan SPPBJ")
        ordering = ["refused_at", "pk"]


class PerformanceGuarantee(models.Model):  # noqa: DJ008
    """Jaminan pelaksanaan handed over after the SPPBJ is accepted and before the contract is signed
    (Perpres 16/2018 Pasal 33)."""

    letter = models.OneToOneField(AwardLetter, on_delete=models.CASCADE, related_name="guarantee")
    issuer = models.CharField(_("penerbit"), max_length=200)
    number = models.CharField(_("nomor jaminan"), max_length=100)
    amount = MoneyField(_("nilai jaminan"))
    valid_from = models.DateField(_("berlaku sejak"))
    valid_until = models.DateField(_("berlaku sampai"))
    required_amount = MoneyField(_("nilai yang disyaratkan"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("jaminan pelaksanaan")
        verbose_name_plural = _("jaminan pelaksanaan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="guarantee_period_valid"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="guarantee_amount_positive"),
        ]


class StartOrder(models.Model):  # noqa: DJ008
    """SPMK (works, consultancy) or Surat Pesanan (goods): the work starts on ``start_on``."""

    class Kind(models.TextChoices):
        SPMK = "SPMK", _("Surat Perintah Mulai Kerja (SPMK)")
        ORDER = "ORDER", _("Surat Pesanan")

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="start_order")
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"))
    start_on = models.DateField(_("mulai kerja"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("SPMK / surat pesanan")
        verbose_name_plural = _("SPMK / surat pesanan")


class AdvancePayment(models.Model):  # noqa: DJ008
    """Uang muka with its guarantee (Perpres 16/2018 Pasal 34, 53); repaid from the termin payments."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="advance")
    amount = MoneyField(_("uang muka"))
    cap_rate = models.DecimalField(max_digits=5, decimal_places=4)
    guarantee_issuer = models.CharField(_("penerbit jaminan uang muka"), max_length=200)
    guarantee_number = models.CharField(_("nomor jaminan uang muka"), max_length=100)
    guarantee_amount = MoneyField(_("nilai jaminan uang muka"))
    guarantee_valid_until = models.DateField(_("jaminan berlaku sampai"))
    paid_on = models.DateField(_("tanggal bayar"))
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField()

    class Meta:
        verbose_name = _("uang muka")
        verbose_name_plural = _("uang muka")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="advance_positive")]


class Payment(models.Model):  # noqa: DJ008
    """A termin invoice against the cumulative progress: the gross amount, the retention held back, the
    lateness penalty and the advance repayment deducted, the net paid."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    sequence = models.PositiveSmallIntegerField(_("termin ke"))
    progress_percent = models.DecimalField(_("kemajuan kumulatif (%)"), max_digits=5, decimal_places=2)
    gross = MoneyField(_("nilai tagihan"))
    retention = MoneyField(_("retensi"), default=0)
    penalty = MoneyField(_("denda keterlambatan"), default=0)
    days_late = models.PositiveIntegerField(default=0)
    advance_repayment = MoneyField(_("pengembalian uang muka"), default=0)
    net = MoneyField(_("dibayarkan"))
    state = models.CharField(
        _("status"), max_length=10, choices=PaymentState.choices, default=PaymentState.SUBMITTED
    )
    note = models.TextField(_("keterangan"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tagihan termin")
        verbose_name_plural = _("tagihan termin")
        ordering = ["contract", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="payment_sequence_unique"),
            models.CheckConstraint(condition=models.Q(gross__gt=0), name="payment_gross_positive"),
            models.CheckConstraint(condition=models.Q(net__gte=0), name="payment_net_not_negative"),
        ]


class Amendment(models.Model):  # noqa: DJ008
    """An adendum approved by the PPK: numbered in order, with its justification, the value and end date before and
    after (Perpres 16/2018 Pasal 54). The contract row carries the values in force; this is the history."""

    class Kind(models.TextChoices):
        SCOPE = "SCOPE", _("Perubahan lingkup pekerjaan")
        QUANTITY = "QUANTITY", _("Perubahan kuantitas / volume")
        TIME = "TIME", _("Perubahan jadwal / waktu")
        VALUE = "VALUE", _("Perubahan nilai")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="amendments")
    sequence = models.PositiveSmallIntegerField(_("adendum ke"))
    number = models.CharField(_("nomor adendum"), max_length=100)
    kind = models.CharField(_("jenis perubahan"), max_length=10, choices=Kind.choices)
    justification = models.TextField(_("alasan perubahan"))
    value_before = MoneyField(_("nilai sebelum"))
    value_after = MoneyField(_("nilai sesudah"))
    end_before = models.DateField(_("akhir sebelum"))
    end_after = models.DateField(_("akhir sesudah"))
    signed_on = models.DateField(_("tanggal adendum"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("adendum")
        verbose_name_plural = _("adendum")
        ordering = ["contract", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="amendment_sequence_unique"),
            models.CheckConstraint(condition=models.Q(value_after__gt=0), name="amendment_value_positive"),
        ]
