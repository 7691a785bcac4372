"""Opening: a Pokja majority of passphrases, every chunk and hash checked, problems recorded (Lampiran 2.5.3)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from lentera.bidding import integration
from lentera.bidding.errors import BiddingError
from lentera.bidding.models import (
    BidPart,
    BidSegment,
    OpenedBid,
    OpeningDeposit,
    OpeningProblem,
    OpeningSession,
    PartCheck,
    TenderEnvelope,
)
from lentera.bidding.services import (
    opened_part_content,
    opening_passphrase_submit,
    opening_problem_decide,
    opening_problem_witness,
    tender_keys_create,
)
from lentera.bidding.services.opening import opening_stage_check
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.enums import Envelope
from lentera.testing import pdf

from .factories import PASSPHRASE, clock_at, give_opening_keys, make_tender, open_envelope, submit_bid

pytestmark = pytest.mark.django_db

FILE_A = b"%PDF-1.7 RAHASIA-PENAWARAN-TEKNIS-ALFA " * 20_000  # ~780 kB: several segments
FILE_B = b"%PDF-1.7 RAHASIA-PENAWARAN-TEKNIS-BRAVO " * 50
PRICE_A, PRICE_B = "987654321", "876543219"


@pytest.fixture
def handed_over(monkeypatch):
    calls = []
    monkeypatch.setattr(integration, "offers_record_opened", lambda **kw: calls.append(kw))
    return calls


def _world(envelope=Envelope.ONE_FILE, members=3):
    world = make_tender(members=members, providers=2, envelope=envelope)
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    return world


def _bids(world):
    two = world.tender.envelope != Envelope.ONE_FILE
    a = submit_bid(
        world,
        0,
        price=PRICE_A,
        files={"teknis-alfa.pdf": FILE_A},
        price_files={"rincian-alfa.xlsx": pdf(b"RINCIAN-HARGA-ALFA")} if two else None,
    )
    b = submit_bid(world, 1, price=PRICE_B, files={"teknis-bravo.pdf": FILE_B})
    return a, b


def _at_opening(world):
    return clock_at(world.deadline + dt.timedelta(minutes=5))


def test_dump_of_database_and_storage_before_opening_holds_no_price_or_content(media_root, tmp_path):
    world = _world()
    _bids(world)
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue().encode()
    stored = b"".join(p.read_bytes() for p in Path(media_root).rglob("*") if p.is_file())
    assert stored, "the sealed files are in the storage folder"
    for secret in (
        PRICE_A,
        PRICE_B,
        "987.654.321",
        "RAHASIA-PENAWARAN",
        "RINCIAN-HARGA",
        "teknis-alfa",
        "teknis-bravo",
    ):
        assert secret.encode() not in dump, secret
        assert secret.encode() not in stored, secret
    # and no plaintext spooled anywhere in the private temp folder either
    from lentera.bidding.storage import private_tmp_dir

    assert not any(f.is_file() for f in private_tmp_dir().iterdir())


def test_fewer_than_majority_of_passphrases_opens_nothing(media_root, handed_over):
    world = _world(members=5)
    _bids(world)
    with _at_opening(world):
        progress = open_envelope(world, members=world.members[:2])
    assert progress.deposited == 2 and progress.threshold == 3 and not progress.opened
    env = TenderEnvelope.objects.get(tender=world.tender)
    assert env.opened_at is None and env.opened_key == ""
    assert not OpenedBid.objects.exists() and not handed_over


def test_majority_opens_reads_prices_and_checks_everything(media_root, handed_over):
    world = _world(members=3)
    a, b = _bids(world)
    with _at_opening(world):
        progress = open_envelope(world, members=world.members[:2])
    assert progress.opened
    env = TenderEnvelope.objects.get(tender=world.tender)
    assert env.opened_at is not None
    assert not OpeningDeposit.objects.exists(), "deposited shares are erased after the opening"
    bids = {o.submission_id: o for o in OpenedBid.objects.all()}
    assert bids[a.pk].offer_price == Decimal(PRICE_A) and bids[b.pk].offer_price == Decimal(PRICE_B)
    assert all(o.all_parts_ok and o.receipt_ok for o in bids.values())
    assert set(PartCheck.objects.values_list("result", flat=True)) == {"OK"}
    assert not OpeningProblem.objects.exists()
    session = OpeningSession.objects.get(status="OPENED")
    assert session.record_pdf.name and len(session.record_sha256) == 64
    assert [p["user_id"] for p in session.present] == [m.user_id for m in world.members[:2]]
    event = AuditEvent.objects.get(action="bidding.opening.complete")
    assert event.after["record_sha256"] == session.record_sha256
    (call,) = handed_over
    assert {o["provider"].pk: o["read_price"] for o in call["offers"]} == {
        world.providers[0].pk: Decimal(PRICE_A),
        world.providers[1].pk: Decimal(PRICE_B),
    }
    # the Pokja reads a file: decrypted on the fly, byte for byte
    part = BidPart.objects.get(submission=a, kind="FILE")
    with _at_opening(world):
        opened = opened_part_content(actor=world.members[2], role=Role.POKJA, part_uid=str(part.uid))
    assert opened.name == "teknis-alfa.pdf"
    assert b"".join(opened.chunks) == FILE_A
    assert AuditEvent.objects.filter(action="bidding.part.read").count() == 1


def test_wrong_passphrase_says_only_that_and_is_audited(media_root, handed_over):
    world = _world()
    _bids(world)
    with _at_opening(world), pytest.raises(BiddingError) as exc:
        opening_passphrase_submit(
            actor=world.members[0],
            tender=world.tender,
            envelope_kind="SINGLE",
            passphrase="tebakan-yang-salah",
        )
    assert exc.value.code == "WRONG_PASSPHRASE"
    assert str(exc.value) == "Kata sandi pembukaan salah. Tidak ada yang dibuka."
    assert (
        AuditEvent.objects.filter(
            action="bidding.opening.passphrase_wrong", actor_user_id=world.members[0].pk
        ).count()
        == 1
    )
    assert not OpeningDeposit.objects.exists()


def test_too_many_wrong_passphrases_locks_the_holder_out(media_root):
    world = _world()
    with _at_opening(world):
        for _ in range(5):
            with pytest.raises(BiddingError):
                opening_passphrase_submit(
                    actor=world.members[0],
                    tender=world.tender,
                    envelope_kind="SINGLE",
                    passphrase="salah-salah-salah",
                )
        with pytest.raises(BiddingError) as exc:
            opening_passphrase_submit(
                actor=world.members[0], tender=world.tender, envelope_kind="SINGLE", passphrase=PASSPHRASE
            )
    assert exc.value.code == "TOO_MANY_ATTEMPTS"
    assert AuditEvent.objects.filter(
        action="bidding.opening.attempt_refused", after__code="TOO_MANY_ATTEMPTS"
    ).exists()


def test_opening_refused_before_opening_stage(media_root):
    world = _world()
    _bids(world)
    with pytest.raises(LenteraError) as exc:
        opening_passphrase_submit(
            actor=world.members[0], tender=world.tender, envelope_kind="SINGLE", passphrase=PASSPHRASE
        )
    assert exc.value.code == "STAGE_CLOSED"
    assert not OpeningDeposit.objects.exists()
    event = AuditEvent.objects.get(action="bidding.opening.attempt_refused")
    assert event.after["code"] == "STAGE_CLOSED" and event.actor_user_id == world.members[0].pk


def test_non_holder_cannot_enter_passphrase(media_root, make_user):
    world = _world()
    outsider = make_user(Role.POKJA)
    give_opening_keys([outsider])
    with _at_opening(world), pytest.raises(LenteraError) as exc:
        opening_passphrase_submit(
            actor=outsider, tender=world.tender, envelope_kind="SINGLE", passphrase=PASSPHRASE
        )
    assert exc.value.code == "NOT_A_KEY_HOLDER"


@pytest.mark.parametrize("which", ["form", "file-first", "file-middle", "file-last", "header"])
def test_flipped_byte_in_any_stored_chunk_is_caught_at_opening(media_root, handed_over, which):
    from django.core.files.storage import default_storage

    world = _world()
    a, b = _bids(world)
    file_segments = list(BidSegment.objects.filter(part__submission=a, part__kind="FILE").order_by("index"))
    assert len(file_segments) >= 3
    target, offset = {
        "form": (BidSegment.objects.get(part__submission=a, part__kind="FORM"), 70),
        "file-first": (file_segments[0], 100),
        "file-middle": (file_segments[len(file_segments) // 2], 100_000),
        "file-last": (file_segments[-1], -5),
        "header": (file_segments[1], 12),
    }[which]
    path = Path(default_storage.path(target.storage_name))
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with _at_opening(world):
        open_envelope(world, members=world.members[:2])
    check = PartCheck.objects.get(part=target.part)
    assert check.result == PartCheck.Result.CORRUPT
    assert f"segmen {target.index}" in check.detail
    bid_a = OpenedBid.objects.get(submission=a)
    assert not bid_a.all_parts_ok
    problem = OpeningProblem.objects.get(opened_bid=bid_a)
    assert problem.status == OpeningProblem.Status.DRAFT
    assert OpenedBid.objects.get(submission=b).all_parts_ok, "other bids are unaffected"
    (call,) = handed_over
    assert len(call["offers"]) == 2, "a bid with a broken file is reported, never skipped"


def test_replaced_sealed_file_fails_the_receipt_hash(media_root, handed_over):
    """Someone with storage access swaps a segment for another, validly sealed one: the receipt catches it."""
    from django.core.files.storage import default_storage

    from lentera.bidding.crypto import SealingWriter

    world = _world()
    a, _b = _bids(world)
    segment = BidSegment.objects.filter(part__submission=a, part__kind="FILE").order_by("index").first()
    env = segment.part.envelope
    sink = io.BytesIO()
    with SealingWriter(
        env.public_key_bytes, sink, aad_context=segment.part.segment_context(segment.index)
    ) as w:
        w.write(b"X" * segment.plaintext_size)
    Path(default_storage.path(segment.storage_name)).write_bytes(sink.getvalue())
    with _at_opening(world):
        open_envelope(world, members=world.members[:2])
    check = PartCheck.objects.get(part=segment.part)
    assert check.result == PartCheck.Result.HASH_MISMATCH


def test_missing_file_is_reported(media_root, handed_over):
    from django.core.files.storage import default_storage

    world = _world()
    a, _b = _bids(world)
    segment = BidSegment.objects.filter(part__submission=a, part__kind="FILE").first()
    default_storage.delete(segment.storage_name)
    with _at_opening(world):
        open_envelope(world, members=world.members[:2])
    assert PartCheck.objects.get(part=segment.part).result == PartCheck.Result.MISSING


def test_opening_problem_witness_lampiran_2_5_3_unopenable_file_witnessed_by_kasubag_then_pokja_decides(
    media_root, handed_over, make_user
):
    from django.core.files.storage import default_storage

    world = _world()
    a, _b = _bids(world)
    seg = BidSegment.objects.filter(part__submission=a, part__kind="FILE").first()
    path = Path(default_storage.path(seg.storage_name))
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with _at_opening(world):
        open_envelope(world, members=world.members[:2])
    problem = OpeningProblem.objects.get()
    with pytest.raises(BiddingError):
        opening_problem_decide(
            actor=world.members[0], problem=problem, decision="Penawaran digugurkan karena berkas rusak."
        )
    with pytest.raises(LenteraError):
        opening_problem_witness(actor=world.members[0], problem=problem)
    kasubag = make_user(Role.KASUBAG_LPSE)
    problem = opening_problem_witness(
        actor=kasubag, problem=problem, note="Berkas tidak dapat dibuka, disaksikan."
    )
    assert problem.status == OpeningProblem.Status.WITNESSED and problem.record_pdf.name
    problem = opening_problem_decide(
        actor=world.members[0], problem=problem, decision="Penawaran digugurkan karena berkas rusak."
    )
    assert problem.status == OpeningProblem.Status.DECIDED


def test_opening_stage_check_two_envelopes_price_opens_only_after_technical_decision(media_root, handed_over):
    from lentera.tendering.models import EvaluationDecision

    world = _world(envelope=Envelope.TWO_FILES)
    a, b = _bids(world)
    with _at_opening(world):
        open_envelope(world, "ADMIN_TECH", members=world.members[:2])
    admin = {o.submission_id: o for o in OpenedBid.objects.filter(session__envelope__kind="ADMIN_TECH")}
    assert admin[a.pk].offer_price is None and "offer_price" not in admin[a.pk].form_fields
    assert admin[a.pk].form_fields["validity_days"] == 60
    assert handed_over[0]["offers"][0]["read_price"] is None
    later = world.schedule["PRICE_OPENING"][0] + dt.timedelta(minutes=10)
    with clock_at(later):
        with pytest.raises(BiddingError) as exc:
            open_envelope(world, "PRICE", members=world.members[:1])
        assert exc.value.code == "PRICE_ENVELOPE_NOT_YET"
        price_envelope = TenderEnvelope.objects.get(tender=world.tender, kind=TenderEnvelope.Kind.PRICE)
        with pytest.raises(BiddingError) as exc:
            opening_stage_check(world.tender, price_envelope, later)
        assert exc.value.code == "PRICE_ENVELOPE_NOT_YET"
        EvaluationDecision.objects.create(
            tender=world.tender,
            round=1,
            scope="TECHNICAL",
            agreeing_member_ids=[m.pk for m in world.members],
            member_count=3,
            decided_by=world.members[0],
            decided_at=later,
        )
        opening_stage_check(world.tender, price_envelope, later)  # File I opened, technical decided
        progress = open_envelope(world, "PRICE", members=world.members[1:])
    assert progress.opened
    price = {o.submission_id: o for o in OpenedBid.objects.filter(session__envelope__kind="PRICE")}
    assert price[a.pk].offer_price == Decimal(PRICE_A) and price[b.pk].offer_price == Decimal(PRICE_B)
    assert PartCheck.objects.filter(
        opened_bid=price[a.pk], part__kind="FILE", file_name="rincian-alfa.xlsx"
    ).exists()


def test_may_read_opened_only_the_tenders_pokja_as_pokja_and_auditors_as_auditors(make_user):
    from lentera.bidding.services.opened import may_read_opened

    world = make_tender(members=3, providers=1)
    member, auditor = world.members[0], make_user(Role.AUDITOR)
    assert may_read_opened(member, Role.POKJA, world.tender)
    assert not may_read_opened(member, Role.AUDITOR, world.tender)  # does not hold the auditor role
    assert may_read_opened(auditor, Role.AUDITOR, world.tender)
    assert not may_read_opened(auditor, Role.POKJA, world.tender)  # not a member of this Pokja
    other_pokja = make_tender(members=3, providers=1).members[0]
    assert not may_read_opened(other_pokja, Role.POKJA, world.tender)
    assert not may_read_opened(make_user(Role.KASUBAG_LPSE), Role.KASUBAG_LPSE, world.tender)
