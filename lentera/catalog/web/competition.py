"""Mini-competition pages: the PPK requests quotations from the providers listing in an etalase (reached from the
menu and from a product page), opens them after the deadline or cancels; the invited provider sends its sealed
quotation. Thin: a form in, one service call, a redirect; reads through selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import selectors, services
from ..states import CompetitionStatus
from . import forms
from .views import _found, _saved


@access(Role.PPK, scope="the PPK's own mini-competitions")
def competitions(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "catalog/competitions.html",
        {"competitions": selectors.ppk_competitions(request.user), "categories": selectors.category_tree()},
    )


@access(Role.PPK, scope="the PPK requests quotations on one of their e-Purchasing packages")
@require_http_methods(["GET", "POST"])
def competition_new(request: AuthedRequest, pk: int) -> HttpResponse:
    category = _found(selectors.category_or_404, pk)
    providers = services.invitable_providers(category)
    form = forms.CompetitionForm(
        request.POST or None,
        packages=selectors.own_packages(request.user),
        providers=providers,
        initial={"providers": [p.pk for p in providers]},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.competition_create(
                actor=request.user,
                package=d["package"],
                category=category,
                provider_ids=[int(x) for x in d["providers"]],
                specification=d["specification"],
                quantity=d["quantity"],
                delivery_address=d["delivery_address"],
                deadline=d["deadline"],
            ),
            _("Permintaan penawaran dikirim ke penyedia yang diundang."),
            lambda c: reverse("catalog:competition", args=[c.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/form.html",
        {"form": form, "title": _("Mini-kompetisi di etalase %(name)s") % {"name": category.name}},
    )


@access(Role.PPK, scope="the PPK's own mini-competition")
def competition(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _found(selectors.ppk_competition_or_404, user=request.user, pk=pk)
    return TemplateResponse(
        request,
        "catalog/competition.html",
        {
            "c": c,
            "quotations": selectors.quotations_of(c),
            "open": c.status == CompetitionStatus.OPEN,
        },
    )


@access(Role.PPK, scope="the PPK opens (after the deadline) or cancels their own mini-competition")
@require_POST
def competition_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    c = _found(selectors.ppk_competition_or_404, user=request.user, pk=pk)
    back = reverse("catalog:competition", args=[c.pk])
    if action == "buka":
        return run_action(
            request,
            lambda: services.competition_award(actor=request.user, competition=c),
            success=_("Penawaran dibuka dan dievaluasi."),
            back=back,
        )
    if action == "batal":
        return run_action(
            request,
            lambda: services.competition_cancel(
                actor=request.user, competition=c, reason=request.POST.get("reason", "")
            ),
            success=_("Mini-kompetisi dibatalkan."),
            back=back,
        )
    raise Http404


@access(Role.PENYEDIA, scope="the provider's own invitations to mini-competitions")
def my_quotations(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "catalog/my_quotations.html", {"quotations": selectors.provider_quotations(request.user)}
    )


@access(Role.PENYEDIA, scope="the invited provider sends its sealed quotation before the deadline")
@require_http_methods(["GET", "POST"])
def my_quotation(request: AuthedRequest, pk: int) -> HttpResponse:
    q = _found(selectors.own_quotation_or_404, user=request.user, pk=pk)
    form = forms.QuotationForm(request.POST or None, products=selectors.quotable_products(q))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.quotation_submit(
                actor=request.user,
                quotation=q,
                product=d["product"],
                unit_price=d["unit_price"],
                delivery_days=d["delivery_days"],
            ),
            _("Penawaran tersegel terkirim; dapat diganti sampai batas waktu."),
            reverse("catalog:my_quotation", args=[q.pk]),
        )
        if done:
            return done
    elif request.method == "POST":
        messages.error(request, _("Periksa isian penawaran."))
    return TemplateResponse(request, "catalog/my_quotation.html", {"q": q, "c": q.competition, "form": form})
