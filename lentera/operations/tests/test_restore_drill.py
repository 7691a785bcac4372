"""The restore drill: sealed bids and files → backup → restore into a fresh database and storage → the audit
chain verifies, counts and file hashes match, and the sealed bid still opens with the Pokja's passphrases.

Runs on SQLite in the normal suite and on PostgreSQL when DATABASE_URL is postgres (pg_dump / pg_restore)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from lentera.bidding.models import BidPart, OpenedBid
from lentera.bidding.services import opened_part_content, tender_keys_create
from lentera.bidding.tests.factories import (
    clock_at,
    give_opening_keys,
    make_tender,
    open_envelope,
    submit_bid,
)
from lentera.core import audit
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.operations import archive, database, keys, scratch, services
from lentera.operations.models import BackupRun
from lentera.testing import use_storage

pytestmark = pytest.mark.django_db(transaction=True)

FILE_A = b"%PDF-1.7 RAHASIA-PENAWARAN-ALFA " * 12_000  # ~380 kB: several sealed segments
PRICE_A, PRICE_B = "987654321", "876543219"


def _sealed_world():
    world = make_tender(members=3, providers=2)
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    a = submit_bid(world, 0, price=PRICE_A, files={"teknis-alfa.pdf": FILE_A})
    submit_bid(world, 1, price=PRICE_B)
    return world, a


def _file_hashes(storage) -> dict[str, str]:
    out = {}
    for name in archive.storage_files(storage):
        with storage.open(name, "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()
    return out


def test_backup_create_then_restore_sealed_bid_opens_after_restore(
    settings, backup_key, media_root, tmp_path
):
    world, bid_a = _sealed_world()
    files_before = _file_hashes(default_storage)
    assert files_before, "the sealed bid files are stored"
    head_before = audit.head()

    run = services.backup_create(actor=None)
    assert run.result == BackupRun.Result.OK and run.file_count == len(files_before)
    archive_path = Path(settings.LENTERA_BACKUP_DIR) / run.archive_name
    assert FILE_A[:40] not in archive_path.read_bytes(), "the archive is encrypted"
    identity = keys.load_identity(identity_file=str(backup_key))

    with scratch.scratch_database(tmp_path) as fresh:
        restored_files = FileSystemStorage(location=str(tmp_path / "restored-media"))
        report = services.restore_into(
            archive_path=archive_path,
            identity=identity,
            conn=fresh,
            storage=restored_files,
            work=_work(tmp_path),
        )
        assert report.ok, report.problems
        assert report.manifest["audit_head"] == {"seq": head_before["seq"], "hash": head_before["hash"]}
        assert _file_hashes(restored_files) == files_before
        assert database.snapshot_of(fresh).counts == report.manifest["counts"]

        # The restored installation: its database and its storage, nothing of the original.
        use_storage(settings, tmp_path / "restored-media")
        with scratch.as_default(fresh):
            assert audit.verify_chain().ok
            assert AuditEvent.objects.count() == head_before["seq"]
            with clock_at(world.deadline + dt.timedelta(minutes=5)):
                progress = open_envelope(world, members=world.members[:2])
                assert progress.opened
                prices = {o.submission_id: o.offer_price for o in OpenedBid.objects.all()}
                part = BidPart.objects.get(submission_id=bid_a.pk, kind="FILE")
                opened = opened_part_content(actor=world.members[2], role=Role.POKJA, part_uid=str(part.uid))
                content = b"".join(opened.chunks)
            assert audit.verify_chain().ok
            fresh.close()
    assert prices[bid_a.pk] == Decimal(PRICE_A) and Decimal(PRICE_B) in prices.values()
    assert content == FILE_A
    # the original database was not touched by the opening in the restored copy
    assert not OpenedBid.objects.exists()


def _work(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_backup_drill_command_records_the_result(settings, backup_key, media_root, tmp_path):
    from django.core.management import call_command

    _sealed_world()
    run = services.backup_create(actor=None)
    archive_path = Path(settings.LENTERA_BACKUP_DIR) / run.archive_name
    call_command("restore", str(archive_path), "--drill", "--identity", str(backup_key))
    drill = BackupRun.objects.get(kind=BackupRun.Kind.DRILL)
    assert drill.result == BackupRun.Result.OK and drill.archive_name == run.archive_name
    assert drill.audit_head_seq == run.audit_head_seq and drill.file_count == run.file_count
    assert AuditEvent.objects.filter(action="operations.drill.complete", object_id=str(drill.pk)).exists()
    assert audit.verify_chain().ok
