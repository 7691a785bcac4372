"""Demo: opening keys for the demo Pokja members (and the LPSE witness), envelopes for announced tenders, and
sealed bids in a tender that has reached its opening stage, so the opening can be tried at once. Idempotent."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction

from lentera.core.clock import freeze_db_clock
from lentera.core.demo import DemoContext

from . import integration
from .models import BidSubmission, MemberOpeningKey, TenderEnvelope

DEMO_PASSPHRASE = "Buka-Sampul-2026"
KEY_HOLDERS = ["pokja1", "pokja2", "pokja3", "pokja4", "pokja5", "kasubag.lpse"]


def _user(ctx: DemoContext, user_id: str):
    from lentera.accounts.models import User

    return ctx.objects.get(user_id) or User.objects.filter(user_id=user_id).first()


def _opening_keys(ctx: DemoContext) -> int:
    from .services import opening_key_set

    made = 0
    for user_id in KEY_HOLDERS:
        user = _user(ctx, user_id)
        if user is None or MemberOpeningKey.objects.filter(user=user).exists():
            continue
        opening_key_set(actor=user, passphrase=DEMO_PASSPHRASE, passphrase_confirm=DEMO_PASSPHRASE)
        made += 1
    return made


def _envelopes(ctx: DemoContext) -> list:
    from lentera.tendering.enums import TenderStatus
    from lentera.tendering.models import Tender

    from .errors import BiddingError
    from .services import tender_keys_create

    ready = []
    for tender in Tender.objects.filter(status=TenderStatus.ANNOUNCED, pokja__isnull=False).order_by("pk"):
        try:
            tender_keys_create(actor=None, tender=tender)
        except BiddingError as exc:
            ctx.notes.append(f"Bidding: no envelopes for {tender.code}: {exc}")
            continue
        ready.append(tender)
    return ready


def _demo_bids(ctx: DemoContext, tender) -> int:
    """Sealed bids from the registered demo providers, committed with the database clock pinned inside the
    tender's bid upload window (a tender whose upload stage is already over in the demo story)."""
    from lentera.tendering.models import TenderRegistration

    from .services import parse_bid_form, submission_finalise, upload_chunk, upload_start

    if BidSubmission.objects.filter(tender=tender).exists():
        return 0
    window = integration.schedule_window(tender, integration.stage_enum().BID_UPLOAD)
    if window is None:
        return 0
    two = TenderEnvelope.objects.filter(tender=tender, kind="PRICE").exists()
    made = 0
    regs = TenderRegistration.objects.filter(tender=tender).select_related("provider__account")[:3]
    for i, reg in enumerate(regs):
        user = reg.provider.account
        at = window[1] - dt.timedelta(minutes=30 - i)
        price = int((tender.hps_total or 1_000_000_000) * (90 - 3 * i) / 100)
        body = f"%PDF-1.4\n% Dokumen penawaran demo {reg.provider.name} untuk {tender.code}\n".encode() * 200
        try:
            with transaction.atomic(), freeze_db_clock(at):
                part = upload_start(
                    actor=user,
                    tender=tender,
                    envelope_kind="ADMIN_TECH" if two else "SINGLE",
                    file_name=f"penawaran-{reg.provider.npwp}.pdf",
                    content_type="application/pdf",
                    size=len(body),
                )
                upload_chunk(
                    actor=user, part_uid=str(part.uid), offset=0, length=len(body), read=io.BytesIO(body).read
                )
                form = parse_bid_form({"offer_price": price, "validity_days": 60, "completion_days": 120})
                submission_finalise(actor=user, tender=tender, form=form, upload_uids=[str(part.uid)])
        except Exception as exc:  # noqa: BLE001 - the demo tells what it could not do and goes on
            ctx.notes.append(f"Bidding: demo bid of {reg.provider.name} for {tender.code} not made: {exc}")
            continue
        made += 1
    return made


def load(ctx: DemoContext) -> None:
    from lentera.core.clock import db_now

    _opening_keys(ctx)
    tenders = _envelopes(ctx)
    for tender in tenders:
        if integration.current_stage(tender, db_now()) == integration.stage_enum().OPENING:
            _demo_bids(ctx, tender)
    ctx.objects["bidding_envelope_tenders"] = tenders
    from . import demo_story

    story = demo_story.load(ctx, DEMO_PASSPHRASE)
    ctx.objects["live_tenders"] = {s.key: t for s, t in story}
    keys = MemberOpeningKey.objects.filter(user__user_id__in=KEY_HOLDERS).count()
    ctx.notes.append(
        f"Bidding: {keys} opening keys ({', '.join(KEY_HOLDERS)}); the opening passphrase (separate from the "
        f'login password) is "{DEMO_PASSPHRASE}". Bid opening: /penawaran/pembukaan/.'
    )
    for s, tender in story:
        ctx.notes.append(f"  {s.label}: {tender.code} {tender.title} (/tender/{tender.pk}/): {s.note}.")
    # the Pokja members' logins are listed already (pokja1..5); the passphrase is in the note above
