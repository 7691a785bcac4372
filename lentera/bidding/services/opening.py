"""Opening the envelopes: Pokja members enter their opening passphrases; a majority rebuilds the key.

Permendagri 53/2021 Lampiran 2.5.2 a and 2.1 c 2 (bids opened by the Pokja at the opening stage) and 2.5.3
(a file that cannot be opened is recorded in a berita acara witnessed by the Kepala Subbagian LPSE).

Stateless app servers: a member's recovered share cannot wait in server memory for the others. It is deposited
in the opening session wrapped by a key derived (HKDF) from the server secret and the session's random salt, and
erased when the session opens the envelope or expires. The opening itself happens in the request of the member
whose share reaches the threshold. docs/sealing.md explains what this protects and what it does not.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied, LenteraError, NotFound
from lentera.core.models import AuditEvent

from .. import integration, rules
from ..crypto import (
    DecryptionFailed,
    Share,
    ShareReconstructionFailed,
    WrongPassphrase,
    open_share,
    rebuild_private_key,
    unwrap_member_key,
)
from ..errors import BiddingError
from ..models import (
    BidPart,
    KeyShare,
    MemberOpeningKey,
    OpenedBid,
    OpeningDeposit,
    OpeningSession,
    TenderEnvelope,
)
from ..models.keys import b64decode
from ..serverkeys import ServerUnwrapFailed, server_unwrap, server_wrap
from .decrypt import open_envelope_bids

MAX_WRONG_ATTEMPTS = 5
ATTEMPT_WINDOW = dt.timedelta(minutes=15)
_DEPOSIT_PURPOSE = b"opening deposit"
_OPENED_PURPOSE = b"opened envelope"


@dataclass
class OpeningProgress:
    envelope: TenderEnvelope
    session: OpeningSession | None
    deposited: int
    threshold: int
    opened: bool
    holders_present: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ checks


def opening_stage_check(tender, envelope: TenderEnvelope, at: dt.datetime) -> None:
    """File I / single envelope: the opening stage. File II (price): the price opening stage, only after File I
    was opened and the technical evaluation was decided.

    Cites: Peraturan LKPP 12/2021 (metode dua file: sampul harga dibuka setelah evaluasi administrasi dan teknis
           ditetapkan; pasal belum dikonfirmasi).
    """
    Stage = integration.stage_enum()
    if envelope.kind != TenderEnvelope.Kind.PRICE:
        integration.require_stage(tender, Stage.OPENING, at, strict=False)
        return
    first = TenderEnvelope.objects.filter(tender_id=tender.pk, kind=TenderEnvelope.Kind.ADMIN_TECH).first()
    if first is None or not first.is_opened or not integration.price_envelope_may_open(tender, at):
        raise BiddingError(
            "PRICE_ENVELOPE_NOT_YET",
            _(
                "Sampul harga (File II) baru dapat dibuka setelah evaluasi administrasi dan teknis ditetapkan."
            ),
        )
    integration.require_stage(tender, Stage.PRICE_OPENING, at, strict=False)


def _holder_share(actor, tender, envelope: TenderEnvelope) -> KeyShare:
    share = KeyShare.objects.filter(envelope=envelope, holder_id=actor.pk).first()
    if share is None:
        raise AccessDenied("NOT_A_KEY_HOLDER", _("Anda tidak memegang bagian kunci sampul tender ini."))
    if share.holder_role == KeyShare.HolderRole.MEMBER and not integration.is_pokja_member(actor, tender):
        raise AccessDenied("NOT_POKJA_MEMBER", _("Anda bukan lagi anggota Pokja tender ini."))
    return share


def _recent_wrong_attempts(actor, envelope: TenderEnvelope, now: dt.datetime) -> int:
    return AuditEvent.objects.filter(
        action="bidding.opening.passphrase_wrong",
        actor_user_id=actor.pk,
        object_type="bidding.tenderenvelope",
        object_id=str(envelope.pk),
        occurred_at__gte=now - ATTEMPT_WINDOW,
    ).count()


def _record_failure(actor, envelope: TenderEnvelope, action: str, code: str = "") -> None:
    """Every refused attempt is audited, in its own transaction (the refusal must not roll the record back)."""
    after = {"tender_id": envelope.tender_id} | ({"code": code} if code else {})
    with transaction.atomic():
        audit.record(actor=actor, action=action, obj=envelope, after=after)


def _deposit_aad(session: OpeningSession, share: KeyShare) -> bytes:
    return (
        f"session={session.pk}|envelope={session.envelope_id}|share={share.pk}|index={share.index}".encode()
    )


def _opened_aad(envelope: TenderEnvelope) -> bytes:
    return b"opened|" + envelope.share_context()


# ------------------------------------------------------------------ entering a passphrase


def progress_of(envelope: TenderEnvelope) -> OpeningProgress:
    session = envelope.opening_sessions.filter(status__in=[OpeningSession.Status.COLLECTING]).first()
    if envelope.is_opened:
        session = envelope.opening_sessions.filter(status=OpeningSession.Status.OPENED).first()
    deposited = (
        session.deposits.count() if session and session.status == OpeningSession.Status.COLLECTING else 0
    )
    present = [p["user_id"] for p in (session.present if session else [])]
    return OpeningProgress(envelope, session, deposited, envelope.threshold, envelope.is_opened, present)


def opening_passphrase_submit(*, actor, tender, envelope_kind: str, passphrase: str) -> OpeningProgress:
    """A key holder enters their opening passphrase for one envelope in their own session.

    Their share is recovered, deposited (wrapped) in the envelope's opening session, and, when the deposits reach
    the threshold, the envelope is opened in this request. A wrong passphrase is refused with nothing else said;
    every attempt is audited; after 5 wrong attempts in 15 minutes the holder must wait.
    """
    envelope = TenderEnvelope.objects.filter(tender_id=tender.pk, kind=envelope_kind).first()
    if envelope is None:
        raise NotFound("ENVELOPE_NOT_FOUND", _("Sampul penawaran tidak ditemukan."))
    share = _holder_share(actor, tender, envelope)
    if envelope.is_opened:
        return progress_of(envelope)
    now = db_now()
    try:
        opening_stage_check(tender, envelope, now)
        if _recent_wrong_attempts(actor, envelope, now) >= MAX_WRONG_ATTEMPTS:
            raise BiddingError(
                "TOO_MANY_ATTEMPTS",
                _("Terlalu banyak kata sandi pembukaan yang salah. Coba lagi setelah 15 menit."),
                status=429,
            )
        key = MemberOpeningKey.objects.filter(user_id=actor.pk).first()
        if key is None:
            raise BiddingError("OPENING_KEY_MISSING", _("Anda belum memiliki kunci pembukaan."))
    except LenteraError as exc:
        _record_failure(actor, envelope, "bidding.opening.attempt_refused", code=exc.code)
        raise
    try:
        member_private = unwrap_member_key(key.bundle, passphrase)
    except (WrongPassphrase, ValueError):
        member_private = None
    if member_private is None:
        _record_failure(actor, envelope, "bidding.opening.passphrase_wrong")
        raise BiddingError("WRONG_PASSPHRASE", _("Kata sandi pembukaan salah. Tidak ada yang dibuka."))
    try:
        recovered = open_share(member_private, b64decode(share.sealed_share), envelope.share_context())
    except (DecryptionFailed, ValueError):
        recovered = None
    del member_private
    if recovered is None:
        _record_failure(actor, envelope, "bidding.opening.share_unusable")
        raise BiddingError(
            "SHARE_UNUSABLE",
            _(
                "Bagian kunci Anda tidak dapat dibuka dengan kunci pembukaan Anda saat ini (kunci diganti "
                "setelah sampul dibuat). Pembukaan memerlukan anggota lain."
            ),
        )
    progress = _deposit(actor, envelope, share, recovered, now)
    if not progress.opened and progress.deposited >= progress.threshold:
        assert progress.session is not None  # _deposit left this holder's deposit in a collecting session
        _complete(actor, envelope.pk, progress.session.pk)
        envelope.refresh_from_db()
        progress = progress_of(envelope)
    return progress


@transaction.atomic
def _deposit(actor, envelope: TenderEnvelope, share: KeyShare, recovered: Share, now) -> OpeningProgress:
    env = TenderEnvelope.objects.select_for_update(of=("self",)).get(pk=envelope.pk)
    if env.is_opened:
        return progress_of(env)
    session = OpeningSession.objects.filter(envelope=env, status=OpeningSession.Status.COLLECTING).first()
    if session is not None and session.expires_at <= now:
        _expire(session)
        session = None
    if session is None:
        session = OpeningSession.objects.create(
            envelope=env,
            salt=base64.b64encode(os.urandom(16)).decode("ascii"),
            threshold=env.threshold,
            started_by=actor,
            started_at=now,
            expires_at=now + dt.timedelta(hours=rules.OPENING_SESSION_HOURS),
        )
    if not session.deposits.filter(holder_id=actor.pk).exists():
        OpeningDeposit.objects.create(
            session=session,
            share=share,
            holder=actor,
            wrapped_share=server_wrap(
                recovered.to_bytes(),
                purpose=_DEPOSIT_PURPOSE,
                salt=b64decode(session.salt),
                aad=_deposit_aad(session, share),
            ),
            created_at=now,
        )
        session.present = [
            *session.present,
            {
                "user_id": actor.user_id,
                "full_name": actor.full_name,
                "role": share.holder_role,
                "at": now.isoformat(),
            },
        ]
        session.save(update_fields=["present"])
    deposited = session.deposits.count()
    audit.record(
        actor=actor,
        action="bidding.opening.share_deposit",
        obj=session,
        after={
            "envelope": env.kind,
            "tender_id": env.tender_id,
            "holder": actor.user_id,
            "share_index": share.index,
            "deposits": deposited,
            "threshold": env.threshold,
        },
    )
    return OpeningProgress(
        env, session, deposited, env.threshold, False, [p["user_id"] for p in session.present]
    )


def _expire(session: OpeningSession) -> None:
    session.deposits.all().delete()
    session.status = OpeningSession.Status.EXPIRED
    session.save(update_fields=["status"])
    audit.record(
        actor=None, action="bidding.opening.session_expired", obj=session, after={"erased_deposits": True}
    )


# ------------------------------------------------------------------ completing the opening


@transaction.atomic
def _complete(actor, envelope_id: int, session_id: int) -> None:
    env = TenderEnvelope.objects.select_for_update(of=("self",)).select_related("tender").get(pk=envelope_id)
    session = OpeningSession.objects.select_for_update(of=("self",)).get(pk=session_id)
    if env.is_opened or session.status != OpeningSession.Status.COLLECTING:
        return
    shares = []
    for deposit in session.deposits.select_related("share"):
        try:
            raw = server_unwrap(
                deposit.wrapped_share,
                purpose=_DEPOSIT_PURPOSE,
                salt=b64decode(session.salt),
                aad=_deposit_aad(session, deposit.share),
            )
            shares.append(Share.from_bytes(raw))
        except (ServerUnwrapFailed, ValueError):
            continue
    try:
        private = rebuild_private_key(shares, env.public_key_bytes) if len(shares) >= env.threshold else None
    except ShareReconstructionFailed:
        private = None
    if private is None:
        raise BiddingError(
            "OPENING_FAILED",
            _("Bagian kunci yang terkumpul tidak membentuk kunci sampul. Hubungi Kepala Subbagian LPSE."),
        )
    now = db_now()
    tender = env.tender
    opened = open_envelope_bids(env, session, private)
    env.opened_at = now
    env.opened_key = server_wrap(
        private, purpose=_OPENED_PURPOSE, salt=env.fingerprint.encode(), aad=_opened_aad(env)
    )
    del private
    env.save(update_fields=["opened_at", "opened_key"])
    session.deposits.all().delete()
    session.status, session.completed_by, session.completed_at = OpeningSession.Status.OPENED, actor, now
    session.summary = {
        "bids": len(opened),
        "bids_ok": sum(1 for o in opened if o.all_parts_ok and o.receipt_ok),
        "problems": session.problems.count(),
    }
    session.save()
    from .records import opening_record_render

    opening_record_render(actor=actor, session=session)
    audit.record(
        actor=actor,
        action="bidding.opening.complete",
        obj=session,
        after={
            "tender": tender.code,
            "envelope": env.kind,
            "present": [p["user_id"] for p in session.present],
            "record_sha256": session.record_sha256,
            "bids": [
                {
                    "provider_npwp": o.submission.provider.npwp,
                    "receipt_sha256": o.submission.receipt_sha256,
                    "receipt_ok": o.receipt_ok,
                    "all_parts_ok": o.all_parts_ok,
                    "read_price": str(o.offer_price) if o.offer_price is not None else None,
                }
                for o in opened
            ],
        },
    )
    integration.offers_record_opened(
        actor=actor, tender=tender, offers=_offers_for_tendering(env, opened, now)
    )


_TENDERING_ENVELOPE: dict[str, str] = {
    TenderEnvelope.Kind.SINGLE: "ALL",
    TenderEnvelope.Kind.ADMIN_TECH: "TECHNICAL",
    TenderEnvelope.Kind.PRICE: "PRICE",
}


def _offers_for_tendering(env: TenderEnvelope, opened: list[OpenedBid], now) -> list[dict[str, Any]]:
    """The opened offers in the shape of tendering's ``OpenedOffer`` (provider, read_price, opened_at, ...)."""
    offers = []
    for o in opened:
        files = [
            {"part": str(c.part.uid), "name": c.file_name, "size": c.plaintext_size, "result": c.result}
            for c in o.checks.select_related("part")
            if c.part.kind == BidPart.Kind.FILE
        ]
        facts = {
            "files": files,
            "receipt_sha256": o.submission.receipt_sha256,
            "receipt_ok": o.receipt_ok,
            "all_parts_ok": o.all_parts_ok,
        }
        key = "price_envelope" if env.kind == TenderEnvelope.Kind.PRICE else "administrative"
        offers.append(
            {
                "provider": o.submission.provider,
                "envelope": _TENDERING_ENVELOPE[env.kind],
                "read_price": o.offer_price,
                "opened_at": now,
                "source_reference": f"bidding:{o.submission.uid}",
                "data": {key: {k: v for k, v in o.form_fields.items() if k != "offer_price"} | facts},
            }
        )
    return offers
