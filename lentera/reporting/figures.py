"""The monitoring figures, computed from plain rows the lower apps' selectors return (no database access here, so
every figure is a pure function of its inputs and is checked in tests against an independent count).

Each figure is defined in docs/reporting.md. In short, for a fiscal year and the filters (semester, work unit,
method):

* the plan (RUP items announced and not cancelled; packages not cancelled) is always the whole year's;
* the events (a selection announced, a contract signed, a handover, a payment, an accepted e-purchasing order)
  count when they fall in the chosen semester, or at any time when no semester is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lentera.contracts.states import RUNNING_STATES
from lentera.core.calendar import local_date

from . import rules

ZERO = Decimal("0.00")
#: Selection methods where bidders compete (bidders per tender, single-bid share)
COMPETITIVE_METHODS = frozenset({"TENDER", "TENDER_CEPAT", "SELEKSI"})
#: Contract states that are not (yet) a contract: drafts and those cancelled before signing
NOT_CONTRACTED = frozenset({"DRAFT", "CANCELLED"})
PACKAGE_CANCELLED = "CANCELLED"
ORDER_ACCEPTED = "ACCEPTED"
PAYMENT_PAID = "PAID"
TENDER_RUNNING = "ANNOUNCED"
LATE_NOT_STARTED = "NOT_STARTED"
LATE_STARTED = "STARTED_LATE"
STAGES = ("rup", "packages", "selections", "contracts", "orders", "handovers", "payments")


@dataclass(frozen=True)
class Filters:
    year: int
    semester: int | None = None
    work_unit_id: int | None = None
    method: str = ""
    agency_id: int | None = None
    #: the day lateness is judged on (today; for a report, its period's last day when that has passed)
    as_of: dt.date | None = None

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        if self.semester is None:
            return None
        return rules.report_period(rules.SEMESTER_1 if self.semester == 1 else rules.SEMESTER_2, self.year)

    def in_window(self, value: dt.date | dt.datetime | None) -> bool:
        if value is None:
            return False
        window = self.window
        if window is None:
            return True
        day = local_date(value) if isinstance(value, dt.datetime) else value
        return window[0] <= day <= window[1]


@dataclass
class Rows:
    """What the lower apps' selectors returned, already scoped to the reader (see selectors.rows_for)."""

    rup: list[dict[str, Any]] = field(default_factory=list)
    packages: list[dict[str, Any]] = field(default_factory=list)
    tenders: list[dict[str, Any]] = field(default_factory=list)
    contracts: list[dict[str, Any]] = field(default_factory=list)
    handovers: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    objections: list[dict[str, Any]] = field(default_factory=list)
    appeals: list[dict[str, Any]] = field(default_factory=list)
    selection_reports: list[dict[str, Any]] = field(default_factory=list)
    #: which RUP item each package carries out: {"package_id", "rupitem_id"}
    rup_links: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Stage:
    count: int = 0
    value: Decimal = ZERO

    def add(self, value: Decimal | None, n: int = 1) -> None:
        self.count += n
        self.value += value or ZERO


def pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole × 100 to one decimal place (None when the whole is zero)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


class Scoped:
    """The rows narrowed to the filters, with the lookups every figure needs."""

    def __init__(self, rows: Rows, f: Filters):
        self.f = f

        def unit_ok(r: dict[str, Any]) -> bool:
            return (f.work_unit_id is None or r["work_unit_id"] == f.work_unit_id) and (
                f.agency_id is None or r["work_unit__agency_id"] == f.agency_id
            )

        self.rup = [r for r in rows.rup if unit_ok(r) and (not f.method or r["planned_method"] == f.method)]
        self.all_packages = [
            r for r in rows.packages if unit_ok(r) and (not f.method or r["method"] == f.method)
        ]
        self.packages = [p for p in self.all_packages if p["status"] != PACKAGE_CANCELLED]
        self.cancelled = [p for p in self.all_packages if p["status"] == PACKAGE_CANCELLED]
        self.package_by_id = {p["id"]: p for p in self.all_packages}
        live_ids = {p["id"] for p in self.packages}
        self.tenders = [t for t in rows.tenders if t["package_id"] in self.package_by_id]
        self.tender_by_id = {t["id"]: t for t in self.tenders}
        self.contracts = [
            c
            for c in rows.contracts
            if c["tender__package_id"] in live_ids and c["state"] not in NOT_CONTRACTED
        ]
        contract_ids = {c["id"] for c in self.contracts}
        self.handovers = [h for h in rows.handovers if h["contract_id"] in contract_ids]
        self.payments = [p for p in rows.payments if p["contract_id"] in contract_ids]
        self.orders = [o for o in rows.orders if o["package_id"] in live_ids]
        self.all_orders = [o for o in rows.orders if o["package_id"] in self.package_by_id]
        self.rup_links = [link for link in rows.rup_links if link["package_id"] in self.package_by_id]
        self.objections = [o for o in rows.objections if o["tender_id"] in self.tender_by_id]
        self.appeals = [a for a in rows.appeals if a["tender_id"] in self.tender_by_id]
        self.selection_reports = [r for r in rows.selection_reports if r["package_id"] in self.package_by_id]


def _group(items: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        out[item[key]].append(item)
    return out


def pipeline(s: Scoped) -> dict[str, Any]:
    """Count and value at each stage, the realisation against the plan and the gap to it."""
    f = s.f
    stages = {key: Stage() for key in STAGES}
    for r in s.rup:
        if r["announced_at"] is not None and r["cancelled_at"] is None:
            stages["rup"].add(r["pagu"])
    for p in s.packages:
        stages["packages"].add(p["pagu"])
    live = _ids(s.packages)
    announced_packages = {
        t["package_id"] for t in s.tenders if f.in_window(t["announced_at"]) and t["package_id"] in live
    }
    for pid in sorted(announced_packages):
        p = s.package_by_id[pid]
        stages["selections"].add(p["hps_total"] if p["hps_total"] is not None else p["pagu"])
    for c in s.contracts:
        if f.in_window(c["signed_on"]):
            stages["contracts"].add(c["value"])
    for o in s.orders:
        if o["status"] == ORDER_ACCEPTED and f.in_window(o["decided_at"]):
            stages["orders"].add(o["total"])
    handed = {h["contract_id"] for h in s.handovers if f.in_window(h["handed_on"])}
    for c in s.contracts:
        if c["id"] in handed:
            stages["handovers"].add(c["value"])
    for pay in s.payments:
        if pay["state"] == PAYMENT_PAID and f.in_window(pay["paid_on"]):
            stages["payments"].add(pay["gross"])
    committed = stages["contracts"].value + stages["orders"].value
    plan = stages["rup"].value
    return {
        "stages": stages,
        "committed": committed,
        "realisation_pct": pct(committed, plan),
        "gap": plan - committed,
        "paid_pct": pct(stages["payments"].value, stages["contracts"].value),
        "cancelled": Stage(len(s.cancelled), sum((p["pagu"] for p in s.cancelled), ZERO)),
    }


def _ids(rows: Iterable[dict[str, Any]]) -> set[int]:
    return {r["id"] for r in rows}


def efficiency(s: Scoped) -> dict[str, Any]:
    """Savings against the HPS, bidders per competitive tender, single-bid share, e-purchasing share."""
    f = s.f
    hps_sum = signed_sum = ZERO
    with_hps = 0
    for c in s.contracts:
        tender = s.tender_by_id.get(c["tender_id"])
        if not f.in_window(c["signed_on"]) or tender is None or tender["hps_total"] is None:
            continue
        with_hps += 1
        hps_sum += tender["hps_total"]
        signed_sum += c["original_value"] if c["original_value"] is not None else c["value"]
    competitive = [
        t
        for t in s.tenders
        if t["method"] in COMPETITIVE_METHODS and f.in_window(t["announced_at"]) and t["offer_count"] > 0
    ]
    zero_bid = sum(
        1
        for t in s.tenders
        if t["method"] in COMPETITIVE_METHODS and f.in_window(t["announced_at"]) and t["offer_count"] == 0
    )
    offers = sum(t["offer_count"] for t in competitive)
    single = sum(1 for t in competitive if t["offer_count"] == 1)
    contracts_value = sum((c["value"] for c in s.contracts if f.in_window(c["signed_on"])), ZERO)
    orders_value = sum(
        (o["total"] for o in s.orders if o["status"] == ORDER_ACCEPTED and f.in_window(o["decided_at"])), ZERO
    )
    epurchasing_packages = sum(1 for p in s.packages if p["method"] == "E_PURCHASING")
    amended = sum(1 for c in s.contracts if f.in_window(c["signed_on"]) and c["amendment_count"] > 0)
    return {
        "contracts_with_hps": with_hps,
        "hps_sum": hps_sum,
        "signed_sum": signed_sum,
        "savings": hps_sum - signed_sum,
        "savings_pct": pct(hps_sum - signed_sum, hps_sum),
        "competitive_tenders": len(competitive),
        "zero_bid_tenders": zero_bid,
        "bidders_per_tender": (Decimal(offers) / len(competitive)).quantize(Decimal("0.01"))
        if competitive
        else None,
        "single_bid_tenders": single,
        "single_bid_pct": pct(single, len(competitive)),
        "epurchasing_value_pct": pct(orders_value, contracts_value + orders_value),
        "epurchasing_package_pct": pct(epurchasing_packages, len(s.packages)),
        "amended_contracts": amended,
    }


def _breakdown(s: Scoped, rup_key: str, pkg_key: str) -> list[dict[str, Any]]:
    """Plan, packages, contracts and accepted e-purchasing orders per value of a key (method or work unit), with
    the realisation % (contracts + orders against the plan, as in the pipeline)."""
    f = s.f
    rows: dict[Any, dict[str, Any]] = {}

    def row(key: Any, label: str) -> dict[str, Any]:
        if key not in rows:
            rows[key] = {
                "key": key,
                "label": label,
                "rup": Stage(),
                "packages": Stage(),
                "contracts": Stage(),
                "orders": Stage(),
            }
        return rows[key]

    label_of = "work_unit__name" if rup_key == "work_unit_id" else None
    for r in s.rup:
        if r["announced_at"] is not None and r["cancelled_at"] is None:
            row(r[rup_key], r[label_of] if label_of else r[rup_key])["rup"].add(r["pagu"])
    for p in s.packages:
        row(p[pkg_key], p[label_of] if label_of else p[pkg_key])["packages"].add(p["pagu"])
    for c in s.contracts:
        if f.in_window(c["signed_on"]):
            p = s.package_by_id[c["tender__package_id"]]
            row(p[pkg_key], p[label_of] if label_of else p[pkg_key])["contracts"].add(c["value"])
    for o in s.orders:
        if o["status"] == ORDER_ACCEPTED and f.in_window(o["decided_at"]):
            p = s.package_by_id[o["package_id"]]
            row(p[pkg_key], p[label_of] if label_of else p[pkg_key])["orders"].add(o["total"])
    out = sorted(rows.values(), key=lambda r: str(r["label"]))
    for r in out:
        r["committed"] = r["contracts"].value + r["orders"].value
        r["realisation_pct"] = pct(r["committed"], r["rup"].value)
    return out


def by_method(s: Scoped) -> list[dict[str, Any]]:
    return _breakdown(s, "planned_method", "method")


def by_work_unit(s: Scoped) -> list[dict[str, Any]]:
    return _breakdown(s, "work_unit_id", "work_unit_id")


def by_agency(s: Scoped) -> list[dict[str, Any]]:
    """The first level of the drill-down: per instansi (a regency), its plan and contracts."""
    names: dict[int, str] = {}
    plan: dict[int, Stage] = defaultdict(Stage)
    done: dict[int, Stage] = defaultdict(Stage)
    for r in s.rup:
        names[r["work_unit__agency_id"]] = r["work_unit__agency__name"]
        if r["announced_at"] is not None and r["cancelled_at"] is None:
            plan[r["work_unit__agency_id"]].add(r["pagu"])
    for p in s.all_packages:
        names[p["work_unit__agency_id"]] = p["work_unit__agency__name"]
    for c in s.contracts:
        if s.f.in_window(c["signed_on"]):
            done[s.package_by_id[c["tender__package_id"]]["work_unit__agency_id"]].add(c["value"])
    for o in s.orders:
        if o["status"] == ORDER_ACCEPTED and s.f.in_window(o["decided_at"]):
            done[s.package_by_id[o["package_id"]]["work_unit__agency_id"]].add(o["total"])
    return [
        {
            "key": key,
            "label": names[key],
            "rup": plan[key],
            "contracts": done[key],
            "realisation_pct": pct(done[key].value, plan[key].value),
        }
        for key in sorted(names, key=lambda k: names[k])
    ]


def package_list(s: Scoped) -> list[dict[str, Any]]:
    """The last level of the drill-down: each package (cancelled ones too) with its selection, contract and
    payments."""
    latest: dict[int, dict[str, Any]] = {}
    for t in s.tenders:
        if t["package_id"] not in latest or t["attempt"] > latest[t["package_id"]]["attempt"]:
            latest[t["package_id"]] = t
    contract_of = {c["tender__package_id"]: c for c in s.contracts}
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pay in s.payments:
        if pay["state"] == PAYMENT_PAID:
            paid[pay["contract_id"]] += pay["gross"]
    out = []
    for p in sorted(s.all_packages, key=lambda p: p["code"]):
        tender = latest.get(p["id"])
        contract = contract_of.get(p["id"])
        out.append(
            {
                **p,
                "tender_code": tender["code"] if tender else "",
                "tender_status": tender["status"] if tender else "",
                "attempts": tender["attempt"] if tender else 0,
                "contract_value": contract["value"] if contract else None,
                "contract_state": contract["state"] if contract else "",
                "paid": paid[contract["id"]] if contract else ZERO,
            }
        )
    return out


def selection_starts(s: Scoped) -> dict[int, dt.date]:
    """The day each RUP item's selection started: the earliest announcement of a tender or e-purchasing order of
    any package carrying it out (cancelled packages included), Asia/Jakarta."""
    first: dict[int, dt.date] = {}

    def seen(package_id: int, value: dt.datetime | None) -> None:
        if value is not None:
            day = local_date(value)
            if package_id not in first or day < first[package_id]:
                first[package_id] = day

    for t in s.tenders:
        seen(t["package_id"], t["announced_at"])
    for o in s.all_orders:
        seen(o["package_id"], o["ordered_at"])
    out: dict[int, dt.date] = {}
    for link in s.rup_links:
        day = first.get(link["package_id"])
        rup_id = link["rupitem_id"]
        if day is not None and (rup_id not in out or day < out[rup_id]):
            out[rup_id] = day
    return out


def rup_lateness(s: Scoped) -> dict[int, str]:
    """The RUP items (announced, not cancelled, not Swakelola, with a planned start before ``as_of``) whose
    selection had not started by their planned start: ``NOT_STARTED`` (nothing announced by ``as_of``) or
    ``STARTED_LATE`` (announced after the planned start, by ``as_of``)."""
    if s.f.as_of is None:
        return {}
    starts = selection_starts(s)
    out: dict[int, str] = {}
    for r in s.rup:
        planned = r.get("planned_start")
        if (
            r["announced_at"] is None
            or r["cancelled_at"] is not None
            or r["planned_method"] == "SWAKELOLA"
            or planned is None
            or planned >= s.f.as_of
        ):
            continue
        started = starts.get(r["id"])
        if started is None or started > s.f.as_of:
            out[r["id"]] = LATE_NOT_STARTED
        elif started > planned:
            out[r["id"]] = LATE_STARTED
    return out


def overdue_selections(s: Scoped) -> list[dict[str, Any]]:
    """Tenders still running (ANNOUNCED: neither completed, failed nor cancelled) whose last scheduled stage ended
    before ``as_of`` (Asia/Jakarta)."""
    if s.f.as_of is None:
        return []
    return [
        t
        for t in s.tenders
        if t["status"] == TENDER_RUNNING
        and t.get("schedule_ends_at") is not None
        and local_date(t["schedule_ends_at"]) < s.f.as_of
    ]


def timeliness(s: Scoped) -> dict[str, Any]:
    """As of ``as_of``: RUP items whose selection did not start by the planned start, tenders past their
    schedule, contracts still running after their end date; and the lateness penalties paid in the window; in
    total and per work unit."""
    f = s.f
    late = Stage()
    penalties = Stage()
    rup_not_started = Stage()
    rup_started_late = Stage()
    overdue = Stage()
    per_unit: dict[Any, dict[str, Any]] = {}

    def unit_row(row: dict[str, Any]) -> dict[str, Any]:
        if row["work_unit_id"] not in per_unit:
            per_unit[row["work_unit_id"]] = {
                "label": row["work_unit__name"],
                "late": Stage(),
                "penalties": Stage(),
                "rup_late": Stage(),
                "overdue_selections": Stage(),
            }
        return per_unit[row["work_unit_id"]]

    def unit(contract_package_id: int) -> dict[str, Any]:
        return unit_row(s.package_by_id[contract_package_id])

    rup_by_id = {r["id"]: r for r in s.rup}
    for rup_id, kind in sorted(rup_lateness(s).items()):
        r = rup_by_id[rup_id]
        (rup_not_started if kind == LATE_NOT_STARTED else rup_started_late).add(r["pagu"])
        unit_row(r)["rup_late"].add(r["pagu"])
    for t in overdue_selections(s):
        value = t["hps_total"] if t["hps_total"] is not None else s.package_by_id[t["package_id"]]["pagu"]
        overdue.add(value)
        unit(t["package_id"])["overdue_selections"].add(value)
    contract_by_id = {c["id"]: c for c in s.contracts}
    if f.as_of is not None:
        for c in s.contracts:
            if c["state"] in RUNNING_STATES and c["end_on"] < f.as_of:
                late.add(c["value"])
                unit(c["tender__package_id"])["late"].add(c["value"])
    for pay in s.payments:
        if pay["state"] == PAYMENT_PAID and pay["penalty"] and f.in_window(pay["paid_on"]):
            penalties.add(pay["penalty"])
            unit(contract_by_id[pay["contract_id"]]["tender__package_id"])["penalties"].add(pay["penalty"])
    return {
        "rup_not_started": rup_not_started,
        "rup_started_late": rup_started_late,
        "overdue_selections": overdue,
        "late_contracts": late,
        "penalties": penalties,
        "by_unit": sorted(per_unit.values(), key=lambda r: str(r["label"])),
    }


def local_shares(s: Scoped) -> dict[str, Any]:
    """Where the data records it: the share of the plan (announced RUP value) reserved for small businesses (UMK)
    and marked for domestic products (PDN), and the TKDN of the accepted e-purchasing orders weighted by their
    value."""
    plan = umk = pdn = ZERO
    for r in s.rup:
        if r["announced_at"] is None or r["cancelled_at"] is not None:
            continue
        plan += r["pagu"]
        if r.get("reserved_small_business"):
            umk += r["pagu"]
        if r.get("domestic_products"):
            pdn += r["pagu"]
    weighted = ordered = ZERO
    for o in s.orders:
        if (
            o["status"] == ORDER_ACCEPTED
            and s.f.in_window(o["decided_at"])
            and o.get("product__tkdn") is not None
        ):
            weighted += o["total"] * o["product__tkdn"]
            ordered += o["total"]
    return {
        "umk_value": umk,
        "umk_pct": pct(umk, plan),
        "pdn_value": pdn,
        "pdn_pct": pct(pdn, plan),
        "tkdn_orders_value": ordered,
        "tkdn_weighted_pct": (weighted / ordered).quantize(Decimal("0.1")) if ordered else None,
    }
