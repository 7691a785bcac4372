"""Contracts pages after the SPPBJ, for the PPK and the provider (auditors read): the list, the SPPBJ page (accept
/ refuse / appoint the reserve / the performance guarantee) and the contract page (start, advance, termin
invoices and their approval and payment). Thin: reads through selectors, each POST one service call through
core.webactions.run_action, then the page again with the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import selectors, services
from . import forms

PARTIES_AND_READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


def _post(
    request: AuthedRequest,
    form_class: type[django_forms.Form],
    call: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    back: str,
) -> HttpResponse:
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect(back)
    return run_action(request, lambda: call(form.cleaned_data), success=success, back=back)


@access(
    *PARTIES_AND_READERS, scope="the PPK's and the provider's own letters and contracts; auditors read all"
)
def index(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "contracts/index.html", selectors.index_page(user=request.user, role=request.acting_role)
    )


@access(*PARTIES_AND_READERS, scope="the package's PPK, the appointed provider; auditors read")
def letter(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=pk)
    page = selectors.letter_page(obj, request.acting_role)
    page |= {
        "refuse_form": forms.RefuseForm(auto_id="refuse-%s"),
        "reserve_form": forms.ReserveForm(auto_id="reserve-%s"),
        "guarantee_form": forms.GuaranteeForm(
            auto_id="guarantee-%s", initial={"amount": page["required"], "valid_from": obj.issued_on}
        ),
    }
    return render(request, "contracts/letter.html", page)


def _letter_back(pk: int) -> str:
    return reverse("contracts:letter", args=[pk])


@require_POST
@access(Role.PENYEDIA, scope="the appointed provider")
def letter_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=pk)
    return run_action(
        request,
        lambda: services.award_letter_accept(actor=request.user, letter=obj),
        success=_("SPPBJ diterima."),
        back=_letter_back(pk),
    )


@require_POST
@access(Role.PENYEDIA, scope="the appointed provider")
def letter_refuse(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.RefuseForm,
        lambda d: services.award_letter_refuse(
            actor=request.user, letter=obj, reason=d["reason"], explanation=d["explanation"]
        ),
        success=_("Penolakan SPPBJ dicatat."),
        back=reverse("contracts:index"),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK, after a refusal")
def letter_reserve(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.ReserveForm,
        lambda d: services.award_letter_appoint_reserve(actor=request.user, letter=obj, **d),
        success=_("Pemenang cadangan ditunjuk; SPPBJ diterbitkan kepadanya."),
        back=_letter_back(pk),
    )


@require_POST
@access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the appointed provider, SPPBJ accepted")
def guarantee(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.letter_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.GuaranteeForm,
        lambda d: services.performance_guarantee_record(actor=request.user, letter=obj, **d),
        success=_("Jaminan pelaksanaan dicatat."),
        back=_letter_back(pk),
    )


@access(*PARTIES_AND_READERS, scope="the package's PPK, the contract's provider; auditors read")
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    page = selectors.contract_page(obj, request.acting_role)
    page |= {
        "start_form": forms.StartForm(auto_id="start-%s"),
        "advance_form": forms.AdvanceForm(auto_id="advance-%s"),
        "invoice_form": forms.InvoiceForm(auto_id="invoice-%s"),
    }
    return render(request, "contracts/detail.html", page)


def _contract_back(pk: int) -> str:
    return reverse("contracts:detail", args=[pk])


@require_POST
@access(Role.PPK, scope="the package's PPK, signed contract")
def start(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.StartForm,
        lambda d: services.contract_start(actor=request.user, contract=obj, **d),
        success=_("Pelaksanaan dimulai."),
        back=_contract_back(pk),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK, contract in progress")
def advance(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.AdvanceForm,
        lambda d: services.advance_payment_record(actor=request.user, contract=obj, **d),
        success=_("Uang muka dicatat."),
        back=_contract_back(pk),
    )


@require_POST
@access(Role.PENYEDIA, scope="the contract's provider, contract in progress")
def invoice(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        forms.InvoiceForm,
        lambda d: services.invoice_submit(actor=request.user, contract=obj, **d),
        success=_("Tagihan diajukan."),
        back=_contract_back(pk),
    )


def _payment_action(request: AuthedRequest, pk: int, form_class, call, success: str) -> HttpResponse:
    payment = selectors.payment_or_404(user=request.user, role=request.acting_role, pk=pk)
    return _post(
        request,
        form_class,
        lambda d: call(payment, d),
        success=success,
        back=_contract_back(payment.contract_id),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def invoice_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _payment_action(
        request,
        pk,
        forms.DecisionForm,
        lambda p, d: services.invoice_approve(actor=request.user, payment=p, note=d["note"]),
        _("Tagihan disetujui."),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def invoice_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    return _payment_action(
        request,
        pk,
        forms.DecisionForm,
        lambda p, d: services.invoice_reject(actor=request.user, payment=p, note=d["note"]),
        _("Tagihan ditolak."),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def invoice_pay(request: AuthedRequest, pk: int) -> HttpResponse:
    return _payment_action(
        request,
        pk,
        forms.PayForm,
        lambda p, d: services.invoice_pay(actor=request.user, payment=p, paid_on=d["paid_on"]),
        _("Pembayaran dicatat."),
    )
