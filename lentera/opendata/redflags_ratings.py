"""The auditors' red flag on the providers' performance ratings (docs/red-flags.md, "Per provider — contracts"):
suppliers rated under the flag line. Kept beside ``redflags.py`` (same dated THRESHOLDS, same cache) because the
ratings are not public facts: they are read from the contracts app for auditors only, never published."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .redflags import _cached, threshold


@dataclass(frozen=True)
class RatingInput:
    provider_id: int | str
    average: Decimal
    #: under the flag line of the rating scale in force when it was given (contracts.rules.rating_is_flagged)
    flagged: bool


def low_performance_rating_per_provider(ratings: list[RatingInput]) -> list[dict[str, Any]]:
    """Suppliers with at least the threshold number of ratings under the flag line (``threshold(
    "low_performance_rating")``), with their number of ratings, the low ones and the average of all, lowest
    average first.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold is dated rule data (THRESHOLDS), the flag line that of the rating scale.
    """
    by_provider: dict[Any, list[RatingInput]] = defaultdict(list)
    for r in ratings:
        by_provider[r.provider_id].append(r)
    limit = threshold("low_performance_rating")
    out = []
    for provider_id, rows in by_provider.items():
        low = sum(1 for r in rows if r.flagged)
        if low >= limit:
            average = sum((r.average for r in rows), Decimal(0)) / len(rows)
            out.append(
                {
                    "provider_id": provider_id,
                    "ratings": len(rows),
                    "low": low,
                    "average": average.quantize(Decimal("0.01")),
                }
            )
    return sorted(out, key=lambda p: (p["average"], str(p["provider_id"])))


def rating_inputs(*, year: int | None = None) -> list[RatingInput]:
    """The thin adapter from the contracts app's ratings (staff reads; the callers are auditor views)."""
    from lentera.contracts.selectors import ratings_for_red_flags

    return [
        RatingInput(r["provider_id"], Decimal(r["average"]), bool(r["flagged"]))
        for r in ratings_for_red_flags(year=year)
    ]


def low_rating_per_provider_cached(*, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    return _cached(
        f"redflags:low-rating:{fiscal_year}",
        lambda: low_performance_rating_per_provider(rating_inputs(year=fiscal_year)),
    )
