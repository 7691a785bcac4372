"""Submitting a bid: resumable sealed uploads, the final commit against the deadline, withdrawal.

Permendagri 53/2021 Lampiran 2.5.2 a (penyampaian dokumen penawaran sampai batas akhir) and Lampiran 2.1 c 2
(bids stay sealed until the opening). The deadline is decided once, at the final commit, inside the transaction,
against the database clock.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lentera.core import audit, uploads
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied, NotFound
from lentera.core.money import format_rupiah

from .. import integration, rules
from ..errors import BiddingConflict, BiddingError
from ..models import BidPart, BidSegment, BidSubmission, TenderEnvelope
from ..sealing import PartTarget, SealedSegment, SegmentWriter, seal_form, seal_meta
from ..storage import delete_sealed
from ..upload import SealedUpload
from .keys import ensure_envelopes, envelope_kinds
from .receipts import sign_acceptance, sign_withdrawal, wib_text

READ_PIECE = 64 * 1024
MAX_PRICE = Decimal("999999999999999")


def max_file_size() -> int:
    return int(getattr(settings, "LENTERA_BID_MAX_FILE_SIZE", rules.DEFAULT_MAX_FILE_SIZE))


@dataclass(frozen=True)
class BidForm:
    """The bid form: offer price and the other fields, sealed as one small JSON part per envelope."""

    offer_price: Decimal
    validity_days: int
    completion_days: int
    notes: str = ""

    def sealed_fields(self, kind: str) -> dict[str, Any]:
        """What goes into the envelope ``kind``: in two-envelope methods the price goes only into File II."""
        admin = {
            "validity_days": self.validity_days,
            "completion_days": self.completion_days,
            "notes": self.notes,
        }
        price = {"offer_price": str(self.offer_price)}
        if kind == TenderEnvelope.Kind.SINGLE:
            return admin | price
        return price if kind == TenderEnvelope.Kind.PRICE else admin


def parse_rupiah(value) -> Decimal:
    """'Rp1.250.000.000', '1.250.000.000,50', '1250000000' or a number -> Decimal with 2 places."""
    if isinstance(value, int | Decimal):
        return Decimal(value).quantize(Decimal("0.01"))
    text = str(value or "").strip().replace(" ", "").removeprefix("Rp").removeprefix("rp")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
        raise ValueError(text)
    return Decimal(text).quantize(Decimal("0.01"))


def parse_bid_form(data: dict[str, Any]) -> BidForm:
    """Validate the bid form; every refusal names the field in Indonesian."""
    try:
        price = parse_rupiah(data.get("offer_price"))
    except (InvalidOperation, ValueError):
        raise BiddingError("INVALID_PRICE", _("Harga penawaran harus berupa angka Rupiah."))
    if price <= 0 or price > MAX_PRICE:
        raise BiddingError("INVALID_PRICE", _("Harga penawaran harus lebih dari nol."))
    values = {}
    for name, label, upper in (
        ("validity_days", _("Masa berlaku penawaran"), 365),
        ("completion_days", _("Jangka waktu pelaksanaan"), 3650),
    ):
        try:
            value = int(str(data.get(name, "")).strip())
        except ValueError:
            value = 0
        if not 1 <= value <= upper:
            raise BiddingError(
                "INVALID_FIELD", _("%(label)s harus 1 sampai %(upper)s hari."), label=label, upper=upper
            )
        values[name] = value
    notes = str(data.get("notes") or "").strip()
    if len(notes) > 2000:
        raise BiddingError("INVALID_FIELD", _("Catatan paling panjang 2000 karakter."))
    return BidForm(offer_price=price, notes=notes, **values)


def check_price_against_hps(*, tender, form: BidForm, confirmed: bool) -> None:
    """Ask the provider to confirm, before sealing, a price above the announced HPS.

    Perpres 16/2018 Pasal 26 ayat (5) huruf b (as changed by Perpres 12/2021): the HPS is the ceiling of a valid
    bid, so a bid above it fails the evaluation (tendering.rules.is_above_hps). Lentera does not refuse it here:
    judging a bid is the Pokja's act after the opening (Perpres 16/2018 Pasal 13), and the provider
    may have a reason (a typing slip is the usual one). But once sealed nobody can see the price until the
    opening, so the provider must tick a confirmation (``confirm_above_hps``) before it is sealed.

    Cites: Perpres 16/2018 Pasal 26 ayat (5) huruf b;
           Perpres 16/2018 Pasal 13 (evaluasi penawaran oleh Pokja Pemilihan);
           Kebijakan Lentera: a price above the HPS is confirmed by the provider before sealing, because nobody can
           see it again until the opening.
    """
    hps = getattr(tender, "hps_total", None)
    if confirmed or hps is None or form.offer_price <= Decimal(hps):
        return
    raise BiddingError(
        "PRICE_ABOVE_HPS",
        _(
            "Harga penawaran %(price)s melebihi HPS %(hps)s. Penawaran di atas HPS dinyatakan gugur pada "
            "evaluasi (Perpres 16/2018 Pasal 26 ayat (5) huruf b). Periksa harga Anda; bila memang benar, centang "
            "konfirmasi lalu kirim lagi."
        ),
        price=format_rupiah(form.offer_price),
        hps=format_rupiah(hps),
    )


# ------------------------------------------------------------------ the bid room: who may submit, until when


def _provider_of(actor):
    provider = integration.provider_of(actor)
    if provider is None:
        raise AccessDenied("NOT_A_PROVIDER", _("Akun ini tidak terhubung dengan data penyedia."))
    return provider


def check_deadline(tender, now: dt.datetime) -> dt.datetime:
    """Refuse when ``now`` (database clock) is at or past the bid upload deadline: the one deadline check of the
    bidding room (Permendagri 53/2021 Lampiran 2.5.2 a provides the room, not the deadline).

    Cites: Peraturan LKPP 12/2021 (penawaran yang masuk setelah batas akhir penyampaian penawaran tidak diterima;
           pasal belum dikonfirmasi).
    """
    deadline = integration.bid_deadline(tender)
    if deadline is None:
        raise BiddingError(
            "NO_BID_SCHEDULE", _("Jadwal upload dokumen penawaran tender ini belum ditetapkan.")
        )
    if now >= deadline:
        raise BiddingError(
            "BID_DEADLINE_PASSED",
            _(
                "Batas akhir pemasukan penawaran (%(deadline)s) sudah lewat. Waktu server saat penawaran "
                "Anda diproses: %(now)s. Penawaran tidak diterima."
            ),
            status=409,
            deadline=wib_text(deadline),
            now=wib_text(now),
        )
    return deadline


def _check_room(actor, tender, now: dt.datetime, *, lock: bool, check_time: bool = True):
    """Registered, verified, not blacklisted, in the bid upload stage, before the deadline.

    ``check_time=False`` leaves the deadline and stage to the caller (the final commit checks them last).
    """
    provider = _provider_of(actor)
    registration = integration.registration_of(tender, provider, lock=lock)
    if registration is None:
        raise AccessDenied("NOT_REGISTERED", _("Anda belum terdaftar sebagai peserta tender ini."))
    integration.ensure_can_bid(provider=provider, at=now)
    if not check_time:
        return provider, None
    deadline = check_deadline(tender, now)
    integration.require_stage(tender, integration.stage_enum().BID_UPLOAD, now)
    return provider, deadline


def _draft_for(*, actor, tender, provider, now: dt.datetime, lock: bool = True) -> BidSubmission:
    qs = BidSubmission.objects.filter(
        tender=tender, provider=provider, status=BidSubmission.Status.DRAFT
    ).order_by("pk")
    draft = (qs.select_for_update(of=("self",)) if lock else qs).first()
    if draft is not None:
        return draft
    last = (
        BidSubmission.objects.filter(tender=tender, provider=provider).aggregate(v=Max("version"))["v"] or 0
    )
    return BidSubmission.objects.create(
        tender=tender, provider=provider, version=last + 1, created_by=actor, created_at=now
    )


# ------------------------------------------------------------------ resumable upload sessions


@transaction.atomic
def upload_start(
    *, actor, tender, envelope_kind: str, file_name: str, content_type: str, size: int
) -> BidPart:
    """Open a resumable upload of one bid file (an upload session = a BidPart in UPLOADING state)."""
    file_name = (file_name or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:255]
    if not file_name:
        raise BiddingError("INVALID_FILE", _("Nama berkas wajib diisi."))
    if size <= 0:
        raise BiddingError("EMPTY_FILE", _("Berkas kosong tidak dapat dikirim."))
    if size > max_file_size():
        raise BiddingError(
            "FILE_TOO_LARGE",
            _("Berkas terlalu besar; paling besar %(mb)s MB."),
            mb=max_file_size() // (1024 * 1024),
        )
    now = db_now()
    provider, _deadline = _check_room(actor, tender, now, lock=True)
    envelopes = ensure_envelopes(tender=tender, trigger=f"upload_start:{actor.user_id}")
    envelope = envelopes.get(envelope_kind)
    if envelope is None:
        raise BiddingError(
            "INVALID_ENVELOPE", _("Sampul %(kind)s tidak ada pada tender ini."), kind=envelope_kind
        )
    draft = _draft_for(actor=actor, tender=tender, provider=provider, now=now)
    if draft.parts.filter(kind=BidPart.Kind.FILE).count() >= rules.MAX_FILES_PER_SUBMISSION:
        raise BiddingError(
            "TOO_MANY_FILES", _("Paling banyak %(n)s berkas per penawaran."), n=rules.MAX_FILES_PER_SUBMISSION
        )
    part_uid = str(uuid.uuid4())
    target = PartTarget(tender.pk, provider.pk, envelope, part_uid, BidPart.Kind.FILE)
    position = (draft.parts.aggregate(p=Max("position"))["p"] or 0) + 1
    part = BidPart.objects.create(
        uid=part_uid,
        submission=draft,
        envelope=envelope,
        kind=BidPart.Kind.FILE,
        position=position,
        declared_size=size,
        sealed_meta=seal_meta(target, file_name=file_name, content_type=(content_type or "")[:100]),
        created_at=now,
    )
    audit.record(
        actor=actor,
        action="bidding.upload.start",
        obj=part,
        after={"submission": str(draft.uid), "envelope": envelope.kind, "declared_size": size},
    )
    return part


def upload_part_of(*, actor, part_uid: str) -> BidPart:
    """The actor's own upload session (NotFound for anyone else's: existence is not revealed)."""
    try:
        uid = uuid.UUID(str(part_uid))
    except ValueError:
        uid = None
    part = (
        BidPart.objects.select_related("submission__tender", "submission__provider", "envelope")
        .filter(uid=uid, kind=BidPart.Kind.FILE)
        .first()
        if uid
        else None
    )
    if part is None or part.submission.provider.account_id != actor.pk:
        raise NotFound("UPLOAD_NOT_FOUND", _("Sesi unggah tidak ditemukan."))
    return part


def upload_chunk(*, actor, part_uid: str, offset: int, length: int, read: Callable[[int], bytes]) -> BidPart:
    """Seal one chunk of a resumable upload as it arrives, then record it.

    The chunk is read from ``read`` (the request body) in 64 KiB pieces straight into a SealingWriter; only
    sealed bytes reach storage. The client resumes after a disconnect by asking the session's received size
    and sending from there; a chunk at any other offset is refused (409) with the offset to resume from.
    """
    part = upload_part_of(actor=actor, part_uid=part_uid)
    if part.submission.status != BidSubmission.Status.DRAFT:
        raise BiddingConflict("UPLOAD_CLOSED", _("Sesi unggah ini sudah ditutup."))
    _check_offset(part, offset)
    if not 1 <= length <= rules.MAX_CHUNK_SIZE or offset + length > part.declared_size:
        raise BiddingError(
            "INVALID_CHUNK",
            _("Potongan berkas tidak sah (ukuran 1 sampai %(max)s byte, tidak melewati ukuran berkas)."),
            max=rules.MAX_CHUNK_SIZE,
        )
    check_deadline(part.submission.tender, db_now())
    if offset == 0:
        read = _checked_head(actor, part, length, read)
    index = part.segment_count
    target = PartTarget(
        part.submission.tender_id, part.submission.provider_id, part.envelope, str(part.uid), part.kind
    )
    segment = _seal_from_reader(target, index, length, read)
    try:
        with transaction.atomic():
            locked = BidPart.objects.select_for_update(of=("self",)).get(pk=part.pk)
            if locked.received_size != offset or locked.segment_count != index:
                raise BiddingConflict(
                    "OFFSET_MISMATCH",
                    _("Server sudah menerima %(received)s byte; lanjutkan dari posisi itu."),
                    received=locked.received_size,
                )
            now = db_now()
            BidSegment.objects.create(
                part=locked,
                index=index,
                storage_name=segment.storage_name,
                sha256=segment.info.sha256,
                sealed_size=segment.info.sealed_size,
                plaintext_size=segment.info.plaintext_size,
                created_at=now,
            )
            locked.received_size += length
            locked.segment_count += 1
            if locked.received_size == locked.declared_size:
                locked.status, locked.completed_at = BidPart.Status.COMPLETE, now
            locked.save(update_fields=["received_size", "segment_count", "status", "completed_at"])
    except BaseException:
        delete_sealed(segment.storage_name)
        raise
    locked.envelope, locked.submission = part.envelope, part.submission  # already loaded: spare the queries
    return locked


def _checked_head(actor, part: BidPart, length: int, read: Callable[[int], bytes]) -> Callable[[int], bytes]:
    """Read the first bytes of a file, refuse it unless its content is an allowed type (the same check as the
    web form: lentera.core.uploads.check_content), and give back a reader that replays them before the rest.

    A refused upload session is closed and forgotten (nothing was sealed); the accepted bid stays as it was.
    """
    head = b""
    wanted = min(uploads.HEAD_BYTES, length)
    while len(head) < wanted:
        piece = read(wanted - len(head))
        if not piece:
            break
        head += piece
    tender = part.submission.tender
    try:
        uploads.check_content(
            head=head,
            size=part.declared_size,
            allowed=rules.bid_file_types(tender),
            error=BiddingError,
        )
    except BiddingError as exc:
        with transaction.atomic():
            BidPart.objects.filter(pk=part.pk, received_size=0).delete()
            audit.record(
                actor=actor,
                action="bidding.upload.refuse",
                obj=part.submission,
                after={"part": str(part.uid), "code": exc.code, "declared_size": part.declared_size},
            )
        raise
    pending = [head]

    def replay(n: int) -> bytes:
        if pending:
            first = pending.pop()
            if len(first) > n:
                pending.append(first[n:])
                return first[:n]
            return first
        return read(n)

    return replay


def _check_offset(part: BidPart, offset: int) -> None:
    if offset != part.received_size:
        raise BiddingConflict(
            "OFFSET_MISMATCH",
            _("Server sudah menerima %(received)s byte; lanjutkan dari posisi itu."),
            received=part.received_size,
        )


def _seal_from_reader(
    target: PartTarget, index: int, length: int, read: Callable[[int], bytes]
) -> SealedSegment:
    writer = SegmentWriter(target, index)
    try:
        remaining = length
        while remaining > 0:
            piece = read(min(READ_PIECE, remaining))
            if not piece:
                raise BiddingError(
                    "INCOMPLETE_CHUNK",
                    _("Potongan berkas terputus sebelum lengkap; kirim ulang dari posisi terakhir."),
                )
            writer.write(piece)
            remaining -= len(piece)
        return writer.close()
    except BaseException:
        writer.abort()
        raise


# ------------------------------------------------------------------ final commit


def _seal_forms(
    tender, provider, envelopes: dict[str, TenderEnvelope], form: BidForm
) -> list[tuple[PartTarget, SealedSegment]]:
    sealed = []
    try:
        for kind in envelope_kinds(tender):
            target = PartTarget(tender.pk, provider.pk, envelopes[kind], str(uuid.uuid4()), BidPart.Kind.FORM)
            sealed.append((target, seal_form(target, form.sealed_fields(kind))))
    except BaseException:
        for _target, segment in sealed:
            delete_sealed(segment.storage_name)
        raise
    return sealed


def _record_part(
    submission, target: PartTarget, segment: SealedSegment, *, position: int, meta: str, now
) -> BidPart:
    part = BidPart.objects.create(
        uid=target.part_uid,
        submission=submission,
        envelope=target.envelope,
        kind=target.kind,
        position=position,
        status=BidPart.Status.COMPLETE,
        declared_size=segment.info.plaintext_size,
        received_size=segment.info.plaintext_size,
        segment_count=1,
        sealed_meta=meta,
        created_at=now,
        completed_at=now,
    )
    BidSegment.objects.create(
        part=part,
        index=0,
        storage_name=segment.storage_name,
        sha256=segment.info.sha256,
        sealed_size=segment.info.sealed_size,
        plaintext_size=segment.info.plaintext_size,
        created_at=now,
    )
    return part


def submission_finalise(
    *,
    actor,
    tender,
    form: BidForm,
    upload_uids: Sequence[str] | None = None,
    presealed: Iterable[SealedUpload] = (),
    confirm_above_hps: bool = False,
) -> BidSubmission:
    """Commit a bid: the sealed form and files become the provider's accepted submission, with a signed receipt.

    Permendagri 53/2021 Lampiran 2.5.2 a: only bids received before the deadline count. The deadline is checked
    here, inside the transaction, against the database clock, after the provider's registration row is locked
    (``select_for_update``): a bid whose commit reads a time before the deadline is accepted however busy the
    server is; one that reads the deadline or later is refused (BID_DEADLINE_PASSED, with the server time).
    A new accepted submission supersedes the previous one, which stays sealed and recorded. A price above the
    HPS needs ``confirm_above_hps`` (check_price_against_hps).
    """
    check_price_against_hps(tender=tender, form=form, confirmed=confirm_above_hps)
    provider = _provider_of(actor)
    envelopes = ensure_envelopes(tender=tender, trigger=f"finalise:{actor.user_id}")
    presealed = list(presealed)
    forms = _seal_forms(tender, provider, envelopes, form)
    try:
        return _finalise(actor, tender, provider, forms, upload_uids, presealed)
    except BaseException:
        for _target, segment in forms:
            delete_sealed(segment.storage_name)
        raise


@transaction.atomic
def _finalise(actor, tender, provider, forms, upload_uids, presealed) -> BidSubmission:
    now = db_now()
    _check_room(actor, tender, now, lock=True, check_time=False)
    draft = _draft_for(actor=actor, tender=tender, provider=provider, now=now)
    files = list(draft.parts.filter(kind=BidPart.Kind.FILE).prefetch_related("segments"))
    if upload_uids is not None:
        wanted = {str(u) for u in upload_uids}
        unknown = wanted - {str(p.uid) for p in files}
        if unknown:
            raise BiddingError(
                "UPLOAD_NOT_FOUND", _("Sebagian berkas yang dirujuk tidak ada pada draf penawaran.")
            )
        dropped = [p for p in files if str(p.uid) not in wanted]
        files = [p for p in files if str(p.uid) in wanted]
        _drop_parts(dropped)
    incomplete = [p for p in files if p.status != BidPart.Status.COMPLETE]
    if incomplete:
        raise BiddingError(
            "UPLOAD_INCOMPLETE", _("Masih ada %(n)s berkas yang belum selesai diunggah."), n=len(incomplete)
        )
    position = max([p.position for p in files], default=0)
    for upload in presealed:
        if upload.envelope.tender_id != tender.pk:
            raise BiddingError("INVALID_ENVELOPE", _("Berkas disegel untuk tender lain."))
        position += 1
        target = PartTarget(tender.pk, provider.pk, upload.envelope, upload.part_uid, BidPart.Kind.FILE)
        files.append(
            _record_part(draft, target, upload.segment, position=position, meta=upload.sealed_meta, now=now)
        )
    if len(files) > rules.MAX_FILES_PER_SUBMISSION:
        raise BiddingError(
            "TOO_MANY_FILES", _("Paling banyak %(n)s berkas per penawaran."), n=rules.MAX_FILES_PER_SUBMISSION
        )
    main_kinds = {TenderEnvelope.Kind.SINGLE, TenderEnvelope.Kind.ADMIN_TECH}
    if not any(p.envelope.kind in main_kinds for p in files):
        raise BiddingError("FILES_REQUIRED", _("Lampirkan paling sedikit satu berkas dokumen penawaran."))
    for target, segment in forms:
        _record_part(draft, target, segment, position=0, meta="", now=now)

    previous = (
        BidSubmission.objects.select_for_update(of=("self",))
        .filter(tender=tender, provider=provider, status=BidSubmission.Status.ACCEPTED)
        .order_by("pk")
        .first()
    )
    # The decisive reading of the clock: after every lock this transaction takes, before it commits.
    now = db_now()
    deadline = check_deadline(tender, now)
    integration.require_stage(tender, integration.stage_enum().BID_UPLOAD, now)
    if previous is not None:
        previous.status, previous.ended_at = BidSubmission.Status.SUPERSEDED, now
        previous.save(update_fields=["status", "ended_at"])
    draft.status, draft.submitted_at = BidSubmission.Status.ACCEPTED, now
    draft.save(update_fields=["status", "submitted_at"])
    receipt, receipt_sha = sign_acceptance(
        draft, server_time=now, deadline=deadline, supersedes=previous.receipt_sha256 if previous else None
    )
    draft.receipt, draft.receipt_sha256 = receipt, receipt_sha
    draft.save(update_fields=["receipt", "receipt_sha256"])
    audit.record(
        actor=actor,
        action="bidding.submission.accept",
        obj=draft,
        after={
            "receipt_sha256": receipt_sha,
            "tender": tender.code,
            "provider_npwp": provider.npwp,
            "version": draft.version,
            "supersedes": str(previous.uid) if previous else None,
            "parts": len(receipt["payload"]["parts"]),
        },
    )
    return draft


def _drop_parts(parts: list[BidPart]) -> None:
    names = [s.storage_name for p in parts for s in p.segments.all()]
    for part in parts:
        part.delete()

    def delete_files() -> None:
        for n in names:
            delete_sealed(n)

    transaction.on_commit(delete_files, robust=True)


@transaction.atomic
def submission_withdraw(*, actor, tender) -> BidSubmission:
    """Withdraw the accepted bid before the deadline (Permendagri 53/2021 Lampiran 2.5.2 a).

    The withdrawn version stays sealed and recorded; the provider gets a signed withdrawal receipt.
    """
    now = db_now()
    provider, _deadline = _check_room(actor, tender, now, lock=True)
    accepted = (
        BidSubmission.objects.select_for_update(of=("self",))
        .filter(tender=tender, provider=provider, status=BidSubmission.Status.ACCEPTED)
        .order_by("pk")
        .first()
    )
    if accepted is None:
        raise BiddingError("NOTHING_TO_WITHDRAW", _("Tidak ada penawaran yang dapat ditarik."))
    now = db_now()
    check_deadline(tender, now)
    accepted.status, accepted.ended_at = BidSubmission.Status.WITHDRAWN, now
    receipt, receipt_sha = sign_withdrawal(accepted, server_time=now)
    accepted.withdrawal_receipt = receipt
    accepted.save(update_fields=["status", "ended_at", "withdrawal_receipt"])
    audit.record(
        actor=actor,
        action="bidding.submission.withdraw",
        obj=accepted,
        after={"withdrawal_receipt_sha256": receipt_sha, "withdrawn_receipt_sha256": accepted.receipt_sha256},
    )
    return accepted


def bid_room_check(*, actor, tender) -> dict[str, TenderEnvelope]:
    """Before a form upload is parsed: may this provider submit now? Returns the envelopes (made lazily)."""
    _check_room(actor, tender, db_now(), lock=False)
    return ensure_envelopes(tender=tender, trigger=f"bid_form:{actor.user_id}")
