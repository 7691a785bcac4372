"""The desk's statistics for the head of the LPSE sub-unit (issue #16, Statistics): per month of the year (WIB),
tickets by category and channel, the share resolved within their targets, the median first-response and
resolution times in working hours, the satisfaction average, the escalated tickets (and those forwarded to
LKPP). Reads only."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from decimal import Decimal
from typing import Any

from lentera.core.calendar import JAKARTA

from . import sla
from .enums import AnswerScope, Category, Channel, Tier
from .models import Ticket


def _median(values: list[float]) -> Decimal | None:
    return Decimal(str(round(statistics.median(values), 1))) if values else None


def _p90(values: list[float]) -> Decimal | None:
    """The 90th percentile (linear interpolation between the closest ranks, ``statistics.quantiles`` inclusive
    method: with one value, that value)."""
    if not values:
        return None
    if len(values) == 1:
        return Decimal(str(round(values[0], 1)))
    return Decimal(str(round(statistics.quantiles(values, n=10, method="inclusive")[8], 1)))


def _met(t: Ticket) -> bool:
    """Resolved by its nearest deadline, with the first response by its target."""
    return (
        t.resolved_at is not None
        and t.resolved_at <= t.due_at
        and t.first_response_at is not None
        and t.first_response_at <= t.first_response_due_at
    )


def _month_row(month: int, tickets: list[Ticket]) -> dict[str, Any]:
    resolved = [t for t in tickets if t.resolved_at is not None]
    answered = [t for t in tickets if t.first_response_at is not None]
    ratings = [t.rating.score for t in tickets if hasattr(t, "rating")]
    first_response = [
        sla.working_hours_between(t.created_at, t.first_response_at) for t in answered if t.first_response_at
    ]
    resolution = [sla.working_hours_between(t.created_at, t.resolved_at) for t in resolved if t.resolved_at]
    return {
        "month": month,
        "count": len(tickets),
        "categories": [sum(t.category == c for t in tickets) for c in Category.values],
        "channels": [sum(t.channel == c for t in tickets) for c in Channel.values],
        "resolved": len(resolved),
        "answered": len(answered),
        "sla_met_pct": (
            Decimal(100 * sum(_met(t) for t in resolved) / len(resolved)).quantize(Decimal("0.1"))
            if resolved
            else None
        ),
        "median_first_response_hours": _median(first_response),
        "p90_first_response_hours": _p90(first_response),
        "median_resolution_hours": _median(resolution),
        "p90_resolution_hours": _p90(resolution),
        "satisfaction": (Decimal(sum(ratings) / len(ratings)).quantize(Decimal("0.01")) if ratings else None),
        "ratings": len(ratings),
        "escalated": sum(bool(t.escalations.all()) for t in tickets),
        "to_lkpp": sum(any(e.to_tier == Tier.LKPP for e in t.escalations.all()) for t in tickets),
        "out_of_scope": sum(t.answer_scope == AnswerScope.OUT_OF_SCOPE for t in tickets),
    }


def desk_statistics(year: int) -> dict[str, Any]:
    start = dt.datetime(year, 1, 1, tzinfo=JAKARTA)
    end = dt.datetime(year + 1, 1, 1, tzinfo=JAKARTA)
    tickets = list(
        Ticket.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("rating")
        .prefetch_related("escalations")
    )
    by_month: dict[int, list[Ticket]] = {m: [] for m in range(1, 13)}
    for t in tickets:
        by_month[t.created_at.astimezone(JAKARTA).month].append(t)
    categories = Counter(t.category for t in tickets)
    channels = Counter(t.channel for t in tickets)
    return {
        "year": year,
        "months": [_month_row(m, by_month[m]) for m in range(1, 13)],
        "total": _month_row(0, tickets),
        "category_labels": [Category(c).label for c in Category.values],
        "channel_labels": [Channel(c).label for c in Channel.values],
        "by_category": [(Category(c).label, categories[c]) for c in Category.values if categories[c]],
        "by_channel": [(Channel(c).label, channels[c]) for c in Channel.values if channels[c]],
    }


def period_statistics(start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """The desk's figures for tickets reported in [start, end) (read by lentera.reporting's semester and annual
    reports): the same row as one month of :func:`desk_statistics`."""
    tickets = list(
        Ticket.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("rating")
        .prefetch_related("escalations")
    )
    return _month_row(0, tickets)
