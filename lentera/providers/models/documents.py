"""Registration documents (versioned, never deleted) and their verification rounds (Lampiran 2.5.1, 2.3 c)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .provider import Provider


def document_upload_to(instance: Document, filename: str) -> str:
    """Private path: never under a public URL; served only by the access-checked document view."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"private/accounts/{instance.user_id}/{instance.kind.lower()}/{uuid.uuid4().hex}.{ext}"


class Document(models.Model):
    """One uploaded version of a user's document. A replacement adds a version; nothing is ever deleted."""

    class Kind(models.TextChoices):
        KTP = "KTP", _("KTP direktur/pemilik/pejabat berwenang")
        DEED_ESTABLISHMENT = "AKTA_PENDIRIAN", _("Akta pendirian")
        DEED_AMENDMENT = "AKTA_PERUBAHAN", _("Akta perubahan terakhir")
        NPWP = "NPWP", _("NPWP")
        ASSIGNMENT_LETTER = "SK", _("Surat tugas / SK")

    class Review(models.TextChoices):
        NEW = "NEW", _("Belum diperiksa")
        ACCEPTED = "ACCEPTED", _("Sesuai")
        REJECTED = "REJECTED", _("Perlu diperbaiki")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registration_documents"
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("jenis dokumen"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("versi"))
    file = models.FileField(_("berkas"), upload_to=document_upload_to, max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255, blank=True)
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    issued_on = models.DateField(_("tanggal"), null=True, blank=True)
    issuer = models.CharField(_("penerbit / notaris"), max_length=150, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.NEW)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen pendaftaran")
        verbose_name_plural = _("dokumen pendaftaran")
        ordering = ["user", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "version"], name="document_version_unique"),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(replaced_at__isnull=True),
                name="document_one_current_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    @property
    def display_number(self) -> str:
        if self.kind == self.Kind.NPWP and self.number:
            from lentera.providers.identifiers import npwp_display

            return npwp_display(self.number)
        return self.number

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class VerificationRound(models.Model):
    """One submission of a user's documents to the Verifikator, and its outcome (Lampiran 2.3 c 1-2)."""

    class Subject(models.TextChoices):
        PROVIDER = "PROVIDER", _("Pendaftaran penyedia")
        PROVIDER_UPDATE = "PROVIDER_UPDATE", _("Perubahan dokumen penyedia")
        STAFF = "STAFF", _("Pendaftaran pengguna non-penyedia")

    class Outcome(models.TextChoices):
        PENDING = "PENDING", _("Menunggu verifikasi")
        APPROVED = "APPROVED", _("Disetujui")
        REJECTED = "REJECTED", _("Ditolak, perlu perbaikan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verification_rounds"
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="verification_rounds"
    )
    subject = models.CharField(_("jenis"), max_length=16, choices=Subject.choices)
    number = models.PositiveIntegerField(_("putaran ke"))
    documents = models.ManyToManyField(Document, related_name="rounds")
    submitted_at = models.DateTimeField(_("diajukan"))
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("catatan verifikator"), blank=True)

    class Meta:
        verbose_name = _("putaran verifikasi")
        verbose_name_plural = _("putaran verifikasi")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "number"], name="verification_round_number_unique"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(outcome="PENDING"),
                name="verification_one_pending_round_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} #{self.number} ({self.user})"


class DocumentCheck(models.Model):
    """The Verifikator's check of one document in a round: does the copy match the original seen in person?"""

    round = models.ForeignKey(VerificationRound, on_delete=models.PROTECT, related_name="checks")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="checks")
    matches_original = models.BooleanField(_("sesuai dengan dokumen asli"))
    note = models.TextField(_("catatan / alasan"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pemeriksaan dokumen")
        verbose_name_plural = _("pemeriksaan dokumen")
        ordering = ["round", "document__kind"]
        constraints = [
            models.UniqueConstraint(fields=["round", "document"], name="document_check_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.document}: {'ok' if self.matches_original else 'x'}"
