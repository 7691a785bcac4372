"""E-reverse auction: bidder identities hidden behind aliases, rounds with a fixed end, bids timed by the database
clock inside the transaction, result recorded with its berita acara (rules.REVERSE_AUCTION_CITATION)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah

from .. import rules, scoring
from ..enums import OfficialRecordKind
from ..errors import TenderingError
from ..models import (
    AuctionBid,
    AuctionParticipant,
    AuctionRound,
    EvaluationDecision,
    Offer,
    ReverseAuction,
    Tender,
)
from ..states import Trigger
from ._base import authorize, lock_tender, require_provider
from .records import official_record_create


def _participants(tender: Tender) -> list[Offer]:
    decision = (
        EvaluationDecision.objects.filter(tender=tender, round=tender.evaluation_round)
        .order_by("-decided_at")
        .first()
    )
    offers = Offer.objects.filter(tender=tender, read_price__isnull=False).order_by("pk")
    if decision is not None:
        passed = decision.results.filter(technical_pass=True, administrative_pass=True).values_list(
            "offer_id", flat=True
        )
        offers = offers.filter(pk__in=list(passed))
    return [o for o in offers if not rules.is_above_hps(o.corrected_price or o.read_price, tender.hps_total)]


@transaction.atomic
def auction_start(
    *, actor: Any, tender: Tender, rounds: list[tuple[dt.datetime, dt.datetime]], reason: str = ""
) -> ReverseAuction:
    """The Pokja opens an e-reverse auction among the offers still in the running, with fixed round times.
    Aliases are drawn at random so no bidder can tell who is who."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.START_AUCTION, actor=actor, at=now)
    if ReverseAuction.objects.filter(tender=tender, round=tender.evaluation_round).exists():
        raise TenderingError("AUCTION_EXISTS", _("E-reverse auction putaran ini sudah dibuat."), status=409)
    if not rounds:
        raise TenderingError(
            "AUCTION_ROUNDS_REQUIRED", _("Paling sedikit satu putaran dengan waktu mulai dan selesai.")
        )
    previous_end = now
    for start, end in rounds:
        if start < previous_end or end <= start:
            raise TenderingError(
                "AUCTION_ROUNDS_INVALID",
                _("Putaran harus di masa depan, berurutan, dan berakhir setelah mulai."),
            )
        previous_end = end
    offers = _participants(tender)
    if len(offers) < 2:
        raise TenderingError("AUCTION_TOO_FEW", _("E-reverse auction memerlukan paling sedikit 2 peserta."))
    auction = ReverseAuction.objects.create(
        tender=tender,
        round=tender.evaluation_round,
        reason=(reason or str(_("E-reverse auction"))).strip()[:200],
        created_by=actor,
        created_at=now,
    )
    for number, (start, end) in enumerate(rounds, start=1):
        AuctionRound.objects.create(auction=auction, number=number, starts_at=start, ends_at=end)
    order = list(offers)
    secrets.SystemRandom().shuffle(order)
    for i, offer in enumerate(order, start=1):
        AuctionParticipant.objects.create(
            auction=auction,
            offer=offer,
            alias=str(_("Peserta %(n)s") % {"n": i}),
            starting_price=offer.corrected_price or offer.read_price,
        )
    audit.record(
        actor=actor,
        action="tendering.auction.start",
        obj=auction,
        after={
            "tender": tender.code,
            "rounds": [[a.isoformat(), b.isoformat()] for a, b in rounds],
            "participants": len(order),
        },
    )
    return auction


def participant_best(participant: AuctionParticipant) -> Decimal:
    best = participant.bids.aggregate(m=Min("price"))["m"]
    return min(best, participant.starting_price) if best is not None else participant.starting_price


@transaction.atomic
def auction_bid(*, actor: Any, tender: Tender, price: Decimal) -> AuctionBid:
    """A participant bids lower than its own best price, while a round is open by the database clock (taken
    inside this transaction: a bid committed after the round's end is refused)."""
    tender = lock_tender(tender)
    provider = require_provider(actor)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.AUCTION_BID, actor=actor, at=now, provider=provider)
    auction = ReverseAuction.objects.select_for_update().get(
        tender=tender, round=tender.evaluation_round, closed_at=None
    )
    round_ = auction.rounds.get(starts_at__lte=now, ends_at__gt=now)
    participant = auction.participants.filter(offer__provider=provider).first()
    if participant is None:
        raise TenderingError(
            "NOT_AUCTION_PARTICIPANT", _("Anda bukan peserta e-reverse auction ini."), status=403
        )
    try:
        price = scoring.money(price)
    except ValueError:
        raise TenderingError("PRICE_INVALID", _("Harga penawaran tidak valid."))
    best = participant_best(participant)
    if price <= 0 or price >= best:
        raise TenderingError(
            "AUCTION_BID_NOT_LOWER",
            _("Penawaran harus lebih rendah dari penawaran terbaik Anda (%(best)s)."),
            best=format_rupiah(best, cents=True),
        )
    bid = AuctionBid.objects.create(
        round=round_, participant=participant, price=price, placed_at=now, placed_by=actor
    )
    audit.record(
        actor=actor,
        action="tendering.auction.bid",
        obj=bid,
        after={"alias": participant.alias, "price": str(price), "at": now},
    )
    return bid


@transaction.atomic
def auction_close(*, actor: Any, tender: Tender) -> ReverseAuction:
    """After the last round ends, the Pokja closes the auction: each participant's final price becomes the price
    evaluated (Offer.negotiated_price); the result, with aliases resolved, goes into the berita acara."""
    tender = lock_tender(tender)
    now = db_now()
    authorize(tender=tender, trigger=Trigger.CLOSE_AUCTION, actor=actor, at=now)
    auction = (
        ReverseAuction.objects.select_for_update()
        .filter(tender=tender, round=tender.evaluation_round)
        .first()
    )
    if auction is None or auction.closed_at is not None:
        raise TenderingError("AUCTION_NOT_OPEN", _("Tidak ada e-reverse auction yang terbuka."), status=409)
    last_end = auction.rounds.order_by("-ends_at").values_list("ends_at", flat=True).first()
    if last_end is not None and now < last_end:
        raise TenderingError("AUCTION_STILL_RUNNING", _("Putaran terakhir belum berakhir."), status=409)
    result = {}
    rows = []
    for p in auction.participants.select_related("offer", "offer__provider"):
        final = participant_best(p)
        p.offer.negotiated_price = final
        p.offer.save(update_fields=["negotiated_price"])
        result[p.alias] = {
            "offer": p.offer_id,
            "starting_price": str(p.starting_price),
            "final_price": str(final),
            "bids": p.bids.count(),
        }
        rows.append(
            [
                p.alias,
                p.offer.provider.name,
                format_rupiah(p.starting_price),
                format_rupiah(final),
                str(p.bids.count()),
            ]
        )
    auction.result = result
    auction.closed_at = now
    auction.save(update_fields=["result", "closed_at"])
    rows.sort(key=lambda r: r[3])
    official_record_create(
        actor=actor,
        tender=tender,
        kind=OfficialRecordKind.REVERSE_AUCTION,
        context={
            "sections": [
                {
                    "heading": str(_("Hasil e-reverse auction")),
                    "columns": [
                        str(_("Alias")),
                        str(_("Peserta")),
                        str(_("Harga awal")),
                        str(_("Harga akhir")),
                        str(_("Jumlah penawaran")),
                    ],
                    "rows": rows,
                }
            ]
        },
    )
    audit.record(actor=actor, action="tendering.auction.close", obj=auction, after=result)
    return auction
