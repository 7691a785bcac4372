"""Official records (berita acara) rendered as PDF from the recorded data; their SHA-256 is in the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import OfficialRecordKind
from .tender import Tender


class OfficialRecord(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="official_records")
    kind = models.CharField(_("jenis"), max_length=32, choices=OfficialRecordKind.choices)
    number = models.CharField(_("nomor"), max_length=100)
    title = models.CharField(_("judul"), max_length=300)
    file = models.FileField(upload_to="official_records/%Y/")
    sha256 = models.CharField(max_length=64)
    context = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("berita acara")
        verbose_name_plural = _("berita acara")
        ordering = ["tender", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["number"], name="official_record_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
