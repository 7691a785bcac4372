"""Rules of the LPSE standards register and its internal review (Permendagri 53/2021 Lampiran 2.5.6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from lentera.core.dated import row_in_force

from ..errors import GovernanceError

#: Points per result in the internal review's score.
POINTS = {"COMPLIANT": 2, "PARTIAL": 1, "NOT_COMPLIANT": 0}


def check_review_complete(*, missing: Sequence[int]) -> None:
    """The internal review (standard 17) rates every standard before it is completed: the head of the LPSE
    sub-unit applies all of LKPP's service, capacity and security standards (Lampiran 2.5.6 huruf a), so none is
    left out of the review.

    Cites: Permendagri 53/2021 Lampiran 2.5.6 huruf a.
    """
    if missing:
        raise GovernanceError(
            "REVIEW_INCOMPLETE",
            _("Standar belum dinilai: %(numbers)s."),
            status=409,
            numbers=", ".join(str(n) for n in missing),
        )


def check_review_result(*, result: str) -> None:
    """A standard is rated compliant, partly compliant or not compliant (never "not assessed") in a review.

    Cites: Permendagri 53/2021 Lampiran 2.5.6 huruf a.
    """
    if result not in POINTS:
        raise GovernanceError("RESULT_UNKNOWN", _("Hasil penilaian standar tidak dikenal."))


def review_score(results: Sequence[str]) -> Decimal:
    """The review's score in percent: 2 points for a compliant standard, 1 for a partly compliant one, 0 for
    one not compliant, over 2 points per standard, to one decimal.

    Cites: Permendagri 53/2021 Lampiran 2.5.6 (LKPP's scoring is not in the texts Lentera holds);
           Kebijakan Lentera: a plain 2/1/0 checklist score until LKPP's scoring sheet is loaded.
    """
    if not results:
        return Decimal("0.0")
    points = sum(POINTS[r] for r in results)
    return (Decimal(100 * points) / Decimal(2 * len(results))).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# ------------------------------------------------------------------------------------ risk register


@dataclass(frozen=True)
class RiskScale:
    levels: int  # likelihood and impact are rated 1..levels
    medium_from: int  # exposure (likelihood x impact) from which a risk is medium
    high_from: int  # ... and high
    starts: dt.date
    ends: dt.date | None
    citation: str


RISK_SCALES: tuple[RiskScale, ...] = (
    RiskScale(
        5,
        5,
        12,
        dt.date(2021, 1, 1),
        None,
        "Kebijakan Lentera: a 5 x 5 likelihood-impact matrix until LKPP's risk standard text is loaded",
    ),
)


def risk_scale(on: dt.date) -> RiskScale:
    """The risk matrix in force on ``on`` (dated rule data).

    Cites: Permendagri 53/2021 Lampiran 2.4 huruf a;
           Kebijakan Lentera: a 5 x 5 likelihood-impact matrix until LKPP's risk standard text is loaded.
    """
    return row_in_force(RISK_SCALES, on)


def risk_exposure(*, likelihood: int, impact: int, on: dt.date) -> tuple[int, str]:
    """A risk's exposure (likelihood x impact) and its band (LOW, MEDIUM, HIGH); both ratings must be on the scale.
    The LPSE keeps procurement information confidential, intact and available (Lampiran 2.4 huruf a): the register
    ranks what threatens it.

    Cites: Permendagri 53/2021 Lampiran 2.4 huruf a;
           Kebijakan Lentera: exposure bands from the dated risk matrix (risk_scale).
    """
    scale = risk_scale(on)
    if not (1 <= likelihood <= scale.levels and 1 <= impact <= scale.levels):
        raise GovernanceError(
            "RISK_RATING_INVALID", _("Kemungkinan dan dampak dinilai 1 sampai %(max)s."), max=scale.levels
        )
    exposure = likelihood * impact
    band = "HIGH" if exposure >= scale.high_from else "MEDIUM" if exposure >= scale.medium_from else "LOW"
    return exposure, band
