"""The LPSE team's work programme (Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2): the programmes of an agency, a
programme with its activities and their realisation, and the activity report of a period (page and PDF). Thin."""

from __future__ import annotations

import datetime as dt

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
from lentera.core.errors import LenteraError
from lentera.core.webactions import run_action

from ..programme import pdf, selectors, services
from ..programme.models import WorkProgramme
from . import forms
from .standards import _agency_pk, _errors
from .views import _found

READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES


def _can_edit(request: AuthedRequest) -> bool:
    return getattr(request, "acting_role", None) in EDITORS


def _back(programme_pk: int) -> str:
    return reverse("governance:programme_detail", args=[programme_pk])


@access(*READERS, scope="the programmes of an agency the person works for (auditor: all)")
def programme_list(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    edit = _can_edit(request)
    return TemplateResponse(
        request,
        "governance/programme_list.html",
        {
            "agency": agency,
            "agencies": selectors.agencies_visible_to(request.user),
            "programmes": selectors.programmes_of(user=request.user, agency=agency),
            "form": forms.ProgrammeForm(
                decrees=selectors.team_decrees_of(agency.pk), initial={"year": local_date(db_now()).year}
            )
            if edit
            else None,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def programme_create(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    back = reverse("governance:programme_list") + f"?instansi={agency.pk}"
    form = forms.ProgrammeForm(request.POST, decrees=selectors.team_decrees_of(agency.pk))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    try:
        programme = services.programme_create(actor=request.user, agency=agency, **form.cleaned_data)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect(_back(programme.pk))


def _default_period(programme: WorkProgramme) -> tuple[dt.date, dt.date]:
    """The year so far (the whole year once it has ended; its first day before it begins)."""
    first, last = dt.date(programme.year, 1, 1), dt.date(programme.year, 12, 31)
    return first, min(last, max(local_date(db_now()), first))


def _report(request: AuthedRequest, programme: WorkProgramme) -> tuple[selectors.ActivityReport, bool]:
    """The report of the period asked for (?dari=&sampai=), else of the year so far; a period outside the
    programme's year is refused with a message (False) and the default period's report is returned."""
    form = forms.ReportPeriodForm(request.GET)
    if form.is_valid():
        try:
            report = selectors.activity_report(
                programme=programme, first=form.cleaned_data["dari"], last=form.cleaned_data["sampai"]
            )
            return report, True
        except LenteraError as exc:
            messages.error(request, str(exc))
            ok = False
    else:
        ok = not (request.GET.get("dari") or request.GET.get("sampai"))
        if not ok:
            messages.error(request, _errors(form))
    first, last = _default_period(programme)
    return selectors.activity_report(programme=programme, first=first, last=last), ok


@access(*READERS, scope="a programme of an agency the person works for (auditor: all)")
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _found(selectors.programme_visible_to, user=request.user, pk=pk)
    edit = _can_edit(request)
    return TemplateResponse(
        request,
        "governance/programme_detail.html",
        {
            "programme": programme,
            "report": _report(request, programme)[0],
            "can_edit": edit,
            "activity_form": forms.ActivityForm(people=selectors.people_of(programme.agency_id))
            if edit
            else None,
            "realisation_form": forms.RealisationForm(
                activities=selectors.activities_of(programme), initial={"realised_on": local_date(db_now())}
            )
            if edit
            else None,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the programme's agency")
@require_POST
def activity_add(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _found(selectors.programme_visible_to, user=request.user, pk=pk)
    form = forms.ActivityForm(request.POST, people=selectors.people_of(programme.agency_id))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_back(pk))
    return run_action(
        request,
        lambda: services.activity_add(actor=request.user, programme=programme, **form.cleaned_data),
        success=_("Kegiatan ditambahkan."),
        back=_back(pk),
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the programme's agency")
@require_POST
def realisation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _found(selectors.programme_visible_to, user=request.user, pk=pk)
    form = forms.RealisationForm(request.POST, activities=selectors.activities_of(programme))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_back(pk))
    return run_action(
        request,
        lambda: services.realisation_record(actor=request.user, **form.cleaned_data),
        success=_("Realisasi tercatat."),
        back=_back(pk),
    )


@access(*READERS, scope="a programme of an agency the person works for (auditor: all)")
def programme_report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _found(selectors.programme_visible_to, user=request.user, pk=pk)
    report, ok = _report(request, programme)
    if not ok:
        return redirect(_back(pk))
    response = HttpResponse(pdf.render_pdf(report), content_type="application/pdf")
    name = f"laporan-kegiatan-lpse-{programme.year}-{report.first:%Y%m%d}-{report.last:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
