"""Demo contracts that ended badly or are ending late, recorded as emergency procurement of DPUPR like
``demo_handover`` (no tender of their own): a works contract 30 days past its planned end with the penalty
running, two teguran and a grace period granted; and a works contract terminated after the 50-day limit, with
its advance settled from the advance guarantee, the penalty due and a blacklist proposal waiting for the PA/KPA
(/penyedia/daftar-hitam/usulan/). Each step through the services with the database clock pinned on its (past)
day. Idempotent: a package already recorded is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lentera.core.calendar import local_date
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.planning.models import ProcurementType

from . import services
from .demo_handover import _at, _package, _record
from .models import Contract, ContractType


def _late(ctx: DemoContext, provider: Any, today: dt.date) -> Contract | None:
    start = today - dt.timedelta(days=90)
    package = _package(
        ctx,
        name="Penanganan Darurat Jembatan Gantung Sungai Riko",
        ptype=ProcurementType.WORKS,
        pagu="350000000",
        day=start,
    )
    if package is None:
        return None
    ppk, contract = _record(
        ctx, package, provider, number="600/DRT/DPUPR/2026/05", value="330000000", day=start, days=60,
        contract_type=ContractType.TURNKEY,
    )  # fmt: skip
    end = contract.end_on
    for n, offset in ((1, -20), (2, -10)):
        on = end + dt.timedelta(days=offset)
        with freeze_db_clock(_at(on)):
            services.warning_issue(
                actor=ppk,
                contract=contract,
                number=f"600/TGR/DPUPR/2026/05-{n}",
                issued_on=on,
                text="Kemajuan pekerjaan di bawah rencana; percepat pemasangan gelagar dan lantai jembatan.",
            )
    after = end + dt.timedelta(days=2)
    with freeze_db_clock(_at(after)):
        services.grace_decide(
            actor=ppk,
            contract=contract,
            granted=True,
            reason="Penyedia sanggup menyelesaikan; sisa pekerjaan lantai jembatan, denda tetap berjalan.",
            last_day=end + dt.timedelta(days=45),
        )
    return contract


def _terminated(ctx: DemoContext, provider: Any, today: dt.date) -> Contract | None:
    start = today - dt.timedelta(days=150)
    package = _package(
        ctx,
        name="Penanganan Darurat Tanggul Sungai Sepaku",
        ptype=ProcurementType.WORKS,
        pagu="600000000",
        day=start,
    )
    if package is None:
        return None
    ppk, contract = _record(
        ctx, package, provider, number="600/DRT/DPUPR/2026/06", value="560000000", day=start, days=60,
        contract_type=ContractType.COMBINED,
    )  # fmt: skip
    with freeze_db_clock(_at(start + dt.timedelta(days=1))):
        services.advance_payment_record(
            actor=ppk,
            contract=contract,
            amount=Decimal("112000000"),
            guarantee_issuer="Bank Pembangunan Daerah Contoh",
            guarantee_number="JUM/2026/0611",
            guarantee_amount=Decimal("112000000"),
            guarantee_valid_until=start + dt.timedelta(days=150),
            paid_on=start + dt.timedelta(days=1),
        )
    termin = start + dt.timedelta(days=40)
    with freeze_db_clock(_at(termin)):
        payment = services.invoice_submit(
            actor=provider.account,
            contract=contract,
            progress_percent=Decimal("30"),
            amount=Decimal("168000000"),
        )
        services.invoice_approve(actor=ppk, payment=payment, note="Sesuai laporan kemajuan 30%.")
        services.invoice_pay(actor=ppk, payment=payment, paid_on=termin)
    end = contract.end_on
    with freeze_db_clock(_at(end + dt.timedelta(days=3))):
        services.warning_issue(
            actor=ppk,
            contract=contract,
            number="600/TGR/DPUPR/2026/06-1",
            issued_on=end + dt.timedelta(days=3),
            text="Pekerjaan terlambat dan lokasi kosong tujuh hari berturut-turut.",
        )
        services.grace_decide(
            actor=ppk,
            contract=contract,
            granted=True,
            reason="Kesempatan 50 hari untuk menyelesaikan tanggul.",
            last_day=end + dt.timedelta(days=50),
        )
    ended = end + dt.timedelta(days=52)
    with freeze_db_clock(_at(ended)):
        services.contract_terminate(
            actor=ppk,
            contract=contract,
            ground="GRACE_EXPIRED",
            explanation="Setelah 50 hari kesempatan kemajuan baru 45%; tanggul belum menutup.",
            terminated_on=ended,
        )
    return contract


def load(ctx: DemoContext) -> str:
    """Load the two contracts; the text for the contracts' demo note ("" when nothing was made)."""
    providers = list((ctx.objects.get("providers") or {}).values())
    if "ppk.dpupr" not in ctx.objects or "units" not in ctx.objects or len(providers) < 4:
        return ""  # planning's or providers' demo did not run
    today = local_date(db_now())
    late = _late(ctx, providers[-3], today)
    ended = _terminated(ctx, providers[-4], today)
    parts = [
        f"{label} (/kontrak/{contract.pk}/)"
        for label, contract in (("late with penalty", late), ("terminated, blacklist proposal", ended))
        if contract is not None
    ]
    return "; ".join(parts)
