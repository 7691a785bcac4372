"""Tendering API under /api/v1/tendering/: the same services as the pages, one service per operation."""

from typing import Any

from django.http import HttpRequest
from ninja import File as FileParam
from ninja import Form as FormParam
from ninja import Router, Status
from ninja.files import UploadedFile

from lentera.accounts.http import AuthedRequest
from lentera.core.access import api_access
from lentera.core.api import PUBLIC
from lentera.core.clock import db_now
from lentera.core.errors import NotFound
from lentera.core.roles import Role
from lentera.providers.models import Provider

from .. import selectors, services
from ..models import Offer, Tender
from . import schemas as s

router = Router(tags=["tendering"])
PREFIX = "/tendering/"

OPERATORS = (Role.POKJA, Role.PROCUREMENT_OFFICIAL)
READERS = (Role.AUDITOR, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)
WORKSPACE = (*OPERATORS, Role.PPK, Role.PA, Role.KPA, Role.PENYEDIA, *READERS)


def _scoped(request: AuthedRequest, tender_id: int) -> Tender:
    return selectors.one_or_404(
        selectors.tenders_visible_to(user=request.user, role=request.acting_role), tender_id
    )


def _summary(t: Tender, at=None) -> dict:
    at = at or db_now()
    return {
        "id": t.pk,
        "code": t.code,
        "title": t.title,
        "method": t.method,
        "procurement_type": t.procurement_type,
        "status": t.status,
        "stage": selectors.current_stage(t, at),
        "hps_total": t.hps_total,
        "announced_at": t.announced_at,
        "attempt": t.attempt,
    }


def _windows(payload: s.ScheduleIn) -> dict:
    return {w.stage: (w.starts_at, w.ends_at) for w in payload.windows}


def _schedule_out(t: Tender) -> list[dict]:
    return [
        {"stage": e["stage"], "starts_at": e["starts_at"], "ends_at": e["ends_at"]}
        for e in selectors.schedule_of(t)
    ]


def _provider_by_npwp(npwp: str) -> Provider | None:
    return selectors.provider_by_npwp(npwp)


def _offer_out(o: Offer) -> dict:
    return {
        "id": o.pk,
        "provider_id": o.provider_id,
        "provider": o.provider.name,
        "read_price": o.read_price,
        "corrected_price": o.corrected_price,
        "negotiated_price": o.negotiated_price,
        "opened_at": o.opened_at,
        "source_reference": o.source_reference,
    }


# ------------------------------------------------------------------------------------------ public


@router.get("/tenders", response=list[s.TenderSummary], auth=PUBLIC, summary="Announced tenders (public)")
@api_access(public=True)
def tender_list(request: HttpRequest, q: str = ""):
    at = db_now()
    return [_summary(t, at) for t in selectors.search(selectors.public_tenders(), q)[:200]]


@router.get("/tenders/{tender_id}", response=dict[str, Any], auth=PUBLIC, summary="Public facts of a tender")
@api_access(public=True)
def tender_facts(request: HttpRequest, tender_id: int):
    tender = selectors.public_tender(tender_id)
    if tender is None:
        raise NotFound("TENDER_NOT_FOUND", "Tender tidak ditemukan.")
    return selectors.public_tender_facts(tender)


# ------------------------------------------------------------------------------------------ workspace


@router.get("/workspace", response=list[s.TenderSummary], summary="Tenders of the acting role")
@api_access(*WORKSPACE, scope="own Pokja / packages / registrations; read-all roles")
def workspace(request: AuthedRequest):
    at = db_now()
    return [
        _summary(t, at)
        for t in selectors.tenders_visible_to(user=request.user, role=request.acting_role)[:200]
    ]


@router.post(
    "/packages/{package_id}/tenders",
    response={201: s.TenderSummary},
    summary="Draft a tender from an assigned package",
)
@api_access(*OPERATORS, scope="package assigned to the actor's Pokja / the actor")
def tender_create(request: AuthedRequest, package_id: int, payload: s.TenderCreateIn):
    package = selectors.package_or_404(package_id)
    data = payload.dict()
    invited = _provider_by_npwp(data.pop("invited_provider_npwp"))
    tender = services.tender_create(actor=request.user, package=package, invited_provider=invited, **data)
    return Status(201, _summary(tender))


@router.put(
    "/tenders/{tender_id}/schedule",
    response=list[s.WindowOut],
    summary="Set (draft) or change (published, with reason) the schedule",
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def schedule_put(request: AuthedRequest, tender_id: int, payload: s.ScheduleIn):
    tender = _scoped(request, tender_id)
    if tender.status == "DRAFT":
        services.schedule_set(actor=request.user, tender=tender, windows=_windows(payload))
    else:
        services.schedule_change(
            actor=request.user, tender=tender, changes=_windows(payload), reason=payload.reason
        )
    return _schedule_out(tender)


@router.post(
    "/tenders/{tender_id}/extensions", response=list[s.WindowOut], summary="Extend a stage after an outage"
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def extend(request: AuthedRequest, tender_id: int, payload: s.ExtendIn):
    tender = _scoped(request, tender_id)
    services.stage_extend(actor=request.user, tender=tender, **payload.dict())
    return _schedule_out(tender)


@router.post(
    "/tenders/{tender_id}/documents",
    response={201: s.IdOut},
    summary="Upload the selection document (draft) or an addendum",
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def document_upload(
    request: AuthedRequest,
    tender_id: int,
    file: UploadedFile | None = FileParam(None),  # noqa: B008
    title: str = FormParam(""),
    reason: str = FormParam(""),
):
    tender = _scoped(request, tender_id)
    if tender.status == "DRAFT":
        doc = services.document_upload(actor=request.user, tender=tender, file=file, title=title)
    else:
        doc = services.addendum_issue(
            actor=request.user, tender=tender, file=file, title=title, reason=reason
        )
    return Status(201, {"id": doc.pk})


@router.post("/tenders/{tender_id}/announce", response=s.TenderSummary, summary="Announce the tender")
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def announce(request: AuthedRequest, tender_id: int):
    return _summary(services.tender_announce(actor=request.user, tender=_scoped(request, tender_id)))


@router.post("/tenders/{tender_id}/fail", response=s.TenderSummary, summary="Declare the tender failed")
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def fail(request: AuthedRequest, tender_id: int, payload: s.TenderReasonIn):
    return _summary(
        services.tender_fail(actor=request.user, tender=_scoped(request, tender_id), reason=payload.reason)
    )


@router.post("/tenders/{tender_id}/cancel", response=s.TenderSummary, summary="Cancel the tender (PA/KPA)")
@api_access(Role.PA, Role.KPA, scope="PA/KPA of the package's work unit")
def cancel(request: AuthedRequest, tender_id: int, payload: s.TenderReasonIn):
    return _summary(
        services.tender_cancel(actor=request.user, tender=_scoped(request, tender_id), reason=payload.reason)
    )


@router.post(
    "/tenders/{tender_id}/retender", response={201: s.TenderSummary}, summary="Re-tender a failed tender"
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def retender(request: AuthedRequest, tender_id: int):
    return Status(
        201, _summary(services.tender_retender(actor=request.user, tender=_scoped(request, tender_id)))
    )


# ------------------------------------------------------------------------------------------ participation


@router.post(
    "/tenders/{tender_id}/registrations", response={201: s.IdOut}, summary="Register for a tender (provider)"
)
@api_access(Role.PENYEDIA, scope="announced tender in its registration stages")
def register(request: AuthedRequest, tender_id: int):
    tender = selectors.one_or_404(selectors.public_tenders(), tender_id)
    return Status(201, {"id": services.registration_create(actor=request.user, tender=tender).pk})


@router.post(
    "/tenders/{tender_id}/questions",
    response={201: s.QuestionOut},
    summary="Ask a question (explanation stage)",
)
@api_access(Role.PENYEDIA, scope="registered provider")
def ask(request: AuthedRequest, tender_id: int, payload: s.QuestionIn):
    q = services.question_ask(
        actor=request.user, tender=_scoped(request, tender_id), text=payload.text, section=payload.section
    )
    return Status(201, {"id": q.pk, "number": q.number, "text": q.text, "answer": q.answer})


@router.post(
    "/tenders/{tender_id}/questions/{question_id}/answer",
    response=s.QuestionOut,
    summary="Answer a question publicly",
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def answer(request: AuthedRequest, tender_id: int, question_id: int, payload: s.AnswerIn):
    tender = _scoped(request, tender_id)
    q = services.question_answer(
        actor=request.user,
        question=selectors.question_or_404(tender=tender, question_id=question_id),
        answer=payload.answer,
    )
    return {"id": q.pk, "number": q.number, "text": q.text, "answer": q.answer}


@router.post(
    "/tenders/{tender_id}/invitations",
    response={201: s.IdOut},
    summary="Invite a provider (Pengadaan / Penunjukan Langsung)",
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def invite(request: AuthedRequest, tender_id: int, payload: s.NpwpIn):
    tender = _scoped(request, tender_id)
    provider = _provider_by_npwp(payload.npwp)
    if provider is None:
        raise NotFound("PROVIDER_NOT_FOUND", "Penyedia dengan NPWP ini tidak ditemukan.")
    return Status(
        201, {"id": services.provider_invite(actor=request.user, tender=tender, provider=provider).pk}
    )


@router.post(
    "/tenders/{tender_id}/direct-offers",
    response={201: s.IdOut},
    summary="Submit an offer (Pengadaan / Penunjukan Langsung)",
)
@api_access(Role.PENYEDIA, scope="invited provider, offer stage")
def direct_offer(request: AuthedRequest, tender_id: int, payload: s.PriceIn):
    made = services.direct_offer_submit(
        actor=request.user, tender=_scoped(request, tender_id), price=payload.price
    )
    return Status(201, {"id": made.pk})


# ------------------------------------------------------------------------------------------ evaluation


@router.get(
    "/tenders/{tender_id}/offers",
    response=list[s.OfferOut],
    summary="Opened offers (Pokja, Pejabat Pengadaan, auditors)",
)
@api_access(*OPERATORS, *READERS, scope="tender of the actor's Pokja / the actor; read-all roles")
def offers(request: AuthedRequest, tender_id: int):
    return [_offer_out(o) for o in selectors.offers_for_operator(_scoped(request, tender_id))]


@router.post(
    "/tenders/{tender_id}/offers/{offer_id}/evaluations",
    response={201: s.IdOut},
    summary="My evaluation of an offer",
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def evaluate(request: AuthedRequest, tender_id: int, offer_id: int, payload: s.MemberEvaluationIn):
    tender = _scoped(request, tender_id)
    offer = selectors.one_or_404(selectors.offers_for_operator(tender), offer_id)
    return Status(
        201, {"id": services.member_evaluation_submit(actor=request.user, offer=offer, **payload.dict()).pk}
    )


@router.post(
    "/tenders/{tender_id}/evaluation-decisions",
    response={201: s.DecisionOut},
    summary="Pokja evaluation decision (majority)",
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def decide(request: AuthedRequest, tender_id: int, payload: s.SummaryIn):
    d = services.evaluation_decide(
        actor=request.user, tender=_scoped(request, tender_id), summary=payload.summary
    )
    results = [
        {
            "offer_id": r.offer_id,
            "provider": r.offer.provider.name,
            "passed": r.passed,
            "rank": r.rank,
            "corrected_price": r.corrected_price,
            "technical_score": r.technical_score,
            "final_score": r.final_score,
            "life_cycle_cost": r.life_cycle_cost,
            "below_80_percent": r.below_80_percent,
            "failure_reasons": r.failure_reasons,
        }
        for r in selectors.ranked_results(d)
    ]
    return Status(
        201,
        {
            "id": d.pk,
            "round": d.round,
            "scope": d.scope,
            "agreeing_member_ids": d.agreeing_member_ids,
            "results": results,
        },
    )


@router.post(
    "/tenders/{tender_id}/qualification-proofs",
    response={201: s.IdOut},
    summary="Record a qualification proof",
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def proof(request: AuthedRequest, tender_id: int, payload: s.ProofIn):
    tender = _scoped(request, tender_id)
    provider = selectors.provider_or_404(payload.provider_id)
    data = payload.dict()
    data.pop("provider_id")
    return Status(
        201,
        {
            "id": services.qualification_proof_record(
                actor=request.user, tender=tender, provider=provider, **data
            ).pk
        },
    )


@router.post("/tenders/{tender_id}/shortlist", response=list[s.IdOut], summary="Prequalification result")
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def shortlist(request: AuthedRequest, tender_id: int, payload: s.ShortlistIn):
    tender = _scoped(request, tender_id)
    results = {r.provider_id: (r.passed, r.reason) for r in payload.results}
    regs = services.shortlist_decide(
        actor=request.user, tender=tender, results=results, agreeing_member_ids=payload.agreeing_member_ids
    )
    return [{"id": r.pk} for r in regs]


@router.post("/tenders/{tender_id}/auction", response={201: s.IdOut}, summary="Open an e-reverse auction")
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def auction_start(request: AuthedRequest, tender_id: int, payload: s.AuctionIn):
    rounds = [(r.starts_at, r.ends_at) for r in payload.rounds]
    return Status(
        201,
        {
            "id": services.auction_start(
                actor=request.user, tender=_scoped(request, tender_id), rounds=rounds, reason=payload.reason
            ).pk
        },
    )


@router.post(
    "/tenders/{tender_id}/auction/bids", response={201: s.IdOut}, summary="Bid in the e-reverse auction"
)
@api_access(Role.PENYEDIA, scope="auction participant")
def auction_bid(request: AuthedRequest, tender_id: int, payload: s.PriceIn):
    made = services.auction_bid(actor=request.user, tender=_scoped(request, tender_id), price=payload.price)
    return Status(201, {"id": made.pk})


@router.post("/tenders/{tender_id}/auction/close", response=s.IdOut, summary="Close the e-reverse auction")
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def auction_close(request: AuthedRequest, tender_id: int):
    return {"id": services.auction_close(actor=request.user, tender=_scoped(request, tender_id)).pk}


@router.post(
    "/tenders/{tender_id}/offers/{offer_id}/negotiation",
    response={201: s.IdOut},
    summary="Clarification and negotiation",
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def negotiate(request: AuthedRequest, tender_id: int, offer_id: int, payload: s.NegotiationIn):
    tender = _scoped(request, tender_id)
    offer = selectors.offer_or_404(tender=tender, offer_id=offer_id)
    return Status(
        201, {"id": services.negotiation_record(actor=request.user, offer=offer, **payload.dict()).pk}
    )


# ------------------------------------------------------------------------------------------ award


def _winner_out(wd) -> dict:
    return {
        "id": wd.pk,
        "round": wd.round,
        "winner_offer_id": wd.winner_id,
        "winner": wd.winner.provider.name,
        "reserve1": wd.reserve1.provider.name if wd.reserve1_id else None,
        "reserve2": wd.reserve2.provider.name if wd.reserve2_id else None,
        "announced_at": wd.announced_at,
    }


@router.post(
    "/tenders/{tender_id}/winner", response={201: s.WinnerOut}, summary="Decide the winner and reserves"
)
@api_access(*OPERATORS, scope="tender of the actor's Pokja / the actor")
def winner(request: AuthedRequest, tender_id: int, payload: s.SummaryIn):
    return Status(
        201,
        _winner_out(
            services.winner_decide(
                actor=request.user, tender=_scoped(request, tender_id), note=payload.summary
            )
        ),
    )


@router.post("/tenders/{tender_id}/winner/announce", response=s.WinnerOut, summary="Announce the winner")
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def winner_announce(request: AuthedRequest, tender_id: int):
    return _winner_out(services.winner_announce(actor=request.user, tender=_scoped(request, tender_id)))


@router.post(
    "/tenders/{tender_id}/objections", response={201: s.IdOut}, summary="File an objection (sanggah)"
)
@api_access(Role.PENYEDIA, scope="bidder of the tender")
def objection(
    request: AuthedRequest,
    tender_id: int,
    text: str = FormParam(""),
    attachments: list[UploadedFile] | None = FileParam(None),  # noqa: B008
):
    o = services.objection_file(
        actor=request.user, tender=_scoped(request, tender_id), text=text, attachments=list(attachments or [])
    )
    return Status(201, {"id": o.pk})


@router.post(
    "/tenders/{tender_id}/objections/{objection_id}/answer", response=s.IdOut, summary="Answer an objection"
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def objection_answer(request: AuthedRequest, tender_id: int, objection_id: int, payload: s.DecisionAnswerIn):
    tender = _scoped(request, tender_id)
    o = selectors.objection_or_404(tender=tender, objection_id=objection_id)
    return {"id": services.objection_answer(actor=request.user, objection=o, **payload.dict()).pk}


@router.post(
    "/tenders/{tender_id}/appeals", response={201: s.IdOut}, summary="File an appeal (sanggah banding, works)"
)
@api_access(Role.PENYEDIA, scope="objector of the tender")
def appeal(request: AuthedRequest, tender_id: int, payload: s.AppealIn):
    return Status(
        201,
        {
            "id": services.appeal_file(
                actor=request.user, tender=_scoped(request, tender_id), **payload.dict()
            ).pk
        },
    )


@router.post(
    "/tenders/{tender_id}/appeals/{appeal_id}/answer", response=s.IdOut, summary="Answer an appeal (PA/KPA)"
)
@api_access(Role.PA, Role.KPA, scope="PA/KPA of the package's work unit")
def appeal_answer(request: AuthedRequest, tender_id: int, appeal_id: int, payload: s.DecisionAnswerIn):
    tender = _scoped(request, tender_id)
    a = selectors.appeal_or_404(tender=tender, appeal_id=appeal_id)
    return {"id": services.appeal_answer(actor=request.user, appeal=a, **payload.dict()).pk}


@router.post(
    "/tenders/{tender_id}/reevaluation",
    response=list[s.WindowOut],
    summary="Re-evaluate after a justified objection",
)
@api_access(Role.POKJA, scope="member of the tender's Pokja")
def reevaluate(request: AuthedRequest, tender_id: int, payload: s.ScheduleIn):
    tender = services.tender_reevaluate(
        actor=request.user,
        tender=_scoped(request, tender_id),
        changes=_windows(payload),
        reason=payload.reason,
    )
    return _schedule_out(tender)
