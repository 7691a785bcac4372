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
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core import panels
from lentera.core.access import access
from lentera.core.roles import Role
from lentera.core.webactions import run_action
from lentera.tendering.selectors import READ_ALL_ROLES

from .. import pdf_selectors, selectors, services
from . import closing, forms, terms

StrOrPromise = str | Promise
PARTIES_AND_READERS = (Role.PPK, Role.PENYEDIA, *sorted(READ_ALL_ROLES))


def _post(
    request: AuthedRequest,
    form_class: Callable[[Any], django_forms.Form],
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
        "withdraw_form": forms.WithdrawForm(auto_id="withdraw-%s"),
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


def _action(
    find: Callable[..., Any],
    name: str,
    back: Callable[[Any], str],
    form_class: type[django_forms.Form],
    service: Callable[..., Any],
    success: StrOrPromise,
) -> Callable[..., HttpResponse]:
    """A POST view on one object the acting user may see (``find``): the form's data go to
    ``service(actor=, <name>=object, **data)``, then back to ``back(object)`` with the result."""

    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        obj = find(user=request.user, role=request.acting_role, pk=pk)
        call = lambda d: service(actor=request.user, **{name: obj}, **d)  # noqa: E731
        return _post(request, form_class, call, success=str(success), back=back(obj))

    return view


def _letter_post(form_class, service, success):
    return _action(
        selectors.letter_or_404, "letter", lambda o: _letter_back(o.pk), form_class, service, success
    )


letter_refuse = require_POST(
    access(Role.PENYEDIA, scope="the appointed provider")(
        _letter_post(forms.RefuseForm, services.award_letter_refuse, gettext_lazy("Penolakan SPPBJ dicatat."))
    )
)
letter_withdraw = require_POST(
    access(Role.PENYEDIA, scope="the appointed provider, SPPBJ accepted, no contract yet")(
        _letter_post(
            forms.WithdrawForm,
            services.award_letter_withdraw,
            gettext_lazy("Pengunduran diri dicatat."),
        )
    )
)
letter_no_answer = require_POST(
    access(Role.PPK, scope="the package's PPK, after the answer period")(
        _letter_post(
            forms.NoAnswerForm,
            services.award_letter_record_no_answer,
            gettext_lazy("SPPBJ dicatat tidak dijawab sampai batas waktu."),
        )
    )
)
refusal_sanction = require_POST(
    access(Role.PPK, scope="the package's PPK, a refusal not yet decided")(
        _action(
            selectors.refusal_or_404,
            "refusal",
            lambda o: _letter_back(o.letter_id),
            forms.SanctionForm,
            services.refusal_sanction_decide,
            gettext_lazy("Keputusan sanksi dicatat."),
        )
    )
)
letter_reserve = require_POST(
    access(Role.PPK, scope="the package's PPK, after a refusal")(
        _letter_post(
            forms.ReserveForm,
            services.award_letter_appoint_reserve,
            gettext_lazy("Pemenang cadangan ditunjuk; SPPBJ diterbitkan kepadanya."),
        )
    )
)
guarantee = require_POST(
    access(Role.PPK, Role.PENYEDIA, scope="the package's PPK or the appointed provider, SPPBJ accepted")(
        _letter_post(
            forms.GuaranteeForm,
            services.performance_guarantee_record,
            gettext_lazy("Jaminan pelaksanaan dicatat."),
        )
    )
)


@access(*PARTIES_AND_READERS, scope="the package's PPK, the contract's provider; auditors read")
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    obj = selectors.contract_or_404(user=request.user, role=request.acting_role, pk=pk)
    page = selectors.contract_page(obj, request.acting_role)
    page |= {
        "start_form": forms.StartForm(auto_id="start-%s"),
        "advance_form": forms.AdvanceForm(auto_id="advance-%s"),
        "invoice_form": forms.InvoiceForm(auto_id="invoice-%s"),
        "amendment_form": forms.AmendmentForm(auto_id="amend-%s"),
    } | forms.handover_forms(obj)
    page |= closing.page_context(obj)
    page |= pdf_selectors.pdf_page(obj)
    page |= terms.page_context(obj)
    page["panels"] = panels.collect("contract.detail", contract=obj, role=request.acting_role)
    return render(request, "contracts/detail.html", page)


def _contract_back(pk: int) -> str:
    return reverse("contracts:detail", args=[pk])


def _contract_post(form_class, service, success):
    return _action(
        selectors.contract_or_404, "contract", lambda o: _contract_back(o.pk), form_class, service, success
    )


def _payment_post(form_class, service, success):
    return _action(
        selectors.payment_or_404,
        "payment",
        lambda o: _contract_back(o.contract_id),
        form_class,
        service,
        success,
    )


start = require_POST(
    access(Role.PPK, scope="the package's PPK, signed contract")(
        _contract_post(forms.StartForm, services.contract_start, gettext_lazy("Pelaksanaan dimulai."))
    )
)
advance = require_POST(
    access(Role.PPK, scope="the package's PPK, contract in progress")(
        _contract_post(forms.AdvanceForm, services.advance_payment_record, gettext_lazy("Uang muka dicatat."))
    )
)
invoice = require_POST(
    access(Role.PENYEDIA, scope="the contract's provider, contract in progress")(
        _contract_post(forms.InvoiceForm, services.invoice_submit, gettext_lazy("Tagihan diajukan."))
    )
)
amend = require_POST(
    access(Role.PPK, scope="the package's PPK, signed or running contract")(
        _contract_post(forms.AmendmentForm, services.amendment_approve, gettext_lazy("Adendum ditetapkan."))
    )
)
invoice_approve = require_POST(
    access(Role.PPK, scope="the package's PPK")(
        _payment_post(forms.DecisionForm, services.invoice_approve, gettext_lazy("Tagihan disetujui."))
    )
)
invoice_reject = require_POST(
    access(Role.PPK, scope="the package's PPK")(
        _payment_post(forms.DecisionForm, services.invoice_reject, gettext_lazy("Tagihan ditolak."))
    )
)
invoice_pay = require_POST(
    access(Role.PPK, scope="the package's PPK")(
        _payment_post(forms.PayForm, services.invoice_pay, gettext_lazy("Pembayaran dicatat."))
    )
)
