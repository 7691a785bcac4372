"""The code of ethics, the integrity pacts and the ethics cases (Permendagri 53/2021 Pasal 22). The code page is
for the agency's staff; the cases only for the head of UKPBJ and the auditor, each case read audited. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core import request_context
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.webactions import run_action

from ..ethics import selectors, services, throttle
from ..ethics.models import MajelisMember
from . import forms, forms_ethics
from .standards import _agency_pk, _errors
from .views import _found

MAJELIS_ROWS = 5


def _code_url(agency_pk: int) -> str:
    return reverse("governance:ethics_code") + f"?instansi={agency_pk}"


@access(*selectors.CODE_READER_ROLES, scope="the code of an agency the person works for (auditor: all)")
def ethics_code(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_of_staff, user=request.user, pk=_agency_pk(request))
    current = selectors.code_in_force(agency, on=local_date(db_now()))
    role = getattr(request, "acting_role", None)
    staff = role in selectors.STAFF_ROLES
    return TemplateResponse(
        request,
        "governance/ethics_code.html",
        {
            "agency": agency,
            "current": current,
            "versions": selectors.codes_of(agency),
            "signatures": selectors.signatures(current) if current else None,
            "can_sign": staff and current is not None and not selectors.has_signed(current, request.user),
            "code_form": forms.EthicsCodeForm() if role in selectors.HEAD_ROLES else None,
            "report_form": forms.CaseReportForm(people=selectors.staff_of(agency.pk)) if staff else None,
        },
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the agency")
@require_POST
def code_publish(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_of_staff, user=request.user, pk=_agency_pk(request))
    form = forms.EthicsCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_code_url(agency.pk))
    return run_action(
        request,
        lambda: services.code_publish(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Kode etik ditetapkan."),
        back=_code_url(agency.pk),
    )


@access(*selectors.STAFF_ROLES, scope="a staff member of the code's agency; the version in force")
@require_POST
def pact_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    code = _found(selectors.code_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.pact_sign(actor=request.user, code=code),
        success=_("Pakta integritas ditandatangani."),
        back=_code_url(code.agency_id),
    )


@access(*selectors.STAFF_ROLES, scope="a staff member of the agency reports a colleague")
@require_POST
def case_report(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_of_staff, user=request.user, pk=_agency_pk(request))
    form = forms.CaseReportForm(request.POST, people=selectors.staff_of(agency.pk))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_code_url(agency.pk))
    return run_action(
        request,
        lambda: services.case_report(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Laporan diterima dan hanya dapat dibaca Kepala UKPBJ dan auditor."),
        back=_code_url(agency.pk),
    )


@access(*selectors.CASE_READER_ROLES, scope="cases of the agency the person heads (auditor: all)")
def case_list(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "governance/ethics_cases.html", {"cases": selectors.cases_visible_to(request.user)}
    )


@access(
    *selectors.CASE_READER_ROLES, scope="a case of the agency the person heads (auditor: all); read audited"
)
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = services.case_open(
        actor=request.user, case=_found(selectors.case_visible_to, user=request.user, pk=pk)
    )
    head = getattr(request, "acting_role", None) in selectors.HEAD_ROLES
    return TemplateResponse(
        request,
        "governance/ethics_case_detail.html",
        {
            "case": case,
            "majelis": selectors.majelis_of(case),
            "can_act": head,
            "rows": range(MAJELIS_ROWS),
            "units": MajelisMember.Unit.choices,
            "dismiss_form": forms.CaseDismissForm() if head else None,
            "decision_form": forms.CaseDecisionForm() if head else None,
            "hearings": selectors.hearings_of(case),
            "hearing_form": forms_ethics.HearingForm(initial={"held_on": local_date(db_now())})
            if head
            else None,
            "appeal_form": forms_ethics.AppealForm() if head else None,
            "appeal_decision_form": forms_ethics.AppealDecisionForm() if head else None,
        },
    )


def _case_url(pk: int) -> str:
    return reverse("governance:ethics_case_detail", args=[pk])


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_examine(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    chair = request.POST.get("chair", "")
    members = [
        (request.POST.get(f"name-{i}", ""), request.POST.get(f"unit-{i}", ""), chair == str(i))
        for i in range(MAJELIS_ROWS)
        if request.POST.get(f"name-{i}", "").strip() or request.POST.get(f"unit-{i}")
    ]
    return run_action(
        request,
        lambda: services.case_examine(
            actor=request.user, case=case, members=members, note=request.POST.get("note", "")
        ),
        success=_("Kasus diteruskan ke majelis pertimbangan kode etik."),
        back=_case_url(pk),
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_dismiss(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    form = forms.CaseDismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_case_url(pk))
    return run_action(
        request,
        lambda: services.case_dismiss(actor=request.user, case=case, **form.cleaned_data),
        success=_("Laporan tidak ditindaklanjuti."),
        back=_case_url(pk),
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    form = forms.CaseDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_case_url(pk))
    return run_action(
        request,
        lambda: services.case_decide(actor=request.user, case=case, **form.cleaned_data),
        success=_("Putusan tercatat."),
        back=_case_url(pk),
    )


# --- anonymous public reports, hearings, appeals ---------------------------------------------------------------


@access(public=True, scope="anyone, without an account or a name; rate limited per address")
@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponse:
    form = forms_ethics.PublicReportForm(request.POST or None, agencies=selectors.public_agencies())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            throttle.check(request_context.client_ip_of(request))
            services.case_report_public(
                agency=d["agency"],
                subject_name=d["subject_name"],
                allegation=d["allegation"],
                contact=d["contact"],
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            return TemplateResponse(request, "governance/ethics_public_thanks.html", {})
    return TemplateResponse(
        request,
        "governance/ethics_public_report.html",
        {"form": form, "stats": selectors.public_statistics()},
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_hearing(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    form = forms_ethics.HearingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_case_url(pk))
    return run_action(
        request,
        lambda: services.hearing_record(actor=request.user, case=case, **form.cleaned_data),
        success=_("Risalah sidang tercatat."),
        back=_case_url(pk),
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_appeal(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    form = forms_ethics.AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_case_url(pk))
    return run_action(
        request,
        lambda: services.case_appeal(actor=request.user, case=case, **form.cleaned_data),
        success=_("Banding tercatat."),
        back=_case_url(pk),
    )


@access(*selectors.HEAD_ROLES, scope="the head of UKPBJ of the case's agency")
@require_POST
def case_decide_appeal(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _found(selectors.case_visible_to, user=request.user, pk=pk)
    form = forms_ethics.AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_case_url(pk))
    return run_action(
        request,
        lambda: services.case_decide_appeal(actor=request.user, case=case, **form.cleaned_data),
        success=_("Putusan banding tercatat."),
        back=_case_url(pk),
    )
