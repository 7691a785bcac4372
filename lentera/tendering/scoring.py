"""Evaluation arithmetic, with no database: arithmetic correction, life-cycle cost, price and merit scores,
the HPS ceiling and the 80% flag, and the ranking of each evaluation method (Perpres 16/2018 Pasal 26, 33, 39-40).

Every amount is a Decimal; money is rounded half-up to the sen (0.01), scores to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lentera.core.money import format_rupiah

from . import rules
from .enums import EvaluationMethod

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def money(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def score(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CorrectedLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    stated_total: Decimal | None
    total: Decimal

    @property
    def changed(self) -> bool:
        return self.stated_total is not None and self.stated_total != self.total


@dataclass(frozen=True)
class Correction:
    read_price: Decimal
    corrected_price: Decimal
    lines: tuple[CorrectedLine, ...]

    @property
    def changed(self) -> bool:
        return self.corrected_price != self.read_price or any(line.changed for line in self.lines)

    def notes(self) -> list[str]:
        out = []
        for line in self.lines:
            if line.changed:
                out.append(
                    _("%(item)s: %(q)s x %(u)s = %(t)s (tertulis %(s)s)")
                    % {
                        "item": line.description,
                        "q": line.quantity.normalize(),
                        "u": format_rupiah(line.unit_price, cents=True),
                        "t": format_rupiah(line.total, cents=True),
                        "s": format_rupiah(line.stated_total, cents=True),
                    }
                )
        if self.corrected_price != self.read_price:
            out.append(
                _("Total terkoreksi %(c)s (dibacakan %(r)s)")
                % {
                    "c": format_rupiah(self.corrected_price, cents=True),
                    "r": format_rupiah(self.read_price, cents=True),
                }
            )
        return out


def arithmetic_correction(read_price: Any, price_items: Sequence[Mapping[str, Any]] | None) -> Correction:
    """Koreksi aritmatik: each line is recomputed as quantity x unit price (the unit price binds), and the total is
    the sum of the recomputed lines. Without price lines the read price stands.

    Cites: Peraturan LKPP 12/2021 (koreksi aritmatik: harga satuan yang mengikat; pasal belum dikonfirmasi).
    """
    read = money(read_price)
    if not price_items:
        return Correction(read, read, ())
    lines = []
    for item in price_items:
        quantity = Decimal(str(item.get("quantity", "0")))
        unit_price = money(item.get("unit_price", "0"))
        stated = item.get("total")
        lines.append(
            CorrectedLine(
                description=str(item.get("description", "")),
                quantity=quantity,
                unit_price=unit_price,
                stated_total=money(stated) if stated not in (None, "") else None,
                total=money(quantity * unit_price),
            )
        )
    return Correction(read, money(sum((line.total for line in lines), Decimal("0"))), tuple(lines))


def life_cycle_cost(
    price: Any, *, operating_per_year: Any, maintenance_per_year: Any, residual_value: Any, years: int
) -> Decimal:
    """Penilaian biaya selama umur ekonomis (rules.LIFE_CYCLE_CITATION): price + (operating + maintenance) x years
    - residual value at the end of the economic life. Undiscounted, as the selection document states the
    yearly costs in constant prices.

    Cites: Perpres 16/2018 Pasal 39 ayat (3).
    """
    return money(
        money(price)
        + (money(operating_per_year) + money(maintenance_per_year)) * int(years)
        - money(residual_value)
    )


def price_scores(prices: Mapping[Any, Decimal]) -> dict[Any, Decimal]:
    """Price score = lowest price / this price x 100 (the lowest scores 100).

    Cites: Perpres 16/2018 Pasal 39 ayat (2);
           Perpres 16/2018 Pasal 40.
    """
    if not prices:
        return {}
    lowest = min(prices.values())
    return {k: score(lowest / v * HUNDRED) if v > 0 else Decimal("0") for k, v in prices.items()}


def merit_score(
    technical: Decimal, price_score: Decimal, technical_weight: Decimal, price_weight: Decimal
) -> Decimal:
    """Sistem nilai (rules.MERIT_CITATION): technical x weight% + price score x weight%.

    Cites: Perpres 16/2018 Pasal 39 ayat (2);
           Perpres 16/2018 Pasal 40.
    """
    return score(
        (Decimal(technical) * Decimal(technical_weight) + Decimal(price_score) * Decimal(price_weight))
        / HUNDRED
    )


@dataclass
class OfferInput:
    """One offer's facts for the Pokja's decision (votes already aggregated by majority)."""

    key: Any
    read_price: Decimal | None
    price_items: list[dict] = field(default_factory=list)
    life_cycle: dict = field(default_factory=dict)
    final_price: Decimal | None = None  # after e-reverse auction / negotiation
    administrative_pass: bool = True
    qualification_pass: bool = True
    technical_pass: bool = True
    technical_score: Decimal | None = None
    price_reasonable: bool | None = None
    reasons: list[str] = field(default_factory=list)
    order: int = 0


@dataclass
class OfferOutcome:
    key: Any
    administrative_pass: bool
    qualification_pass: bool
    technical_pass: bool
    technical_score: Decimal | None
    read_price: Decimal | None = None
    corrected_price: Decimal | None = None
    correction_notes: list[str] = field(default_factory=list)
    evaluated_price: Decimal | None = None
    life_cycle_cost: Decimal | None = None
    price_score: Decimal | None = None
    final_score: Decimal | None = None
    above_hps: bool = False
    below_80_percent: bool = False
    performance_guarantee: Decimal | None = None
    passed: bool = False
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None


def evaluate(
    offers: Iterable[OfferInput],
    *,
    method: str,
    hps_total: Decimal | None,
    works: bool,
    technical_weight: Decimal | None = None,
    price_weight: Decimal | None = None,
    passing_technical_score: Decimal | None = None,
    economic_life_years: int | None = None,
    include_price: bool = True,
) -> list[OfferOutcome]:
    """The Pokja's evaluation of every offer: pass/fail with reasons, scores, and a rank for the passed ones.

    * administrative, qualification, technical: as voted (majority); merit point also needs the technical score
      to reach the threshold;
    * price (when `include_price`): arithmetic correction; a corrected price above the HPS fails
      (rules.HPS_CEILING_CITATION); under 80% of the HPS is flagged, and for works fails when the members judged it
      unreasonable (rules.LOW_BID_CITATION); the performance guarantee follows rules.performance_guarantee;
    * ranking: lowest price, highest merit score, or lowest life-cycle cost.

    Cites: Perpres 16/2018 Pasal 26 ayat (5) huruf a-c;
           Perpres 16/2018 Pasal 39;
           Perpres 16/2018 Pasal 40.
    """
    outcomes: list[OfferOutcome] = []
    inputs = sorted(offers, key=lambda o: o.order)
    for o in inputs:
        out = OfferOutcome(
            key=o.key,
            administrative_pass=o.administrative_pass,
            qualification_pass=o.qualification_pass,
            technical_pass=o.technical_pass,
            technical_score=score(o.technical_score) if o.technical_score is not None else None,
            reasons=list(o.reasons),
        )
        ok = o.administrative_pass and o.qualification_pass and o.technical_pass
        if method == EvaluationMethod.MERIT_POINT and passing_technical_score is not None:
            if out.technical_score is None or out.technical_score < Decimal(passing_technical_score):
                out.technical_pass = False
                ok = False
                out.reasons.append(
                    _("Nilai teknis %(s)s di bawah ambang batas %(t)s.")
                    % {
                        "s": out.technical_score if out.technical_score is not None else "-",
                        "t": passing_technical_score,
                    }
                )
        if include_price and o.read_price is not None:
            corr = arithmetic_correction(o.read_price, o.price_items)
            out.read_price = corr.read_price
            out.corrected_price = corr.corrected_price
            out.correction_notes = corr.notes()
            price = money(o.final_price) if o.final_price is not None else corr.corrected_price
            out.evaluated_price = price
            if rules.is_above_hps(corr.corrected_price, hps_total) or rules.is_above_hps(price, hps_total):
                out.above_hps = True
                ok = False
                out.reasons.append(
                    _("Harga terkoreksi %(p)s melebihi HPS %(h)s (%(rule)s).")
                    % {
                        "p": format_rupiah(corr.corrected_price),
                        "h": format_rupiah(hps_total),
                        "rule": rules.HPS_CEILING_CITATION,
                    }
                )
            if rules.is_low_bid(price, hps_total):
                out.below_80_percent = True
                if works and o.price_reasonable is False:
                    ok = False
                    out.reasons.append(
                        _("Harga di bawah 80%% HPS dan dinilai tidak wajar setelah klarifikasi (%(rule)s).")
                        % {"rule": rules.LOW_BID_CITATION}
                    )
            out.performance_guarantee = rules.performance_guarantee(price, hps_total)
            if method == EvaluationMethod.LIFE_CYCLE:
                lc = o.life_cycle or {}
                out.life_cycle_cost = life_cycle_cost(
                    price,
                    operating_per_year=lc.get("operating_per_year", 0),
                    maintenance_per_year=lc.get("maintenance_per_year", 0),
                    residual_value=lc.get("residual_value", 0),
                    years=economic_life_years or 0,
                )
        elif include_price:
            ok = False
            out.reasons.append(_("Penawaran harga tidak ada."))
        out.passed = ok
        outcomes.append(out)
    if include_price:
        _rank(outcomes, method, technical_weight, price_weight)
    return outcomes


def _present(value: Decimal | None) -> Decimal:
    """A passed offer's evaluated price (an offer without a price fails) or merit score (set just above)."""
    assert value is not None
    return value


def _rank(outcomes: list[OfferOutcome], method: str, tw: Decimal | None, pw: Decimal | None) -> None:
    passed = [o for o in outcomes if o.passed]
    scores = price_scores({o.key: _present(o.evaluated_price) for o in passed})
    for o in passed:
        o.price_score = scores[o.key]
        if method == EvaluationMethod.MERIT_POINT:
            o.final_score = merit_score(
                o.technical_score or Decimal("0"), o.price_score, tw or Decimal("0"), pw or Decimal("0")
            )
    position = {id(o): i for i, o in enumerate(outcomes)}
    if method == EvaluationMethod.MERIT_POINT:
        ordered = sorted(passed, key=lambda o: (-_present(o.final_score), o.evaluated_price, position[id(o)]))
    elif method == EvaluationMethod.LIFE_CYCLE:
        ordered = sorted(passed, key=lambda o: (o.life_cycle_cost, o.evaluated_price, position[id(o)]))
    else:
        ordered = sorted(passed, key=lambda o: (o.evaluated_price, position[id(o)]))
    for rank, o in enumerate(ordered, start=1):
        o.rank = rank
