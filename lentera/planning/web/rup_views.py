"""RUP pages: work units' entry and the APBD. The public plan is the public portal's page (/publik/rup/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role

from .. import selectors, services
from ..models import RupItem
from ..scope import agency_ids
from .common import acting_role, fetch, run_action, run_form
from .forms import ApbdForm, ReasonForm, RupItemForm

RUP_WRITE = (Role.PA, Role.KPA, Role.PPK)
RUP_READ = (*RUP_WRITE, Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR)
APBD_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.PA)


@access(*RUP_READ, scope="own work unit (PA/KPA/PPK) or instansi")
def rup_manage(request: AuthedRequest) -> HttpResponse:
    role = request.acting_role
    year = request.GET.get("tahun")
    items = selectors.rup_items_listed(
        user=request.user,
        role=role,
        fiscal_year=int(year) if year and year.isdigit() else None,
        newest_year_first=True,
    )
    context = {"items": items[:500], "can_write": role in RUP_WRITE}
    return render(request, "planning/rup_manage.html", context)


@access(*RUP_WRITE, scope="own work unit")
def rup_create(request: AuthedRequest) -> HttpResponse:
    units = selectors.rup_work_units_of(user=request.user, role=request.acting_role)
    form = RupItemForm(request.POST or None, work_units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, item = run_form(
            form,
            lambda: services.rup_item_create(
                actor=request.user,
                work_unit=data["work_unit"],
                fiscal_year=data["fiscal_year"],
                name=data["name"],
                procurement_type=data["procurement_type"],
                pagu=data["pagu"],
                funding_source=data["funding_source"],
                planned_method=data["planned_method"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                location=data["location"],
                reserved_small_business=data["reserved_small_business"],
                domestic_products=data["domestic_products"],
            ),
        )
        if ok:
            if item.announced_at:
                messages.success(
                    request, _("Item RUP %(code)s disimpan dan diumumkan.") % {"code": item.code}
                )
            else:
                messages.success(
                    request,
                    _("Item RUP %(code)s disimpan; diumumkan setelah APBD disepakati.") % {"code": item.code},
                )
            return redirect("planning:rup_manage")
    return render(request, "planning/rup_form.html", {"form": form, "item": None})


def _own_item(request: AuthedRequest, pk: int) -> RupItem:
    return fetch(lambda: selectors.rup_item_for(user=request.user, role=request.acting_role, pk=pk))


@access(*RUP_WRITE, scope="own work unit")
def rup_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    initial = {f: getattr(item, f) for f in services.rup.EDITABLE_FIELDS}
    form = RupItemForm(request.POST or None, initial=initial, editing=item, work_units=None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        ok, _item = run_form(
            form, lambda: services.rup_item_update(actor=request.user, item=item, reason=reason, **data)
        )
        if ok:
            messages.success(request, _("Item RUP diperbarui."))
            return redirect("planning:rup_manage")
    return render(
        request, "planning/rup_form.html", {"form": form, "item": item, "cancel_form": ReasonForm()}
    )


@require_POST
@access(*RUP_WRITE, scope="own work unit")
def rup_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    form = ReasonForm(request.POST)
    reason = form.data.get("reason", "")
    return run_action(
        request,
        lambda: services.rup_item_cancel(actor=request.user, item=item, reason=reason),
        success=_("Item RUP dibatalkan."),
        back=reverse("planning:rup_manage"),
    )


@access(*APBD_ROLES, scope="own instansi")
def apbd_view(request: AuthedRequest) -> HttpResponse:
    agencies = list(account_selectors.agencies_by_pk(agency_ids(request.user, [acting_role(request)])))
    form = ApbdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = request.POST.get("agency")
        picked = [a for a in agencies if chosen is not None and str(a.pk) == chosen]
        candidates = picked or agencies
        agency = candidates[0] if candidates else None
        if agency is None:
            form.add_error(None, _("Anda tidak terdaftar pada instansi mana pun."))
        else:
            year = form.cleaned_data["fiscal_year"]
            ok, count = run_form(
                form, lambda: services.apbd_mark_agreed(actor=request.user, agency=agency, fiscal_year=year)
            )
            if ok:
                messages.success(
                    request,
                    _("APBD %(year)s dicatat disepakati; %(count)s item RUP diumumkan.")
                    % {"year": year, "count": count},
                )
                return redirect("planning:apbd")
    return render(request, "planning/apbd.html", {"form": form, "agencies": agencies})
