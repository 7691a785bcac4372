"""Demo selection story of Kabupaten Contoh, on top of planning's demo:

* the goods tender "Pengadaan Alat Kesehatan Puskesmas" (planning's ``package_goods``, Pokja Pemilihan 1) is in its
  explanation stage now: three providers registered, one question answered and one waiting for the Pokja;
* the goods tender "Pengadaan Meubelair Sekolah Dasar" (a DISDIK package made here through planning's services)
  ran two months ago from announcement to the winner's announcement (the contracts demo then issues its SPPBJ and
  records its contract), so the public portal has a finished tender with its winner, evaluation summary, berita
  acara and contract. Its offers are recorded directly with ``offers_record_opened``
  (standing in for the sealed bidding room's opening).

Past events are replayed through the services with the database clock pinned (``freeze_db_clock``), so every
rule and every audit event is the real one. Idempotent: each tender is looked up by its package first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lentera.core.calendar import JAKARTA, add_working_days, local_date, previous_working_day
from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.planning.models import HpsItem, Package

from . import rules, services, states
from .enums import Stage
from .models import ScheduleEntry, Tender

DEMO_PROVIDERS = [
    ("penyedia1", "PT Karya Bangun Nusantara", "012345678901000", "PT"),
    ("penyedia2", "CV Sinar Jaya Konstruksi", "023456789012000", "CV"),
    ("penyedia3", "PT Medika Sehat Sentosa", "034567890123000", "PT"),
]


def _providers(ctx: DemoContext) -> list[Any]:
    """The demo providers' profiles (providers' demo makes them; until it does, minimal verified profiles)."""
    from lentera.providers.models import Provider
    from lentera.providers.selectors import provider_for_user

    out = []
    for user_id, name, npwp, form in DEMO_PROVIDERS:
        user = ctx.objects.get(user_id)
        if user is None:
            continue
        provider = provider_for_user(user)
        if provider is None and not Provider.objects.filter(npwp=npwp).exists():
            provider = Provider.objects.create(
                account=user,
                npwp=npwp,
                name=name,
                business_form=form,
                address="Jl. Contoh No. 1",
                city="Kabupaten Contoh",
                province="Kalimantan Timur",
                status=Provider.Status.VERIFIED,
                verified_at=dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.UTC),
            )
        if provider is not None:
            out.append(provider)
    return out


def inside_stage(tender: Tender, stage: str, minutes: int = 30) -> dt.datetime:
    e = ScheduleEntry.objects.get(tender=tender, stage=stage)
    return min(e.starts_at + dt.timedelta(minutes=minutes), e.ends_at - dt.timedelta(seconds=1))


def _members(tender: Tender) -> list[Any]:
    assert tender.pokja is not None  # the demo tenders are run by a Pokja
    return [m.user for m in tender.pokja.members.filter(left_at__isnull=True).order_by("-is_chair", "pk")]


def _explanation_now(ctx: DemoContext, providers: list[Any]) -> Tender | None:
    package: Package | None = ctx.objects.get("package_goods")
    if package is None:
        return None
    existing = Tender.objects.filter(package=package).first()
    if existing is not None:
        return existing
    package.refresh_from_db()
    if package.status != Package.Status.ASSIGNED or package.pokja is None:
        return None
    member = (
        package.pokja.members.filter(is_chair=True, left_at__isnull=True).first()
        or package.pokja.members.first()
    )
    assert member is not None  # the demo Pokja has members
    chair = member.user
    now = db_now()
    agency = package.work_unit.agency_id
    # the explanation opened an hour ago; the announcement 3 working days before that
    explanation = (now - dt.timedelta(hours=1), rules.next_working_time(now + dt.timedelta(hours=2), agency))
    local = explanation[0].astimezone(JAKARTA)
    announced_day = add_working_days(previous_working_day(local.date(), agency, inclusive=True), -3, agency)
    start = dt.datetime.combine(announced_day, local.timetz()).astimezone(dt.UTC)
    ann_end = start + dt.timedelta(days=1)
    fixed: dict[str, tuple[dt.datetime, dt.datetime]] = {
        Stage.ANNOUNCEMENT: (start, ann_end),
        Stage.DOCUMENT_DOWNLOAD: (ann_end, explanation[0]),
        Stage.EXPLANATION: explanation,
    }
    with freeze_db_clock(start - dt.timedelta(minutes=5)):
        tender = services.tender_create(actor=chair, package=package)
        windows = rules.suggest_schedule(tender, states.machine_of(tender).stages, start, agency, fixed=fixed)
        services.schedule_set(actor=chair, tender=tender, windows=windows)
        _document(chair, tender, "Dokumen Pemilihan Alat Kesehatan Puskesmas")
        services.tender_announce(actor=chair, tender=tender)
    with freeze_db_clock(inside_stage(tender, Stage.ANNOUNCEMENT)):
        for p in providers:
            services.registration_create(actor=p.account, tender=tender)
    if providers:
        with freeze_db_clock(inside_stage(tender, Stage.EXPLANATION, minutes=10)):
            q = services.question_ask(
                actor=providers[0].account,
                tender=tender,
                section="Spesifikasi teknis, Elektrokardiograf",
                text="Apakah elektrokardiograf wajib memiliki izin edar Kemenkes atas nama penyedia atau cukup distributor?",
            )
            services.question_answer(
                actor=chair,
                question=q,
                answer="Izin edar (AKL) atas nama produsen/distributor resmi; penyedia melampirkan surat dukungan distributor.",
            )
        with freeze_db_clock(inside_stage(tender, Stage.EXPLANATION, minutes=20)):
            services.question_ask(
                actor=providers[-1].account,
                tender=tender,
                section="Jadwal pengiriman",
                text="Apakah pengiriman boleh bertahap ke tiap Puskesmas dalam 30 hari kalender?",
            )
    tender.refresh_from_db()
    return tender


def _document(actor, tender: Tender, title: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = (
        b"%PDF-1.4\n% Lentera demo\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    services.document_upload(
        actor=actor,
        tender=tender,
        file=SimpleUploadedFile("dokumen-pemilihan.pdf", body, "application/pdf"),
        title=title,
    )


MEUBELAIR_HPS = [
    (
        "Meja dan kursi siswa (sepasang)",
        "set",
        "400",
        "720000",
        HpsItem.PriceSource.CATALOGUE,
        "Katalog elektronik",
    ),
    ("Meja dan kursi guru", "set", "24", "2150000", HpsItem.PriceSource.MARKET, "Survei 3 toko mebel"),
    ("Lemari arsip kelas", "unit", "24", "1850000", HpsItem.PriceSource.MARKET, "Survei 3 toko mebel"),
]


def _completed(ctx: DemoContext, providers: list[Any]) -> Tender | None:
    from lentera.planning import services as planning

    items = ctx.objects.get("rup_items") or {}
    item, pokja = items.get("meubelair"), ctx.objects.get("pokja1_group")
    ppk, kepala = ctx.objects.get("ppk.disdik"), ctx.objects.get("kepala.ukpbj")
    if item is None or pokja is None or ppk is None or kepala is None or len(providers) < 3:
        return None
    existing = Tender.objects.filter(package__rup_items=item).first()
    if existing is not None:
        return existing
    now = db_now()
    # a Monday about two months ago, 09:00 WIB
    day = local_date(now) - dt.timedelta(days=63)
    day -= dt.timedelta(days=day.weekday())
    if day < dt.date(2026, 1, 12):
        return None  # the demo organisation's decrees start in January 2026
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=JAKARTA).astimezone(dt.UTC)
    with freeze_db_clock(start - dt.timedelta(days=3)):
        package = item.packages.exclude(status=Package.Status.CANCELLED).first()
        if package is None:
            package = planning.package_create(
                actor=ppk,
                rup_items=[item],
                specification="Meubelair kayu untuk 24 ruang kelas SD Negeri; kayu kelas II, finishing melamin; garansi 1 tahun.",
            )
            package = planning.package_hps_set(
                actor=ppk,
                package=package,
                lines=[planning.HpsLine(*row) for row in MEUBELAIR_HPS],
                hps_set_on=local_date(start - dt.timedelta(days=3)),
            )
            package = planning.package_mark_ready(actor=ppk, package=package)
            package = planning.package_assign_pokja(actor=kepala, package=package, pokja=pokja)
        tender = Tender.objects.filter(package=package).first()
        if tender is not None:
            return tender
        members = [m.user for m in pokja.members.filter(left_at__isnull=True).order_by("-is_chair", "pk")]
        chair = members[0]
        agency = package.work_unit.agency_id
        tender = services.tender_create(actor=chair, package=package)
        windows = rules.suggest_schedule(tender, states.machine_of(tender).stages, start, agency)
        services.schedule_set(actor=chair, tender=tender, windows=windows)
        _document(chair, tender, "Dokumen Pemilihan Meubelair Sekolah Dasar")
        services.tender_announce(actor=chair, tender=tender)
    with freeze_db_clock(inside_stage(tender, Stage.ANNOUNCEMENT)):
        for p in providers[:3]:
            services.registration_create(actor=p.account, tender=tender)
    with freeze_db_clock(inside_stage(tender, Stage.EXPLANATION, minutes=15)):
        q = services.question_ask(
            actor=providers[1].account, tender=tender, text="Apakah kayu olahan (engineered wood) diterima?"
        )
        services.question_answer(
            actor=chair, question=q, answer="Tidak; kayu solid kelas II sesuai spesifikasi."
        )
        services.explanation_record_create(actor=chair, tender=tender)
    hps = tender.hps_total
    prices = [hps * Decimal("0.93"), hps * Decimal("0.88"), hps * Decimal("0.97")]
    with freeze_db_clock(inside_stage(tender, Stage.OPENING)):
        at = db_now()
        offers = services.offers_record_opened(
            actor=chair,
            tender=tender,
            offers=[
                services.OpenedOffer(
                    provider=p,
                    read_price=price.quantize(Decimal("1")),
                    opened_at=at,
                    source_reference=f"demo-{i + 1}",
                )
                for i, (p, price) in enumerate(zip(providers[:3], prices, strict=True))
            ],
        )
    with freeze_db_clock(inside_stage(tender, Stage.EVALUATION)):
        for member in members:
            for offer in offers:
                fail = offer.provider == providers[2] and member != members[2]
                services.member_evaluation_submit(
                    actor=member,
                    offer=offer,
                    administrative_pass=True,
                    qualification_pass=True,
                    technical_pass=not fail,
                    notes={"technical": "Brosur tidak mencantumkan jenis kayu yang ditawarkan"}
                    if fail
                    else {},
                )
        services.evaluation_decide(
            actor=chair, tender=tender, summary="Dua penawaran lulus; satu gugur teknis."
        )
    with freeze_db_clock(inside_stage(tender, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=chair,
            tender=tender,
            provider=providers[1],
            held_at=db_now(),
            attendees=f"Direktur {providers[1].name}; Pokja Pemilihan 1",
            passed=True,
            notes="NIB, akta, NPWP dan pengalaman sesuai dokumen asli.",
        )
    with freeze_db_clock(inside_stage(tender, Stage.WINNER_DECISION)):
        services.winner_decide(
            actor=chair, tender=tender, note="Penawaran terendah yang lulus evaluasi dan pembuktian."
        )
    with freeze_db_clock(inside_stage(tender, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=chair, tender=tender)
    tender.refresh_from_db()
    return tender


def load(ctx: DemoContext) -> None:
    if "package_goods" not in ctx.objects or "pokja1_group" not in ctx.objects:
        return  # planning's demo did not run
    providers = _providers(ctx)
    running = _explanation_now(ctx, providers)
    done = _completed(ctx, providers)
    if running is not None:
        ctx.objects["tender_explanation"] = running
        ctx.notes.append(
            f"Tendering: {running.code} (/tender/{running.pk}/) was in its explanation (Q&A) stage at the first "
            "demo load: penyedia1-3 registered, one question waits for pokja1's answer."
        )
    if done is not None:
        # the contracts demo issues its SPPBJ and records its contract (contracts/demo.py)
        ctx.objects["tender_completed"] = done
