"""The ITSM registers of the LPSE standards (issue #17 part 5): the asset register (standard 3), change requests
with their approval (standard 6) and the capacity log (standard 7), each per agency, linked from the standards
register. Thin: a scoped read, a form in, one service call, a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.webactions import run_action

from .. import exports
from ..itsm import rules, selectors, services, states
from . import forms_itsm as forms
from .standards import _agency_pk, _errors
from .views import _found

READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES
BANDS = {"LOW": _("Rendah"), "MEDIUM": _("Sedang"), "HIGH": _("Tinggi")}


def _can_edit(request: AuthedRequest) -> bool:
    return getattr(request, "acting_role", None) in EDITORS


def _url(name: str, agency_pk: int) -> str:
    return reverse(f"governance:{name}") + f"?instansi={agency_pk}"


@access(*READERS, scope="the asset register of an agency the person works for (auditor: all)")
def asset_register(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    today = local_date(db_now())
    rows = []
    for a in selectors.assets_of(user=request.user, agency=agency):
        value, band = rules.asset_value(
            confidentiality=a.confidentiality, integrity=a.integrity, availability=a.availability, on=today
        )
        rows.append((a, value, BANDS[band]))
    return TemplateResponse(
        request,
        "governance/asset_register.html",
        {
            "agency": agency,
            "rows": rows,
            "form": forms.AssetForm(people=selectors.people_of(request.user)) if _can_edit(request) else None,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def asset_create(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    back = _url("asset_register", agency.pk)
    form = forms.AssetForm(request.POST, people=selectors.people_of(request.user))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.asset_record(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Aset tercatat."),
        back=back,
    )


@access(*READERS, scope="the change requests of an agency the person works for (auditor: all)")
def change_list(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    assets = selectors.assets_of(user=request.user, agency=agency)
    return TemplateResponse(
        request,
        "governance/change_list.html",
        {
            "agency": agency,
            "changes": selectors.changes_of(user=request.user, agency=agency),
            "form": forms.ChangeRequestForm(assets=assets) if _can_edit(request) else None,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def change_create(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    back = _url("change_list", agency.pk)
    form = forms.ChangeRequestForm(request.POST, assets=selectors.assets_of(user=request.user, agency=agency))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.change_request(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Permintaan perubahan tercatat."),
        back=back,
    )


@access(*READERS, scope="a change request of an agency the person works for (auditor: all)")
def change_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    change = _found(selectors.change_visible_to, user=request.user, pk=pk)
    actions = states.allowed_actions(change.status, change.kind)
    return TemplateResponse(
        request,
        "governance/change_detail.html",
        {
            "change": change,
            "actions": [(a, states.ChangeAction(a).label) for a in actions],
            "form": forms.ChangeActionForm() if _can_edit(request) and actions else None,
        },
    )


@access(
    *EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency (approval: Kasubag LPSE or head)"
)
@require_POST
def change_act(request: AuthedRequest, pk: int) -> HttpResponse:
    change = _found(selectors.change_visible_to, user=request.user, pk=pk)
    back = reverse("governance:change_detail", args=[pk])
    form = forms.ChangeActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.change_act(actor=request.user, change=change, **form.cleaned_data),
        success=_("Permintaan perubahan diperbarui."),
        back=back,
    )


@access(*READERS, scope="the capacity log of an agency the person works for (auditor: all)")
def capacity_log(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    labels = {"OK": _("Aman"), "WATCH": _("Diawasi"), "ACT": _("Perlu tindakan")}
    rows = [
        (r, labels[rules.capacity_status(utilisation_pct=r.utilisation_pct, forecast_pct=r.forecast_pct,
                                         on=r.measured_on)])
        for r in selectors.capacity_of(user=request.user, agency=agency)
    ]  # fmt: skip
    assets = selectors.assets_of(user=request.user, agency=agency)
    form = None
    if _can_edit(request):
        form = forms.CapacityForm(assets=assets, initial={"measured_on": local_date(db_now())})
    return TemplateResponse(
        request,
        "governance/capacity_log.html",
        {
            "agency": agency,
            "rows": rows,
            "limits": rules.capacity_thresholds(local_date(db_now())),
            "form": form,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def capacity_create(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    back = _url("capacity_log", agency.pk)
    form = forms.CapacityForm(request.POST, assets=selectors.assets_of(user=request.user, agency=agency))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.capacity_record(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Pengukuran kapasitas tercatat."),
        back=back,
    )


@access(*READERS, scope="the registers of an agency the person works for (auditor: all)")
def itsm_xlsx(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    today = local_date(db_now())
    return exports.response(
        exports.itsm_sheets(request.user, agency, on=today), filename=f"register-itsm-lpse-{agency.pk}.xlsx"
    )
