"""Actions inside the stages: registration, questions and answers, invitations and direct offers, evaluation,
qualification proof, shortlist, e-reverse auction, negotiation, winner, objections and appeals, SPPBJ, contract.
Each view parses its form, calls one service, and reports the result."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core import panels
from lentera.core.access import access
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services
from .. import forms
from ._common import BUDGET_HOLDERS, OPERATORS, POKJA, PROVIDER, act, detail_url, public, scoped


def _invalid(request: AuthedRequest, tender, form) -> HttpResponse:
    errors = "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()
    )
    messages.error(request, _("Data tidak lengkap atau tidak valid: %(e)s") % {"e": errors})
    return redirect(detail_url(tender))


# ------------------------------------------------------------------------------------------ providers


@require_POST
@access(*PROVIDER, scope="announced tender open for registration")
def register(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = public(pk)
    return act(
        request,
        tender,
        lambda: services.registration_create(actor=request.user, tender=tender),
        _("Anda terdaftar sebagai peserta."),
    )


@require_POST
@access(*PROVIDER, scope="registered provider, explanation stage")
def ask(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.QuestionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    return act(
        request,
        tender,
        lambda: services.question_ask(
            actor=request.user, tender=tender, text=d["text"], section=d["section"]
        ),
        _("Pertanyaan terkirim."),
    )


@require_POST
@access(*PROVIDER, scope="invited provider, offer stage (Pengadaan / Penunjukan Langsung)")
def direct_offer(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.PriceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    price = form.cleaned_data["price"]
    return act(
        request,
        tender,
        lambda: services.direct_offer_submit(actor=request.user, tender=tender, price=price),
        _("Penawaran disampaikan."),
    )


@require_POST
@access(*PROVIDER, scope="auction participant, open round")
def auction_bid(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.PriceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    price = form.cleaned_data["price"]
    return act(
        request,
        tender,
        lambda: services.auction_bid(actor=request.user, tender=tender, price=price),
        _("Penawaran e-reverse auction diterima."),
    )


@require_POST
@access(*PROVIDER, scope="bidder of the tender, objection period")
def objection_file(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.ObjectionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    files = [d["attachment"]] if d.get("attachment") else []
    return act(
        request,
        tender,
        lambda: services.objection_file(actor=request.user, tender=tender, text=d["text"], attachments=files),
        _("Sanggahan terkirim."),
    )


@require_POST
@access(*PROVIDER, scope="objector of the tender (works), appeal period")
def appeal_file(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.AppealForm(request.POST, prefix="banding")
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    return act(
        request,
        tender,
        lambda: services.appeal_file(actor=request.user, tender=tender, **d),
        _("Sanggah banding terkirim."),
    )


# ------------------------------------------------------------------------------------------ Pokja / PP


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, explanation stage")
def answer(request: AuthedRequest, pk: int, question_id: int) -> HttpResponse:
    tender = scoped(request, pk)
    question = selectors.question_or_404(tender=tender, question_id=question_id)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    text = form.cleaned_data["answer"]
    return act(
        request,
        tender,
        lambda: services.question_answer(actor=request.user, question=question, answer=text),
        _("Jawaban diumumkan."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja")
def explanation_record(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    return act(
        request,
        tender,
        lambda: services.explanation_record_create(actor=request.user, tender=tender),
        _("Berita acara pemberian penjelasan dibuat."),
    )


@require_POST
@access(*OPERATORS, scope="the tender's Pejabat Pengadaan / Pokja (Penunjukan Langsung)")
def invite(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.InviteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    provider = selectors.provider_by_npwp(form.cleaned_data["npwp"])
    if provider is None:
        messages.error(request, _("Penyedia dengan NPWP ini tidak ditemukan."))
        return redirect(detail_url(tender))
    return act(
        request,
        tender,
        lambda: services.provider_invite(actor=request.user, tender=tender, provider=provider),
        _("Penyedia diundang."),
    )


@access(*POKJA, scope="member of the tender's Pokja, evaluation stages")
def evaluation(request: AuthedRequest, pk: int) -> HttpResponse:
    """The member's own evaluation of each opened offer, with the provider's ADP for qualification."""
    tender = scoped(request, pk)
    offers = list(selectors.offers_for_operator(tender))
    mine = selectors.my_evaluations(tender, request.user)
    rows = []
    for offer in offers:
        ev = mine.get(offer.pk)
        initial = {}
        if ev is not None:
            tri = {True: "1", False: "0", None: ""}
            initial = {
                "administrative_pass": tri[ev.administrative_pass],
                "qualification_pass": tri[ev.qualification_pass],
                "technical_pass": tri[ev.technical_pass],
                "technical_score": ev.technical_score,
                "price_reasonable": tri[ev.price_reasonable],
                "administrative_note": ev.notes.get("administrative", ""),
                "qualification_note": ev.notes.get("qualification", ""),
                "technical_note": ev.notes.get("technical", ""),
                "price_note": ev.notes.get("price", ""),
            }
        try:
            qualification = selectors.qualification_data_for(offer)
        except Exception:  # noqa: BLE001 - the ADP is shown when the providers app can read it
            qualification = None
        rows.append(
            {
                "offer": offer,
                "form": forms.MemberEvaluationForm(initial=initial, prefix=f"o{offer.pk}"),
                "evaluated": ev is not None,
                "qualification": qualification,
                # facts higher apps keep about the bidder (contracts: its performance ratings and their flag)
                "panels": panels.collect(
                    "tendering.offer", provider_id=offer.provider_id, role=request.acting_role
                ),
            }
        )
    return render(
        request,
        "tendering/evaluation.html",
        {"tender": tender, "rows": rows, "summary_form": forms.SummaryForm()},
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, evaluation stages")
def evaluate_offer(request: AuthedRequest, pk: int, offer_id: int) -> HttpResponse:
    tender = scoped(request, pk)
    offer = selectors.one_or_404(selectors.offers_for_operator(tender), offer_id)
    form = forms.MemberEvaluationForm(request.POST, prefix=f"o{offer.pk}")
    to = f"{detail_url(tender)}evaluasi/"
    if not form.is_valid():
        messages.error(request, _("Data evaluasi tidak valid."))
        return redirect(to)
    kwargs = form.service_kwargs()
    return act(
        request,
        tender,
        lambda: services.member_evaluation_submit(actor=request.user, offer=offer, **kwargs),
        _("Evaluasi Anda dicatat."),
        to=to,
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja; majority needed")
def evaluation_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    summary = request.POST.get("summary", "")
    return act(
        request,
        tender,
        lambda: services.evaluation_decide(actor=request.user, tender=tender, summary=summary),
        _("Hasil evaluasi ditetapkan."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, qualification proof stage")
def qualification_proof(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.ProofForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    provider = selectors.registered_provider_or_404(tender=tender, provider_id=d["provider"])
    return act(
        request,
        tender,
        lambda: services.qualification_proof_record(
            actor=request.user,
            tender=tender,
            provider=provider,
            held_at=forms.aware(d["held_at"]),
            attendees=d["attendees"],
            passed=d["passed"],
            notes=d["notes"],
        ),
        _("Pembuktian kualifikasi dicatat."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, prequalification")
def shortlist(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    results = {}
    for reg in selectors.registrations_of(tender):
        results[reg.provider_id] = (
            request.POST.get(f"pass_{reg.provider_id}") == "1",
            request.POST.get(f"reason_{reg.provider_id}", ""),
        )
    agreeing = [int(x) for x in request.POST.getlist("agreeing") if x.isdigit()]
    return act(
        request,
        tender,
        lambda: services.shortlist_decide(
            actor=request.user, tender=tender, results=results, agreeing_member_ids=agreeing
        ),
        _("Hasil prakualifikasi ditetapkan."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, evaluation stages")
def auction_start(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.AuctionStartForm(request.POST, prefix="auction")
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    start, end = forms.aware(d["starts_at"]), forms.aware(d["ends_at"])
    length = end - start
    rounds = [(start + i * length, start + (i + 1) * length) for i in range(d["rounds"])]
    return act(
        request,
        tender,
        lambda: services.auction_start(actor=request.user, tender=tender, rounds=rounds, reason=d["reason"]),
        _("E-reverse auction dibuka."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, after the last round")
def auction_close(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    return act(
        request,
        tender,
        lambda: services.auction_close(actor=request.user, tender=tender),
        _("E-reverse auction ditutup; hasil dicatat."),
    )


@require_POST
@access(*OPERATORS, scope="the tender's Pejabat Pengadaan / Pokja, clarification & negotiation stage")
def negotiate(request: AuthedRequest, pk: int, offer_id: int) -> HttpResponse:
    tender = scoped(request, pk)
    offer = selectors.offer_or_404(tender=tender, offer_id=offer_id)
    form = forms.NegotiationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    return act(
        request,
        tender,
        lambda: services.negotiation_record(
            actor=request.user,
            offer=offer,
            technical_notes=d["technical_notes"],
            agreed_price=d["agreed_price"],
        ),
        _("Hasil klarifikasi dan negosiasi dicatat."),
    )


@require_POST
@access(*OPERATORS, scope="the tender's Pokja (majority) / Pejabat Pengadaan")
def winner_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    note = request.POST.get("summary", "")
    return act(
        request,
        tender,
        lambda: services.winner_decide(actor=request.user, tender=tender, note=note),
        _("Pemenang ditetapkan."),
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, winner announcement stage")
def winner_announce(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    return act(
        request,
        tender,
        lambda: services.winner_announce(actor=request.user, tender=tender),
        _("Pemenang diumumkan."),
    )


def _decision_answer(request, tender, call_with, ok):
    form = forms.DecisionAnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, tender, form)
    d = form.cleaned_data
    return act(
        request,
        tender,
        lambda: call_with(answer=d["answer"], justified=d["justified"], follow_up=d["follow_up"]),
        ok,
    )


@require_POST
@access(*POKJA, scope="member of the tender's Pokja, objection answer stage")
def objection_answer(request: AuthedRequest, pk: int, objection_id: int) -> HttpResponse:
    tender = scoped(request, pk)
    objection = selectors.objection_or_404(tender=tender, objection_id=objection_id)
    return _decision_answer(
        request,
        tender,
        lambda **kw: services.objection_answer(actor=request.user, objection=objection, **kw),
        _("Jawaban sanggah dicatat."),
    )


@require_POST
@access(*BUDGET_HOLDERS, scope="PA/KPA of the package's work unit, appeal answer stage")
def appeal_answer(request: AuthedRequest, pk: int, appeal_id: int) -> HttpResponse:
    tender = scoped(request, pk)
    appeal = selectors.appeal_or_404(tender=tender, appeal_id=appeal_id)
    return _decision_answer(
        request,
        tender,
        lambda **kw: services.appeal_answer(actor=request.user, appeal=appeal, **kw),
        _("Jawaban sanggah banding dicatat."),
    )


@access(*POKJA, scope="member of the tender's Pokja, after a justified objection")
def reevaluate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new evaluation round with a new schedule from the evaluation stage on."""
    from ... import rules, states
    from ...enums import Stage

    tender = scoped(request, pk)
    stages = states.machine_of(tender).stages
    later = stages[stages.index(Stage.EVALUATION) :]
    suggestion = rules.suggest_schedule(tender, later, db_now(), tender.package.work_unit.agency_id)
    form = forms.ScheduleForm(request.POST or None, stages=later, initial_windows=suggestion)
    if request.method == "POST" and form.is_valid():
        try:
            services.tender_reevaluate(
                actor=request.user, tender=tender, changes=form.windows(), reason=form.cleaned_data["reason"]
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Evaluasi ulang dijadwalkan."))
            return redirect(detail_url(tender))
    return render(
        request,
        "tendering/schedule.html",
        {"form": form, "tender": tender, "published": True, "reevaluation": True},
    )


__all__ = ["Role"]
