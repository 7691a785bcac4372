"""Purging abandoned sealed uploads: drafts past the bid deadline plus retention go, rows and files, with a trace;
finalised submissions (accepted, superseded, withdrawn) and everything else stay byte for byte."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from lentera.bidding.models import BidPart, BidSegment, BidSubmission
from lentera.bidding.services import submission_withdraw, tender_keys_create, upload_chunk, upload_start
from lentera.bidding.services.cleanup import AUDIT_ACTION, abandoned_uploads_purge
from lentera.bidding.tasks import purge_abandoned_uploads
from lentera.core.audit import verify_chain
from lentera.core.models import AuditEvent
from lentera.testing import db_fingerprint, pdf, pdf_sized

from .factories import clock_at, give_opening_keys, make_tender, submit_bid, upload_file

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def world(media_root):
    w = make_tender(members=3, providers=4)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def files_of(root: Path) -> dict[str, str]:
    """Every file under the storage folder, by relative path -> SHA-256 of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def rows_of(sub: BidSubmission) -> list[tuple]:
    sub = BidSubmission.objects.get(pk=sub.pk)
    parts = BidPart.objects.filter(submission=sub).order_by("pk")
    segments = BidSegment.objects.filter(part__submission=sub).order_by("pk")
    return [
        tuple(getattr(sub, f.attname) for f in BidSubmission._meta.concrete_fields),
        *(tuple(getattr(p, f.attname) for f in BidPart._meta.concrete_fields) for p in parts),
        *(tuple(getattr(s, f.attname) for f in BidSegment._meta.concrete_fields) for s in segments),
    ]


def start_unfinished(user, tender, *, size: int = 600_000, sent: int = 256 * 1024) -> BidPart:
    """An upload session started, one chunk sent, never finished."""
    part = upload_start(
        actor=user,
        tender=tender,
        envelope_kind="SINGLE",
        file_name="besar.pdf",
        content_type="application/pdf",
        size=size,
    )
    return upload_chunk(
        actor=user, part_uid=str(part.uid), offset=0, length=sent, read=io.BytesIO(pdf_sized(sent)).read
    )


@pytest.fixture
def scene(world):
    """Beside each other in one tender:

    provider 0: accepted v1, then a new draft v2 (a complete file and an unfinished one) never submitted;
    provider 1: a draft with a complete file never submitted;
    provider 2: v1 superseded by v2, then v2 withdrawn;
    provider 3: nothing.
    """
    accepted = submit_bid(world, 0, files={"a.pdf": pdf(b"A" * 300_000)})
    upload_file(world.provider_user(0), world.tender, pdf(b"B" * 1000), name="ganti.pdf")
    start_unfinished(world.provider_user(0), world.tender)
    upload_file(world.provider_user(1), world.tender, pdf(b"C" * 5000), name="draf.pdf")
    superseded = submit_bid(world, 2, price="870000000")
    withdrawn = submit_bid(world, 2, price="860000000")
    submission_withdraw(actor=world.provider_user(2), tender=world.tender)
    drafts = list(BidSubmission.objects.filter(tender=world.tender, status=BidSubmission.Status.DRAFT))
    assert len(drafts) == 2
    return {"accepted": accepted, "superseded": superseded, "withdrawn": withdrawn, "drafts": drafts}


def _purge(world, at: dt.datetime, capture, **kwargs):
    with clock_at(at), capture(execute=True):
        return abandoned_uploads_purge(actor=None, **kwargs)


def test_abandoned_drafts_past_deadline_and_retention_purged_with_audit_event(
    world, scene, media_root, django_capture_on_commit_callbacks
):
    draft_segments = list(BidSegment.objects.filter(part__submission__in=scene["drafts"]))
    names = [s.storage_name for s in draft_segments]
    assert names and all((media_root / n).exists() for n in names)
    expected_bytes = sum(s.sealed_size for s in draft_segments)

    report = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks)

    assert not BidSubmission.objects.filter(status=BidSubmission.Status.DRAFT).exists()
    assert not BidPart.objects.filter(submission_id__in=[d.pk for d in scene["drafts"]]).exists()
    assert not BidSegment.objects.filter(storage_name__in=names).exists()
    assert not any((media_root / n).exists() for n in names)
    [plan] = report.tenders
    assert len(plan.submissions) == 2 and plan.parts == 3 and plan.uploading_parts == 1
    assert plan.segments == len(draft_segments) and plan.sealed_bytes == expected_bytes
    event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert event.object_type == "tendering.tender" and event.object_id == str(world.tender.pk)
    assert event.actor_user_id is None  # the system
    assert event.after["counts"] == {
        "submissions": 2,
        "parts": 3,
        "uploading_parts": 1,
        "segments": len(draft_segments),
        "files": len(draft_segments),
        "stray_files": 0,
    }
    assert event.after["bytes"] == expected_bytes
    assert sorted(event.after["segment_sha256"]) == sorted(s.sha256 for s in draft_segments)
    assert {s["uid"] for s in event.after["submissions"]} == {str(d.uid) for d in scene["drafts"]}
    assert verify_chain().ok


def test_stray_files_in_a_purged_parts_folder_removed_too(
    world, media_root, django_capture_on_commit_callbacks
):
    part = start_unfinished(world.provider_user(1), world.tender)
    seg = part.segments.get()
    folder = (media_root / seg.storage_name).parent
    (folder / "000001-deadbeef0000.seal").write_bytes(b"sealed chunk whose row never got written")
    (folder / ".incoming-abc.tmp").write_bytes(b"half")

    report = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks)

    assert len(report.tenders[0].stray_files) == 2
    assert not folder.exists()
    event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert event.after["counts"]["stray_files"] == 2 and event.after["counts"]["files"] == 3


def test_draft_within_retention_kept(world, scene, media_root, django_capture_on_commit_callbacks):
    before_files, before_db = files_of(media_root), db_fingerprint()
    report = _purge(world, world.deadline + 29 * DAY, django_capture_on_commit_callbacks)
    assert report.tenders == []
    assert files_of(media_root) == before_files and db_fingerprint() == before_db
    # exactly at deadline + retention it is still kept: "more than" the retention
    report = _purge(world, world.deadline + 30 * DAY, django_capture_on_commit_callbacks)
    assert report.tenders == [] and db_fingerprint() == before_db


def test_retention_from_setting_and_argument(world, scene, settings, django_capture_on_commit_callbacks):
    settings.LENTERA_ABANDONED_UPLOAD_RETENTION_DAYS = 5
    with clock_at(world.deadline + 6 * DAY):
        assert len(abandoned_uploads_purge(actor=None, dry_run=True).tenders) == 1
        assert abandoned_uploads_purge(actor=None, dry_run=True, retention_days=7).tenders == []
        with pytest.raises(ValueError):
            abandoned_uploads_purge(actor=None, retention_days=-1)


def test_draft_before_deadline_kept(world, scene, media_root, django_capture_on_commit_callbacks):
    before_files, before_db = files_of(media_root), db_fingerprint()
    report = _purge(world, world.deadline - dt.timedelta(minutes=5), django_capture_on_commit_callbacks)
    report_zero = _purge(
        world, world.deadline - dt.timedelta(minutes=5), django_capture_on_commit_callbacks, retention_days=0
    )
    assert report.tenders == [] and report_zero.tenders == []
    assert files_of(media_root) == before_files and db_fingerprint() == before_db


def test_extended_deadline_read_fresh_keeps_draft(world, scene, django_capture_on_commit_callbacks):
    from lentera.tendering.enums import Stage
    from lentera.tendering.models import ScheduleEntry

    later = world.deadline + 40 * DAY
    ScheduleEntry.objects.filter(tender=world.tender, stage=Stage.BID_UPLOAD).update(ends_at=later)
    report = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks)
    assert report.tenders == []
    assert BidSubmission.objects.filter(status=BidSubmission.Status.DRAFT).count() == 2


def test_finalised_submissions_untouched_byte_for_byte(
    world, scene, media_root, django_capture_on_commit_callbacks
):
    finalised = [scene["accepted"], scene["superseded"], scene["withdrawn"]]
    statuses = {BidSubmission.objects.get(pk=s.pk).status for s in finalised}
    assert statuses == {"ACCEPTED", "SUPERSEDED", "WITHDRAWN"}
    rows_before = [rows_of(s) for s in finalised]
    kept_names = set(
        BidSegment.objects.filter(part__submission__in=finalised).values_list("storage_name", flat=True)
    )
    files_before = {n: h for n, h in files_of(media_root).items() if n in kept_names}
    assert len(files_before) == len(kept_names) > 0
    events_before = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))

    _purge(world, world.deadline + 365 * DAY, django_capture_on_commit_callbacks)

    assert [rows_of(s) for s in finalised] == rows_before
    after = files_of(media_root)
    assert {n: after.get(n) for n in kept_names} == files_before
    # and the storage now holds exactly the finalised submissions' files
    assert set(after) == kept_names
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))[: len(events_before)] == (
        events_before
    )


def test_guard_refuses_a_draft_that_carries_a_receipt(
    world, scene, media_root, django_capture_on_commit_callbacks
):
    odd = scene["drafts"][0]
    BidSubmission.objects.filter(pk=odd.pk).update(receipt={"payload": {}}, receipt_sha256="f" * 64)
    odd_rows = rows_of(odd)
    report = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks)
    assert [(r.submission_uid, r.reason) for r in report.refused] == [(str(odd.uid), "has a receipt")]
    assert rows_of(odd) == odd_rows
    assert len(report.tenders[0].submissions) == 1  # the other draft still went


def test_dry_run_changes_nothing(world, scene, media_root, django_capture_on_commit_callbacks):
    before_files, before_db = files_of(media_root), db_fingerprint()
    report = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks, dry_run=True)
    assert report.dry_run and len(report.tenders) == 1 and report.total("submissions") == 2
    assert files_of(media_root) == before_files and db_fingerprint() == before_db


def test_second_run_removes_nothing_and_writes_no_event(world, scene, django_capture_on_commit_callbacks):
    first = _purge(world, world.deadline + 31 * DAY, django_capture_on_commit_callbacks)
    assert len(first.tenders) == 1
    before_db = db_fingerprint()
    second = _purge(world, world.deadline + 32 * DAY, django_capture_on_commit_callbacks)
    assert second.tenders == [] and second.refused == []
    assert db_fingerprint() == before_db
    assert AuditEvent.objects.filter(action=AUDIT_ACTION).count() == 1


def test_command_dry_run_by_default_then_apply(world, scene, media_root, django_capture_on_commit_callbacks):
    before_db = db_fingerprint()
    out = io.StringIO()
    with clock_at(world.deadline + 31 * DAY):
        call_command("bidding_purge_abandoned", stdout=out)
    text = out.getvalue()
    assert "DRY RUN" in text and world.tender.code in text and "would remove 2 draft(s)" in text
    assert db_fingerprint() == before_db

    out = io.StringIO()
    with clock_at(world.deadline + 31 * DAY), django_capture_on_commit_callbacks(execute=True):
        call_command("bidding_purge_abandoned", "--apply", stdout=out)
    assert "removed 2 draft(s)" in out.getvalue()
    event = AuditEvent.objects.get(action=AUDIT_ACTION)
    assert event.channel == "cli" and event.actor_user_id is None
    assert not BidSubmission.objects.filter(status=BidSubmission.Status.DRAFT).exists()


def test_task_enqueued_runs_the_purge(world, scene, django_capture_on_commit_callbacks):
    with clock_at(world.deadline + 31 * DAY), django_capture_on_commit_callbacks(execute=True):
        result = purge_abandoned_uploads.enqueue()
    assert result.return_value["submissions"] == 2 and result.return_value["dry_run"] is False
    assert not BidSubmission.objects.filter(status=BidSubmission.Status.DRAFT).exists()


def test_segment_names_sit_in_their_parts_folder(world):
    """Sanity: segment storage names keep the part's uid folder the purge sweeps (storage layout contract)."""
    part = upload_file(world.provider_user(0), world.tender, pdf_sized(10))
    seg = part.segments.get()
    t, p, uid = seg.storage_name.split("/")[1:4]
    assert (t, p) == (f"t{world.tender.pk}", f"p{world.providers[0].pk}")
    assert uuid.UUID(uid) == part.uid
