"""Decrypting an opened envelope's bids and checking every part against the signed receipt
(Permendagri 53/2021 Lampiran 2.5.2 a; docs/sealing.md)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lentera.core import events
from lentera.core.models import AuditEvent

from ..crypto import (
    DecryptionFailed,
    SealedDataCorrupt,
    SealingReader,
    public_key_fingerprint,
    receipt_error,
    receipt_hash,
)
from ..models import (
    BidPart,
    BidSubmission,
    OpenedBid,
    OpeningProblem,
    OpeningSession,
    PartCheck,
    TenderEnvelope,
)
from ..sealing import open_meta
from ..serverkeys import trusted_receipt_public_keys
from ..storage import open_sealed

FORM_MAX_BYTES = 256 * 1024


# ------------------------------------------------------------------ decrypting and checking every bid


@dataclass
class _PartResult:
    result: str
    detail: str = ""
    file_name: str = ""
    content_type: str = ""
    plaintext_size: int = 0
    plaintext_sha256: str = ""
    segment_hashes: list[str] = field(default_factory=list)
    form: bytes = b""


def check_receipt(submission: BidSubmission) -> tuple[bool, str]:
    """The receipt is signed by a trusted server key (the current one or one of LENTERA_RECEIPT_PREVIOUS_KEYS),
    matches its stored hash and the audit chain, and this bid."""
    receipt = submission.receipt
    if not receipt:
        return False, "tidak ada tanda terima"
    error = receipt_error(receipt)  # form and signature, against the key embedded in the receipt
    if error:
        return False, f"tanda tangan tanda terima tidak sah: {error}"
    if receipt_error(receipt, trusted_receipt_public_keys()):
        # the first check proved the embedded key is base64 of 32 bytes
        fingerprint = public_key_fingerprint(base64.b64decode(receipt["public_key"]))
        return False, (
            f"tanda terima ditandatangani kunci yang tidak dipercaya (sidik kunci {fingerprint}): bukan kunci "
            "tanda terima saat ini dan tidak tercantum di LENTERA_RECEIPT_PREVIOUS_KEYS"
        )
    if receipt_hash(receipt) != submission.receipt_sha256:
        return False, "hash tanda terima berubah"
    payload = receipt["payload"]
    if (
        payload.get("submission", {}).get("uid") != str(submission.uid)
        or payload.get("tender", {}).get("id") != submission.tender_id
        or payload.get("provider", {}).get("id") != submission.provider_id
    ):
        return False, "tanda terima milik penawaran lain"
    audited = AuditEvent.objects.filter(
        action="bidding.submission.accept", object_type="bidding.bidsubmission", object_id=str(submission.pk)
    ).values_list("after", flat=True)
    if not any((a or {}).get("receipt_sha256") == submission.receipt_sha256 for a in audited):
        return False, "hash tanda terima tidak ada di rantai audit"
    return True, ""


def _check_part(private: bytes, part: BidPart | None, listed: dict[str, Any]) -> _PartResult:
    if part is None:
        return _PartResult(
            PartCheck.Result.MISSING, "bagian tercantum di tanda terima tetapi tidak ada di basis data"
        )
    stored = {s.index: s for s in part.segments.all()}
    digest = hashlib.sha256()
    result = _PartResult(PartCheck.Result.OK)
    form = bytearray()
    mismatch = ""
    for expected in listed["segments"]:
        index = expected["index"]
        segment = stored.get(index)
        if segment is None:
            return _PartResult(PartCheck.Result.MISSING, f"segmen {index} tidak tercatat")
        try:
            source = open_sealed(segment.storage_name)
        except (FileNotFoundError, OSError):
            return _PartResult(PartCheck.Result.MISSING, f"segmen {index} hilang dari penyimpanan")
        with source:
            reader = SealingReader(private, source, part.segment_context(index))
            try:
                for piece in reader.chunks():
                    digest.update(piece)
                    result.plaintext_size += len(piece)
                    if part.kind == BidPart.Kind.FORM and len(form) < FORM_MAX_BYTES:
                        form += piece
            except SealedDataCorrupt as exc:
                where = "kepala berkas" if exc.chunk_index is None else f"potongan {exc.chunk_index}"
                return _PartResult(
                    PartCheck.Result.CORRUPT,
                    f"segmen {index}, {where}: {exc.reason}"[:300],
                    segment_hashes=result.segment_hashes,
                )
        assert reader.info is not None
        result.segment_hashes.append(reader.info.sha256)
        if reader.info.sha256 != expected["sha256"] and not mismatch:
            mismatch = f"segmen {index}: SHA-256 tidak sama dengan tanda terima"
    if len(stored) != len(listed["segments"]) and not mismatch:
        mismatch = "jumlah segmen tidak sama dengan tanda terima"
    if mismatch:
        return _PartResult(PartCheck.Result.HASH_MISMATCH, mismatch, segment_hashes=result.segment_hashes)
    result.plaintext_sha256 = digest.hexdigest()
    if part.kind == BidPart.Kind.FILE:
        try:
            meta = open_meta(private, part.sealed_meta, part.meta_context())
            result.file_name = str(meta.get("name", ""))[:255]
            result.content_type = str(meta.get("content_type", ""))[:100]
        except (DecryptionFailed, ValueError):
            return _PartResult(PartCheck.Result.CORRUPT, "nama berkas tidak dapat dibuka")
    result.form = bytes(form)
    return result


def open_envelope_bids(env: TenderEnvelope, session: OpeningSession, private: bytes) -> list[OpenedBid]:
    """Decrypt every accepted bid's parts in this envelope, verify every chunk and hash, record the results."""
    opened: list[OpenedBid] = []
    submissions = (
        BidSubmission.objects.filter(tender_id=env.tender_id, status=BidSubmission.Status.ACCEPTED)
        .select_related("provider", "tender")
        .order_by("submitted_at", "pk")
    )
    for submission in submissions:
        receipt_ok, receipt_detail = check_receipt(submission)
        listed_parts = [
            p
            for p in (submission.receipt or {}).get("payload", {}).get("parts", [])
            if p.get("envelope") == env.kind
        ]
        db_parts = {
            str(p.uid): p
            for p in submission.parts.filter(envelope=env)
            .select_related("submission", "envelope")
            .prefetch_related("segments")
        }
        bid = OpenedBid.objects.create(session=session, submission=submission, receipt_ok=receipt_ok)
        fields: dict[str, Any] = {}
        problems: list[str] = [receipt_detail] if not receipt_ok else []
        all_ok = bool(listed_parts)
        for listed in listed_parts:
            part = db_parts.pop(listed["part"], None)
            outcome = _check_part(private, part, listed)
            if part is not None:
                PartCheck.objects.create(
                    opened_bid=bid,
                    part=part,
                    result=outcome.result,
                    detail=outcome.detail,
                    file_name=outcome.file_name,
                    content_type=outcome.content_type,
                    plaintext_size=outcome.plaintext_size,
                    plaintext_sha256=outcome.plaintext_sha256,
                    segment_hashes=outcome.segment_hashes,
                )
            if outcome.result != PartCheck.Result.OK:
                all_ok = False
                label = (
                    outcome.file_name
                    or (listed["kind"] == BidPart.Kind.FORM and "formulir penawaran")
                    or listed["part"]
                )
                problems.append(f"{label}: {outcome.detail}")
            elif listed["kind"] == BidPart.Kind.FORM:
                try:
                    fields.update(json.loads(outcome.form.decode("utf-8")))
                except (ValueError, UnicodeDecodeError):
                    all_ok = False
                    problems.append("formulir penawaran tidak terbaca")
        for extra in db_parts.values():
            all_ok = False
            PartCheck.objects.create(
                opened_bid=bid,
                part=extra,
                result=PartCheck.Result.HASH_MISMATCH,
                detail="tidak tercantum di tanda terima",
            )
            problems.append(f"{extra.uid}: bagian tidak tercantum di tanda terima")
        if not listed_parts:
            problems.append("tanda terima tidak mencantumkan bagian untuk sampul ini")
        price = fields.get("offer_price")
        bid.offer_price = Decimal(price) if price not in (None, "") else None
        bid.form_fields = fields
        bid.all_parts_ok = all_ok
        bid.save(update_fields=["offer_price", "form_fields", "all_parts_ok"])
        if problems:
            problem = OpeningProblem.objects.create(
                session=session,
                opened_bid=bid,
                description="\n".join(problems),
            )
            # the help desk opens a ticket for it after the commit (servicedesk subscribes; Lampiran 2.5.3)
            events.record(
                "bidding.opening_problem.recorded",
                obj=problem,
                payload={
                    "tender_id": session.envelope.tender_id,
                    "envelope": session.envelope.get_kind_display(),
                    "provider": bid.submission.provider.name,
                    "description": problem.description,
                },
            )
        opened.append(bid)
    return opened


# ------------------------------------------------------------------ reading opened bids
