"""Reading pages: the public list and detail of a tender (with the panels of the acting role), the workspace
list, official records and document downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.planning.models import Method, Package

from ... import selectors, services, states
from ...enums import Stage, TenderStatus
from ...models import (
    Appeal,
    AuctionParticipant,
    Objection,
    OfficialRecord,
    Question,
    ReverseAuction,
    TenderDocument,
)
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
    rows = [(t, Stage(selectors.current_stage(t, at)).label) for t in qs.order_by("-created_at")[:200]]
    packages = []
    if role in OPERATORS:
        filt = (
            {"pokja__members__user": request.user, "pokja__members__left_at__isnull": True}
            if role == Role.POKJA
            else {"procurement_official": request.user}
        )
        packages = list(Package.objects.filter(status=Package.Status.ASSIGNED, **filt).distinct())
    if role == Role.PPK:
        packages = list(
            Package.objects.filter(
                ppk=request.user,
                method__in=[Method.SWAKELOLA, Method.DARURAT],
                status__in=[Package.Status.READY, Package.Status.ASSIGNED],
            )
        )
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
        ctx["questions_admin"] = Question.objects.filter(tender=tender).order_by("number")
        ctx["offers"] = selectors.offers_for_operator(tender, at)
        ctx["registrations"] = tender.registrations.select_related("provider").order_by("registered_at")
        ctx["objections_admin"] = (
            Objection.objects.filter(tender=tender).prefetch_related("attachments").order_by("filed_at")
        )
        ctx["decisions"] = selectors.decisions(tender)
        ctx["winner"] = selectors.winner_decision(tender)
        ctx["extend_form"] = forms.ExtendForm(initial={"stage": selectors.current_stage(tender, at)})
        ctx["auction"] = ReverseAuction.objects.filter(tender=tender, round=tender.evaluation_round).first()
        if tender.pokja_id:
            ctx["members"] = tender.pokja.active_members()
    if role in READERS and in_scope:
        ctx["offers"] = selectors.offers_for_operator(tender, at)
        ctx["decisions"] = selectors.decisions(tender)
        ctx["all_records"] = OfficialRecord.objects.filter(tender=tender).order_by("created_at")
    if role == Role.PENYEDIA:
        reg = selectors.registration_of(tender, user)
        ctx["registration"] = reg
        ctx["my_objections"] = selectors.provider_objections(tender, user)
        auction = ReverseAuction.objects.filter(
            tender=tender, round=tender.evaluation_round, closed_at=None
        ).first()
        if auction and reg:
            me = AuctionParticipant.objects.filter(auction=auction, offer__provider=reg.provider).first()
            if me:
                ctx["auction_me"] = me
                ctx["auction_my_best"] = participant_best(me)
                ctx["auction_board"] = sorted(
                    (p.alias, participant_best(p)) for p in auction.participants.all()
                )
                ctx["auction_rounds"] = auction.rounds.all()
        ctx["appeal_minimum"] = appeal_guarantee(tender.hps_total)
    if role in (Role.PPK, Role.PA, Role.KPA) and in_scope:
        ctx["winner"] = selectors.winner_decision(tender)
        ctx["appeals_admin"] = Appeal.objects.filter(tender=tender).order_by("filed_at")
        ctx["all_records"] = OfficialRecord.objects.filter(tender=tender).order_by("created_at")
    return ctx


@access(public=True)
def tender_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One page per tender: public facts for everyone, plus what the acting role may do now."""
    role = getattr(request, "acting_role", None)
    at = db_now()
    from ...models import Tender

    tender = get_object_or_404(Tender.objects.select_related("package", "package__work_unit"), pk=pk)
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
        "documents": TenderDocument.objects.filter(tender=tender).order_by("uploaded_at", "pk"),
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
            "award_letter": forms.AwardLetterForm(prefix="sppbj"),
            "contract": forms.ContractForm(prefix="kontrak"),
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
    record = get_object_or_404(OfficialRecord.objects.select_related("tender"), pk=record_id, tender_id=pk)
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
    document = get_object_or_404(TenderDocument.objects.select_related("tender"), pk=doc_id, tender_id=pk)
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
    document = get_object_or_404(TenderDocument, pk=doc_id, tender=tender)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


__all__ = ["_"]
