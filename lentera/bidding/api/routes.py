"""Bidding API: resumable sealed uploads, the final commit, receipts, the receipt key, opening.

Same services as the web pages. Chunks are sent as the raw request body (``application/octet-stream``) to
``PUT /uploads/{uid}/chunk?offset=N``; the server reads them in 64 KiB pieces straight into the sealer.
"""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.errors import LenteraError, NotFound
from lentera.core.roles import Role
from lentera.core.schemas import InputSchema

from .. import rules, selectors, services
from ..models import BidPart, BidSubmission
from ..serverkeys import receipt_public_key_info

router = Router(tags=["bidding"])
PREFIX = "/bidding/"


def _tender(tender_id: int):
    tender = selectors.tender_or_none(tender_id)
    if tender is None:
        raise NotFound("TENDER_NOT_FOUND", _("Tender tidak ditemukan."))
    return tender


class PreviousReceiptKeyOut(Schema):
    public_key_pem: str
    public_key_b64: str
    fingerprint: str


class ReceiptKeyOut(Schema):
    algorithm: str
    public_key_pem: str
    public_key_b64: str
    fingerprint: str
    previous_keys: list[PreviousReceiptKeyOut]


@router.get(
    "/receipt-key",
    auth=PUBLIC,
    response=ReceiptKeyOut,
    summary="The server's receipt public key, and the previous keys whose receipts are still accepted",
)
@api_access(public=True)
def receipt_key(request: HttpRequest):
    return receipt_public_key_info()


class UploadOut(Schema):
    uid: str
    envelope: str
    size: int
    received: int
    status: str
    open: bool
    chunk_size: int
    max_chunk_size: int


def _upload_out(part: BidPart) -> dict:
    return {
        "uid": str(part.uid),
        "envelope": part.envelope.kind,
        "size": part.declared_size,
        "received": part.received_size,
        "status": part.status,
        "open": part.submission.status == BidSubmission.Status.DRAFT,
        "chunk_size": rules.DEFAULT_CHUNK_SIZE,
        "max_chunk_size": rules.MAX_CHUNK_SIZE,
    }


class SubmissionOut(Schema):
    uid: str
    version: int
    status: str
    submitted_at: dt.datetime | None
    receipt_sha256: str


def _submission_out(sub: BidSubmission) -> dict:
    return {
        "uid": str(sub.uid),
        "version": sub.version,
        "status": sub.status,
        "submitted_at": sub.submitted_at,
        "receipt_sha256": sub.receipt_sha256,
    }


class RoomOut(Schema):
    tender_id: int
    tender_code: str
    server_time: dt.datetime
    deadline: dt.datetime | None
    stage: str
    open: bool
    envelopes: list[str]
    accepted: SubmissionOut | None
    history: list[SubmissionOut]
    uploads: list[UploadOut]


@router.get(
    "/tenders/{tender_id}/room",
    response=RoomOut,
    summary="A provider's bid room: server time, deadline, own bids",
)
@api_access(Role.PENYEDIA, scope="tenders the provider is registered for")
def room(request: AuthedRequest, tender_id: int):
    tender = _tender(tender_id)
    view = selectors.bid_room(user=request.user, tender=tender)
    if not view.registered:
        raise NotFound("TENDER_NOT_FOUND", _("Tender tidak ditemukan."))
    return {
        "tender_id": tender.pk,
        "tender_code": tender.code,
        "server_time": view.server_now,
        "deadline": view.deadline,
        "stage": view.stage,
        "open": view.is_open,
        "envelopes": view.envelope_kinds,
        "accepted": _submission_out(view.accepted) if view.accepted else None,
        "history": [_submission_out(s) for s in view.history],
        "uploads": [_upload_out(p) for p in view.draft_parts],
    }


class UploadIn(InputSchema):
    envelope: str
    file_name: str
    content_type: str = ""
    size: int


@router.post(
    "/tenders/{tender_id}/uploads", response={201: UploadOut}, summary="Start a resumable sealed upload"
)
@api_access(Role.PENYEDIA, scope="tenders the provider is registered for")
def upload_create(request: AuthedRequest, tender_id: int, payload: UploadIn):
    part = services.upload_start(
        actor=request.user,
        tender=_tender(tender_id),
        envelope_kind=payload.envelope,
        file_name=payload.file_name,
        content_type=payload.content_type,
        size=payload.size,
    )
    return Status(201, _upload_out(part))


@router.get(
    "/uploads/{uid}",
    response=UploadOut,
    summary="An upload session: how much the server has (resume from here)",
)
@api_access(Role.PENYEDIA, scope="own uploads")
def upload_status(request: AuthedRequest, uid: str):
    return _upload_out(services.submission.upload_part_of(actor=request.user, part_uid=uid))


@router.put(
    "/uploads/{uid}/chunk",
    response=UploadOut,
    summary="Send one chunk (raw body) at `offset`; sealed on arrival",
)
@api_access(Role.PENYEDIA, scope="own uploads")
def upload_chunk(request: AuthedRequest, uid: str, offset: int):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        part = services.upload_chunk(
            actor=request.user, part_uid=uid, offset=offset, length=length, read=request.read
        )
    except LenteraError:
        _drain(request, length)
        raise
    return _upload_out(part)


def _drain(request: AuthedRequest, length: int) -> None:
    """Read and drop the rest of a refused chunk: many HTTP clients only read the answer once they have sent the
    whole body, and would wait for ever on a server that answers first and stops reading."""
    remaining = min(length, rules.MAX_CHUNK_SIZE)
    while remaining > 0:
        piece = request.read(min(64 * 1024, remaining))
        if not piece:
            return
        remaining -= len(piece)


class SubmitIn(InputSchema):
    offer_price: Decimal | str
    validity_days: int
    completion_days: int
    notes: str = ""
    uploads: list[str]
    confirm_above_hps: bool = False


class ReceiptOut(Schema):
    submission: SubmissionOut
    receipt: dict


@router.post(
    "/tenders/{tender_id}/submission",
    response={201: ReceiptOut},
    summary="Commit the bid (deadline checked here)",
)
@api_access(Role.PENYEDIA, scope="tenders the provider is registered for")
def submit(request: AuthedRequest, tender_id: int, payload: SubmitIn):
    form = services.parse_bid_form(payload.dict())
    sub = services.submission_finalise(
        actor=request.user,
        tender=_tender(tender_id),
        form=form,
        upload_uids=payload.uploads,
        confirm_above_hps=payload.confirm_above_hps,
    )
    return Status(201, {"submission": _submission_out(sub), "receipt": sub.receipt})


@router.post(
    "/tenders/{tender_id}/withdrawal",
    response=ReceiptOut,
    summary="Withdraw the accepted bid before the deadline",
)
@api_access(Role.PENYEDIA, scope="own bid")
def withdraw(request: AuthedRequest, tender_id: int):
    sub = services.submission_withdraw(actor=request.user, tender=_tender(tender_id))
    return {"submission": _submission_out(sub), "receipt": sub.withdrawal_receipt}


@router.get("/submissions/{uid}/receipt", response=dict, summary="A submission's signed receipt")
@api_access(Role.PENYEDIA, Role.POKJA, Role.AUDITOR, scope="own bid; Pokja and auditors after opening")
def receipt(request: AuthedRequest, uid: str):
    import uuid

    try:
        key = uuid.UUID(uid)
    except ValueError:
        key = None
    sub = selectors.receipt_for(user=request.user, role=request.acting_role, uid=key) if key else None
    if sub is None:
        raise NotFound("RECEIPT_NOT_FOUND", _("Tanda terima tidak ditemukan."))
    return sub.receipt


# ------------------------------------------------------------------ opening


class OpeningKeyIn(InputSchema):
    passphrase: str
    passphrase_confirm: str
    replace: bool = False


class OpeningKeyOut(Schema):
    fingerprint: str
    public_key: str
    generation: int


@router.post(
    "/opening-key", response={201: OpeningKeyOut}, summary="Create my opening key (opening passphrase)"
)
@api_access(Role.POKJA, Role.PENGELOLA_PBJ, Role.KASUBAG_LPSE, scope="own opening key")
def opening_key_create(request: AuthedRequest, payload: OpeningKeyIn):
    key = services.opening_key_set(
        actor=request.user,
        passphrase=payload.passphrase,
        passphrase_confirm=payload.passphrase_confirm,
        replace=payload.replace,
    )
    return Status(
        201, {"fingerprint": key.fingerprint, "public_key": key.public_key, "generation": key.generation}
    )


class BidFileCheckOut(Schema):
    part: str
    kind: str
    file_name: str
    size: int
    result: str
    detail: str


class OpenedBidOut(Schema):
    provider: str
    npwp: str
    submitted_at: dt.datetime | None
    offer_price: Decimal | None
    receipt_sha256: str
    receipt_ok: bool
    all_parts_ok: bool
    checks: list[BidFileCheckOut]


class EnvelopeOut(Schema):
    kind: str
    fingerprint: str
    threshold: int
    share_count: int
    deposited: int
    opened_at: dt.datetime | None
    bids_received: int
    bids: list[OpenedBidOut]


class OpeningOut(Schema):
    tender_id: int
    server_time: dt.datetime
    envelopes: list[EnvelopeOut]


def _opening_out(view) -> dict:
    envelopes = []
    for ev in view.envelopes:
        envelopes.append(
            {
                "kind": ev.envelope.kind,
                "fingerprint": ev.envelope.fingerprint,
                "threshold": ev.envelope.threshold,
                "share_count": ev.envelope.share_count,
                "deposited": ev.progress.deposited,
                "opened_at": ev.envelope.opened_at,
                "bids_received": ev.accepted_count,
                "bids": [
                    {
                        "provider": o.submission.provider.name,
                        "npwp": o.submission.provider.npwp,
                        "submitted_at": o.submission.submitted_at,
                        "offer_price": o.offer_price,
                        "receipt_sha256": o.submission.receipt_sha256,
                        "receipt_ok": o.receipt_ok,
                        "all_parts_ok": o.all_parts_ok,
                        "checks": [
                            {
                                "part": str(c.part.uid),
                                "kind": c.part.kind,
                                "file_name": c.file_name,
                                "size": c.plaintext_size,
                                "result": c.result,
                                "detail": c.detail,
                            }
                            for c in selectors.checks_of(o)
                        ],
                    }
                    for o in ev.opened_bids
                ],
            }
        )
    return {"tender_id": view.tender.pk, "server_time": view.server_now, "envelopes": envelopes}


def _opening_view(request: AuthedRequest, tender_id: int):
    view = selectors.opening_room(user=request.user, role=request.acting_role, tender=_tender(tender_id))
    if view is None:
        raise NotFound("TENDER_NOT_FOUND", _("Tender tidak ditemukan."))
    return view


@router.get(
    "/tenders/{tender_id}/opening", response=OpeningOut, summary="Opening status; bid contents once opened"
)
@api_access(Role.POKJA, Role.KASUBAG_LPSE, Role.AUDITOR, scope="key holders of the tender; auditors")
def opening(request: AuthedRequest, tender_id: int):
    return _opening_out(_opening_view(request, tender_id))


class PassphraseIn(InputSchema):
    passphrase: str


@router.post(
    "/tenders/{tender_id}/opening/{kind}/passphrase",
    response=OpeningOut,
    summary="Enter my opening passphrase",
)
@api_access(Role.POKJA, Role.KASUBAG_LPSE, scope="key holders of the tender")
def opening_passphrase(request: AuthedRequest, tender_id: int, kind: str, payload: PassphraseIn):
    tender = _tender(tender_id)
    services.opening_passphrase_submit(
        actor=request.user, tender=tender, envelope_kind=kind, passphrase=payload.passphrase
    )
    return _opening_out(_opening_view(request, tender_id))


@router.get("/parts/{uid}/content", summary="An opened bid file, decrypted while it streams")
@api_access(Role.POKJA, Role.AUDITOR, scope="Pokja of the tender and auditors, after opening")
def part_content(request: AuthedRequest, uid: str):
    opened = services.opened_part_content(actor=request.user, role=request.acting_role, part_uid=uid)
    response = StreamingHttpResponse(opened.chunks, content_type=opened.content_type)
    response["Content-Length"] = str(opened.size)
    response["Content-Disposition"] = f'attachment; filename="{opened.name.replace(chr(34), "")}"'
    return response
