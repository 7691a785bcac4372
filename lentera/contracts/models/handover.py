"""The end of a contract's work: the handover (BAST for goods and services; PHO then, after the maintenance period,
FHO for works) with the inspection result, the retention released at the final handover, the provider's
performance rating with its one response, and the goods delivered under a goods contract (Perpres 16/2018
Pasal 53 and 57; Peraturan LKPP 4/2021). Money is Rupiah as Decimal; moments UTC, days Asia/Jakarta."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.core.money import MoneyField

from .records import Contract


class Handover(models.Model):  # noqa: DJ008
    """One berita acara serah terima: BAST (goods, services: the contract is completed), PHO (works: the
    maintenance period starts) or FHO (works, after the maintenance period: completed). The inspection by the
    PPHP / inspection team comes with it: who, when, the result and the defects found."""

    class Stage(models.TextChoices):
        BAST = "BAST", _("Berita Acara Serah Terima (BAST)")
        PHO = "PHO", _("Serah terima pertama (PHO)")
        FHO = "FHO", _("Serah terima akhir (FHO)")

    class Result(models.TextChoices):
        ACCEPTED = "ACCEPTED", _("Diterima baik")
        WITH_DEFECTS = "WITH_DEFECTS", _("Diterima dengan catatan kekurangan / cacat")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="handovers")
    stage = models.CharField(_("tahap"), max_length=4, choices=Stage.choices)
    number = models.CharField(_("nomor berita acara"), max_length=100)
    handed_on = models.DateField(_("tanggal serah terima"))
    inspectors = models.CharField(_("pemeriksa (PPHP / tim pemeriksa)"), max_length=300)
    inspected_on = models.DateField(_("tanggal pemeriksaan"))
    result = models.CharField(_("hasil pemeriksaan"), max_length=12, choices=Result.choices)
    defects = models.TextField(_("daftar kekurangan / cacat"), blank=True)
    note = models.TextField(_("catatan"), blank=True)
    #: PHO only: the maintenance period (days) and its last day; FHO is possible after it
    maintenance_days = models.PositiveIntegerField(_("masa pemeliharaan (hari)"), null=True, blank=True)
    maintenance_ends_on = models.DateField(_("akhir masa pemeliharaan"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("serah terima")
        verbose_name_plural = _("serah terima")
        ordering = ["contract", "handed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "stage"], name="handover_stage_once"),
            models.CheckConstraint(
                condition=models.Q(handed_on__gte=models.F("inspected_on")), name="handover_after_inspection"
            ),
        ]


class RetentionRelease(models.Model):  # noqa: DJ008
    """The retention held back from the termin payments, paid out at the final handover (FHO, or the BAST
    of a contract that retained): the payment side of the handover (selectors.payment_totals shows it)."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="retention_release")
    handover = models.OneToOneField(Handover, on_delete=models.PROTECT, related_name="retention_release")
    amount = MoneyField(_("retensi dibayarkan"))
    released_on = models.DateField(_("tanggal pembayaran retensi"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pembayaran retensi")
        verbose_name_plural = _("pembayaran retensi")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="retention_release_positive")
        ]


class Criterion(models.TextChoices):
    """The names of the rating criteria of rules.RATING_SCALES, with their labels."""

    QUALITY = "quality", _("Kualitas")
    COST = "cost", _("Biaya")
    TIME = "time", _("Waktu")
    SERVICE = "service", _("Layanan")


class PerformanceRating(models.Model):  # noqa: DJ008
    """The PPK's rating of the provider at the handover (SiKaP style, Peraturan LKPP 4/2021): one score per
    criterion of the scale in force (rules.RATING_SCALES), their average, whether it is under the flag line, and
    the comments; once per contract. The provider may answer once."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="rating")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("nilai per aspek"))
    average = models.DecimalField(_("nilai rata-rata"), max_digits=4, decimal_places=2)
    flagged = models.BooleanField(_("di bawah batas"), default=False)
    comments = models.TextField(_("catatan penilaian"))
    rated_on = models.DateField(_("tanggal penilaian"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField()
    response = models.TextField(_("tanggapan penyedia"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian kinerja penyedia")
        verbose_name_plural = _("penilaian kinerja penyedia")
        ordering = ["-rated_on", "-pk"]

    def score_rows(self) -> list[tuple[str, int]]:
        """(label, score) for each criterion rated, in the scale's order."""
        labels = dict(Criterion.choices)
        return [(str(labels.get(name, name)), value) for name, value in self.scores.items()]


class DeliveredItem(models.Model):  # noqa: DJ008
    """A line of goods delivered under a goods contract: what, how many, at what unit price, when. The lines
    together never exceed the contract value; the BAST needs at least one (M&E reports and the e-catalogue's
    price references read them through selectors.delivered_items)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="delivered_items")
    name = models.CharField(_("nama barang"), max_length=300)
    quantity = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("satuan"), max_length=40)
    unit_price = MoneyField(_("harga satuan"))
    total = MoneyField(_("jumlah harga"))
    delivered_on = models.DateField(_("tanggal pengiriman"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("barang yang dikirim")
        verbose_name_plural = _("barang yang dikirim")
        ordering = ["contract", "delivered_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="delivered_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="delivered_price_positive"),
        ]
