"""Submitting sealed bids: resumable uploads, the final commit against the deadline, replacement, withdrawal."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from lentera.bidding.crypto import verify_receipt
from lentera.bidding.errors import BiddingError
from lentera.bidding.models import BidPart, BidSegment, BidSubmission
from lentera.bidding.serverkeys import receipt_signing_key
from lentera.bidding.services import (
    parse_bid_form,
    submission_finalise,
    submission_withdraw,
    tender_keys_create,
    upload_chunk,
    upload_start,
)
from lentera.bidding.services.submission import check_deadline
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.providers.models import Provider
from lentera.testing import pdf, pdf_sized

from .factories import clock_at, give_opening_keys, make_tender, submit_bid, upload_file

pytestmark = pytest.mark.django_db

FORM = {"offer_price": "Rp850.000.000", "validity_days": "60", "completion_days": "90"}


@pytest.fixture
def world(media_root):
    w = make_tender(members=3, providers=3)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def test_bid_accepted_with_signed_receipt_in_audit_chain(world):
    sub = submit_bid(world, 0, files={"a.pdf": pdf(b"A" * 700_000), "b.xlsx": pdf(b"B" * 10)})
    assert sub.status == BidSubmission.Status.ACCEPTED
    assert verify_receipt(sub.receipt, receipt_signing_key().public_bytes())
    payload = sub.receipt["payload"]
    assert payload["type"] == "lentera.bid.receipt"
    assert payload["tender"]["code"] == world.tender.code
    assert payload["provider"]["npwp"] == world.providers[0].npwp
    stored = {s.sha256 for s in BidSegment.objects.filter(part__submission=sub)}
    listed = {seg["sha256"] for part in payload["parts"] for seg in part["segments"]}
    assert stored == listed and len(listed) == 3 + 1 + 1  # 700 kB in 256 kB chunks, 10 B, the form
    event = AuditEvent.objects.get(action="bidding.submission.accept")
    assert event.after["receipt_sha256"] == sub.receipt_sha256


def test_parse_bid_form_accepts_indonesian_amounts():
    assert str(parse_bid_form(FORM).offer_price) == "850000000.00"
    assert str(parse_bid_form(FORM | {"offer_price": "Rp1.250.000.000"}).offer_price) == "1250000000.00"
    assert str(parse_bid_form(FORM | {"offer_price": "1.250.000,50"}).offer_price) == "1250000.50"
    assert str(parse_bid_form(FORM | {"offer_price": 99}).offer_price) == "99.00"
    for bad in ("", "abc", "-5", "0", "1,2,3"):
        with pytest.raises(BiddingError):
            parse_bid_form(FORM | {"offer_price": bad})
    with pytest.raises(BiddingError):
        parse_bid_form(FORM | {"validity_days": "0"})


def test_resumable_upload_refuses_wrong_offset_and_resumes(world):
    user = world.provider_user(0)
    data = pdf_sized(1024 * 1024, bytes(range(256)))  # 1 MiB
    part = upload_start(
        actor=user,
        tender=world.tender,
        envelope_kind="SINGLE",
        file_name="x.pdf",
        content_type="",
        size=len(data),
    )
    stream = io.BytesIO(data)
    part = upload_chunk(actor=user, part_uid=str(part.uid), offset=0, length=300_000, read=stream.read)
    assert part.received_size == 300_000
    # the client lost the answer and re-sends the same chunk: refused with the offset to resume from
    with pytest.raises(LenteraError) as exc:
        upload_chunk(actor=user, part_uid=str(part.uid), offset=0, length=300_000, read=io.BytesIO(data).read)
    assert exc.value.code == "OFFSET_MISMATCH" and exc.value.status == 409
    assert "300000" in str(exc.value)
    # a connection that drops mid-chunk stores nothing
    short = io.BytesIO(data[300_000:400_000])
    with pytest.raises(BiddingError) as exc:
        upload_chunk(actor=user, part_uid=str(part.uid), offset=300_000, length=500_000, read=short.read)
    assert exc.value.code == "INCOMPLETE_CHUNK"
    part.refresh_from_db()
    assert part.received_size == 300_000 and part.segments.count() == 1
    rest = io.BytesIO(data[300_000:])
    part = upload_chunk(
        actor=user, part_uid=str(part.uid), offset=300_000, length=len(data) - 300_000, read=rest.read
    )
    assert part.status == BidPart.Status.COMPLETE


def test_upload_of_someone_else_is_not_found(world):
    part = upload_start(
        actor=world.provider_user(0),
        tender=world.tender,
        envelope_kind="SINGLE",
        file_name="x",
        content_type="",
        size=10,
    )
    with pytest.raises(LenteraError) as exc:
        upload_chunk(
            actor=world.provider_user(1),
            part_uid=str(part.uid),
            offset=0,
            length=10,
            read=io.BytesIO(b"0" * 10).read,
        )
    assert exc.value.status == 404


def test_finalise_refuses_incomplete_upload(world):
    user = world.provider_user(0)
    part = upload_start(
        actor=user, tender=world.tender, envelope_kind="SINGLE", file_name="x", content_type="", size=100
    )
    with pytest.raises(BiddingError) as exc:
        submission_finalise(
            actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[str(part.uid)]
        )
    assert exc.value.code == "UPLOAD_INCOMPLETE"
    with pytest.raises(BiddingError) as exc:
        submission_finalise(actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[])
    assert exc.value.code == "FILES_REQUIRED"


def test_replacement_supersedes_and_keeps_earlier_version(world):
    first = submit_bid(world, 0, price="900000000")
    second = submit_bid(world, 0, price="880000000")
    first.refresh_from_db()
    assert first.status == BidSubmission.Status.SUPERSEDED
    assert second.status == BidSubmission.Status.ACCEPTED and second.version == 2
    assert second.receipt["payload"]["supersedes_receipt_sha256"] == first.receipt_sha256
    assert BidSegment.objects.filter(part__submission=first).exists()


def test_withdraw_until_deadline(world):
    sub = submit_bid(world, 0)
    withdrawn = submission_withdraw(actor=world.provider_user(0), tender=world.tender)
    assert withdrawn.pk == sub.pk and withdrawn.status == BidSubmission.Status.WITHDRAWN
    assert verify_receipt(withdrawn.withdrawal_receipt, receipt_signing_key().public_bytes())
    with pytest.raises(BiddingError) as exc:
        submission_withdraw(actor=world.provider_user(0), tender=world.tender)
    assert exc.value.code == "NOTHING_TO_WITHDRAW"


def _prepare_upload(world, i=0):
    user = world.provider_user(i)
    return user, str(upload_file(user, world.tender, pdf(b"isi berkas penawaran")).uid)


def test_lampiran_2_5_2_submission_one_second_before_deadline_accepted(world):
    user, uid = _prepare_upload(world)
    with clock_at(world.deadline - dt.timedelta(seconds=1)):
        sub = submission_finalise(
            actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[uid]
        )
    assert sub.status == BidSubmission.Status.ACCEPTED
    assert sub.submitted_at == world.deadline - dt.timedelta(seconds=1)


def test_lampiran_2_5_2_submission_one_second_after_deadline_refused_with_server_time(world):
    user, uid = _prepare_upload(world)
    with clock_at(world.deadline + dt.timedelta(seconds=1)), pytest.raises(BiddingError) as exc:
        submission_finalise(actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[uid])
    assert exc.value.code == "BID_DEADLINE_PASSED"
    local = timezone.localtime(world.deadline + dt.timedelta(seconds=1), dt.timezone(dt.timedelta(hours=7)))
    assert local.strftime("%H:%M:%S") in str(exc.value) and "WIB" in str(exc.value)
    assert not BidSubmission.objects.filter(status=BidSubmission.Status.ACCEPTED).exists()
    assert not AuditEvent.objects.filter(action="bidding.submission.accept").exists()


def test_lampiran_2_5_2_submission_exactly_at_deadline_refused(world):
    user, uid = _prepare_upload(world)
    with clock_at(world.deadline), pytest.raises(BiddingError) as exc:
        submission_finalise(actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[uid])
    assert exc.value.code == "BID_DEADLINE_PASSED"


def test_deadline_decided_by_database_clock_not_app_clock(world):
    """freeze_db_clock pins db_now(): the app server's own clock does not matter."""
    from lentera.core.clock import freeze_db_clock

    user, uid = _prepare_upload(world)
    with freeze_db_clock(world.deadline + dt.timedelta(seconds=1)), pytest.raises(BiddingError) as exc:
        submission_finalise(actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[uid])
    assert exc.value.code == "BID_DEADLINE_PASSED"


def test_withdrawal_after_deadline_refused(world):
    submit_bid(world, 0)
    with clock_at(world.deadline + dt.timedelta(seconds=1)), pytest.raises(LenteraError):
        submission_withdraw(actor=world.provider_user(0), tender=world.tender)


def test_only_registered_verified_providers_bid(world):
    from .factories import make_provider

    stranger = make_provider()
    with pytest.raises(LenteraError) as exc:
        upload_start(
            actor=stranger.account,
            tender=world.tender,
            envelope_kind="SINGLE",
            file_name="x",
            content_type="",
            size=5,
        )
    assert exc.value.code == "NOT_REGISTERED"
    Provider.objects.filter(pk=world.providers[1].pk).update(status=Provider.Status.SUBMITTED)
    with pytest.raises(LenteraError) as exc:
        upload_start(
            actor=world.provider_user(1),
            tender=world.tender,
            envelope_kind="SINGLE",
            file_name="x",
            content_type="",
            size=5,
        )
    assert exc.value.code == "PROVIDER_NOT_VERIFIED"


def test_upload_refused_before_bid_upload_stage(world):
    start = world.schedule["BID_UPLOAD"][0]
    with clock_at(start - dt.timedelta(seconds=1)), pytest.raises(LenteraError) as exc:
        upload_start(
            actor=world.provider_user(0),
            tender=world.tender,
            envelope_kind="SINGLE",
            file_name="x",
            content_type="",
            size=5,
        )
    assert exc.value.code == "STAGE_CLOSED"


def test_envelopes_made_lazily_when_bid_upload_opens(media_root):
    world = make_tender(members=3)
    give_opening_keys(world.members)
    submit_bid(world, 0)
    event = AuditEvent.objects.get(action="bidding.envelope.create")
    assert event.after["lazy"] is True and event.actor_user_id is None


def test_lazy_envelopes_refused_when_member_has_no_key(media_root):
    world = make_tender(members=3)
    with pytest.raises(BiddingError) as exc:
        upload_start(
            actor=world.provider_user(0),
            tender=world.tender,
            envelope_kind="SINGLE",
            file_name="x",
            content_type="",
            size=5,
        )
    assert exc.value.code == "ENVELOPE_KEYS_MISSING"


def test_storage_failure_after_commit_never_turns_an_accepted_bid_into_an_error(
    world, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """A part uploaded but left out of the bid is deleted after the commit; if the storage refuses (an S3 error
    is not an OSError), the bid is still accepted and the file is named in a warning, not raised."""
    from django.core.files.storage import default_storage

    user = world.provider_user(0)
    kept = upload_file(user, world.tender, b"%PDF dipakai")
    upload_file(user, world.tender, b"%PDF tidak dipakai", name="lama.pdf")

    class Refusing:  # the real storage, except that deleting fails
        def __getattr__(self, attr):
            return getattr(default_storage, attr)

        def delete(self, name):
            raise RuntimeError("object storage unavailable")

    monkeypatch.setattr("lentera.bidding.storage.default_storage", Refusing())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sub = submission_finalise(
            actor=user, tender=world.tender, form=parse_bid_form(FORM), upload_uids=[str(kept.uid)]
        )
    assert callbacks and sub.status == BidSubmission.Status.ACCEPTED
    assert BidPart.objects.filter(submission=sub, kind=BidPart.Kind.FILE).count() == 1
    assert "could not be deleted" in caplog.text


def test_check_deadline_accepts_until_the_last_second_refuses_at_and_after_it(world):
    assert check_deadline(world.tender, world.deadline - dt.timedelta(seconds=1)) == world.deadline
    for late in (world.deadline, world.deadline + dt.timedelta(days=1)):
        with pytest.raises(BiddingError) as exc:
            check_deadline(world.tender, late)
        assert exc.value.code == "BID_DEADLINE_PASSED"
