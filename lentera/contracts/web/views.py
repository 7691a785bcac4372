"""Contracts pages: the PPK issues the SPPBJ, records the signed contract, records swakelola / emergency
procurement. Thin: forms in, one service call, the page again with the refusal or the tender page on success."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.tendering import selectors as tender_selectors

from .. import selectors, services
from . import forms

PPK = (Role.PPK,)


def _tender_url(tender) -> str:
    return reverse("tendering:detail", args=[tender.pk])


@access(*PPK, scope="PPK of the package, after the winner announcement and the objection period")
def award_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = selectors.ppk_tender_or_404(user=request.user, role=request.acting_role, pk=pk)
    form = forms.AwardLetterForm(request.POST or None, prefix="sppbj")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.award_letter_issue(
                actor=request.user, tender=tender, number=d["number"], issued_on=d["issued_on"]
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("SPPBJ diterbitkan."))
            return redirect(_tender_url(tender))
    return render(
        request,
        "contracts/award_letter_form.html",
        {"form": form, "tender": tender, "award": selectors.award_facts(tender)},
    )


@access(*PPK, scope="PPK of the package, contract signing stage")
def contract(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = selectors.ppk_tender_or_404(user=request.user, role=request.acting_role, pk=pk)
    form = forms.ContractForm(request.POST or None, request.FILES or None, prefix="kontrak")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        docs = [(str(_("Dokumen kontrak")), d["document"])] if d.get("document") else []
        try:
            services.contract_record(
                actor=request.user,
                tender=tender,
                number=d["number"],
                contract_type=d["contract_type"],
                multi_year=d["multi_year"],
                years=d["years"],
                kind=d["kind"],
                value=d["value"],
                signed_on=d["signed_on"],
                start_on=d["start_on"],
                end_on=d["end_on"],
                provider_signatory=d["provider_signatory"],
                provider_signatory_title=d["provider_signatory_title"],
                description=d["description"],
                documents=docs,
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kontrak dicatat; tender selesai."))
            return redirect(_tender_url(tender))
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "tender": tender, "award": selectors.award_facts(tender)},
    )


@access(*PPK, scope="swakelola / darurat package of the PPK")
def procurement_record(request: AuthedRequest, package_id: int) -> HttpResponse:
    package = tender_selectors.ppk_package_or_404(user=request.user, package_id=package_id)
    form = forms.RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        provider = tender_selectors.provider_by_npwp(d["provider_npwp"])
        try:
            tender = services.procurement_record(
                actor=request.user,
                package=package,
                reason=d["reason"],
                value=d["value"],
                start_on=d["start_on"],
                end_on=d["end_on"],
                number=d["number"],
                provider=provider,
                description=d["description"],
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengadaan dicatat."))
            return redirect(_tender_url(tender))
    return render(request, "contracts/record_form.html", {"form": form, "package": package})
