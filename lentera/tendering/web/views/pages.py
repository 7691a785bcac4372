"""Reading pages: the public list and detail of a tender (with the panels of the acting role), the workspace
list, official records and document downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services, states
from ...enums import Stage, TenderStatus
from ...rules import appeal_guarantee
from ...services.auction import participant_best
from .. import forms
from ._common import OPERATORS, READERS, WORKSPACE, client_ip, scoped


@access(*WORKSPACE, scope="tenders of the acting role: own Pokja / packages / registrations; read-all roles")
def workspace(request: AuthedRequest) -> HttpResponse:
    role = request.acting_role
    qs = selectors.search(
        selectors.tenders_visible_to(user=request.user, role=role), request.GET.get("q", "")
    )
    at = db_now()
    rows = [(t, Stage(selectors.current_stage(t, at)).label) for t in selectors.newest_first(qs)[:200]]
    packages = selectors.packages_to_start(user=request.user, role=role)
    context = {
        "rows": rows,
        "packages": packages,
        "open_tenders": selectors.open_public_tenders(at) if role == Role.PENYEDIA else [],
        "q": request.GET.get("q", ""),
    }
    return render(request, "tendering/workspace.html", context)


def _panels(request: HttpRequest, tender, at) -> dict:
    """What the acting role may do now on this tender (the table decides which buttons appear)."""
    role = getattr(request, "acting_role", None)
    user = request.user
    ctx: dict = {"role": role}
    if not user.is_authenticated or role is None:
        return ctx
    in_scope = selectors.can_read(user=user, role=role, tender=tender)
    triggers = selectors.allowed_triggers(tender, role, at) if (in_scope or role == Role.PENYEDIA) else set()
    ctx["triggers"] = triggers
    ctx["in_scope"] = in_scope
    if role in OPERATORS and in_scope:
        ctx["is_operator"] = selectors.is_operator(tender, user)
        ctx.update(selectors.operator_panel(tender))
        ctx["offers"] = selectors.offers_for_operator(tender, at)
        ctx["decisions"] = selectors.decisions(tender)
        ctx["winner"] = selectors.winner_decision(tender)
        ctx["extend_form"] = forms.ExtendForm(initial={"stage": selectors.current_stage(tender, at)})
        if tender.pokja_id:
            ctx["members"] = tender.pokja.active_members()
    if role in READERS and in_scope:
        ctx["offers"] = selectors.offers_for_operator(tender, at)
        ctx["decisions"] = selectors.decisions(tender)
        ctx["all_records"] = selectors.records_of(tender)
    if role == Role.PENYEDIA:
        reg = selectors.registration_of(tender, user)
        ctx["registration"] = reg
        ctx["my_objections"] = selectors.provider_objections(tender, user)
        found = selectors.provider_auction(tender, reg.provider) if reg else None
        if found:
            auction, me = found
            if me:
                ctx["auction_me"] = me
                ctx["auction_my_best"] = participant_best(me)
                ctx["auction_board"] = sorted(
                    (p.alias, participant_best(p)) for p in selectors.auction_participants(auction)
                )
                ctx["auction_rounds"] = selectors.auction_rounds(auction)
        ctx["appeal_minimum"] = appeal_guarantee(tender.hps_total)
    if role in (Role.PPK, Role.PA, Role.KPA) and in_scope:
        ctx["winner"] = selectors.winner_decision(tender)
        ctx["appeals_admin"] = selectors.appeals_of(tender)
        ctx["all_records"] = selectors.records_of(tender)
    return ctx


@access(public=True)
def tender_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One page per tender: public facts for everyone, plus what the acting role may do now."""
    role = getattr(request, "acting_role", None)
    at = db_now()
    tender = selectors.tender_or_404(pk)
    if tender.status not in selectors.PUBLIC_STATUSES and not (
        request.user.is_authenticated and selectors.can_read(user=request.user, role=role, tender=tender)
    ):
        raise Http404
    facts = selectors.public_tender_facts(tender, at)
    context = {
        "tender": tender,
        "facts": facts,
        "schedule": selectors.schedule_of(tender),
        "machine_stages": [Stage(s).label for s in states.machine_of(tender).stages],
        "documents": selectors.documents_of(tender),
        "now": at,
        "forms": {
            "question": forms.QuestionForm(),
            "answer": forms.AnswerForm(),
            "document": forms.DocumentForm(),
            "reason": forms.ReasonForm(),
            "summary": forms.SummaryForm(),
            "objection": forms.ObjectionForm(),
            "decision_answer": forms.DecisionAnswerForm(),
            "appeal": forms.AppealForm(prefix="banding"),
            "price": forms.PriceForm(),
            "invite": forms.InviteForm(),
            "auction": forms.AuctionStartForm(prefix="auction"),
            "negotiation": forms.NegotiationForm(),
        },
        "draft": tender.status == TenderStatus.DRAFT,
    }
    context.update(_panels(request, tender, at))
    return render(request, "tendering/detail.html", context)


@access(public=True)
def record_download(request: HttpRequest, pk: int, record_id: int) -> HttpResponse | FileResponse:
    """A berita acara PDF: public ones for everyone; the others for the tender's officials and auditors."""
    record = selectors.record_or_404(tender_id=pk, record_id=record_id)
    if not record.is_public:
        role = getattr(request, "acting_role", None)
        allowed = request.user.is_authenticated and role in (
            *OPERATORS,
            *READERS,
            Role.PPK,
            Role.PA,
            Role.KPA,
        )
        if not (allowed and selectors.can_read(user=request.user, role=role, tender=record.tender)):
            raise Http404
    return FileResponse(
        record.file.open("rb"),
        content_type="application/pdf",
        filename=f"{record.number.replace('/', '-')}.pdf",
    )


@access(Role.PENYEDIA, scope="registered provider of the tender; each download logged")
def document_download(request: AuthedRequest, pk: int, doc_id: int) -> HttpResponse | FileResponse:
    document = selectors.document_or_404(tender_id=pk, document_id=doc_id)
    try:
        services.document_download(actor=request.user, document=document, client_ip=client_ip(request))
    except LenteraError as exc:
        return render(
            request,
            "tendering/refused.html",
            {"message": str(exc), "tender": document.tender},
            status=exc.status,
        )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@access(*OPERATORS, Role.PPK, Role.PA, Role.KPA, *READERS, scope="officials of the tender and read-all roles")
def document_view_staff(request: AuthedRequest, pk: int, doc_id: int) -> HttpResponse | FileResponse:
    tender = scoped(request, pk)
    document = selectors.document_or_404(tender_id=tender.pk, document_id=doc_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


__all__ = ["_"]
