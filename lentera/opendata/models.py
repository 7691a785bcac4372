"""OCDS releases as published: one row per release, in publication order (the change feed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One OCDS 1.1.5 release, immutable once written.

    ``seq`` is the publication sequence: allocated while holding a lock that is released only at commit
    (see services._allocate_seq), so releases become visible in ``seq`` order and a feed reader that pages by
    ``seq`` never skips a release that was still being written (docs/opendata.md).
    """

    class Kind(models.TextChoices):
        PLANNING = "planning", _("Perencanaan (RUP)")
        TENDER = "tender", _("Tender")
        AWARD = "award", _("Penetapan pemenang")
        CONTRACT = "contract", _("Kontrak")

    seq = models.BigIntegerField(_("urutan publikasi"), unique=True)
    ocid = models.CharField(max_length=120, db_index=True)
    release_id = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    tags = models.JSONField(default=list)
    date = models.DateTimeField(_("tanggal rilis"))
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"), db_index=True)
    data = models.JSONField()
    digest = models.CharField(
        max_length=64, help_text="SHA-256 of the public facts this release was built from (idempotent sync)."
    )
    source = models.CharField(
        max_length=80, help_text="model label and primary key of the public event's object"
    )
    published_at = models.DateTimeField(_("dipublikasikan"))

    class Meta:
        verbose_name = _("rilis OCDS")
        verbose_name_plural = _("rilis OCDS")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["ocid", "kind", "seq"], name="release_ocid_kind_seq"),
            models.Index(fields=["fiscal_year", "seq"], name="release_year_seq"),
        ]

    def __str__(self) -> str:
        return self.release_id
