"""Governance pages: the decree register with each decree's appointments (the LPSE team's composition), and the
staff certificate register with its expiry status. Thin: a form in, one service call, a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError, NotFound
from lentera.core.webactions import run_action

from .. import rules, selectors, services
from ..enums import Position
from . import forms

MANAGERS = selectors.MANAGER_ROLES
READERS = selectors.READER_ROLES


def _found(selector: Any, **kwargs: Any) -> Any:
    try:
        return selector(**kwargs)
    except NotFound:
        raise Http404 from None


def _can_manage(request: AuthedRequest) -> bool:
    return getattr(request, "acting_role", None) in MANAGERS


@access(*READERS, scope="decrees of the agencies the person works for (auditor: all)")
def decree_list(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "governance/decree_list.html",
        {"decrees": selectors.decrees_visible_to(request.user), "can_manage": _can_manage(request)},
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
@require_http_methods(["GET", "POST"])
def decree_create(request: AuthedRequest) -> HttpResponse:
    form = forms.DecreeForm(
        request.POST or None,
        request.FILES or None,
        agencies=selectors.agencies_managed_by(request.user),
        initial={"agency": selectors.single_managed_agency(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decree = services.decree_create(actor=request.user, **form.cleaned_data)
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("SK %(number)s tercatat.") % {"number": decree.number})
            return redirect("governance:decree_detail", decree.pk)
    return TemplateResponse(request, "governance/decree_form.html", {"form": form})


def _appointment_form(request: AuthedRequest, data=None) -> forms.AppointmentForm:
    return forms.AppointmentForm(
        data, people=selectors.people_for(request.user), work_units=selectors.work_units_for(request.user)
    )


@access(*READERS, scope="decrees of the agencies the person works for (auditor: all)")
def decree_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = _found(selectors.decree_visible_to, user=request.user, pk=pk)
    manage = _can_manage(request)
    today = local_date(db_now())
    return TemplateResponse(
        request,
        "governance/decree_detail.html",
        {
            "decree": decree,
            "in_force": decree.in_force_on(today),
            "appointments": selectors.appointments_of(decree),
            "shape": rules.lpse_team_shape(decree.signed_on),
            "is_team": decree.kind == "LPSE_TEAM",
            "member_position": Position.LPSE_MEMBER,
            "can_manage": manage,
            "form": _appointment_form(request) if manage else None,
            "revoke_form": forms.RevokeForm() if manage else None,
        },
    )


@access(*READERS, scope="the scan of a decree the person may see")
def decree_scan(request: AuthedRequest, pk: int) -> FileResponse:
    decree = _found(selectors.decree_visible_to, user=request.user, pk=pk)
    return FileResponse(
        decree.scan.open("rb"), content_type=decree.scan_type, as_attachment=False, filename=decree.scan.name
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
@require_POST
def appointment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = _found(selectors.decree_visible_to, user=request.user, pk=pk)
    back = reverse("governance:decree_detail", args=[decree.pk])
    form = _appointment_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    return run_action(
        request,
        lambda: services.appointment_create(actor=request.user, decree=decree, **form.cleaned_data),
        success=_("Penunjukan tercatat."),
        back=back,
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the decree's agency")
@require_POST
def decree_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = _found(selectors.decree_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.decree_revoke(
            actor=request.user, decree=decree, reason=request.POST.get("reason", "")
        ),
        success=_("SK dicabut; peran yang ditetapkannya ikut dicabut."),
        back=reverse("governance:decree_detail", args=[decree.pk]),
    )


@access(*READERS, scope="certificates of the agencies the person works for (auditor: all)")
def certificate_list(request: AuthedRequest) -> HttpResponse:
    today = local_date(db_now())
    rows = selectors.certificate_rows(request.user, on=today)
    attention = request.GET.get("perhatian") == "1"
    if attention:
        rows = [r for r in rows if r.warn]
    return TemplateResponse(
        request,
        "governance/certificate_list.html",
        {
            "rows": rows,
            "attention": attention,
            "warning_days": rules.certificate_warning_days(today),
            "can_manage": _can_manage(request),
        },
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the certificate holder's agency")
@require_http_methods(["GET", "POST"])
def certificate_create(request: AuthedRequest) -> HttpResponse:
    form = forms.CertificateForm(
        request.POST or None,
        request.FILES or None,
        agencies=selectors.agencies_managed_by(request.user),
        people=selectors.people_for(request.user),
        initial={"agency": selectors.single_managed_agency(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_record(actor=request.user, **form.cleaned_data)
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Sertifikat %(number)s tercatat.") % {"number": certificate.number})
            return redirect("governance:certificate_list")
    return TemplateResponse(request, "governance/certificate_form.html", {"form": form})


@access(*READERS, scope="the LPSE team of the agencies the person works for (auditor: all)")
def org_chart(request: AuthedRequest) -> HttpResponse:
    from .. import orgchart

    chart = orgchart.org_chart(request.user, on=local_date(db_now()))
    svg = orgchart.org_chart_svg(
        chart,
        title=_("Struktur Tim Pengelolaan LPSE"),
        chair=_("Ketua"),
        secretary=_("Sekretaris merangkap admin sistem"),
        secretariat=_("Sekretariat"),
    )
    return TemplateResponse(request, "governance/org_chart.html", {"chart": chart, "svg": svg})
