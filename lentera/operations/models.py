"""Backup runs, restores and restore drills, as rows the operations page shows (Permendagri 53/2021 Lampiran 2.5.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRun(models.Model):
    class Kind(models.TextChoices):
        BACKUP = "BACKUP", _("Pencadangan")
        RESTORE = "RESTORE", _("Pemulihan")
        DRILL = "DRILL", _("Uji pemulihan")

    class Result(models.TextChoices):
        OK = "OK", _("Berhasil")
        FAILED = "FAILED", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    result = models.CharField(_("hasil"), max_length=10, choices=Result.choices)
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"))
    duration_ms = models.PositiveIntegerField(_("lama (ms)"), default=0)
    archive_name = models.CharField(_("arsip"), max_length=200, blank=True)
    archive_sha256 = models.CharField(_("SHA-256 arsip"), max_length=64, blank=True)
    size_bytes = models.BigIntegerField(_("ukuran (byte)"), default=0)
    database_vendor = models.CharField(_("basis data"), max_length=20, blank=True)
    row_count = models.BigIntegerField(_("jumlah baris"), default=0)
    file_count = models.PositiveIntegerField(_("jumlah berkas"), default=0)
    audit_head_seq = models.BigIntegerField(_("kepala rantai audit"), default=0)
    audit_head_hash = models.CharField(_("hash kepala rantai audit"), max_length=64, blank=True)
    locations = models.JSONField(_("lokasi"), default=list, blank=True)
    message = models.TextField(_("keterangan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-started_at"], name="ops_backuprun_kind_started")]
        verbose_name = _("catatan pencadangan")

    def __str__(self) -> str:
        return f"{self.kind} {self.result} {self.archive_name}"
