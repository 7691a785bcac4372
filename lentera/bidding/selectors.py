"""Every read of the bidding room, scoped to what the user may see.

* A provider sees only their own submissions (never another provider's, not even that they exist).
* Before an envelope is opened, the Pokja sees how many bids arrived, nothing else.
* After the opening, the tender's Pokja members (acting as Pokja) and auditors see the opened bids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import integration
from .models import (
    BidSubmission,
    KeyShare,
    MemberOpeningKey,
    OpenedBid,
    OpeningProblem,
    OpeningSession,
    TenderEnvelope,
)
from .services.opened import may_read_opened
from .services.opening import OpeningProgress, progress_of


def tender_or_none(tender_id: int):
    from lentera.tendering.models import Tender

    return Tender.objects.select_related("pokja", "package").filter(pk=tender_id).first()


def opening_key_of(user) -> MemberOpeningKey | None:
    user_id = getattr(user, "pk", None)
    if user_id is None:  # an anonymous user holds no key
        return None
    return MemberOpeningKey.objects.filter(user_id=user_id).first()


# ------------------------------------------------------------------ provider side


def provider_tenders(*, user) -> list:
    """The tenders a provider is registered for, newest first."""
    from lentera.tendering.models import Tender

    provider = integration.provider_of(user)
    if provider is None:
        return []
    return list(
        Tender.objects.filter(registrations__provider=provider)
        .order_by("-announced_at", "-pk")
        .distinct()[:100]
    )


def own_submissions(*, user, tender) -> QuerySet[BidSubmission]:
    """The provider's own submissions for a tender (every version), never anyone else's."""
    provider = integration.provider_of(user)
    if provider is None:
        return BidSubmission.objects.none()
    return BidSubmission.objects.filter(tender_id=tender.pk, provider=provider).order_by("-version")


@dataclass
class BidRoomView:
    tender: object
    provider: object
    registered: bool
    server_now: dt.datetime
    deadline: dt.datetime | None
    stage: str
    is_open: bool
    accepted: BidSubmission | None
    history: list[BidSubmission]
    draft_parts: list = field(default_factory=list)
    envelope_kinds: list[str] = field(default_factory=list)


def bid_room(*, user, tender) -> BidRoomView:
    """What a provider's bid page shows: countdown in server time, the bid that counts, every version."""
    provider = integration.provider_of(user)
    now = db_now()
    deadline = integration.bid_deadline(tender)
    stage = integration.current_stage(tender, now)
    window = integration.schedule_window(tender, integration.stage_enum().BID_UPLOAD)
    registered = provider is not None and integration.registration_of(tender, provider) is not None
    subs = list(own_submissions(user=user, tender=tender).prefetch_related("parts"))
    draft = next((s for s in subs if s.status == BidSubmission.Status.DRAFT), None)
    from .services.keys import envelope_kinds

    return BidRoomView(
        tender=tender,
        provider=provider,
        registered=registered,
        server_now=now,
        deadline=deadline,
        stage=stage,
        is_open=bool(registered and window and window[0] <= now < window[1]),
        accepted=next((s for s in subs if s.status == BidSubmission.Status.ACCEPTED), None),
        history=[s for s in subs if s.status != BidSubmission.Status.DRAFT],
        draft_parts=list(draft.parts.filter(kind="FILE").select_related("envelope")) if draft else [],
        envelope_kinds=envelope_kinds(tender),
    )


def receipt_for(*, user, role: str | None, uid) -> BidSubmission | None:
    """A submission's receipt: its provider always; the Pokja and auditors once its envelope is opened."""
    sub = (
        BidSubmission.objects.select_related("tender", "provider")
        .filter(uid=uid)
        .exclude(receipt=None)
        .first()
    )
    if sub is None:
        return None
    if role == Role.PENYEDIA and sub.provider.account_id == user.pk:
        return sub
    if role in (Role.POKJA, Role.AUDITOR) and may_read_opened(user, role, sub.tender):
        opened = TenderEnvelope.objects.filter(tender_id=sub.tender_id, opened_at__isnull=False).exists()
        return sub if opened else None
    return None


# ------------------------------------------------------------------ Pokja / witness / auditor side


def opening_tenders(*, user, role: str | None) -> list:
    """Tenders whose opening this user takes part in (key holder) or may audit."""
    from lentera.tendering.models import Tender

    if role == Role.AUDITOR:
        tenders = Tender.objects.filter(pk__in=TenderEnvelope.objects.values("tender_id"))
    else:
        tenders = Tender.objects.filter(
            pk__in=KeyShare.objects.filter(holder_id=user.pk).values("envelope__tender_id")
        )
    return list(tenders.order_by("-announced_at", "-pk")[:100])


@dataclass
class EnvelopeView:
    envelope: TenderEnvelope
    progress: OpeningProgress
    my_share: KeyShare | None
    i_deposited: bool
    accepted_count: int
    opened_bids: list[OpenedBid]
    session_pdf: bool


@dataclass
class OpeningRoomView:
    tender: object
    stage: str
    server_now: dt.datetime
    can_read: bool
    envelopes: list[EnvelopeView]
    problems: list[OpeningProblem]


def opening_room(*, user, role: str | None, tender) -> OpeningRoomView | None:
    """The opening page: progress per envelope; bid contents only after opening and only for Pokja/auditors.

    Returns None when the user has no part in this tender's opening (the view answers 404).
    """
    holder = KeyShare.objects.filter(envelope__tender_id=tender.pk, holder_id=user.pk).exists()
    can_read = may_read_opened(user, role, tender)
    if not (holder or can_read or (role == Role.AUDITOR and user.has_role(Role.AUDITOR))):
        return None
    now = db_now()
    envelopes = []
    for env in TenderEnvelope.objects.filter(tender_id=tender.pk).order_by("kind"):
        progress = progress_of(env)
        my_share = KeyShare.objects.filter(envelope=env, holder_id=user.pk).first()
        deposited = bool(
            progress.session
            and progress.session.status == "COLLECTING"
            and progress.session.deposits.filter(holder_id=user.pk).exists()
        )
        opened = []
        if env.is_opened and can_read:
            opened = list(
                OpenedBid.objects.filter(session__envelope=env, session__status="OPENED")
                .select_related("submission__provider")
                .prefetch_related("checks__part")
                .order_by("submission__submitted_at")
            )
        envelopes.append(
            EnvelopeView(
                envelope=env,
                progress=progress,
                my_share=my_share if role in (Role.POKJA, Role.KASUBAG_LPSE) else None,
                i_deposited=deposited,
                accepted_count=BidSubmission.objects.filter(
                    tender_id=tender.pk, status=BidSubmission.Status.ACCEPTED
                ).count(),
                opened_bids=opened,
                session_pdf=bool(env.is_opened and progress.session and progress.session.record_pdf),
            )
        )
    problems = list(
        OpeningProblem.objects.filter(session__envelope__tender_id=tender.pk).select_related(
            "opened_bid__submission__provider", "session__envelope"
        )
    )
    if not (can_read or role == Role.KASUBAG_LPSE):
        problems = []
    return OpeningRoomView(
        tender=tender,
        stage=integration.current_stage(tender, now),
        server_now=now,
        can_read=can_read,
        envelopes=envelopes,
        problems=problems,
    )


def problems_to_witness(*, user) -> QuerySet[OpeningProblem]:
    return OpeningProblem.objects.filter(status=OpeningProblem.Status.DRAFT).select_related(
        "session__envelope__tender", "opened_bid__submission__provider"
    )


def problem_visible(*, user, role: str | None, pk: int) -> OpeningProblem | None:
    problem = (
        OpeningProblem.objects.select_related("session__envelope__tender", "opened_bid__submission__provider")
        .filter(pk=pk)
        .first()
    )
    if problem is None:
        return None
    if role == Role.KASUBAG_LPSE and user.has_role(Role.KASUBAG_LPSE):
        return problem
    if may_read_opened(user, role, problem.session.envelope.tender):
        return problem
    return None


def checks_of(opened: OpenedBid) -> list:
    """The per-file checks of an opened bid (loaded with the opening room's bids)."""
    return list(opened.checks.all())


def opened_session_of(*, tender_id: int, session_id: int) -> OpeningSession | None:
    """An opening session of the tender that has been opened (whose berita acara may be read)."""
    return (
        OpeningSession.objects.filter(
            pk=session_id, envelope__tender_id=tender_id, status=OpeningSession.Status.OPENED
        )
        .select_related("envelope")
        .first()
    )
