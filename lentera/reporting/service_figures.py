"""Figures of the LPSE's own service (not of the packages): the provider verification times per month, the LPSE
team's activity, and the LPSE's availability from the recorded health checks. Pure functions of the rows the
lower apps' selectors return (and of :class:`.models.AvailabilitySample` rows); docs/reporting.md defines each."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lentera.core.calendar import JAKARTA

from . import rules

ONE_PLACE = Decimal("0.1")


def period_bounds(kind: str, year: int) -> tuple[dt.datetime, dt.datetime]:
    """The report period as a half-open interval of aware datetimes, [first day 00:00, day after the last) in
    Asia/Jakarta."""
    first, last = rules.report_period(kind, year)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=JAKARTA)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=JAKARTA)
    return start, end


def period_months(kind: str, year: int) -> list[tuple[int, int]]:
    """The (year, month) pairs of the report period."""
    first, last = rules.report_period(kind, year)
    return [(year, m) for m in range(first.month, last.month + 1)]


def hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Calendar hours from ``start`` to ``end`` (never negative)."""
    return max((end - start).total_seconds(), 0.0) / 3600


def percentile(values: list[float], p: int) -> Decimal | None:
    """The nearest-rank ``p``-th percentile (the smallest value with at least p % of the values at or below it),
    one decimal; ``None`` without values. The median (p = 50) is the usual one: the middle value, the mean of the
    two middle ones for an even count."""
    if not values:
        return None
    ordered = sorted(values)
    if p == 50:
        n = len(ordered)
        mid = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
        return Decimal(str(mid)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return Decimal(str(ordered[rank - 1])).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _month_of(value: dt.datetime) -> tuple[int, int]:
    local = value.astimezone(JAKARTA)
    return local.year, local.month


def _times_row(key: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    hours = [hours_between(r["submitted_at"], r["decided_at"]) for r in rows]
    return {
        "month": key,
        "decided": len(rows),
        "approved": sum(1 for r in rows if r["outcome"] == "APPROVED"),
        "rejected": sum(1 for r in rows if r["outcome"] == "REJECTED"),
        "median_hours": percentile(hours, 50),
        "p90_hours": percentile(hours, 90),
    }


def verification_times(rows: list[dict[str, Any]], months: list[tuple[int, int]]) -> dict[str, Any]:
    """Per month of decision (Asia/Jakarta): the rounds decided, approved and rejected, and the median and 90th
    percentile of the hours from the submission to the decision; and the same over the whole period."""
    wanted = set(months)
    kept = [r for r in rows if r["decided_at"] is not None and _month_of(r["decided_at"]) in wanted]
    by_month: dict[tuple[int, int], list[dict[str, Any]]] = {m: [] for m in months}
    for r in kept:
        by_month[_month_of(r["decided_at"])].append(r)
    return {
        "months": [_times_row(m, by_month[m]) for m in months],
        "total": _times_row(None, kept),
    }


NOTICE_KINDS = ("MAINTENANCE", "OUTAGE", "INFO")
ROUND_SUBJECTS = ("PROVIDER", "PROVIDER_UPDATE", "STAFF")


def team_activity(rows: dict[str, Any]) -> dict[str, Any]:
    """The LPSE team's activity counts from the rows of :func:`.selectors.team_activity_figures`: help desk tickets
    reported in the period and of those answered (a first response) and resolved; training sessions held,
    attendees and certificates; verification rounds decided per subject and outcome; service notices whose window
    overlaps the period per kind (withdrawn ones apart)."""
    desk, training = rows["desk"], rows["training"]
    rounds = rows["verifications"]
    notices = rows["notices"]
    live = [n for n in notices if n["withdrawn_at"] is None]
    return {
        "tickets": desk["count"],
        "tickets_answered": desk["answered"],
        "tickets_resolved": desk["resolved"],
        "sessions": training["sessions"],
        "attendees": training["attendees"],
        "certificates": training["certificates"],
        "rounds": {subject: sum(1 for r in rounds if r["subject"] == subject) for subject in ROUND_SUBJECTS},
        "rounds_approved": sum(1 for r in rounds if r["outcome"] == "APPROVED"),
        "rounds_rejected": sum(1 for r in rounds if r["outcome"] == "REJECTED"),
        "notices": {kind: sum(1 for n in live if n["kind"] == kind) for kind in NOTICE_KINDS},
        "notices_withdrawn": len(notices) - len(live),
    }


def _availability_row(key: Any, rows: list[dict[str, Any]], interval: int) -> dict[str, Any]:
    up = sum(1 for r in rows if r["ok"])
    latencies = [float(r["latency_ms"]) for r in rows if r["ok"] and r["latency_ms"] is not None]
    return {
        "month": key,
        "samples": len(rows),
        "up": up,
        "availability_pct": (
            (Decimal(100 * up) / Decimal(len(rows))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if rows
            else None
        ),
        "downtime_minutes": (len(rows) - up) * interval,
        "median_latency_ms": percentile(latencies, 50),
    }


def availability(rows: list[dict[str, Any]], months: list[tuple[int, int]], interval: int) -> dict[str, Any]:
    """Per month (Asia/Jakarta) of the health-check samples: how many, how many answered 200 in time, the
    availability (up ÷ samples × 100, two decimals; none without a sample), the downtime minutes (failed samples
    × the sampling interval) and the median latency of the good answers; and the same over the period."""
    wanted = set(months)
    kept = [r for r in rows if _month_of(r["checked_at"]) in wanted]
    by_month: dict[tuple[int, int], list[dict[str, Any]]] = {m: [] for m in months}
    for r in kept:
        by_month[_month_of(r["checked_at"])].append(r)
    return {
        "months": [_availability_row(m, by_month[m], interval) for m in months],
        "total": _availability_row(None, kept, interval),
        "interval": interval,
    }
