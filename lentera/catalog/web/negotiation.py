"""Negotiation pages: the PPK opens a negotiation from a product page; on the order page either side accepts the
other's proposal or counters it (the provider's refusal and the PPK's cancellation are the order's own buttons).
Thin: a form in, one service call, a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import purchases, selectors, services
from . import forms
from .views import _found, _saved


@access(
    Role.PPK, scope="the PPK opens a negotiation on one of their e-Purchasing packages for a listed product"
)
@require_http_methods(["GET", "POST"])
def negotiation_new(request: AuthedRequest, pk: int) -> HttpResponse:
    product = _found(selectors.public_product_or_404, pk)
    initial = {"unit_price": product.price, "delivery_days": product.delivery_days}
    form = forms.NegotiationForm(
        request.POST or None, packages=selectors.own_packages(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _saved(
            request,
            form,
            lambda: services.negotiation_open(
                actor=request.user,
                package=d["package"],
                product=product,
                quantity=d["quantity"],
                unit_price=d["unit_price"],
                delivery_days=d["delivery_days"],
                terms=d["terms"],
                respond_by=d["respond_by"],
                delivery_address=d["delivery_address"],
                split_reason=d["split_reason"],
            ),
            _("Usulan negosiasi dikirim ke penyedia."),
            lambda order: reverse("catalog:order", args=[order.pk]),
        )
        if done:
            return done
    return TemplateResponse(
        request,
        "catalog/form.html",
        {"form": form, "title": _("Negosiasi %(name)s") % {"name": product}, "product": product},
    )


@access(Role.PPK, Role.PENYEDIA, scope="the two parties of the order: accept or counter the other's proposal")
@require_POST
def negotiation_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    order = _found(purchases.order_for_party_or_404, user=request.user, role=request.acting_role, pk=pk)
    back = reverse("catalog:order", args=[order.pk])
    if action == "setuju":
        return run_action(
            request,
            lambda: services.negotiation_accept(actor=request.user, order=order),
            success=_("Usulan disepakati."),
            back=back,
        )
    if action != "tawar":
        raise Http404
    form = forms.CounterForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    d = form.cleaned_data
    return run_action(
        request,
        lambda: services.negotiation_counter(
            actor=request.user,
            order=order,
            unit_price=d["unit_price"],
            quantity=d["quantity"],
            delivery_days=d["delivery_days"],
            terms=d["terms"],
            respond_by=d["respond_by"],
        ),
        success=_("Tawaran balik dikirim."),
        back=back,
    )
