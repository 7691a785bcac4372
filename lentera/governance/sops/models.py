"""The SOP register (issue #17 part 3: MISSION F22; Permendagri 53/2021 Pasal 23 and Lampiran 2.5 a-f): each SOP
with its versions (draft, approved by the head of UKPBJ with the decree, published, superseded), the PDF and the
change summary, and the staff's acknowledgements of the version in force."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency

from ..models import Decree
from .states import Status


class LampiranItem(models.TextChoices):
    """The SOPs Lampiran 2.5 lists (huruf a-f), or another the UKPBJ needs (Pasal 23 ayat (2))."""

    A = "A", _("a. Registrasi dan verifikasi Pengguna SPSE")
    B = "B", _("b. Layanan Pengguna SPSE")
    C = "C", _("c. Penanganan masalah (error handling)")
    D = "D", _("d. Pemeliharaan dan pengamanan infrastruktur SPSE")
    E = "E", _("e. Pengarsipan dokumen elektronik (file back up)")
    F = "F", _("f. Pengelolaan standarisasi layanan pengadaan secara elektronik")
    OTHER = "OTHER", _("SOP lain sesuai kebutuhan tugas dan fungsi")


class Sop(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("kode"), max_length=40)
    title = models.CharField(_("judul"), max_length=300)
    item = models.CharField(_("butir Lampiran 2.5"), max_length=8, choices=LampiranItem.choices)
    carried_by = models.CharField(
        _("bagian Lentera yang menjalankannya"), max_length=300, blank=True,
        help_text=_("Halaman Lentera tempat prosedur ini dijalankan, mis. /penyedia/verifikasi/."),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        ordering = ["agency", "item", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="governance_sop_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class SopVersion(models.Model):
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    change_summary = models.TextField(_("ringkasan perubahan"))
    document = models.FileField(_("dokumen SOP (PDF)"), upload_to="governance/sop/%Y/")
    document_type = models.CharField(max_length=40)
    decree = models.ForeignKey(
        Decree,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("SK penetapan"),
    )
    effective_on = models.DateField(_("berlaku mulai"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="governance_sop_version_unique"),
            models.UniqueConstraint(
                fields=["sop"], condition=models.Q(status="PUBLISHED"), name="governance_sop_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop.code} v{self.number}"


class SopAcknowledgement(models.Model):
    """A staff member confirms having read a published version."""

    version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="governance_sop_ack_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.person}"
