"""A small fiscal year built row by row (tests only): two work units of one instansi and a second instansi whose rows
must never show, with a re-tendered package, a cancelled package, an amended contract, payments in both
semesters, e-purchasing orders, an objection and an appeal. ``EXPECTED`` is counted by hand from the rows below.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lentera.accounts.tests.factories import AgencyFactory, WorkUnitFactory
from lentera.catalog.models import Category, Order, Product
from lentera.contracts.models import Amendment, Contract, Handover, Payment
from lentera.core.calendar import JAKARTA
from lentera.planning.models import Package, RupItem
from lentera.planning.tests import factories as pf
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.models import Appeal, Objection, Offer, Tender

YEAR = 2026
_seq = itertools.count(1)
M = Decimal("1000000")


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(YEAR, month, day, 10, 0, tzinfo=JAKARTA)


def d(month: int, day: int) -> dt.date:
    return dt.date(YEAR, month, day)


@dataclass
class Scenario:
    w: pf.World
    other_agency: Any = None
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def kepala(self):
        return self.w["kepala"]


def _rup(
    w,
    unit,
    method: str,
    pagu: Decimal,
    *,
    announced=True,
    cancelled=False,
    start: dt.date | None = None,
    umk: bool = False,
    pdn: bool = False,
) -> RupItem:
    n = next(_seq)
    return RupItem.objects.create(
        work_unit=unit,
        code=f"RUP-T{n:04d}",
        fiscal_year=YEAR,
        name=f"Rencana {n}",
        procurement_type="GOODS",
        pagu=pagu,
        funding_source="APBD",
        planned_method=method,
        planned_start=start,
        reserved_small_business=umk,
        domestic_products=pdn,
        announced_at=at(1, 10) if announced else None,
        cancelled_at=at(3, 1) if cancelled else None,
        created_by=w["ppk"],
    )


def _package(w, unit, method: str, pagu: Decimal, hps: Decimal, status: str, rup: RupItem) -> Package:
    n = next(_seq)
    p = Package.objects.create(
        code=f"PKT-T{n:04d}",
        name=f"Paket {n}",
        work_unit=unit,
        ppk=w["ppk"],
        fiscal_year=YEAR,
        procurement_type="GOODS",
        method=method,
        funding_source="APBD",
        pagu=pagu,
        hps_total=hps,
        status=status,
    )
    p.rup_items.add(rup)
    return p


def _tender(
    w, package: Package, attempt: int, status: str, announced: dt.datetime, offers: int, providers
) -> Tender:
    n = next(_seq)
    t = Tender.objects.create(
        package=package,
        attempt=attempt,
        code=f"TDR-T{n:04d}",
        title=package.name,
        method=package.method,
        procurement_type=package.procurement_type,
        status=status,
        hps_total=package.hps_total,
        pagu=package.pagu,
        announced_at=announced,
        created_by=w["ppk"],
    )
    for provider in providers[:offers]:
        Offer.objects.create(
            tender=t,
            provider=provider,
            read_price=package.hps_total,
            opened_at=announced,
            recorded_by=w["ppk"],
        )
    return t


def _contract(w, tender: Tender, provider, value: Decimal, signed: dt.date, original: Decimal | None = None):
    c = Contract.objects.create(
        tender=tender,
        number=f"KONTRAK/T{next(_seq)}",
        provider=provider,
        ppk=w["ppk"],
        value=value,
        original_value=original,
        signed_on=signed,
        start_on=signed,
        end_on=signed + dt.timedelta(days=150),
        state="IN_PROGRESS",
        created_by=w["ppk"],
        created_at=at(signed.month, signed.day),
    )
    return c


def _payment(
    w,
    contract: Contract,
    seq: int,
    gross: Decimal,
    state: str,
    paid: dt.date | None,
    penalty: Decimal = Decimal(0),
) -> Payment:
    return Payment.objects.create(
        contract=contract,
        sequence=seq,
        progress_percent=Decimal("50"),
        gross=gross,
        penalty=penalty,
        net=gross - penalty,
        state=state,
        submitted_by=w["ppk"],
        submitted_at=at(1, 2) if paid is None else at(paid.month, paid.day),
        paid_on=paid,
    )


def _handover(w, contract: Contract, stage: str, on: dt.date) -> Handover:
    return Handover.objects.create(
        contract=contract,
        stage=stage,
        number=f"BA/T{next(_seq)}",
        handed_on=on,
        inspectors="Tim pemeriksa",
        inspected_on=on,
        result="ACCEPTED",
        recorded_by=w["ppk"],
        recorded_at=at(on.month, on.day),
    )


def _order(w, package: Package, product: Product, total: Decimal, status: str, decided: dt.datetime | None):
    return Order.objects.create(
        number=f"EP-T{next(_seq)}",
        package=package,
        product=product,
        provider=product.provider,
        ppk=w["ppk"],
        quantity=1,
        unit_price=total,
        total=total,
        delivery_address="Kantor Dinas",
        status=status,
        ordered_at=decided or at(2, 1),
        decided_at=decided,
    )


def _product(category: Category, provider, name: str, tkdn: Decimal, price: Decimal) -> Product:
    return Product.objects.create(
        category=category,
        provider=provider,
        name=name,
        brand="Merek",
        tkdn=tkdn,
        price=price,
        delivery_areas="Kabupaten",
        delivery_days=3,
        stock=10,
        created_at=at(1, 1),
    )


def build() -> Scenario:
    w = pf.build_world()
    sc = Scenario(w)
    providers = [make_verified_provider(name=f"PT Skenario {i}") for i in range(3)]
    o = sc.objects
    # planning: r5 not announced, r4 cancelled: neither counts in the plan (nor in lateness). Planned starts: r1
    # on 15 January (its first tender came on 10 February: late), r2 on 1 May (tender on 20 June: late), r3 on
    # 10 March (first order on 5 March), r6 on 1 March (tender that day): on time. UMK: r3; PDN: r3 and r6.
    r1 = _rup(w, w.dpupr, "TENDER", 2400 * M, start=d(1, 15))
    r2 = _rup(w, w.dpupr, "TENDER", 1000 * M, start=d(5, 1))
    r3 = _rup(w, w.dinkes, "E_PURCHASING", 300 * M, start=d(3, 10), umk=True, pdn=True)
    _rup(w, w.dinkes, "PENGADAAN_LANGSUNG", 150 * M, cancelled=True, start=d(1, 1))
    _rup(w, w.dpupr, "TENDER", 500 * M, announced=False, start=d(1, 1))
    r6 = _rup(w, w.dinkes, "TENDER", 800 * M, start=d(3, 1), pdn=True)
    p1 = _package(w, w.dpupr, "TENDER", 2400 * M, 2300 * M, "CONTRACTED", r1)
    p2 = _package(w, w.dpupr, "TENDER", 1000 * M, 950 * M, "CONTRACTED", r2)
    p3 = _package(w, w.dinkes, "E_PURCHASING", 300 * M, 290 * M, "READY", r3)
    p4 = _package(w, w.dinkes, "TENDER", 800 * M, 780 * M, "CANCELLED", r6)
    o.update(p1=p1, p2=p2, p3=p3, p4=p4)
    # p1 failed once without a bid, then re-tendered with three bidders
    _tender(w, p1, 1, "FAILED", at(2, 10), 0, providers)
    t2 = _tender(w, p1, 2, "COMPLETED", at(4, 1), 3, providers)
    t3 = _tender(w, p2, 1, "COMPLETED", at(6, 20), 1, providers)
    t4 = _tender(w, p4, 1, "CANCELLED", at(3, 1), 2, providers)
    # c1 signed at 2.2 billion, amended to 2.3 billion; c2 signed in semester 2
    c1 = _contract(w, t2, providers[0], 2300 * M, d(5, 20), original=2200 * M)
    Amendment.objects.create(
        contract=c1,
        sequence=1,
        number="ADD/1",
        kind="VALUE",
        justification="Tambah volume",
        value_before=2200 * M,
        value_after=2300 * M,
        end_before=c1.end_on,
        end_after=c1.end_on,
        signed_on=d(8, 1),
        approved_by=w["ppk"],
        approved_at=at(8, 1),
    )
    c2 = _contract(w, t3, providers[1], 900 * M, d(7, 15))
    o.update(c1=c1, c2=c2)
    _handover(w, c1, "PHO", d(9, 10))
    _handover(w, c2, "BAST", d(11, 1))
    _payment(w, c1, 1, 1000 * M, "PAID", d(6, 15))
    _payment(w, c1, 2, 500 * M, "PAID", d(8, 1), penalty=5 * M)
    _payment(w, c1, 3, 300 * M, "SUBMITTED", None)
    _payment(w, c2, 1, 900 * M, "PAID", d(11, 10))
    category = Category.objects.create(code="atk-t", name="ATK", unit_of_sale="paket", created_at=at(1, 1))
    product = _product(category, providers[2], "Kertas", Decimal("50"), 120 * M)
    _order(w, p3, product, 120 * M, "ACCEPTED", at(3, 5))
    _order(w, p3, product, 50 * M, "REFUSED", at(3, 6))
    local = _product(category, providers[2], "Map", Decimal("25"), 80 * M)
    _order(w, p3, local, 80 * M, "ACCEPTED", at(8, 10))
    objection = Objection.objects.create(
        tender=t2,
        provider=providers[1],
        filed_by=providers[1].account,
        filed_at=at(4, 25),
        text="Keberatan",
        answer="Tidak benar",
        answered_by=w["ppk"],
        answered_at=at(4, 28),
        justified=False,
        follow_up="NONE",
    )
    Objection.objects.create(
        tender=t4,
        provider=providers[2],
        filed_by=providers[2].account,
        filed_at=at(3, 20),
        text="Keberatan",
        justified=True,
        answered_at=at(3, 22),
        follow_up="RETENDER",
    )
    Appeal.objects.create(
        tender=t2,
        objection=objection,
        provider=providers[1],
        filed_by=providers[1].account,
        filed_at=at(5, 1),
        text="Banding",
        guarantee_amount=23 * M,
        guarantee_number="JSB/1",
        guarantee_issuer="Bank",
        guarantee_valid_until=d(12, 31),
        guarantee_outcome="FORFEITED",
        justified=False,
        answered_at=at(5, 10),
    )
    # another instansi: a contracted package that the first instansi's readers must not see
    other = AgencyFactory()
    unit = WorkUnitFactory(agency=other)
    rx = _rup(w, unit, "TENDER", 9000 * M)
    px = _package(w, unit, "TENDER", 9000 * M, 8000 * M, "CONTRACTED", rx)
    tx = _tender(w, px, 1, "COMPLETED", at(4, 1), 2, providers)
    _contract(w, tx, providers[0], 7000 * M, d(5, 1))
    sc.other_agency = other
    return sc


#: The figures of the scenario, counted by hand (year; semester 1; semester 2): (count, value in millions)
EXPECTED = {
    None: {
        "rup": (4, 4500),
        "packages": (3, 3700),
        "selections": (2, 3250),
        "contracts": (2, 3200),
        "orders": (2, 200),
        "handovers": (2, 3200),
        "payments": (3, 2400),
    },
    1: {
        "rup": (4, 4500),
        "packages": (3, 3700),
        "selections": (2, 3250),
        "contracts": (1, 2300),
        "orders": (1, 120),
        "handovers": (0, 0),
        "payments": (1, 1000),
    },
    2: {
        "rup": (4, 4500),
        "packages": (3, 3700),
        "selections": (0, 0),
        "contracts": (1, 900),
        "orders": (1, 80),
        "handovers": (2, 3200),
        "payments": (2, 1400),
    },
}
