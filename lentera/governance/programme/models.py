"""The LPSE team's work programme (program kerja) and its realisation (issue #17 part 1; Perbup PPU 2/2021 Pasal
4 huruf b angka 1-2): a programme per agency and year, its activities with target, budget line and planned dates,
and the realisation recorded against each activity (what was done, when, what it cost). The activity report of a
period is computed from these rows (``selectors.activity_report``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency
from lentera.core.money import MoneyField

from ..enums import LpseField
from ..models import Decree


class WorkProgramme(models.Model):
    """The yearly programme of work and budget of the Tim Pengelolaan LPSE (Pasal 4 huruf b angka 1)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=300)
    team_decree = models.ForeignKey(
        Decree,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("SK Tim LPSE"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program kerja Tim LPSE")
        verbose_name_plural = _("program kerja Tim LPSE")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="governance_programme_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ProgrammeActivity(models.Model):
    """One activity of the programme: what the team will do, its target (a quantity of a unit), the budget line
    and the planned dates; the field of the team that carries it out (blank: the secretary / whole team)."""

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="activities")
    lpse_field = models.CharField(_("bidang"), max_length=16, choices=LpseField.choices, blank=True)
    name = models.CharField(_("kegiatan"), max_length=300)
    target = models.CharField(_("sasaran / keluaran"), max_length=300)
    target_quantity = models.PositiveIntegerField(_("target volume"))
    unit = models.CharField(_("satuan"), max_length=40)
    budget = MoneyField(_("anggaran"))
    planned_start = models.DateField(_("rencana mulai"))
    planned_end = models.DateField(_("rencana selesai"))
    person_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kegiatan program kerja")
        verbose_name_plural = _("kegiatan program kerja")
        ordering = ["programme", "planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="governance_activity_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="governance_activity_budget_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(target_quantity__gte=1), name="governance_activity_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Realisation(models.Model):
    """What was done of an activity on a day: the volume achieved, the money spent, a note (the facts the
    activity report of Pasal 4 huruf b angka 2 is made of)."""

    activity = models.ForeignKey(ProgrammeActivity, on_delete=models.PROTECT, related_name="realisations")
    realised_on = models.DateField(_("tanggal pelaksanaan"))
    quantity = models.PositiveIntegerField(_("volume tercapai"))
    spent = MoneyField(_("realisasi anggaran"))
    note = models.TextField(_("uraian"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("realisasi kegiatan")
        verbose_name_plural = _("realisasi kegiatan")
        ordering = ["activity", "realised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spent__gte=0), name="governance_realisation_spent_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.realised_on}"
