"""The register of the 17 LPSE standards (issue #17 part 5: MISSION F18; Permendagri 53/2021 Lampiran 2.5.6): per
agency and standard its SOP, the coordinator's decree, evidence, compliance status and last internal review; and
the internal review of standard 17 (Penilaian Internal) as a scored checklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency

from ..models import Decree
from ..sops.models import Sop


class Compliance(models.TextChoices):
    NOT_ASSESSED = "NOT_ASSESSED", _("Belum dinilai")
    NOT_COMPLIANT = "NOT_COMPLIANT", _("Belum memenuhi")
    PARTIAL = "PARTIAL", _("Memenuhi sebagian")
    COMPLIANT = "COMPLIANT", _("Memenuhi")


class LpseStandard(models.Model):
    """One of the 17 standards (seed data, migration 0005; the list in shared/REFERENCE.md)."""

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StandardRecord(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(LpseStandard, on_delete=models.PROTECT, related_name="records")
    sop = models.ForeignKey(Sop, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    coordinator_decree = models.ForeignKey(
        Decree, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Compliance.choices, default=Compliance.NOT_ASSESSED)
    last_review_on = models.DateField(_("penilaian internal terakhir"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency", "standard__number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "standard"], name="governance_standard_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.standard}"


class StandardEvidence(models.Model):
    record = models.ForeignKey(StandardRecord, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("judul"), max_length=300)
    document = models.FileField(_("dokumen"), upload_to="governance/standards/%Y/", blank=True)
    document_type = models.CharField(max_length=120, blank=True)
    link = models.CharField(_("tautan register di Lentera"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "-added_at"]

    def __str__(self) -> str:
        return self.title


class InternalReview(models.Model):
    """Standard 17 (Penilaian Internal): the LPSE rates itself on every standard; completing it updates the
    register."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Sedang dinilai")
        COMPLETED = "COMPLETED", _("Selesai")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("tanggal penilaian"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    score = models.DecimalField(_("skor (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.held_on}"


class ReviewItem(models.Model):
    review = models.ForeignKey(InternalReview, on_delete=models.CASCADE, related_name="items")
    standard = models.ForeignKey(LpseStandard, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=16, choices=Compliance.choices)
    finding = models.TextField(_("temuan"), blank=True)

    class Meta:
        ordering = ["review", "standard__number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "standard"], name="governance_review_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.result}"


class Risk(models.Model):
    """A row of the risk register (standard 4, Pengelolaan Risiko): threat, vulnerability, likelihood and impact,
    the exposure they give, treatment, owner and the next review."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    threat = models.CharField(_("ancaman"), max_length=300)
    vulnerability = models.CharField(_("kerentanan"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(_("kemungkinan"))
    impact = models.PositiveSmallIntegerField(_("dampak"))
    treatment = models.TextField(_("penanganan"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField(_("tanggal tinjauan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "-likelihood", "-impact", "pk"]

    def __str__(self) -> str:
        return self.threat

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact
