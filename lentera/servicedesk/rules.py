"""Rules of the service desk, with their thresholds as dated rule data (issue #16).

A change (new service hours, new SLA targets) is a new row with the day it takes effect; a ticket is judged by the
row in force on the day it was reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .enums import TECHNICAL, Category, Priority

#: The first day of the service desk's rule data (Lentera's service desk, issue #16).
DESK_RULES_FROM = dt.date(2021, 1, 1)


class RuleError(LookupError):
    """No row of a rule is in force on the day asked: the rule data must be completed, never guessed."""


class _Dated(Protocol):
    @property
    def starts(self) -> dt.date: ...
    @property
    def ends(self) -> dt.date | None: ...


R = TypeVar("R", bound=_Dated)


def _in_force(rows: Sequence[R], on: dt.date) -> R:
    found = [r for r in rows if r.starts <= on and (r.ends is None or on <= r.ends)]
    if not found:
        raise RuleError(f"no rule row in force on {on.isoformat()}")
    return max(found, key=lambda r: r.starts)


# ------------------------------------------------------------------------------------------ service hours


@dataclass(frozen=True)
class ServiceHours:
    opens: dt.time  # Asia/Jakarta, on every working day of lentera.core.calendar
    closes: dt.time
    starts: dt.date
    ends: dt.date | None
    citation: str


SERVICE_HOURS: tuple[ServiceHours, ...] = (
    ServiceHours(
        dt.time(8, 0),
        dt.time(16, 0),
        DESK_RULES_FROM,
        None,
        "Kebijakan Lentera: the help desk answers 08:00-16:00 WIB on working days (the LPSE's office hours)",
    ),
)


def service_hours(on: dt.date) -> tuple[dt.time, dt.time]:
    """The help desk's opening and closing time (WIB) on a working day; SLA clocks run only inside them.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: SLA targets count working hours, 08:00-16:00 WIB on the project's working days.
    """
    row = _in_force(SERVICE_HOURS, on)
    return row.opens, row.closes


# ------------------------------------------------------------------------------------------------ SLA


@dataclass(frozen=True)
class SlaTarget:
    categories: frozenset[str]
    priority: str
    first_response_hours: int  # working hours from the report to the first public reply
    resolution_hours: (
        int  # working hours from the report to resolution (paused while waiting on the reporter)
    )
    starts: dt.date
    ends: dt.date | None
    citation: str


_ALL = frozenset(Category.values)
_NON_TECHNICAL = _ALL - TECHNICAL
_SLA_CITATION = "Kebijakan Lentera: the desk's service levels, published on the help page (issue #16, SLA)"

SLA_TARGETS: tuple[SlaTarget, ...] = (
    SlaTarget(TECHNICAL, Priority.HIGH, 1, 8, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(TECHNICAL, Priority.NORMAL, 4, 16, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(TECHNICAL, Priority.LOW, 8, 40, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.HIGH, 2, 16, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.NORMAL, 8, 24, DESK_RULES_FROM, None, _SLA_CITATION),
    SlaTarget(_NON_TECHNICAL, Priority.LOW, 16, 40, DESK_RULES_FROM, None, _SLA_CITATION),
)


def sla_target(*, category: str, priority: str, on: dt.date) -> SlaTarget:
    """The first-response and resolution targets (working hours) of a ticket of ``category`` and ``priority``
    reported on ``on``.

    Cites: Perbup PPU 2/2021 Pasal 4 huruf e (layanan Help Desk);
           Kebijakan Lentera: targets per category and priority, counted in working hours (issue #16, SLA).
    """
    rows = [r for r in SLA_TARGETS if str(category) in r.categories and r.priority == str(priority)]
    return _in_force(rows, on)


# ------------------------------------------------------------------------------------------ Pasal 18


@dataclass(frozen=True)
class Pasal18Decision:
    priority: str
    due_at: dt.datetime | None  # the end of the tender's running (or next) stage; None: no schedule left


def pokja_technical_problem(
    *,
    category: str,
    reporter_is_operator: bool,
    stage_ends_at: dt.datetime | None,
) -> Pasal18Decision | None:
    """A technical problem reported by the tender's Pokja (or its Pejabat Pengadaan) gets high priority and must
    be solved before the tender's running stage ends, so the selection keeps its schedule. None when the rule
    does not apply (not technical, not linked to a tender, or not reported by the tender's operator).

    Cites: Permendagri 53/2021 Pasal 18 ayat (1)-(2);
           Kebijakan Lentera: the due time is the end of the tender's running stage (or the next one between
           windows), so the LPSE's solution comes inside the schedule (issue #16).
    """
    if str(category) not in TECHNICAL or not reporter_is_operator:
        return None
    return Pasal18Decision(Priority.HIGH, stage_ends_at)


#: How long before the tender's stage ends an unanswered Pasal 18 ticket is raised to the head of the LPSE
#: sub-unit (Kebijakan Lentera, issue #16: "an unanswered ticket raises an alert ... before the stage closes").
PASAL18_ALERT_LEAD = dt.timedelta(hours=24)
