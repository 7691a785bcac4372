"""Demo contracts at the end of their work, recorded as emergency procurement (pencatatan darurat) of Kabupaten
Contoh so they need no tender of their own: a works contract (landslide repair of a road) paid in full and handed
over by PHO, now in its maintenance period; and a goods contract (emergency tents) whose items were delivered,
completed by BAST, rated by the PPK and answered by the provider. Each step through the services, with the
database clock pinned on its (past) day. Idempotent: a package already recorded is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lentera.core.calendar import JAKARTA, local_date
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.planning import services as planning
from lentera.planning.models import HpsItem, Method, Package, ProcurementType, RupItem

from . import selectors, services
from .models import Contract, ContractType

YEAR = 2026


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA).astimezone(dt.UTC)


def _package(ctx: DemoContext, *, name: str, ptype: str, pagu: str, day: dt.date) -> Package | None:
    """A ready emergency package of DPUPR (created on ``day``), or None when it was recorded already."""
    unit, ppk = ctx.objects["units"]["DPUPR"], ctx.objects["ppk.dpupr"]
    item = RupItem.objects.filter(work_unit=unit, fiscal_year=YEAR, name=name).first()
    if item is not None:
        return None
    with freeze_db_clock(_at(day, 8)):
        item = planning.rup_item_create(
            actor=ppk,
            work_unit=unit,
            fiscal_year=YEAR,
            name=name,
            procurement_type=ptype,
            pagu=Decimal(pagu),
            funding_source="APBD",
            planned_method=Method.DARURAT,
            planned_start=day,
            planned_end=dt.date(YEAR, 12, 15),
            location="Kecamatan Contoh Selatan",
        )
        package = planning.package_create(
            actor=ppk, rup_items=[item], specification="Penanganan keadaan darurat"
        )
        hps = (Decimal(pagu) * Decimal("0.95")).quantize(Decimal("1"))
        line = planning.HpsLine("Penanganan darurat", "ls", 1, hps, HpsItem.PriceSource.MARKET)
        package = planning.package_hps_set(actor=ppk, package=package, lines=[line], hps_set_on=day)
        package = planning.package_update(
            actor=ppk,
            package=package,
            method_justification="Keadaan darurat bencana (SK Bupati tanggap darurat)",
        )
        return planning.package_mark_ready(actor=ppk, package=package)


def _record(
    ctx: DemoContext,
    package: Package,
    provider: Any,
    *,
    number: str,
    value: str,
    day: dt.date,
    days: int,
    contract_type: str,
    years: list[tuple[int, Decimal]] | None = None,
):
    """Recorded, its type (and split per fiscal year) set, and started by SPMK on ``day``."""
    ppk = ctx.objects["ppk.dpupr"]
    with freeze_db_clock(_at(day, 9)):
        tender = services.procurement_record(
            actor=ppk,
            package=package,
            reason="Keadaan darurat bencana: SK Bupati Contoh tentang status tanggap darurat",
            value=Decimal(value),
            start_on=day,
            end_on=day + dt.timedelta(days=days),
            number=number,
            provider=provider,
        )
    contract = selectors.contract_of(tender)
    assert contract is not None
    with freeze_db_clock(_at(day, 10)):
        services.contract_terms_record(
            actor=ppk, contract=contract, contract_type=contract_type, multi_year=bool(years), years=years
        )
    with freeze_db_clock(_at(day, 11)):
        services.contract_start(
            actor=ppk, contract=contract, number=f"SPMK/{number}", issued_on=day, start_on=day
        )
    contract.refresh_from_db()
    return ppk, contract


def _works_handed_over(ctx: DemoContext, provider: Any, today: dt.date) -> Contract | None:
    start = today - dt.timedelta(days=100)
    package = _package(
        ctx,
        name="Penanganan Darurat Longsor Ruas Jalan Kedang",
        ptype=ProcurementType.WORKS,
        pagu="450000000",
        day=start,
    )
    if package is None:
        return None
    ppk, contract = _record(
        ctx, package, provider, number="600/DRT/DPUPR/2026/03", value="420000000", day=start, days=60,
        contract_type=ContractType.UNIT_PRICE,
    )  # fmt: skip
    paid = start + dt.timedelta(days=55)
    with freeze_db_clock(_at(paid)):
        payment = services.invoice_submit(
            actor=provider.account, contract=contract, progress_percent=Decimal("100"), amount=contract.value
        )
        services.invoice_approve(actor=ppk, payment=payment, note="Sesuai berita acara kemajuan 100%.")
        services.invoice_pay(actor=ppk, payment=payment, paid_on=paid)
    pho = start + dt.timedelta(days=60)
    with freeze_db_clock(_at(pho)):
        services.handover_record(
            actor=ppk,
            contract=contract,
            number="600/PHO/DPUPR/2026/03",
            handed_on=pho,
            inspectors="PPHP DPUPR: Ir. Rahmat Hidayat, Dewi Lestari",
            inspected_on=pho - dt.timedelta(days=1),
            result="WITH_DEFECTS",
            defects="Saluran samping sepanjang 20 m belum dibersihkan; marka jalan belum lengkap.",
            maintenance_days=180,
        )
    return contract


def _goods_completed_and_rated(ctx: DemoContext, provider: Any, today: dt.date) -> Contract | None:
    start = today - dt.timedelta(days=60)
    package = _package(
        ctx,
        name="Pengadaan Darurat Tenda dan Perlengkapan Pengungsi",
        ptype=ProcurementType.GOODS,
        pagu="180000000",
        day=start,
    )
    if package is None:
        return None
    ppk, contract = _record(
        ctx, package, provider, number="600/DRT/DPUPR/2026/04", value="172500000", day=start, days=30,
        contract_type=ContractType.FRAMEWORK,
    )  # fmt: skip
    delivered = start + dt.timedelta(days=10)
    with freeze_db_clock(_at(delivered)):
        for name, qty, unit, price in (
            ("Tenda pengungsi 6 x 8 m", "15", "unit", "8500000"),
            ("Matras lipat", "300", "lembar", "125000"),
            ("Selimut", "300", "lembar", "25000"),
        ):
            services.delivery_record(
                actor=provider.account,
                contract=contract,
                name=name,
                quantity=Decimal(qty),
                unit=unit,
                unit_price=Decimal(price),
                delivered_on=delivered,
            )
    bast = start + dt.timedelta(days=12)
    with freeze_db_clock(_at(bast)):
        services.handover_record(
            actor=ppk,
            contract=contract,
            number="600/BAST/DPUPR/2026/04",
            handed_on=bast,
            inspectors="Tim Pemeriksa DPUPR",
            inspected_on=bast,
            result="ACCEPTED",
        )
    with freeze_db_clock(_at(bast + dt.timedelta(days=2))):
        services.rating_record(
            actor=ppk,
            contract=contract,
            scores={"quality": 3, "cost": 3, "time": 2, "service": 3},
            comments="Barang sesuai spesifikasi; pengiriman selimut terlambat dua hari.",
        )
    with freeze_db_clock(_at(bast + dt.timedelta(days=4))):
        services.rating_respond(
            actor=provider.account,
            contract=contract,
            response="Keterlambatan karena akses jalan ke gudang tertutup banjir.",
        )
    return contract


def _multi_year(ctx: DemoContext, provider: Any, today: dt.date) -> Contract | None:
    """A works contract over two fiscal years (kontrak tahun jamak): 40% of the value this year, 60% next."""
    start = today - dt.timedelta(days=30)
    package = _package(
        ctx,
        name="Rehabilitasi Darurat Gedung Puskesmas Sepaku",
        ptype=ProcurementType.WORKS,
        pagu="1200000000",
        day=start,
    )
    if package is None:
        return None
    value = Decimal("1150000000")
    end = dt.date(start.year + 1, 12, 15)
    first = (value * Decimal("0.4")).quantize(Decimal("1"))
    _ppk, contract = _record(
        ctx, package, provider, number="600/DRT/DPUPR/2026/07", value=str(value), day=start,
        days=(end - start).days, contract_type=ContractType.UNIT_PRICE,
        years=[(start.year, first), (start.year + 1, value - first)],
    )  # fmt: skip
    return contract


def load(ctx: DemoContext) -> None:
    providers = list((ctx.objects.get("providers") or {}).values())
    if "ppk.dpupr" not in ctx.objects or "units" not in ctx.objects or len(providers) < 2:
        return  # planning's or providers' demo did not run
    today = local_date(db_now())
    works = _works_handed_over(ctx, providers[-1], today)
    goods = _goods_completed_and_rated(ctx, providers[-2], today)
    multi = _multi_year(ctx, providers[-1], today)
    parts = [
        f"{label} (/kontrak/{contract.pk}/)"
        for label, contract in (
            ("one handed over by PHO", works),
            ("one completed by BAST and rated", goods),
            ("one over two fiscal years", multi),
        )
        if contract is not None
    ]
    if parts:  # one line: the run command's summary stays short
        ctx.notes.append("Contracts: emergency contracts, " + "; ".join(parts) + ".")
