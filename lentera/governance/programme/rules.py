"""Rules of the LPSE team's work programme and its activity report (Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2,
Pasal 7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lentera.core.money import format_rupiah

from ..errors import GovernanceError


def check_activity_plan(
    *, year: int, planned_start: dt.date, planned_end: dt.date, target_quantity: int, budget: Decimal
) -> None:
    """An activity of the programme has a target of at least one unit, a budget that is not negative and planned
    dates inside the programme's year: the secretary draws up the team's programme of work *and budget*
    (Pasal 4 huruf b angka 1), and the LPSE is paid for from the regional budget (APBD, Pasal 7), which is yearly.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf b angka 1;
           Perbup PPU 2/2021 Pasal 7.
    """
    if target_quantity < 1:
        raise GovernanceError("TARGET_REQUIRED", _("Target volume kegiatan paling sedikit 1."))
    if budget < 0:
        raise GovernanceError("BUDGET_NEGATIVE", _("Anggaran kegiatan tidak boleh negatif."))
    if planned_end < planned_start:
        raise GovernanceError(
            "ACTIVITY_PERIOD_INVALID", _("Rencana selesai tidak boleh sebelum rencana mulai.")
        )
    if planned_start.year != year or planned_end.year != year:
        raise GovernanceError(
            "ACTIVITY_OUTSIDE_YEAR",
            _("Jadwal kegiatan harus dalam tahun program kerja (%(year)s)."),
            year=year,
        )


def check_realisation(
    *, year: int, realised_on: dt.date, today: dt.date, spent_before: Decimal, spent: Decimal, budget: Decimal
) -> None:
    """A realisation is reported for a day of the programme's year that has come (the activity report tells what
    was done, Pasal 4 huruf b angka 2), and what it spent, added to what the activity spent before, stays within
    the activity's budget line: the LPSE's costs are charged to the APBD (Pasal 7), so spending beyond the line
    needs a changed programme first.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf b angka 2;
           Perbup PPU 2/2021 Pasal 7.
    """
    if realised_on > today:
        raise GovernanceError(
            "REALISATION_FUTURE", _("Realisasi tidak dapat dicatat untuk tanggal yang belum tiba.")
        )
    if realised_on.year != year:
        raise GovernanceError(
            "REALISATION_OUTSIDE_YEAR",
            _("Tanggal realisasi harus dalam tahun program kerja (%(year)s)."),
            year=year,
        )
    if spent < 0:
        raise GovernanceError("SPENT_NEGATIVE", _("Realisasi anggaran tidak boleh negatif."))
    if spent_before + spent > budget:
        raise GovernanceError(
            "BUDGET_EXCEEDED",
            _("Realisasi melebihi anggaran kegiatan (sisa %(left)s)."),
            status=409,
            left=format_rupiah(budget - spent_before),
        )


def check_report_period(*, year: int, first: dt.date, last: dt.date) -> None:
    """The activity report covers a period of the programme's year (a month, a quarter, a semester, the year):
    the secretary reports on the team's programme (Pasal 4 huruf b angka 2).

    Cites: Perbup PPU 2/2021 Pasal 4 huruf b angka 2.
    """
    if last < first:
        raise GovernanceError("PERIOD_INVALID", _("Akhir periode tidak boleh sebelum awal periode."))
    if first.year != year or last.year != year:
        raise GovernanceError(
            "PERIOD_OUTSIDE_YEAR", _("Periode laporan harus dalam tahun program kerja (%(year)s)."), year=year
        )


class Progress:
    """The states an activity's progress is shown in (activity_status)."""

    PLANNED = "PLANNED"
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    LATE = "LATE"
    DONE = "DONE"


def activity_status(
    *, target_quantity: int, achieved: int, planned_start: dt.date, planned_end: dt.date, on: dt.date
) -> str:
    """An activity's progress at the end of a report period ``on``: DONE when its target is reached; LATE when its
    planned end has passed without; IN_PROGRESS when something was done; NOT_STARTED when its planned start has
    passed with nothing done; PLANNED before that.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf b angka 2;
           Kebijakan Lentera: the report states each activity's progress against its plan; "late" means the planned end has passed with the target not reached.
    """
    if achieved >= target_quantity:
        return Progress.DONE
    if on > planned_end:
        return Progress.LATE
    if achieved > 0:
        return Progress.IN_PROGRESS
    return Progress.NOT_STARTED if on >= planned_start else Progress.PLANNED
