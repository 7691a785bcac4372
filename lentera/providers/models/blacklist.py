"""The blacklist (daftar hitam), Perpres 16/2018 as changed by Perpres 12/2021 Pasal 78."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlacklistQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> BlacklistQuerySet:
        """Entries in force on `day`: starts_on <= day <= ends_on (expiry is computed, no cron)."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class BlacklistEntry(models.Model):
    """A sanction against an NPWP, on the request of a PA/KPA. May exist before any provider registers."""

    class Category(models.TextChoices):
        FALSE_DOCUMENTS = "FALSE_DOCUMENTS", _("Menyampaikan dokumen atau keterangan palsu/tidak benar")
        COLLUSION = "COLLUSION", _("Terindikasi persekongkolan atau KKN")
        WITHDRAWAL = "WITHDRAWAL", _("Mengundurkan diri tanpa alasan yang dapat diterima")
        NON_PERFORMANCE = "NON_PERFORMANCE", _("Tidak melaksanakan atau tidak menyelesaikan kontrak")

    npwp = models.CharField(_("NPWP"), max_length=16, db_index=True)
    provider_name = models.CharField(_("nama penyedia"), max_length=200)
    decree_number = models.CharField(_("nomor SK penetapan"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    violation = models.TextField(_("pelanggaran"))
    category = models.CharField(_("kategori"), max_length=16, choices=Category.choices)
    starts_on = models.DateField(_("mulai berlaku"))
    ends_on = models.DateField(_("berakhir"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("PA/KPA yang menetapkan"),
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlacklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("daftar hitam")
        verbose_name_plural = _("daftar hitam")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="blacklist_period_valid"
            ),
            models.UniqueConstraint(
                fields=["npwp", "decree_number"], name="blacklist_decree_unique_per_npwp"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_name} ({self.decree_number})"

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def npwp_display(self) -> str:
        from lentera.providers.identifiers import npwp_display

        return npwp_display(self.npwp)


class BlacklistProposal(models.Model):
    """A blacklist sanction *proposed* by another process (a PPK terminating a contract for the provider's fault,
    Perpres 16/2018 Pasal 93 ayat (2) huruf d): the verifier or the UKPBJ's admin enters the sanction through
    ``blacklist_create`` on the PA/KPA's decree, which closes the proposal, or dismisses it with a reason."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Menunggu keputusan PA/KPA")
        ENTERED = "ENTERED", _("Dicatat dalam daftar hitam")
        DISMISSED = "DISMISSED", _("Tidak ditindaklanjuti")

    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="+")
    npwp = models.CharField(_("NPWP"), max_length=16, db_index=True)
    provider_name = models.CharField(_("nama penyedia"), max_length=200)
    category = models.CharField(_("kategori"), max_length=16, choices=BlacklistEntry.Category.choices)
    violation = models.TextField(_("pelanggaran"))
    source = models.CharField(_("asal usulan"), max_length=200)
    source_url = models.CharField(max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    entry = models.ForeignKey(
        BlacklistEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("usulan daftar hitam")
        verbose_name_plural = _("usulan daftar hitam")
        ordering = ["-proposed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider_name}: {self.source}"
