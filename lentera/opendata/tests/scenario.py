"""Hand-built procurement data for opendata/public tests (rows written directly: these tests check what is
published, not the workflow that produced it). Secret values are planted where they must never leak."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from lentera.accounts.models import Agency, WorkUnit
from lentera.accounts.tests.factories import UserFactory
from lentera.contracts.models import Contract
from lentera.planning.models import HpsItem, Package, RupItem
from lentera.providers.models import Provider
from lentera.tendering import models as tm

SECRET_HPS_ITEM = "RAHASIA-HPS-SATUAN-7731"
SECRET_HPS_PRICE = Decimal("987654321.77")
SECRET_BID_PRICE = Decimal("4444333222.11")
SECRET_DOC_NOTE = "RAHASIA-DOKUMEN-PRIBADI-5521"
SECRET_NPWP = "019283746501000"
SECRET_PHONE = "0812-RAHASIA-99"

_seq = itertools.count(1)


def org(code: str = "KAB-UJI"):
    agency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": f"Pemerintah Kabupaten {code}", "kind": "REGENCY"}
    )
    unit, _ = WorkUnit.objects.get_or_create(agency=agency, code="DPUPR", defaults={"name": "Dinas PUPR Uji"})
    ukpbj, _ = WorkUnit.objects.get_or_create(
        agency=agency, code="UKPBJ", defaults={"name": "UKPBJ Uji", "kind": WorkUnit.Kind.UKPBJ}
    )
    return agency, unit, ukpbj


def provider(name: str | None = None, *, npwp: str | None = None) -> Provider:
    n = next(_seq)
    return Provider.objects.create(
        npwp=npwp or f"{n:015d}",
        name=name or f"PT Penyedia Uji {n}",
        business_form="PT",
        city="Kota Uji",
        province="Provinsi Uji",
        phone=SECRET_PHONE,
        email=f"rahasia{n}@example.id",
        account=UserFactory(),
        status="VERIFIED",
    )


def rup_item(unit, *, code: str | None = None, announced: bool = True, year: int = 2026) -> RupItem:
    n = next(_seq)
    return RupItem.objects.create(
        work_unit=unit,
        code=code or f"RUP-{n:05d}",
        fiscal_year=year,
        name=f"Pembangunan Jalan Desa Uji {n}",
        procurement_type="WORKS",
        pagu=Decimal("1500000000"),
        funding_source="APBD",
        planned_method="TENDER",
        location="Kecamatan Uji",
        announced_at=timezone.now() - dt.timedelta(days=30) if announced else None,
        created_by=UserFactory(),
    )


def tender(
    *,
    unit=None,
    title: str = "Rehabilitasi Gedung Puskesmas Sukamaju",
    method: str = "TENDER",
    hps: Decimal = Decimal("1000000000"),
    announced: bool = True,
    bid_days: int = 14,
    closing_in: dt.timedelta = dt.timedelta(days=-3),
    year: int = 2026,
    code: str | None = None,
):
    """An announced tender with a schedule (bid deadline `closing_in` from now) and a private HPS item."""
    if unit is None:
        _, unit, _ = org()
    n = next(_seq)
    ppk = UserFactory()
    rup = rup_item(unit, year=year)
    package = Package.objects.create(
        code=f"PKT-{n:05d}",
        name=title,
        work_unit=unit,
        ppk=ppk,
        fiscal_year=year,
        procurement_type="WORKS",
        method=method,
        funding_source="APBD",
        location="Kecamatan Sukamaju",
        pagu=Decimal("1500000000"),
        hps_total=hps,
        status="IN_SELECTION",
    )
    package.rup_items.add(rup)
    HpsItem.objects.create(
        package=package,
        description=SECRET_HPS_ITEM,
        unit="m2",
        quantity=Decimal("1"),
        unit_price=SECRET_HPS_PRICE,
        price_source="MARKET",
    )
    now = timezone.now()
    deadline = now + closing_in
    announced_at = deadline - dt.timedelta(days=bid_days) if announced else None
    t = tm.Tender.objects.create(
        package=package,
        code=code or f"T{year}{n:06d}",
        title=title,
        method=method,
        procurement_type="WORKS",
        hps_total=hps,
        pagu=package.pagu,
        status="ANNOUNCED" if announced else "DRAFT",
        announced_at=announced_at,
        created_by=ppk,
    )
    start = deadline - dt.timedelta(days=bid_days)
    windows = [
        ("ANNOUNCEMENT", start, start + dt.timedelta(days=1)),
        ("EXPLANATION", start + dt.timedelta(days=2), start + dt.timedelta(days=3)),
        ("BID_UPLOAD", start + dt.timedelta(days=1), deadline),
        ("OPENING", deadline, deadline + dt.timedelta(hours=2)),
        ("EVALUATION", deadline + dt.timedelta(hours=2), deadline + dt.timedelta(days=5)),
        ("WINNER_ANNOUNCEMENT", deadline + dt.timedelta(days=5), deadline + dt.timedelta(days=6)),
    ]
    for pos, (stage, a, b) in enumerate(windows):
        tm.ScheduleEntry.objects.create(tender=t, stage=stage, position=pos, starts_at=a, ends_at=b)
    tm.TenderDocument.objects.create(
        tender=t,
        kind="SELECTION",
        title="Dokumen Pemilihan",
        file=ContentFile(b"x", name="dok.pdf"),
        original_name="dok.pdf",
        sha256="0" * 64,
        uploaded_by=ppk,
        uploaded_at=start,
    )
    tm.OfficialRecord.objects.create(
        tender=t,
        kind="OTHER",
        number=f"BA/RAHASIA/{n}",
        title=SECRET_DOC_NOTE,
        file=ContentFile(b"y", name="ba.pdf"),
        sha256="1" * 64,
        is_public=False,
        created_by=ppk,
        created_at=now,
    )
    return t


def open_bids(t, prices: list[Decimal | None], providers: list[Provider] | None = None):
    """Offers as opened at the opening."""
    providers = providers or [provider() for _ in prices]
    offers = []
    for p, price in zip(providers, prices, strict=True):
        offers.append(
            tm.Offer.objects.create(
                tender=t,
                provider=p,
                read_price=price,
                opened_at=timezone.now() - dt.timedelta(days=2),
                recorded_by=t.created_by,
            )
        )
    return offers


def decide(
    t, offers, *, passed: list[bool], winner_index: int, announce: bool = True, days_after_close: float = 4
):
    """Evaluation results, winner decision (announced)."""
    now = timezone.now()
    decision = tm.EvaluationDecision.objects.create(
        tender=t,
        member_count=3,
        decided_by=t.created_by,
        decided_at=now,
    )
    rank = 1
    for offer, ok in zip(offers, passed, strict=True):
        tm.EvaluationResult.objects.create(
            decision=decision,
            offer=offer,
            passed=ok,
            read_price=offer.read_price,
            rank=rank if ok else None,
            failure_reasons=[] if ok else ["Tidak memenuhi syarat teknis"],
        )
        rank += 1 if ok else 0
    deadline = t.schedule.get(stage="BID_UPLOAD").ends_at
    return tm.WinnerDecision.objects.create(
        tender=t,
        winner=offers[winner_index],
        decided_by=t.created_by,
        decided_at=now,
        announced_at=(deadline + dt.timedelta(days=days_after_close)) if announce else None,
    )


def contract(t, offer, value: Decimal):
    today = timezone.localdate()
    return Contract.objects.create(
        tender=t,
        number=f"KONTRAK/{t.code}",
        provider=offer.provider,
        ppk=t.created_by,
        value=value,
        signed_on=today,
        start_on=today,
        end_on=today + dt.timedelta(days=90),
        created_by=t.created_by,
        created_at=timezone.now(),
    )
