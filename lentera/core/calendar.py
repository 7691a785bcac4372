"""The Indonesian working-day calendar used by every "hari kerja" rule.

A working day is Monday to Friday that is not

* a national holiday (``holidays.country_holidays("ID")``),
* a day an admin added (:class:`lentera.core.models.NonWorkingDay`): collective leave (cuti bersama) and extra
  national days off for everyone, local days off for one instansi (``agency``).

Conventions (the same in every function):

* ``add_working_days(day, n)`` is the n-th working day after ``day`` (``day`` itself is not counted; n < 0
  counts backwards; n == 0 returns ``day`` unchanged).
* ``working_days_between(a, b)`` counts the working days d with a < d <= b; when b is before a it is minus the
  count of b <= d < a. So ``add_working_days(a, working_days_between(a, b)) == b`` whenever b is a working day.
* Datetimes are turned into their Asia/Jakarta date first (:func:`local_date`).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any
from zoneinfo import ZoneInfo

import holidays

JAKARTA = ZoneInfo("Asia/Jakarta")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The Asia/Jakarta calendar date of a date or (aware or naive-UTC) datetime."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(JAKARTA).date()
    return value


@functools.lru_cache(maxsize=128)
def _national_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("ID", years=year))


def _agency_id(agency: Any) -> int | None:
    if agency is None:
        return None
    return agency if isinstance(agency, int) else agency.pk


def days_off(start: dt.date, end: dt.date, agency: Any = None) -> dict[dt.date, str]:
    """Every holiday and admin-added day off in [start, end] (weekends not included), with its name."""
    from django.db.models import Q

    from .models import NonWorkingDay

    if end < start:
        start, end = end, start
    out: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _national_holidays(year).items():
            if start <= day <= end:
                out[day] = name
    scope = Q(agency__isnull=True)
    agency_id = _agency_id(agency)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    for day, name in NonWorkingDay.objects.filter(scope, date__range=(start, end)).values_list(
        "date", "name"
    ):
        out.setdefault(day, name)
    return out


def is_working_day(day: dt.date | dt.datetime, agency: Any = None) -> bool:
    day = local_date(day)
    if day.weekday() in WEEKEND:
        return False
    return day not in days_off(day, day, agency)


def _walk(day: dt.date, step: int, agency: Any):
    """Yield the working days after (step=1) or before (step=-1) `day`, loading days off a window at a time."""
    window = 90
    cursor = day
    while True:
        lo, hi = sorted((cursor + dt.timedelta(days=step), cursor + dt.timedelta(days=step * window)))
        off = days_off(lo, hi, agency)
        for _ in range(window):
            cursor += dt.timedelta(days=step)
            if cursor.weekday() not in WEEKEND and cursor not in off:
                yield cursor


def add_working_days(day: dt.date | dt.datetime, n: int, agency: Any = None) -> dt.date:
    """The n-th working day after `day` (before it when n < 0); `day` itself is never counted."""
    day = local_date(day)
    if n == 0:
        return day
    for count, found in enumerate(_walk(day, 1 if n > 0 else -1, agency), start=1):
        if count == abs(n):
            return found
    raise AssertionError("unreachable")  # pragma: no cover


def working_days_between(a: dt.date | dt.datetime, b: dt.date | dt.datetime, agency: Any = None) -> int:
    """Working days d with a < d <= b; when b is before a, minus the working days d with b <= d < a (the inverse
    of :func:`add_working_days`)."""
    a, b = local_date(a), local_date(b)
    if a == b:
        return 0
    if b > a:
        first, last, sign = a + dt.timedelta(days=1), b, 1
    else:
        first, last, sign = b, a - dt.timedelta(days=1), -1
    off = days_off(first, last, agency)
    count = 0
    day = first
    while day <= last:
        if day.weekday() not in WEEKEND and day not in off:
            count += 1
        day += dt.timedelta(days=1)
    return sign * count


def next_working_day(day: dt.date | dt.datetime, agency: Any = None, *, inclusive: bool = False) -> dt.date:
    """The first working day after `day` (or `day` itself when `inclusive` and it is a working day)."""
    day = local_date(day)
    if inclusive and is_working_day(day, agency):
        return day
    return add_working_days(day, 1, agency)


def previous_working_day(
    day: dt.date | dt.datetime, agency: Any = None, *, inclusive: bool = False
) -> dt.date:
    """The last working day before `day` (or `day` itself when `inclusive` and it is a working day)."""
    day = local_date(day)
    if inclusive and is_working_day(day, agency):
        return day
    return add_working_days(day, -1, agency)
