"""The schedule (jadwal): one window per stage, and the public history of its changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Stage
from .tender import Tender


class ScheduleEntry(models.Model):
    """One stage's window: open from `starts_at` (inclusive) to `ends_at` (exclusive)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="schedule")
    stage = models.CharField(_("tahapan"), max_length=32, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(default=0)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("sampai"))

    class Meta:
        verbose_name = _("jadwal tahapan")
        verbose_name_plural = _("jadwal")
        ordering = ["tender", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "stage"], name="schedule_stage_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="schedule_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tender.code} {self.stage}"


class ScheduleChange(models.Model):  # noqa: DJ008
    """A published change of the schedule, with its reason (public history)."""

    class Kind(models.TextChoices):
        CHANGE = "CHANGE", _("Perubahan jadwal")
        OUTAGE_EXTENSION = "OUTAGE_EXTENSION", _("Perpanjangan karena gangguan teknis")
        REEVALUATION = "REEVALUATION", _("Evaluasi ulang")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="schedule_changes")
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices, default=Kind.CHANGE)
    reason = models.TextField(_("alasan"))
    outage_reference = models.CharField(_("rujukan gangguan"), max_length=100, blank=True)
    changes = models.JSONField(
        default=list, help_text="[{stage, old_starts_at, old_ends_at, new_starts_at, new_ends_at}]"
    )
    after_bid_upload_opened = models.BooleanField(default=False)
    notified_count = models.PositiveIntegerField(default=0)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("perubahan jadwal")
        verbose_name_plural = _("perubahan jadwal")
        ordering = ["tender", "-changed_at"]
