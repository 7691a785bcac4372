"""The demo's live tenders, built relative to *now* at every demo load, so a new user always finds each moment of a
tender happening: one open for bids, one whose opening waits for the Pokja's passphrases, one in evaluation, one
in its sanggah (objection) period and one awarded, waiting for the PPK's SPPBJ. (Tendering's demo adds one in its
explanation stage and one finished with a contract.)

Each scenario is a real tender of "Pokja Pemilihan 1" run through the real services with the database clock pinned
at past moments (``freeze_db_clock``): announced, registered, bids sealed in the bid room, opened with two of the
three members' opening passphrases, evaluated, winner decided and announced. Every rule and audit event is the
real one. Idempotent: a scenario whose tender is still at its moment is left alone; when the story has moved on
(the demo is loaded again days later), a new package is made for that scenario from a RUP line of its own.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from lentera.core.clock import db_now, freeze_db_clock
from lentera.core.demo import DemoContext
from lentera.planning import services as planning
from lentera.planning.models import HpsItem, Method, Package, ProcurementType, RupItem
from lentera.tendering import rules as tender_rules
from lentera.tendering import selectors as tender_selectors
from lentera.tendering import services as tendering
from lentera.tendering import states
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import ScheduleEntry, Tender

from .models import BidSubmission


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str  # what the scenario shows, for the run summary
    stage: str  # the stage the tender is in when the demo is loaded
    unit: str
    ppk: str
    name: str
    procurement_type: str
    pagu: str
    hps: tuple[tuple[str, str, str, str], ...]  # (description, unit, quantity, unit price)
    hold: dt.timedelta  # how long the stage stays open from now (a demo tried tomorrow still finds it)
    note: str


SCENARIOS = (
    Scenario(
        "bid_open",
        "Open for bids now",
        Stage.BID_UPLOAD,
        "DPUPR",
        "ppk.dpupr",
        "Pengadaan Lampu Penerangan Jalan Umum Tenaga Surya",
        ProcurementType.GOODS,
        "960000000",
        (("Lampu PJU tenaga surya 60 W lengkap tiang 7 m", "unit", "120", "7600000"),),
        dt.timedelta(days=3),
        "penyedia1 can seal a bid now in the bid room (penyedia2 already has)",
    ),
    Scenario(
        "opening",
        "Opening waits for the Pokja",
        Stage.OPENING,
        "DINKES",
        "ppk.dinkes",
        "Pengadaan Ambulans Puskesmas",
        ProcurementType.GOODS,
        "1350000000",
        (("Ambulans roda empat lengkap peralatan medis dasar", "unit", "3", "430000000"),),
        dt.timedelta(days=2),
        "3 sealed bids; two of pokja1-3 enter the opening passphrase to open them",
    ),
    Scenario(
        "evaluation",
        "In evaluation",
        Stage.EVALUATION,
        "DISDIK",
        "ppk.disdik",
        "Pengadaan Laptop untuk Guru Sekolah Dasar",
        ProcurementType.GOODS,
        "780000000",
        (("Laptop 14 inci, 16 GB, SSD 512 GB, TKDN ≥ 25%", "unit", "75", "9900000"),),
        dt.timedelta(days=2),
        "bids opened; pokja1-3 evaluate the offers",
    ),
    Scenario(
        "objection",
        "In its sanggah period",
        Stage.OBJECTION,
        "DINKES",
        "ppk.dinkes",
        "Pengadaan Alat Laboratorium Puskesmas",
        ProcurementType.GOODS,
        "640000000",
        (("Paket alat laboratorium dasar Puskesmas", "paket", "16", "38500000"),),
        dt.timedelta(days=4),
        "winner announced; a losing provider may file a sanggah now",
    ),
    Scenario(
        "awarded",
        "Awarded, SPPBJ due",
        Stage.AWARD_LETTER,
        "DPUPR",
        "ppk.dpupr",
        "Pengadaan Alat Uji Mutu Beton Laboratorium",
        ProcurementType.GOODS,
        "520000000",
        (("Mesin uji tekan beton 2000 kN dan perlengkapan", "set", "1", "495000000"),),
        dt.timedelta(days=2),
        "sanggah period over; ppk.dpupr issues the SPPBJ",
    ),
)

#: How long before now each scenario's stage began (its earlier moments all happen before that).
LEAD = dt.timedelta(hours=2)


def _user(ctx: DemoContext, user_id: str):
    from lentera.accounts.models import User

    return ctx.objects.get(user_id) or User.objects.filter(user_id=user_id).first()


def _inside(tender: Tender, stage: str, minutes: int = 20) -> dt.datetime:
    e = ScheduleEntry.objects.get(tender=tender, stage=stage)
    return min(e.starts_at + dt.timedelta(minutes=minutes), e.ends_at - dt.timedelta(seconds=1))


def _current(tenders, stage: str, now: dt.datetime) -> Tender | None:
    for tender in tenders:
        if tender.status == TenderStatus.ANNOUNCED and tender_selectors.current_stage(tender, now) == stage:
            return tender
    return None


def _rup_item(ctx: DemoContext, s: Scenario, serial: int) -> RupItem:
    """The scenario's RUP line (a second one, named with a serial, when the first has been used)."""
    units = ctx.objects["units"]
    name = s.name if serial == 1 else f"{s.name} (paket {serial})"
    item = RupItem.objects.filter(work_unit=units[s.unit], name=name).first()
    if item is None:
        item = planning.rup_item_create(
            actor=_user(ctx, s.ppk),
            work_unit=units[s.unit],
            fiscal_year=db_now().astimezone(dt.UTC).year,
            name=name,
            procurement_type=s.procurement_type,
            pagu=Decimal(s.pagu),
            funding_source="APBD",
            planned_method=Method.TENDER,
            planned_start=db_now().date(),
            planned_end=db_now().date() + dt.timedelta(days=120),
            location="Kabupaten Contoh",
            reserved_small_business=False,
            domestic_products=True,
        )
    return item


def _package(ctx: DemoContext, s: Scenario, item: RupItem, hps_on: dt.date) -> Package:
    ppk, kepala, pokja = _user(ctx, s.ppk), ctx.objects["kepala.ukpbj"], ctx.objects["pokja1_group"]
    package = item.packages.exclude(status=Package.Status.CANCELLED).first()
    if package is None:
        package = planning.package_create(actor=ppk, rup_items=[item], specification=s.name + ": sesuai KAK.")
    if package.hps_total is None:
        lines = [
            planning.HpsLine(d, u, q, p, HpsItem.PriceSource.MARKET, "Survei 3 penyedia")
            for d, u, q, p in s.hps
        ]
        package = planning.package_hps_set(actor=ppk, package=package, lines=lines, hps_set_on=hps_on)
    if package.status == Package.Status.DRAFT:
        package = planning.package_mark_ready(actor=ppk, package=package)
    if package.status == Package.Status.READY:
        package = planning.package_assign_pokja(actor=kepala, package=package, pokja=pokja)
    return package


def _schedule(tender: Tender, s: Scenario, now: dt.datetime) -> tuple[dt.datetime, dict]:
    """A schedule (from the rules' own proposal) whose ``s.stage`` began about LEAD ago and stays open at least
    ``s.hold`` from now."""
    agency = tender.package.work_unit.agency_id
    stages = states.machine_of(tender).stages
    start = now - dt.timedelta(days=20)
    wanted = now - LEAD
    for _attempt in range(20):
        windows = tender_rules.suggest_schedule(tender, stages, start, agency)
        begin = windows[s.stage][0]
        if begin <= wanted:
            break
        start -= max(begin - wanted, dt.timedelta(minutes=30))
    else:
        raise RuntimeError(f"no schedule puts {tender.code} in {s.stage} now")
    fixed = {stage: windows[stage] for stage in stages[: stages.index(s.stage)]}
    end = windows[s.stage][1]
    fixed[s.stage] = (begin, tender_rules.next_working_time(max(end, now + s.hold), agency))
    return start, tender_rules.suggest_schedule(tender, stages, start, agency, fixed=fixed)


def _seal_bid(tender: Tender, provider, price: Decimal, at: dt.datetime) -> None:
    from .services import parse_bid_form, submission_finalise, upload_chunk, upload_start

    body = f"%PDF-1.4\n% Dokumen penawaran demo {provider.name} untuk {tender.code}\n".encode() * 200
    with transaction.atomic(), freeze_db_clock(at):
        part = upload_start(
            actor=provider.account,
            tender=tender,
            envelope_kind="SINGLE",
            file_name=f"penawaran-{provider.npwp}.pdf",
            content_type="application/pdf",
            size=len(body),
        )
        upload_chunk(
            actor=provider.account,
            part_uid=str(part.uid),
            offset=0,
            length=len(body),
            read=io.BytesIO(body).read,
        )
        form = parse_bid_form({"offer_price": int(price), "validity_days": 60, "completion_days": 90})
        submission_finalise(actor=provider.account, tender=tender, form=form, upload_uids=[str(part.uid)])


def _open(tender: Tender, members: list, passphrase: str) -> None:
    from .services import opening_passphrase_submit

    with freeze_db_clock(_inside(tender, Stage.OPENING, minutes=10)):
        for member in members[:2]:
            opening_passphrase_submit(
                actor=member, tender=tender, envelope_kind="SINGLE", passphrase=passphrase
            )


def _evaluate_and_award(tender: Tender, members: list, providers: list) -> None:
    from lentera.tendering.models import Offer

    offers = list(Offer.objects.filter(tender=tender).select_related("provider").order_by("pk"))
    chair = members[0]
    with freeze_db_clock(_inside(tender, Stage.EVALUATION)):
        for member in members:
            for offer in offers:
                tendering.member_evaluation_submit(
                    actor=member,
                    offer=offer,
                    administrative_pass=True,
                    qualification_pass=True,
                    technical_pass=offer.provider != providers[2],
                    notes={}
                    if offer.provider != providers[2]
                    else {"technical": "Spesifikasi tidak lengkap"},
                )
        tendering.evaluation_decide(
            actor=chair, tender=tender, summary="Dua penawaran lulus; satu gugur teknis."
        )
    winner = min((o for o in offers if o.provider != providers[2]), key=lambda o: o.read_price or 0)
    with freeze_db_clock(_inside(tender, Stage.QUALIFICATION_PROOF)):
        tendering.qualification_proof_record(
            actor=chair,
            tender=tender,
            provider=winner.provider,
            held_at=db_now(),
            attendees=f"Direktur {winner.provider.name}; Pokja Pemilihan 1",
            passed=True,
            notes="Dokumen asli sesuai.",
        )
    with freeze_db_clock(_inside(tender, Stage.WINNER_DECISION)):
        tendering.winner_decide(actor=chair, tender=tender, note="Penawaran terendah yang lulus evaluasi.")
    with freeze_db_clock(_inside(tender, Stage.WINNER_ANNOUNCEMENT)):
        tendering.winner_announce(actor=chair, tender=tender)


def _build(ctx: DemoContext, s: Scenario, serial: int, providers: list, passphrase: str) -> Tender:
    from .services import tender_keys_create

    now = db_now()
    item = _rup_item(ctx, s, serial)
    pokja = ctx.objects["pokja1_group"]
    members = [m.user for m in pokja.members.filter(left_at__isnull=True).order_by("-is_chair", "pk")]
    chair = members[0]
    # A first pass finds when the schedule must start (rolled back), so that the package and its HPS are made a
    # few days before it, as a PPK would (the HPS must be fresh at the bid deadline: Perpres 16/2018 Pasal 26).
    start = now
    for _pass in range(2):
        prepared = start - dt.timedelta(days=3)
        with transaction.atomic():
            with freeze_db_clock(prepared):
                package = _package(ctx, s, item, hps_on=prepared.date())
                tender = tendering.tender_create(actor=chair, package=package)
            start, windows = _schedule(tender, s, now)
            if _pass == 0:
                transaction.set_rollback(True)
    with freeze_db_clock(start - dt.timedelta(minutes=5)):
        tendering.schedule_set(actor=chair, tender=tender, windows=windows)
        from lentera.tendering.demo import _document

        _document(chair, tender, f"Dokumen Pemilihan {s.name}")
        tendering.tender_announce(actor=chair, tender=tender)
        tender_keys_create(actor=None, tender=tender)
    tender.refresh_from_db()
    with freeze_db_clock(_inside(tender, Stage.ANNOUNCEMENT)):
        for p in providers:
            tendering.registration_create(actor=p.account, tender=tender)
    with freeze_db_clock(_inside(tender, Stage.EXPLANATION, minutes=30)):
        tendering.explanation_record_create(actor=chair, tender=tender)
    hps = tender.hps_total or Decimal(s.pagu)
    prices = [hps * Decimal("0.91"), hps * Decimal("0.87"), hps * Decimal("0.95")]
    upload_end = windows[Stage.BID_UPLOAD][1]
    if s.stage == Stage.BID_UPLOAD:
        _seal_bid(tender, providers[1], prices[1].quantize(Decimal("1")), now - dt.timedelta(minutes=30))
    else:
        for i, (p, price) in enumerate(zip(providers, prices, strict=True)):
            _seal_bid(tender, p, price.quantize(Decimal("1")), upload_end - dt.timedelta(minutes=40 - 5 * i))
    if s.stage in (Stage.EVALUATION, Stage.OBJECTION, Stage.AWARD_LETTER):
        _open(tender, members, passphrase)
    if s.stage in (Stage.OBJECTION, Stage.AWARD_LETTER):
        _evaluate_and_award(tender, members, providers)
    tender.refresh_from_db()
    return tender


def load(ctx: DemoContext, passphrase: str) -> list[tuple[Scenario, Tender]]:
    """Make sure each scenario has a tender at its moment now; returns them in story order."""
    from lentera.tendering.demo import _providers

    if "pokja1_group" not in ctx.objects or "units" not in ctx.objects:
        return []
    providers = _providers(ctx)[:3]
    if len(providers) < 3:
        ctx.notes.append("Bidding: the live tender story needs the three demo providers; not made.")
        return []
    now = db_now()
    out = []
    for s in SCENARIOS:
        base = RupItem.objects.filter(name__startswith=s.name, work_unit=ctx.objects["units"][s.unit])
        tenders = list(Tender.objects.filter(package__rup_items__in=base).order_by("-pk").distinct())
        tender = _current(tenders, s.stage, now)
        if tender is None:
            tender = _build(ctx, s, base.count() + 1 if tenders else 1, providers, passphrase)
        out.append((s, tender))
    return out


def sealed_count(tender: Tender) -> int:
    return BidSubmission.objects.filter(tender=tender, status=BidSubmission.Status.ACCEPTED).count()
