"""Purging abandoned sealed uploads: drafts that can no longer become a bid.

What a draft leaves behind (see ``submission.py``): ``upload_start`` creates the provider's DRAFT
:class:`BidSubmission` (one per tender and provider) and an UPLOADING :class:`BidPart` per file; each
``upload_chunk`` adds a :class:`BidSegment` row and one sealed file
``sealed-bids/t{tender}/p{provider}/{part_uid}/{index}-{random}.seal``. Only ``submission_finalise`` turns the
draft into an ACCEPTED submission (dropping the draft parts it was not asked to include, rows and files, on
commit). A draft never finalised before the bid upload deadline therefore keeps its submission row, its parts
(UPLOADING: a session started and never finished; COMPLETE: uploaded but never submitted), their segment rows and
sealed files for ever. A part's own storage folder may also hold files without a row: a chunk stored whose
recording transaction failed and whose removal failed too, or a ``.incoming-*.tmp`` of a worker killed mid-chunk.

Once the deadline (the end of the BID_UPLOAD window, the same source ``check_deadline`` uses, read fresh from
the database) passed more than ``retention_days`` ago, such a draft can never become a bid: this service removes
its rows and files, one transaction per tender, files deleted on commit, and appends one audit event per tender
naming every submission, part, segment hash and file removed.

Never touched: any submission that is not a DRAFT (ACCEPTED, SUPERSEDED, WITHDRAWN: they carry signed receipts
listing their segment hashes), anything opened (OpenedBid, PartCheck), opening sessions and records, the audit
log. A draft that somehow carries a receipt, a submission time or an opening result is refused by an explicit
guard and reported, never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction

from lentera.core import audit
from lentera.core.clock import db_now

from .. import integration
from ..models import BidPart, BidSegment, BidSubmission, OpenedBid, PartCheck
from ..storage import SEALED_ROOT, delete_sealed

if TYPE_CHECKING:
    from lentera.accounts.models import User

DEFAULT_RETENTION_DAYS = 30
AUDIT_ACTION = "bidding.upload.purge_abandoned"


def retention_days_setting() -> int:
    return int(getattr(settings, "LENTERA_ABANDONED_UPLOAD_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@dataclass
class TenderPurge:
    """What was (or, in a dry run, would be) removed for one tender."""

    tender_id: int
    tender_code: str
    deadline: dt.datetime
    submissions: list[dict[str, Any]] = field(default_factory=list)
    parts: int = 0
    uploading_parts: int = 0
    segments: int = 0
    sealed_bytes: int = 0
    segment_sha256: list[str] = field(default_factory=list)
    stray_files: list[str] = field(default_factory=list)
    stray_bytes: int = 0
    storage_names: list[str] = field(default_factory=list)

    @property
    def files(self) -> int:
        return len(self.storage_names) + len(self.stray_files)

    @property
    def bytes(self) -> int:
        return self.sealed_bytes + self.stray_bytes

    def audit_after(self, *, retention_days: int, now: dt.datetime) -> dict[str, Any]:
        return {
            "tender": self.tender_code,
            "deadline": self.deadline,
            "retention_days": retention_days,
            "purged_at": now,
            "submissions": self.submissions,
            "counts": {
                "submissions": len(self.submissions),
                "parts": self.parts,
                "uploading_parts": self.uploading_parts,
                "segments": self.segments,
                "files": self.files,
                "stray_files": len(self.stray_files),
            },
            "bytes": self.bytes,
            "sealed_bytes": self.sealed_bytes,
            "segment_sha256": self.segment_sha256,
            "stray_files": self.stray_files,
        }


@dataclass
class Refusal:
    """A draft the guard would not delete, and why (an inconsistency for a person to look at)."""

    tender_id: int
    submission_uid: str
    reason: str


@dataclass
class PurgeReport:
    now: dt.datetime
    cutoff: dt.datetime
    retention_days: int
    dry_run: bool
    tenders: list[TenderPurge] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    no_deadline: list[int] = field(default_factory=list)

    def total(self, name: str) -> int:
        if name == "submissions":
            return sum(len(t.submissions) for t in self.tenders)
        return sum(int(getattr(t, name)) for t in self.tenders)

    def summary(self) -> dict[str, Any]:
        """JSON-able totals (the task's return value)."""
        return {
            "dry_run": self.dry_run,
            "now": self.now.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "retention_days": self.retention_days,
            "tenders": [t.tender_code for t in self.tenders],
            **{n: self.total(n) for n in ("submissions", "parts", "segments", "files", "bytes")},
            "refused": [{"submission": r.submission_uid, "reason": r.reason} for r in self.refused],
        }


def _guard(sub: BidSubmission) -> str | None:
    """Why ``sub`` must not be deleted, or None. Only a plain, never-finalised, never-opened draft passes."""
    if sub.status != BidSubmission.Status.DRAFT:
        return f"status {sub.status}"
    if sub.receipt is not None or sub.receipt_sha256 or sub.withdrawal_receipt is not None:
        return "has a receipt"
    if sub.submitted_at is not None or sub.ended_at is not None:
        return "was submitted or ended"
    if OpenedBid.objects.filter(submission=sub).exists():
        return "was opened"
    if PartCheck.objects.filter(part__submission=sub).exists():
        return "has opening checks"
    return None


def _receipted_hashes(tender_id: int) -> set[str]:
    """Every segment hash a signed receipt of this tender lists (never deleted, whatever row it sits on)."""
    hashes: set[str] = set()
    for receipt in (
        BidSubmission.objects.filter(tender_id=tender_id)
        .exclude(receipt=None)
        .values_list("receipt", flat=True)
    ):
        payload = receipt.get("payload", {}) if isinstance(receipt, dict) else {}
        for part in payload.get("parts", []):
            hashes.update(s.get("sha256", "") for s in part.get("segments", []))
    return hashes


def _part_folder(sub: BidSubmission, part: BidPart) -> str:
    return f"{SEALED_ROOT}/t{sub.tender_id}/p{sub.provider_id}/{part.uid}"


def _stray_files(folder: str, known: set[str]) -> list[tuple[str, int]]:
    """Files in a purged part's own folder that no segment row names (failed or interrupted chunk writes)."""
    try:
        _dirs, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    out = []
    for name in sorted(names):
        path = f"{folder}/{name}"
        if path in known:
            continue
        size = 0
        with contextlib.suppress(OSError, NotImplementedError):
            size = default_storage.size(path)
        out.append((path, size))
    return out


def _remove_folders(folders: list[str]) -> None:
    """Local storage only: remove the now empty part folders (object storage has no folders)."""
    if not isinstance(default_storage, FileSystemStorage):
        return
    for folder in folders:
        with contextlib.suppress(OSError):
            os.rmdir(default_storage.path(folder))


def _plan_tender(tender, deadline: dt.datetime, drafts: list[BidSubmission], report: PurgeReport):
    """The drafts of one tender that pass the guard, with everything they leave; refusals go to the report."""
    plan = TenderPurge(tender_id=tender.pk, tender_code=str(tender.code), deadline=deadline)
    receipted = _receipted_hashes(tender.pk)
    keep: list[BidSubmission] = []
    folders: list[str] = []
    for sub in drafts:
        parts = list(sub.parts.prefetch_related("segments").order_by("position", "pk"))
        segments = [s for p in parts for s in p.segments.all()]
        reason = _guard(sub)
        if reason is None and any(s.sha256 in receipted for s in segments):
            reason = "a segment is listed in a receipt"
        if reason is not None:
            report.refused.append(Refusal(tender.pk, str(sub.uid), reason))
            continue
        keep.append(sub)
        known = {s.storage_name for s in segments}
        for part in parts:
            folder = _part_folder(sub, part)
            folders.append(folder)
            for path, size in _stray_files(folder, known):
                plan.stray_files.append(path)
                plan.stray_bytes += size
        plan.submissions.append(
            {
                "uid": str(sub.uid),
                "provider_id": sub.provider_id,
                "version": sub.version,
                "created_at": sub.created_at,
                "parts": [
                    {
                        "uid": str(p.uid),
                        "status": p.status,
                        "declared_size": p.declared_size,
                        "received_size": p.received_size,
                    }
                    for p in parts
                ],
            }
        )
        plan.parts += len(parts)
        plan.uploading_parts += sum(1 for p in parts if p.status == BidPart.Status.UPLOADING)
        plan.segments += len(segments)
        plan.sealed_bytes += sum(s.sealed_size for s in segments)
        plan.segment_sha256 += [s.sha256 for s in segments]
        plan.storage_names += [s.storage_name for s in segments]
    return plan, keep, folders


def abandoned_uploads_purge(
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    retention_days: int | None = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Remove the drafts (rows and sealed files) of tenders whose bid deadline passed ``retention_days`` ago.

    ``actor`` None is the system (the management command and the task). One transaction per tender: the drafts
    are locked, the deadline re-read, every draft checked by the guard, rows deleted, one audit event appended;
    the files are deleted once the transaction commits. ``dry_run`` reports the same plan and changes nothing.
    Running it again finds nothing and writes nothing.
    """
    from lentera.tendering.models import Tender

    days = retention_days_setting() if retention_days is None else int(retention_days)
    if days < 0:
        raise ValueError("retention_days must not be negative")
    now = now or db_now()
    cutoff = now - dt.timedelta(days=days)
    report = PurgeReport(now=now, cutoff=cutoff, retention_days=days, dry_run=dry_run)
    tender_ids = sorted(
        set(
            BidSubmission.objects.filter(status=BidSubmission.Status.DRAFT).values_list(
                "tender_id", flat=True
            )
        )
    )
    for tender in Tender.objects.filter(pk__in=tender_ids).order_by("pk"):
        deadline = integration.bid_deadline(tender)
        if deadline is None:
            report.no_deadline.append(tender.pk)
            continue
        if deadline >= cutoff:
            continue
        plan = _purge_tender(actor, tender, cutoff, report, days=days, now=now, dry_run=dry_run)
        if plan is not None:
            report.tenders.append(plan)
    return report


def _purge_tender(
    actor, tender, cutoff: dt.datetime, report: PurgeReport, *, days: int, now: dt.datetime, dry_run: bool
) -> TenderPurge | None:
    with transaction.atomic():
        drafts = list(
            BidSubmission.objects.select_for_update(of=("self",))
            .filter(tender_id=tender.pk, status=BidSubmission.Status.DRAFT)
            .order_by("pk")
        )
        deadline = integration.bid_deadline(
            tender
        )  # again, under the lock: a schedule change reopens nothing
        if not drafts or deadline is None or deadline >= cutoff:
            return None
        plan, keep, folders = _plan_tender(tender, deadline, drafts, report)
        if not keep:
            return None
        if dry_run:
            return plan
        BidSegment.objects.filter(part__submission__in=keep).delete()
        BidPart.objects.filter(submission__in=keep).delete()
        BidSubmission.objects.filter(pk__in=[s.pk for s in keep], status=BidSubmission.Status.DRAFT).delete()
        audit.record(
            actor=actor, action=AUDIT_ACTION, obj=tender, after=plan.audit_after(retention_days=days, now=now)
        )
        names = plan.storage_names + plan.stray_files

        def delete_files() -> None:
            for name in names:
                delete_sealed(name)
            _remove_folders(folders)

        transaction.on_commit(delete_files, robust=True)
    return plan
