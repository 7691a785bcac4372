"""Reads of the LPSE team's work programme, scoped like the rest of governance, and the figures of the activity
report of a period (``activity_report``: the page, the PDF and the API show them; the reporting app may include
them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import Agency, User
from lentera.core.errors import NotFound

from .. import selectors as governance_selectors
from ..enums import DecreeKind
from ..models import Decree
from ..sops import selectors as sop_selectors
from ..standards import selectors as standard_selectors
from . import rules
from .models import ProgrammeActivity, Realisation, WorkProgramme

#: Who keeps the programme: the head and Admin UKPBJ and the head of the LPSE sub-unit (the team's chair directs
#: it and its secretary draws it up, Perbup PPU 2/2021 Pasal 4 huruf a-b); the auditor reads it.
EDITOR_ROLES = standard_selectors.EDITOR_ROLES
READER_ROLES = governance_selectors.READER_ROLES
edited_agency_ids = standard_selectors.edited_agency_ids
agencies_visible_to = standard_selectors.agencies_visible_to
agency_visible_to = standard_selectors.agency_visible_to


def programmes_visible_to(user: User) -> QuerySet[WorkProgramme]:
    scope = governance_selectors.agency_ids(user)
    qs = WorkProgramme.objects.select_related("agency", "team_decree")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def programmes_of(*, user: User, agency: Agency) -> QuerySet[WorkProgramme]:
    return programmes_visible_to(user).filter(agency=agency)


def programme_visible_to(*, user: User, pk: int) -> WorkProgramme:
    found = programmes_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("PROGRAMME_NOT_FOUND", _("Program kerja tidak ditemukan."), status=404)
    return found


def activity_visible_to(*, user: User, pk: int) -> ProgrammeActivity:
    scope = governance_selectors.agency_ids(user)
    qs = ProgrammeActivity.objects.select_related("programme")
    found = (qs if scope is None else qs.filter(programme__agency_id__in=scope)).filter(pk=pk).first()
    if found is None:
        raise NotFound("ACTIVITY_NOT_FOUND", _("Kegiatan tidak ditemukan."), status=404)
    return found


def activities_of(programme: WorkProgramme) -> QuerySet[ProgrammeActivity]:
    return ProgrammeActivity.objects.filter(programme=programme)


def team_decrees_of(agency_id: int) -> QuerySet[Decree]:
    """The agency's LPSE team decrees (Keputusan Bupati) a programme may refer to."""
    return Decree.objects.filter(agency_id=agency_id, kind=DecreeKind.LPSE_TEAM, revoked_at__isnull=True)


def team_decree_of(*, agency_id: int, pk: int | None) -> Decree | None:
    if pk is None:
        return None
    found = team_decrees_of(agency_id).filter(pk=pk).first()
    if found is None:
        raise NotFound("DECREE_NOT_FOUND", _("SK Tim LPSE tidak ditemukan."), status=404)
    return found


def people_of(agency_id: int) -> QuerySet[User]:
    """Who may be in charge of an activity: the agency's staff."""
    return sop_selectors.staff_of(agency_id)


def person_of(*, agency_id: int, pk: int) -> User:
    found = people_of(agency_id).filter(pk=pk).first()
    if found is None:
        raise NotFound("PERSON_NOT_FOUND", _("Pegawai tidak ditemukan."), status=404)
    return found


def spent_on(activity: ProgrammeActivity) -> Decimal:
    return sum((r.spent for r in Realisation.objects.filter(activity=activity)), Decimal("0"))


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ReportRow:
    """One activity in the report: its plan, what was done in the period and up to its end."""

    activity: ProgrammeActivity
    period_quantity: int
    period_spent: Decimal
    achieved: int  # volume achieved from the start of the year to the end of the period
    spent: Decimal  # spent from the start of the year to the end of the period
    status: str  # rules.Progress
    realisations: list[Realisation]  # those dated in the period

    @property
    def status_label(self) -> str:
        return str(PROGRESS_LABELS[self.status])

    @property
    def achievement_pct(self) -> Decimal:
        return _percent(min(self.achieved, self.activity.target_quantity), self.activity.target_quantity)

    @property
    def absorption_pct(self) -> Decimal:
        return _percent(self.spent, self.activity.budget)


@dataclass(frozen=True)
class ActivityReport:
    """The figures of the LPSE team's activity report (Perbup PPU 2/2021 Pasal 4 huruf b angka 2) for
    ``first``..``last`` of the programme's year."""

    programme: WorkProgramme
    first: dt.date
    last: dt.date
    rows: list[ReportRow]
    budget: Decimal
    period_spent: Decimal
    spent: Decimal
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def absorption_pct(self) -> Decimal:
        return _percent(self.spent, self.budget)

    @property
    def status_table(self) -> list[tuple[str, int]]:
        return [(str(PROGRESS_LABELS[k]), n) for k, n in self.status_counts.items()]

    @property
    def mean_achievement_pct(self) -> Decimal:
        if not self.rows:
            return Decimal("0.0")
        total = sum((r.achievement_pct for r in self.rows), Decimal("0"))
        return (total / len(self.rows)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def activity_report(*, programme: WorkProgramme, first: dt.date, last: dt.date) -> ActivityReport:
    """The activity report's figures for a period of ``programme`` (the caller has found the programme through
    a scoped selector): per activity the volume and money of the period and of the year so far, the share of the
    target reached and of the budget spent, and its progress at the end of the period."""
    rules.check_report_period(year=programme.year, first=first, last=last)
    activities = list(
        ProgrammeActivity.objects.filter(programme=programme).select_related("person_in_charge")
    )
    by_activity: dict[int, list[Realisation]] = {a.pk: [] for a in activities}
    for r in Realisation.objects.filter(activity__programme=programme, realised_on__lte=last).select_related(
        "recorded_by"
    ):
        by_activity[r.activity_id].append(r)
    rows = []
    for a in activities:
        done = by_activity[a.pk]
        in_period = [r for r in done if r.realised_on >= first]
        achieved = sum(r.quantity for r in done)
        rows.append(
            ReportRow(
                activity=a,
                period_quantity=sum(r.quantity for r in in_period),
                period_spent=sum((r.spent for r in in_period), Decimal("0")),
                achieved=achieved,
                spent=sum((r.spent for r in done), Decimal("0")),
                status=rules.activity_status(
                    target_quantity=a.target_quantity,
                    achieved=achieved,
                    planned_start=a.planned_start,
                    planned_end=a.planned_end,
                    on=last,
                ),
                realisations=in_period,
            )
        )
    counts = dict.fromkeys(PROGRESS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return ActivityReport(
        programme=programme,
        first=first,
        last=last,
        rows=rows,
        budget=sum((a.budget for a in activities), Decimal("0")),
        period_spent=sum((r.period_spent for r in rows), Decimal("0")),
        spent=sum((r.spent for r in rows), Decimal("0")),
        status_counts=counts,
    )


PROGRESS_LABELS = {
    rules.Progress.PLANNED: _("Belum waktunya"),
    rules.Progress.NOT_STARTED: _("Belum dimulai"),
    rules.Progress.IN_PROGRESS: _("Berjalan"),
    rules.Progress.LATE: _("Terlambat"),
    rules.Progress.DONE: _("Selesai"),
}
