"""A contract's late or early end: keadaan kahar (with its evidence and effect), the warning letters (teguran), the
grace period decision (pemberian kesempatan) and the termination (pemutusan) with the guarantee claimed, the
penalty and the sanction proposed to the providers app's blacklist process (Perpres 16/2018 Pasal 55, 56, 93)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .records import Contract


class ForceMajeure(models.Model):  # noqa: DJ008
    """Keadaan kahar recorded by the PPK: the event, its days, the evidence file (checked by its content) and the
    effect: the period extended by the days recorded (no penalty for them) or the contract stopped."""

    class Effect(models.TextChoices):
        EXTEND = "EXTEND", _("Waktu pelaksanaan diperpanjang tanpa denda")
        STOP = "STOP", _("Kontrak dihentikan")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="force_majeures")
    event = models.TextField(_("peristiwa"))
    event_from = models.DateField(_("terjadi sejak"))
    event_until = models.DateField(_("sampai"))
    effect = models.CharField(_("akibat"), max_length=8, choices=Effect.choices)
    days = models.PositiveIntegerField(_("hari"))
    end_before = models.DateField(_("akhir sebelum"))
    end_after = models.DateField(_("akhir sesudah"))
    evidence = models.FileField(_("bukti"), upload_to="contracts/kahar/%Y/")
    evidence_name = models.CharField(max_length=255)
    evidence_type = models.CharField(max_length=100)
    evidence_size = models.PositiveBigIntegerField(default=0)
    evidence_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("keadaan kahar")
        verbose_name_plural = _("keadaan kahar")
        ordering = ["contract", "event_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event_until__gte=models.F("event_from")), name="force_majeure_period_valid"
            )
        ]


class ContractWarning(models.Model):  # noqa: DJ008
    """Surat teguran number 1..3 issued by the PPK to a late or critical provider."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="warnings")
    sequence = models.PositiveSmallIntegerField(_("teguran ke"))
    number = models.CharField(_("nomor surat"), max_length=100)
    issued_on = models.DateField(_("tanggal surat"))
    text = models.TextField(_("isi teguran"))
    days_late = models.PositiveIntegerField(default=0)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("surat teguran")
        verbose_name_plural = _("surat teguran")
        ordering = ["contract", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="warning_sequence_unique"),
        ]


class GraceDecision(models.Model):  # noqa: DJ008
    """The PPK's decision, once the period has ended, whether to give the late provider the chance to finish
    (pemberian kesempatan, at most 50 days, with penalty) or not (then the contract may be terminated)."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="grace")
    granted = models.BooleanField(_("kesempatan diberikan"))
    last_day = models.DateField(_("batas penyelesaian"), null=True, blank=True)
    reason = models.TextField(_("pertimbangan"))
    decided_on = models.DateField(_("tanggal keputusan"))
    days_late = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pemberian kesempatan")
        verbose_name_plural = _("pemberian kesempatan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(granted=False) | models.Q(last_day__isnull=False),
                name="grace_has_last_day",
            )
        ]


class Termination(models.Model):  # noqa: DJ008
    """Pemutusan kontrak by the PPK: the ground (Pasal 93 ayat (1)), the date, the guarantee claimed, the penalty
    due at that date and the blacklist sanction proposed (providers.BlacklistProposal)."""

    class Ground(models.TextChoices):
        NEED_CANNOT_WAIT = "NEED_CANNOT_WAIT", _("Kebutuhan tidak dapat ditunda melebihi batas akhir kontrak")
        UNABLE_WITH_GRACE = (
            "UNABLE_WITH_GRACE",
            _("Penyedia tidak akan mampu menyelesaikan walaupun diberi kesempatan"),
        )
        GRACE_EXPIRED = "GRACE_EXPIRED", _("Setelah diberi kesempatan 50 hari pekerjaan tidak selesai")
        DEFAULT = "DEFAULT", _("Penyedia lalai / cidera janji dan tidak memperbaikinya")
        FRAUD = "FRAUD", _("Penyedia terbukti KKN, curang atau memalsukan")
        COMPLAINT_UPHELD = (
            "COMPLAINT_UPHELD",
            _("Pengaduan penyimpangan dinyatakan benar oleh instansi berwenang"),
        )

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="termination")
    ground = models.CharField(_("alasan pemutusan"), max_length=20, choices=Ground.choices)
    explanation = models.TextField(_("uraian"))
    terminated_on = models.DateField(_("tanggal pemutusan"))
    days_late = models.PositiveIntegerField(default=0)
    penalty_total = MoneyField(_("denda keterlambatan"), default=0)
    provider_fault = models.BooleanField(default=True)
    guarantee_claimed = models.BooleanField(_("jaminan pelaksanaan dicairkan"), default=False)
    guarantee_number = models.CharField(max_length=100, blank=True)
    guarantee_amount = MoneyField(_("nilai jaminan dicairkan"), null=True, blank=True)
    sanction_proposal = models.ForeignKey(
        "providers.BlacklistProposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: the advance (uang muka) not repaid by the paid termins on the termination day, and how it is settled
    #: (closing_rules.advance_settlement, Pasal 93 ayat (2) huruf b): the advance guarantee claimed, the rest repaid
    advance_outstanding = MoneyField(_("sisa uang muka"), default=0)
    advance_guarantee_claimed = MoneyField(_("jaminan uang muka dicairkan"), default=0)
    advance_guarantee_number = models.CharField(max_length=100, blank=True)
    advance_to_repay = MoneyField(_("sisa uang muka dilunasi penyedia"), default=0)
    terminated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    terminated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pemutusan kontrak")
        verbose_name_plural = _("pemutusan kontrak")
