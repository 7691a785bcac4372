"""Changes to a verified provider's identity: proposed, checked against new documents, then in force.

Perbup PPU 2/2021 Pasal 2 b and Pasal 4 d 3-4 (the LPSE verifies the documents and data of its users and
approves or refuses on the result), Permendagri 53/2021 Lampiran 2.5.1 b 2: what the Verifikator compared with
the originals (name, form of business, address, the person who answers for the provider and their NIK) does
not change on the provider's word alone. The old values stay in force until the change is approved; every
change, whatever its outcome, stays in the history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .provider import Provider


class IdentityChange(models.Model):
    """A provider's request to change verified identity data. At most one is pending per provider: a new
    request while one is pending is refused (withdraw it first), so the Verifikator never approves values that
    changed under their eyes."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Menunggu verifikasi")
        APPROVED = "APPROVED", _("Disetujui")
        REFUSED = "REFUSED", _("Ditolak")
        WITHDRAWN = "WITHDRAWN", _("Ditarik oleh penyedia")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="identity_changes")
    number = models.PositiveIntegerField(_("perubahan ke"))
    proposed = models.JSONField(_("nilai yang diajukan"))  # only the verified fields that change
    previous = models.JSONField(_("nilai saat diajukan"))  # the same fields as they were in force then
    note = models.TextField(_("keterangan penyedia"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("diajukan"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    reason = models.TextField(_("alasan / catatan verifikator"), blank=True)

    class Meta:
        verbose_name = _("perubahan identitas penyedia")
        verbose_name_plural = _("perubahan identitas penyedia")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="identity_change_number_unique"),
            models.UniqueConstraint(
                fields=["provider"],
                condition=models.Q(status="PENDING"),
                name="identity_change_one_pending_per_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} #{self.number} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, value before, value proposed) of each field the change touches, as shown in the history."""

        def shown(field: str, value) -> str:
            if field == "business_form" and value in Provider.BusinessForm.values:
                return str(Provider.BusinessForm(value).label)
            return str(value) if value not in (None, "") else "–"

        def label(field: str) -> str:
            found = Provider._meta.get_field(field)
            assert isinstance(found, models.Field), field
            return str(found.verbose_name)

        return [
            (
                label(field),
                shown(field, self.previous.get(field)),
                shown(field, value),
            )
            for field, value in self.proposed.items()
        ]


def identity_document_upload_to(instance: IdentityChangeDocument, filename: str) -> str:
    """Private path: served only by the access-checked document views."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"private/providers/{instance.change.provider_id}/identity/{uuid.uuid4().hex}.{ext}"


class IdentityChangeDocument(models.Model):
    """A document supporting an identity change (a new deed, KTP, NPWP ...). Never replaced nor deleted."""

    class Kind(models.TextChoices):
        DEED_AMENDMENT = "AKTA_PERUBAHAN", _("Akta perubahan")
        DEED_APPROVAL = "SK_KEMENKUMHAM", _("SK persetujuan/pengesahan Kemenkumham")
        KTP = "KTP", _("KTP direktur/pemilik/pejabat berwenang")
        NPWP = "NPWP", _("NPWP / surat keterangan terdaftar")
        DOMICILE = "DOMISILI", _("Surat keterangan domisili")
        OTHER = "LAINNYA", _("Dokumen pendukung lain")

    change = models.ForeignKey(IdentityChange, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=identity_document_upload_to, max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen perubahan identitas")
        verbose_name_plural = _("dokumen perubahan identitas")
        ordering = ["change", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.change})"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
