"""Test builders: a tender with a Pokja, a bid upload window and registered, verified providers."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from lentera.accounts.models import WorkUnit
from lentera.accounts.tests.factories import WorkUnitFactory, user_with_role
from lentera.core.roles import Role
from lentera.planning.models import FundingSource, Method, Package, Pokja, PokjaMember, ProcurementType
from lentera.providers.models import Provider
from lentera.tendering.enums import Envelope, Stage, TenderStatus
from lentera.tendering.models import ScheduleEntry, Tender, TenderRegistration

PASSPHRASE = "Buka-Sampul-Uji-2026"
_seq = itertools.count(1)


@dataclass
class TenderWorld:
    tender: Tender
    members: list
    providers: list[Provider]
    ppk: object
    schedule: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)

    @property
    def deadline(self) -> dt.datetime:
        return self.schedule[Stage.BID_UPLOAD][1]

    def provider_user(self, i: int = 0):
        return self.providers[i].account


def make_provider(*, status: str = Provider.Status.VERIFIED) -> Provider:
    n = next(_seq)
    user = user_with_role(Role.PENYEDIA, totp=False)
    return Provider.objects.create(
        npwp=f"{n:015d}",
        name=f"PT Penyedia Uji {n}",
        business_form=Provider.BusinessForm.PT,
        account=user,
        status=status,
        verified_at=timezone.now() if status == Provider.Status.VERIFIED else None,
    )


def make_pokja(member_count: int = 3) -> tuple[Pokja, list]:
    ukpbj = WorkUnitFactory(kind=WorkUnit.Kind.UKPBJ)
    head = user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)
    pokja = Pokja.objects.create(
        ukpbj=ukpbj,
        name=f"Pokja Uji {next(_seq)}",
        decree_number="SK/1/2026",
        decree_date=dt.date(2026, 1, 5),
        formed_by=head,
    )
    members = []
    for i in range(member_count):
        user = user_with_role(Role.POKJA, work_unit=ukpbj)
        PokjaMember.objects.create(
            pokja=pokja, user=user, qualification=PokjaMember.Qualification.PENGELOLA_PBJ, is_chair=i == 0
        )
        members.append(user)
    return pokja, members


def default_schedule(
    now: dt.datetime, *, upload_left: dt.timedelta, envelope: str
) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Stages around ``now``: bid upload open, ending ``upload_left`` from now; the rest follows."""
    deadline = now + upload_left
    h = dt.timedelta(hours=1)
    stages = [
        (Stage.ANNOUNCEMENT, now - 10 * h, now - 9 * h),
        (Stage.DOCUMENT_DOWNLOAD, now - 9 * h, now - 8 * h),
        (Stage.EXPLANATION, now - 8 * h, now - 7 * h),
        (Stage.BID_UPLOAD, now - 7 * h, deadline),
        (Stage.OPENING, deadline, deadline + 2 * h),
        (Stage.EVALUATION, deadline + 2 * h, deadline + 30 * h),
    ]
    if envelope != Envelope.ONE_FILE:
        stages += [
            (Stage.PRICE_OPENING, deadline + 30 * h, deadline + 32 * h),
            (Stage.PRICE_EVALUATION, deadline + 32 * h, deadline + 40 * h),
        ]
    stages += [
        (Stage.QUALIFICATION_PROOF, deadline + 40 * h, deadline + 48 * h),
        (Stage.WINNER_DECISION, deadline + 48 * h, deadline + 50 * h),
    ]
    return stages


def make_tender(
    *,
    members: int = 3,
    providers: int = 2,
    envelope: str = Envelope.ONE_FILE,
    upload_left: dt.timedelta = dt.timedelta(hours=1),
    now: dt.datetime | None = None,
    pokja_and_members: tuple | None = None,
) -> TenderWorld:
    now = now or timezone.now()
    pokja, member_users = pokja_and_members or make_pokja(members)
    satker = WorkUnitFactory()
    ppk = user_with_role(Role.PPK, work_unit=satker)
    n = next(_seq)
    package = Package.objects.create(
        code=f"PKT-{n}",
        name=f"Paket Uji {n}",
        work_unit=satker,
        ppk=ppk,
        fiscal_year=2026,
        procurement_type=ProcurementType.GOODS,
        method=Method.TENDER,
        funding_source=FundingSource.APBD,
        pagu=1_000_000_000,
        hps_total=900_000_000,
        pokja=pokja,
    )
    tender = Tender.objects.create(
        package=package,
        code=f"T-{n}",
        title=f"Pengadaan Alat Uji {n}",
        method=Method.TENDER,
        procurement_type=ProcurementType.GOODS,
        envelope=envelope,
        status=TenderStatus.ANNOUNCED,
        hps_total=900_000_000,
        pagu=1_000_000_000,
        pokja=pokja,
        created_by=member_users[0],
        announced_at=now,
    )
    schedule = {}
    for position, (stage, start, end) in enumerate(
        default_schedule(now, upload_left=upload_left, envelope=envelope)
    ):
        ScheduleEntry.objects.create(
            tender=tender, stage=stage, position=position, starts_at=start, ends_at=end
        )
        schedule[stage] = (start, end)
    provs = []
    for _ in range(providers):
        p = make_provider()
        TenderRegistration.objects.create(
            tender=tender, provider=p, registered_by=p.account, registered_at=now
        )
        provs.append(p)
    return TenderWorld(tender=tender, members=member_users, providers=provs, ppk=ppk, schedule=schedule)


def give_opening_keys(users, passphrase: str = PASSPHRASE) -> None:
    from lentera.bidding.services import opening_key_set

    for user in users:
        opening_key_set(actor=user, passphrase=passphrase, passphrase_confirm=passphrase)


def upload_file(
    user,
    tender,
    data: bytes,
    *,
    name: str = "penawaran.pdf",
    envelope: str = "SINGLE",
    chunk: int = 256 * 1024,
):
    """Upload ``data`` through the resumable-upload service in chunks; returns the completed part."""
    import io

    from lentera.bidding.services import upload_chunk, upload_start

    part = upload_start(
        actor=user,
        tender=tender,
        envelope_kind=envelope,
        file_name=name,
        content_type="application/pdf",
        size=len(data),
    )
    stream = io.BytesIO(data)
    offset = 0
    while offset < len(data):
        length = min(chunk, len(data) - offset)
        part = upload_chunk(
            actor=user, part_uid=str(part.uid), offset=offset, length=length, read=stream.read
        )
        offset += length
    return part


def submit_bid(
    world: TenderWorld,
    i: int = 0,
    *,
    price: str = "850000000",
    files: dict[str, bytes] | None = None,
    price_files: dict[str, bytes] | None = None,
):
    """Provider ``i`` uploads ``files`` and commits a bid at ``price``; returns the accepted submission."""
    from lentera.bidding.services import parse_bid_form, submission_finalise

    user = world.provider_user(i)
    two = world.tender.envelope != Envelope.ONE_FILE
    files = (
        files if files is not None else {"penawaran.pdf": b"%PDF-1.7 dokumen penawaran " + bytes([i]) * 1000}
    )
    uids = [
        str(upload_file(user, world.tender, data, name=name, envelope="ADMIN_TECH" if two else "SINGLE").uid)
        for name, data in files.items()
    ]
    for name, data in (price_files or {}).items():
        uids.append(str(upload_file(user, world.tender, data, name=name, envelope="PRICE").uid))
    form = parse_bid_form({"offer_price": price, "validity_days": 60, "completion_days": 90})
    # A deliberate bid: a price above the HPS is confirmed (check_price_against_hps has its own tests).
    return submission_finalise(
        actor=user, tender=world.tender, form=form, upload_uids=uids, confirm_above_hps=True
    )


def open_envelope(world: TenderWorld, kind: str = "SINGLE", *, members=None, passphrase: str = PASSPHRASE):
    """Members enter their passphrases for an envelope; returns the last progress."""
    from lentera.bidding.services import opening_passphrase_submit

    progress = None
    for user in members if members is not None else world.members:
        progress = opening_passphrase_submit(
            actor=user, tender=world.tender, envelope_kind=kind, passphrase=passphrase
        )
    return progress


@contextlib.contextmanager
def clock_at(when: dt.datetime):
    """Move both clocks: Python's (time-machine) and the database's (freeze_db_clock, for PostgreSQL)."""
    import time_machine

    from lentera.core.clock import freeze_db_clock

    with time_machine.travel(when, tick=False), freeze_db_clock(when):
        yield when
