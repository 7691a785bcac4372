"""Corruption-risk red flags computed from Lentera's own data (definitions: docs/red-flags.md).

The indicators are pure functions over plain data (`TenderInput`, `BidInput`), so each one is tested on hand-made
cases; `tender_inputs()` is the thin adapter from the public facts (lentera.opendata.sources). An indicator is a
signal for an auditor to look, never a finding.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .ocds.codes import OPEN_METHODS

# Thresholds (docs/red-flags.md explains each).
SHORT_BID_PERIOD_DAYS = {"TENDER": 10, "SELEKSI": 10, "TENDER_CEPAT": 3}
NEAR_HPS_RATIO = Decimal("0.98")
OUTLIER_IQR_FACTOR = 1.5
CONCENTRATION_SHARE = 0.5
CONCENTRATION_MIN_AWARDS = 4
NON_OPEN_SHARE = 0.3
NON_OPEN_MIN_TENDERS = 4
NEVER_WINS_MIN_BIDS = 5
CONTRACT_INCREASE_RATIO = Decimal("0")
# The contract indicators' thresholds are dated rule data: THRESHOLDS below.


@dataclass(frozen=True)
class MinimumPopulation:
    """Rule data: below ``population`` comparable cases an indicator is not computed (and not shown)."""

    code: str
    population: int
    since: dt.date
    basis: str


MINIMUM_POPULATIONS = (
    MinimumPopulation(
        "decision_period_outlier", 8, dt.date(2025, 1, 1), "docs/red-flags.md (Tukey's fences need 8 cases)"
    ),
    MinimumPopulation(
        "terminated_contracts_per_provider",
        2,
        dt.date(2025, 1, 1),
        "docs/red-flags.md (a share of terminations needs at least 2 published contracts of the provider)",
    ),
)


@dataclass(frozen=True)
class Threshold:
    """Rule data: the threshold of a contract indicator in force from ``since`` (docs/red-flags.md)."""

    code: str
    value: Decimal
    since: dt.date
    basis: str


THRESHOLDS = (
    Threshold(
        "amended_value_increase",
        Decimal("0.05"),
        dt.date(2025, 1, 1),
        "half of the 10% cap on added work of Perpres 16/2018 Pasal 54 ayat (2); OCP red flags: amendments "
        "raising the value",
    ),
    Threshold(
        "repeated_time_extensions",
        Decimal("2"),
        dt.date(2025, 1, 1),
        "OCP red flags: repeated extensions of the contract period",
    ),
    Threshold(
        "late_completion", Decimal("0"), dt.date(2025, 1, 1), "Perpres 16/2018 Pasal 56: any day late counts"
    ),
    Threshold(
        "terminated_contracts_per_provider",
        Decimal("2"),
        dt.date(2025, 1, 1),
        "OCP red flags: suppliers with a record of terminated contracts",
    ),
    Threshold(
        "low_performance_rating",
        Decimal("1"),
        dt.date(2025, 1, 1),
        "a rating under the flag line of the SiKaP-style scale in force when it was given "
        "(contracts.rules.rating_is_flagged, Peraturan LKPP 4/2021); OCP red flags: suppliers with a record of "
        "poor performance",
    ),
)


def threshold(code: str, on: dt.date | None = None) -> Decimal:
    """The threshold of a contract indicator in force on ``on`` (today when None).

    Cites: Kebijakan Lentera: contract red-flag thresholds are dated rule data (docs/red-flags.md, "Contracts"),
           a signal for an auditor to look, never a finding.
    """
    day = on or dt.date.today()
    rules = sorted((r for r in THRESHOLDS if r.code == code and r.since <= day), key=lambda r: r.since)
    if not rules:
        raise LookupError(f"no threshold for {code} on {day}")
    return rules[-1].value


def minimum_population(code: str, on: dt.date | None = None) -> int:
    """The minimum population of an indicator in force on ``on`` (today when None); 0 when it has none.

    Basis: docs/red-flags.md, column "not computed when" (a fence over fewer cases is noise, not a signal).

    Cites: Kebijakan Lentera: below its minimum population an indicator is noise, not a signal, so it is not
           computed (docs/red-flags.md, column 'not computed when').
    """
    day = on or dt.date.today()
    rules = sorted(
        (r for r in MINIMUM_POPULATIONS if r.code == code and r.since <= day), key=lambda r: r.since
    )
    return rules[-1].population if rules else 0


@dataclass(frozen=True)
class BidInput:
    provider_id: int | str | None  # None only when the facts name no provider (input_from_facts)
    value: Decimal | None
    status: str = "pending"  # pending | valid | disqualified


@dataclass(frozen=True)
class AmendmentInput:
    kind: str  # SCOPE | QUANTITY | TIME | VALUE
    end_before: dt.date | None = None
    end_after: dt.date | None = None


@dataclass(frozen=True)
class PaymentInput:
    """A paid termin invoice."""

    progress_percent: Decimal
    paid_on: dt.date | None
    days_late: int = 0


@dataclass
class TenderInput:
    code: str
    buyer_id: str = ""
    buyer_name: str = ""
    agency_name: str = ""
    title: str = ""
    method: str = "TENDER"
    evaluation_method: str = "LOWEST_PRICE"
    hps: Decimal | None = None
    announced_at: dt.datetime | None = None
    bid_deadline: dt.datetime | None = None
    award_date: dt.datetime | None = None
    opened: bool = False
    bids: list[BidInput] = field(default_factory=list)
    winner_provider_id: int | str | None = None
    winner_value: Decimal | None = None
    contract_value: Decimal | None = None
    fiscal_year: int | None = None
    # the contract (published facts): value signed, state, planned end in force, amendments, paid termins
    contract_original_value: Decimal | None = None
    contract_state: str = ""
    contract_end_on: dt.date | None = None
    supplier_id: int | str | None = None
    amendments: list[AmendmentInput] = field(default_factory=list)
    termin_payments: list[PaymentInput] = field(default_factory=list)
    handover_on: dt.date | None = None  # the PHO / BAST date once handover records exist
    as_of: dt.date | None = None  # the day the facts were read (late completion is measured on it)
    catalog_category: str = ""  # the etalase of an e-purchasing Surat Pesanan (split purchases)


@dataclass(frozen=True)
class Flag:
    code: str
    value: Any
    flagged: bool
    detail: str = ""


TENDER_INDICATORS = [
    ("single_bid", _("Penawar tunggal")),
    ("short_bid_period", _("Masa penawaran singkat")),
    ("decision_period_outlier", _("Lama keputusan tidak wajar")),
    ("winner_near_hps", _("Harga pemenang mendekati HPS")),
    ("identical_bid_prices", _("Harga penawaran identik")),
    ("all_but_winner_disqualified", _("Semua kecuali pemenang digugurkan")),
    ("lowest_bid_disqualified", _("Penawaran terendah digugurkan (harga terendah)")),
    ("contract_value_increase", _("Nilai kontrak naik dari nilai penetapan")),
    ("amended_value_increase", _("Nilai kontrak dinaikkan dengan adendum")),
    ("repeated_time_extensions", _("Perpanjangan waktu berulang")),
    ("late_completion", _("Penyelesaian terlambat")),
    ("payment_before_handover", _("Pembayaran akhir sebelum serah terima")),
    ("split_purchase", _("Pembelian katalog terpecah")),
]
BUYER_INDICATORS: list[dict[str, Any]] = [
    {"code": "single_bid_share", "title": _("Porsi penawar tunggal")},
    {"code": "near_hps_share", "title": _("Porsi harga pemenang ≥98% HPS")},
    {"code": "winner_concentration", "title": _("Konsentrasi pemenang")},
    {"code": "non_open_share", "title": _("Porsi nilai metode tidak terbuka")},
]


# --- per tender --------------------------------------------------------------------------------------------


def single_bid(t: TenderInput) -> Flag | None:
    """Only one bid was received in a competitive method (counted after the opening).

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if not t.opened or t.method not in OPEN_METHODS | {"SELEKSI"}:
        return None
    n = len(t.bids)
    return Flag("single_bid", n, n == 1)


def short_bid_period(t: TenderInput) -> Flag | None:
    """Calendar days from the announcement to the bid deadline below the method's threshold.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    threshold = SHORT_BID_PERIOD_DAYS.get(t.method)
    if threshold is None or t.announced_at is None or t.bid_deadline is None:
        return None
    days = (t.bid_deadline - t.announced_at).total_seconds() / 86400
    return Flag("short_bid_period", round(days, 1), days < threshold, f"< {threshold}")


def winner_near_hps(t: TenderInput) -> Flag | None:
    """Winning price / HPS >= 0.98.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if not t.hps or t.winner_value is None:
        return None
    ratio = Decimal(t.winner_value) / Decimal(t.hps)
    return Flag("winner_near_hps", round(float(ratio), 4), ratio >= NEAR_HPS_RATIO)


def identical_bid_prices(t: TenderInput) -> Flag | None:
    """Two or more bids of one tender carry exactly the same price.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    values = [b.value for b in t.bids if b.value is not None]
    if len(values) < 2:
        return None
    repeated = sum(c for c in Counter(values).values() if c > 1)
    return Flag("identical_bid_prices", repeated, repeated > 0)


def all_but_winner_disqualified(t: TenderInput) -> Flag | None:
    """At least two bids, a winner, and every other bid disqualified.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if t.winner_provider_id is None or len(t.bids) < 2:
        return None
    others = [b for b in t.bids if b.provider_id != t.winner_provider_id]
    if any(b.status == "pending" for b in others):
        return None
    disqualified = sum(1 for b in others if b.status == "disqualified")
    return Flag("all_but_winner_disqualified", disqualified, disqualified == len(others) and bool(others))


def lowest_bid_disqualified(t: TenderInput) -> Flag | None:
    """Under a price-only evaluation (harga terendah), the lowest-priced bid was disqualified.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if t.evaluation_method != "LOWEST_PRICE":
        return None
    priced = [(b.value, b) for b in t.bids if b.value is not None and b.status in ("valid", "disqualified")]
    if len(priced) < 2:
        return None
    _price, lowest = min(priced, key=lambda p: p[0])
    return Flag("lowest_bid_disqualified", str(lowest.value), lowest.status == "disqualified")


def contract_value_increase(t: TenderInput) -> Flag | None:
    """The signed contract value above the awarded value (the value signed, before any adendum; the increase by
    amendments is :func:`amended_value_increase`).

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    signed = t.contract_original_value if t.contract_original_value is not None else t.contract_value
    if signed is None or not t.winner_value:
        return None
    ratio = (Decimal(signed) - Decimal(t.winner_value)) / Decimal(t.winner_value)
    return Flag("contract_value_increase", round(float(ratio), 4), ratio > CONTRACT_INCREASE_RATIO)


HANDED_OVER_STATES = frozenset({"HANDED_OVER", "COMPLETED"})
ENDED_STATES = frozenset({"TERMINATED", "STOPPED", "CANCELLED"})


def amended_value_increase(t: TenderInput) -> Flag | None:
    """Amendments raised the contract value: r = (value in force - value signed) / value signed above the
    threshold (``threshold("amended_value_increase")``).

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold is dated rule data (THRESHOLDS).
    """
    if t.contract_value is None or not t.contract_original_value:
        return None
    ratio = (Decimal(t.contract_value) - Decimal(t.contract_original_value)) / Decimal(
        t.contract_original_value
    )
    limit = threshold("amended_value_increase", t.as_of)
    return Flag("amended_value_increase", round(float(ratio), 4), ratio > limit, f"> {limit * 100:.0f}%")


def _extends(a: AmendmentInput) -> bool:
    return a.kind == "TIME" or (
        a.end_before is not None and a.end_after is not None and a.end_after > a.end_before
    )


def repeated_time_extensions(t: TenderInput) -> Flag | None:
    """n = amendments of the time (kind TIME, or moving the end date later); raised when n >= the threshold.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold is dated rule data (THRESHOLDS).
    """
    if t.contract_state == "":
        return None
    n = sum(1 for a in t.amendments if _extends(a))
    limit = threshold("repeated_time_extensions", t.as_of)
    return Flag("repeated_time_extensions", n, n >= limit, f">= {limit}")


def late_completion(t: TenderInput) -> Flag | None:
    """d = days late: the most of a paid termin's days late, of the handover after the planned end, or (not
    handed over, not ended) of the day the facts were read after the planned end; raised when d > threshold.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold is dated rule data (THRESHOLDS).
    """
    if t.contract_state == "" or t.contract_end_on is None:
        return None
    days = max((p.days_late for p in t.termin_payments), default=0)
    if t.handover_on is not None:
        days = max(days, (t.handover_on - t.contract_end_on).days)
    elif t.contract_state not in HANDED_OVER_STATES | ENDED_STATES and t.as_of is not None:
        days = max(days, (t.as_of - t.contract_end_on).days)
    limit = threshold("late_completion", t.as_of)
    return Flag("late_completion", days, days > limit, f"> {limit}")


def payment_before_handover(t: TenderInput) -> Flag | None:
    """A final (100%) termin was paid before the handover: before the PHO / BAST date, or while the contract
    is in no handover state (HANDED_OVER, COMPLETED). Not computed until a 100% termin is paid.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; Perpres 16/2018 Pasal 53 pays the last termin against the work handed over.
    """
    final = [p for p in t.termin_payments if p.progress_percent >= 100 and p.paid_on is not None]
    if not final:
        return None
    paid_on = min(p.paid_on for p in final if p.paid_on is not None)
    if t.handover_on is not None:
        early = paid_on < t.handover_on
    else:
        early = t.contract_state not in HANDED_OVER_STATES
    return Flag("payment_before_handover", paid_on.isoformat(), early)


def decision_days(t: TenderInput) -> float | None:
    if t.bid_deadline is None or t.award_date is None:
        return None
    return (t.award_date - t.bid_deadline).total_seconds() / 86400


def outlier_bounds(values: Iterable[float]) -> tuple[float, float] | None:
    """Tukey's fences: (Q1 - 1.5 IQR, Q3 + 1.5 IQR); None below the minimum population."""
    data = sorted(values)
    if len(data) < max(minimum_population("decision_period_outlier"), 2):
        return None
    q1, _q2, q3 = statistics.quantiles(data, n=4, method="inclusive")
    iqr = q3 - q1
    return q1 - OUTLIER_IQR_FACTOR * iqr, q3 + OUTLIER_IQR_FACTOR * iqr


def decision_period_outliers(tenders: list[TenderInput]) -> dict[str, Flag]:
    """Days from the bid deadline to the winner's announcement outside Tukey's fences, per method.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    by_method: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for t in tenders:
        days = decision_days(t)
        if days is not None:
            by_method[t.method].append((t.code, days))
    out: dict[str, Flag] = {}
    for pairs in by_method.values():
        bounds = outlier_bounds(d for _, d in pairs)
        if bounds is None:  # too few decided tenders of this method: not computed, so not shown
            continue
        for code, days in pairs:
            flagged = not (bounds[0] <= days <= bounds[1])
            out[code] = Flag(
                "decision_period_outlier", round(days, 1), flagged, f"{bounds[0]:.1f}–{bounds[1]:.1f}"
            )
    return out


def split_purchases(tenders: list[TenderInput]) -> dict[str, Flag]:
    """Possible split purchases: e-purchasing Surat Pesanan of one buyer (work unit) to one supplier in one
    etalase whose values, within the window before each one (itself included), add up to more than the threshold
    above which a Tender is required (``catalog.rules.split_purchase_rule``, dated rule data: Rp200 juta in 30
    days) with at least two purchases. Value: that sum. Computed for every e-purchasing process with a contract.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; the same rule as the warning the PPK confirms when ordering (issue #15).
    """
    from lentera.catalog.rules import split_purchase_rule

    groups: dict[tuple[str, Any, str], list[TenderInput]] = defaultdict(list)
    for t in tenders:
        if t.method == "E_PURCHASING" and t.contract_value is not None and t.award_date is not None:
            groups[(t.buyer_id, t.supplier_id, t.catalog_category)].append(t)
    out: dict[str, Flag] = {}
    for group in groups.values():
        for t in group:
            assert t.award_date is not None
            rule = split_purchase_rule(t.award_date.date())
            start = t.award_date - dt.timedelta(days=rule.window_days)
            inside = [g for g in group if g.award_date is not None and start <= g.award_date <= t.award_date]
            total = sum((g.contract_value or Decimal("0") for g in inside), Decimal("0"))
            flagged = len(inside) >= 2 and total > rule.threshold
            out[t.code] = Flag("split_purchase", total, flagged, f"> {rule.threshold} / {rule.window_days}")
    return out


PER_TENDER = [
    single_bid,
    short_bid_period,
    winner_near_hps,
    identical_bid_prices,
    all_but_winner_disqualified,
    lowest_bid_disqualified,
    contract_value_increase,
    amended_value_increase,
    repeated_time_extensions,
    late_completion,
    payment_before_handover,
]


def tender_flags(tenders: list[TenderInput]) -> dict[str, list[Flag]]:
    outliers = decision_period_outliers(tenders)
    splits = split_purchases(tenders)
    result: dict[str, list[Flag]] = {}
    for t in tenders:
        flags = [f for fn in PER_TENDER if (f := fn(t)) is not None]
        if t.code in outliers:
            flags.append(outliers[t.code])
        if t.code in splits:
            flags.append(splits[t.code])
        result[t.code] = flags
    return result


def ranked(tenders: list[TenderInput]) -> list[dict[str, Any]]:
    """Tenders ordered by number of raised flags, then HPS (largest first)."""
    flags = tender_flags(tenders)
    rows: list[dict[str, Any]] = []
    for t in tenders:
        raised = [f for f in flags[t.code] if f.flagged]
        rows.append({"tender": t, "flags": flags[t.code], "raised": raised, "score": len(raised)})
    rows.sort(key=lambda r: (-r["score"], -(r["tender"].hps or 0), r["tender"].code))
    return rows


# --- per buyer and per provider --------------------------------------------------------------------------


def winner_concentration(winner_ids: list[Any]) -> Flag | None:
    """Share of a buyer's awards won by its most frequent winner.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if not winner_ids:
        return None
    top, count = Counter(winner_ids).most_common(1)[0]
    share = count / len(winner_ids)
    flagged = len(winner_ids) >= CONCENTRATION_MIN_AWARDS and share >= CONCENTRATION_SHARE
    return Flag("winner_concentration", round(share, 3), flagged, str(top))


def non_open_share(methods_and_values: list[tuple[str, Decimal | None]]) -> Flag | None:
    """Share of a buyer's procurement value (HPS) run with a method that is not open.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    if not methods_and_values:
        return None
    total = sum((v or Decimal(0)) for _, v in methods_and_values)
    closed = sum((v or Decimal(0)) for m, v in methods_and_values if m not in OPEN_METHODS)
    if not total:
        return None
    share = float(closed / total)
    flagged = len(methods_and_values) >= NON_OPEN_MIN_TENDERS and share >= NON_OPEN_SHARE
    return Flag("non_open_share", round(share, 3), flagged)


def share_flag(code: str, flags: list[Flag | None]) -> Flag | None:
    """A buyer's share indicator: raised when at least half of the computed per-tender flags are raised, over at
    least 4 tenders (flags not computed do not count).

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    known = [f for f in flags if f is not None]
    if not known:
        return None
    share = sum(1 for f in known if f.flagged) / len(known)
    return Flag(code, round(share, 3), share >= 0.5 and len(known) >= 4)


def buyer_aggregates(tenders: list[TenderInput]) -> list[dict[str, Any]]:
    by_buyer: dict[str, list[TenderInput]] = defaultdict(list)
    for t in tenders:
        by_buyer[t.buyer_id].append(t)
    out: list[dict[str, Any]] = []
    for buyer_id, items in by_buyer.items():
        flags = {
            "single_bid_share": share_flag("single_bid_share", [single_bid(t) for t in items]),
            "near_hps_share": share_flag("near_hps_share", [winner_near_hps(t) for t in items]),
            "winner_concentration": winner_concentration(
                [t.winner_provider_id for t in items if t.winner_provider_id is not None]
            ),
            "non_open_share": non_open_share([(t.method, t.hps) for t in items]),
        }
        values = []
        for d in BUYER_INDICATORS:
            f = flags[d["code"]]
            values.append(
                {
                    "code": d["code"],
                    "value": None if f is None else f.value,
                    "display": "" if f is None else f"{f.value * 100:.0f}%",
                    "flag": bool(f and f.flagged),
                }
            )
        out.append(
            {
                "buyer_id": buyer_id,
                "name": items[0].buyer_name,
                "agency_name": items[0].agency_name,
                "tenders": len(items),
                "values": values,
                "raised": sum(1 for v in values if v["flag"]),
            }
        )
    out.sort(key=lambda r: (-r["raised"], -r["tenders"], r["name"]))
    return out


def providers_never_winning(tenders: list[TenderInput]) -> list[dict[str, Any]]:
    """Providers that bid in at least NEVER_WINS_MIN_BIDS tenders and won none (possible cover bidding).

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold follows open-contracting red-flag practice, to be tuned with the inspectorate.
    """
    bids: Counter = Counter()
    wins: Counter = Counter()
    for t in tenders:
        for provider in {b.provider_id for b in t.bids}:
            bids[provider] += 1
        if t.winner_provider_id is not None:
            wins[t.winner_provider_id] += 1
    return [
        {"provider_id": p, "bids": n, "wins": wins[p]}
        for p, n in bids.most_common()
        if n >= NEVER_WINS_MIN_BIDS and wins[p] == 0
    ]


def terminated_contracts_per_provider(tenders: list[TenderInput]) -> list[dict[str, Any]]:
    """Suppliers whose published contracts were terminated (state TERMINATED) at least the threshold number of
    times, among providers with at least the minimum population of published contracts.

    Cites: Kebijakan Lentera: a red-flag indicator (docs/red-flags.md), a signal for an auditor to look, never a
           finding; its threshold and minimum population are dated rule data.
    """
    contracts: Counter = Counter()
    terminated: Counter = Counter()
    for t in tenders:
        if t.contract_state and t.supplier_id is not None:
            contracts[t.supplier_id] += 1
            terminated[t.supplier_id] += t.contract_state == "TERMINATED"
    floor = minimum_population("terminated_contracts_per_provider")
    limit = threshold("terminated_contracts_per_provider")
    return [
        {"provider_id": p, "contracts": n, "terminated": terminated[p]}
        for p, n in contracts.most_common()
        if n >= floor and terminated[p] >= limit
    ]


# --- adapter -----------------------------------------------------------------------------------------------


def input_from_facts(facts: dict[str, Any], *, as_of: dt.date | None = None) -> TenderInput:
    award = facts.get("award") or {}
    contract = facts.get("contract") or {}
    contract_period = contract.get("period") or (None, None)
    period = facts.get("tender_period") or (None, None)
    return TenderInput(
        code=facts["code"],
        buyer_id=facts["buyer"]["id"],
        buyer_name=facts["buyer"].get("name", ""),
        agency_name=facts["buyer"].get("agency_name", ""),
        title=facts.get("title", ""),
        method=facts.get("method", ""),
        evaluation_method=facts.get("evaluation_method", ""),
        hps=facts.get("hps"),
        announced_at=facts.get("announced_at"),
        bid_deadline=period[1],
        award_date=award.get("date"),
        opened=bool(facts.get("opened")),
        bids=[
            BidInput((b.get("provider") or {}).get("pk"), b.get("value"), b.get("status", "pending"))
            for b in facts.get("bids", [])
        ],
        winner_provider_id=(award.get("provider") or {}).get("pk"),
        winner_value=award.get("value"),
        contract_value=contract.get("value"),
        fiscal_year=facts.get("fiscal_year"),
        contract_original_value=contract.get("original_value"),
        contract_state=contract.get("state", ""),
        contract_end_on=contract_period[1],
        supplier_id=(contract.get("provider") or {}).get("pk"),
        amendments=[
            AmendmentInput(a.get("kind", ""), a.get("end_before"), a.get("end_after"))
            for a in contract.get("amendments", [])
        ],
        termin_payments=[
            PaymentInput(p["progress_percent"], p.get("paid_on"), p.get("days_late", 0))
            for p in contract.get("payments", [])
        ],
        handover_on=(contract.get("handover") or {}).get("handover"),
        as_of=as_of,
        catalog_category=facts.get("catalog_category", ""),
    )


def tender_inputs(*, fiscal_year: int | None = None) -> list[TenderInput]:
    from . import sources

    out = []
    today = timezone.localdate()
    for tender in sources.announced_tenders():
        facts = sources.tender_facts(tender)
        if facts is None or (fiscal_year and facts["fiscal_year"] != fiscal_year):
            continue
        out.append(input_from_facts(facts, as_of=today))
    return out


def _cached(key: str, compute, seconds: int = 300):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def ranked_cached(*, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    return _cached(f"redflags:ranked:{fiscal_year}", lambda: ranked(tender_inputs(fiscal_year=fiscal_year)))


def buyer_aggregates_cached(*, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    return _cached(
        f"redflags:buyers:{fiscal_year}", lambda: buyer_aggregates(tender_inputs(fiscal_year=fiscal_year))
    )


def never_winning_cached(*, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    return _cached(
        f"redflags:never:{fiscal_year}",
        lambda: providers_never_winning(tender_inputs(fiscal_year=fiscal_year)),
    )


def terminated_per_provider_cached(*, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    return _cached(
        f"redflags:terminated:{fiscal_year}",
        lambda: terminated_contracts_per_provider(tender_inputs(fiscal_year=fiscal_year)),
    )
