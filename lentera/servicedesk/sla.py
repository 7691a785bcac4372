"""Working-hour arithmetic for the SLA clocks: the project's working days (lentera.core.calendar) and the desk's
service hours (rules.service_hours)."""

from __future__ import annotations

import datetime as dt

from lentera.core.calendar import JAKARTA, add_working_days, is_working_day

from .rules import reopen_window_days, service_hours


def _window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    opens, closes = service_hours(day)
    return dt.datetime.combine(day, opens, JAKARTA), dt.datetime.combine(day, closes, JAKARTA)


def add_working_hours(start: dt.datetime, hours: float, agency: object = None) -> dt.datetime:
    """The moment ``hours`` working hours after ``start`` (time outside service hours does not count)."""
    remaining = dt.timedelta(hours=hours)
    t = start.astimezone(JAKARTA)
    day = t.date()
    if not is_working_day(day, agency):
        day = add_working_days(day, 1, agency)
        t = _window(day)[0]
    while True:
        opens, closes = _window(day)
        t = max(t, opens)
        if t < closes:
            if remaining <= closes - t:
                return (t + remaining).astimezone(dt.UTC)
            remaining -= closes - t
        day = add_working_days(day, 1, agency)
        t = _window(day)[0]


def working_hours_between(a: dt.datetime, b: dt.datetime, agency: object = None) -> float:
    """Working hours from ``a`` to ``b`` (0 when b is not after a)."""
    if b <= a:
        return 0.0
    a, b = a.astimezone(JAKARTA), b.astimezone(JAKARTA)
    total = dt.timedelta()
    day = a.date()
    if not is_working_day(day, agency):
        day = add_working_days(day, 1, agency)
    while day <= b.date():
        opens, closes = _window(day)
        lo, hi = max(a, opens), min(b, closes)
        if hi > lo:
            total += hi - lo
        day = add_working_days(day, 1, agency)
    return total.total_seconds() / 3600


def reopen_until(resolved_at: dt.datetime, agency: object = None) -> dt.datetime:
    """The end (midnight WIB) of the last working day the reporter may reopen a ticket resolved at
    ``resolved_at``: ``rules.reopen_window_days`` working days after the day of resolution."""
    day = resolved_at.astimezone(JAKARTA).date()
    last = add_working_days(day, reopen_window_days(day), agency)
    return dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), JAKARTA).astimezone(dt.UTC)
