"""Monitoring and report pages for the UKPBJ (Kepala, Admin) and the auditor (read only). Thin: the filters in, a
selector or one service call, a page or a redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError, NotFound
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import exports, figures, rules, sections, selectors, services
from ..states import EDITABLE, FROZEN, Action, BuildStatus, actions_for
from . import forms

READ = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR)
EDIT = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ)
SCOPE = "own instansi (the packages planning lets the role read)"


def _filters(request: AuthedRequest) -> tuple[figures.Filters, forms.FilterForm]:
    year_default = local_date(db_now()).year
    raw = request.GET.get("tahun", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else year_default
    units = selectors.work_units_in_scope(user=request.user, role=request.acting_role, year=year)
    data = {
        "tahun": year,
        **{k: request.GET.get(k, "") for k in ("semester", "satker", "metode", "instansi")},
    }
    form = forms.FilterForm(data, units=units)
    d = form.cleaned_data if form.is_valid() else {"tahun": year}
    return (
        figures.Filters(
            year=d.get("tahun") or year,
            semester=d.get("semester"),
            work_unit_id=d.get("satker"),
            method=str(d.get("metode") or ""),
            agency_id=d.get("instansi"),
        ),
        form,
    )


def _query(f: figures.Filters, **changes: Any) -> str:
    values = {
        "tahun": f.year,
        "semester": f.semester or "",
        "satker": f.work_unit_id or "",
        "metode": f.method,
        "instansi": f.agency_id or "",
    }
    values.update(changes)
    return "&".join(f"{k}={v}" for k, v in values.items() if v not in ("", None))


@access(*READ, scope=SCOPE)
def dashboard(request: AuthedRequest) -> HttpResponse:
    f, form = _filters(request)
    data = selectors.dashboard(user=request.user, role=request.acting_role, filters=f)
    tables = exports.rendered(sections.dashboard_sections(data["scoped"], selectors.service_figures(f)))
    base = reverse("reporting:dashboard")
    for row in data["by_unit"]:
        row["url"] = f"{base}?{_query(f, satker=row['key'])}"
    for row in data["by_agency"]:
        row["url"] = f"{base}?{_query(f, instansi=row['key'], satker='')}"
    return TemplateResponse(
        request,
        "reporting/dashboard.html",
        {
            "data": data,
            "form": form,
            "stage_labels": sections.stage_labels(),
            "sections": tables,
            "query": _query(f),
            "up_url": f"{base}?{_query(f, satker='')}",
            "top_url": f"{base}?{_query(f, satker='', instansi='')}",
            "computed_at": db_now(),
        },
    )


@access(*READ, scope=SCOPE)
def dashboard_download(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    f, _form = _filters(request)
    data = sections.dashboard_sections(
        selectors.scoped(user=request.user, role=request.acting_role, filters=f), selectors.service_figures(f)
    )
    stem = f"monitoring-{f.year}" + (f"-s{f.semester}" if f.semester else "")
    if fmt == "csv":
        response = HttpResponse(exports.csv_text(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes(data, heading=_("Monitoring pengadaan %(year)s") % {"year": f.year}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _create_form(request: AuthedRequest, data: Any = None) -> forms.ReportCreateForm:
    agencies = [(a.pk, a.name) for a in selectors.agencies_of(user=request.user, role=request.acting_role)]
    today = local_date(db_now())
    initial = {"kind": rules.SEMESTER_1 if today.month <= 6 else rules.SEMESTER_2, "year": today.year}
    return forms.ReportCreateForm(data, agencies=agencies, initial=initial)


def _reports_page(request: AuthedRequest, form: forms.ReportCreateForm, status: int = 200) -> HttpResponse:
    role = request.acting_role
    return TemplateResponse(
        request,
        "reporting/reports.html",
        {
            "reports": selectors.reports_listed(user=request.user, role=role),
            "form": form,
            "can_edit": role in EDIT,
        },
        status=status,
    )


@access(*READ, scope="reports of own instansi")
def reports(request: AuthedRequest) -> HttpResponse:
    return _reports_page(request, _create_form(request))


@require_POST
@access(*EDIT, scope="own instansi")
def report_create(request: AuthedRequest) -> HttpResponse:
    form = _create_form(request, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            report = services.report_create(
                actor=request.user,
                role=request.acting_role,
                agency_id=d["agency"],
                kind=d["kind"],
                year=d["year"],
            )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draf laporan dibuat."))
            return redirect("reporting:report_detail", pk=report.pk)
    return _reports_page(request, form, status=400)


def _report(request: AuthedRequest, pk: int):
    try:
        return selectors.report_for(user=request.user, role=request.acting_role, pk=pk)
    except NotFound:
        raise Http404 from None


@access(*READ, scope=SCOPE)
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    role = request.acting_role
    if report.snapshot is not None:
        content = sections.thaw(report.snapshot)
    else:
        content = services.compute_sections(actor=request.user, role=role, report=report)
    first, last = rules.report_period(report.kind, report.year)
    return TemplateResponse(
        request,
        "reporting/report.html",
        {
            "report": report,
            "sections": exports.rendered(content),
            "period": (first, last),
            "can_edit": role in EDIT,
            "editable": role in EDIT and report.state in EDITABLE,
            "frozen": report.state in FROZEN,
            "actions": [(a, Action(a).label) for a in actions_for(report.state, role) if a != Action.SUBMIT],
            "can_submit": Action.SUBMIT in actions_for(report.state, role),
            "corrected": selectors.has_correction(report),
            "text_form": forms.TextForm(
                initial={"analysis": report.analysis, "recommendations": report.recommendations}
            ),
            "submit_form": forms.SubmitForm(
                initial={
                    "submitted_on": local_date(db_now()),
                    "submitted_to": rules.default_recipient(local_date(db_now())),
                }
            ),
            "correct_form": forms.CorrectForm(),
            "building": report.build_status in (BuildStatus.QUEUED, BuildStatus.RUNNING),
        },
    )


@access(*READ, scope=SCOPE)
def report_build(request: AuthedRequest, pk: int) -> HttpResponse:
    """The files' build status (the page polls it with htmx while the build runs)."""
    report = _report(request, pk)
    return TemplateResponse(
        request,
        "reporting/_build.html",
        {
            "report": report,
            "building": report.build_status in (BuildStatus.QUEUED, BuildStatus.RUNNING),
            "can_edit": request.acting_role in EDIT,
        },
    )


@require_POST
@access(*EDIT, scope="own instansi; while a draft or under review")
def report_text(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = forms.TextForm(request.POST)
    back = reverse("reporting:report_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Periksa isian."))
        return redirect(back)
    d = form.cleaned_data
    return run_action(
        request,
        lambda: services.report_update_text(
            actor=request.user,
            role=request.acting_role,
            report=report,
            analysis=d["analysis"],
            recommendations=d["recommendations"],
        ),
        success=_("Teks laporan disimpan."),
        back=back,
    )


@require_POST
@access(*EDIT, scope="own instansi; approve and submit: Kepala UKPBJ (states.TRANSITIONS)")
def report_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    report = _report(request, pk)
    if action not in Action.values:
        raise Http404
    back = reverse("reporting:report_detail", args=[pk])
    extra: dict[str, Any] = {}
    if action == Action.SUBMIT:
        form = forms.SubmitForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Isi tanggal penyampaian dan penerima laporan."))
            return redirect(back)
        extra = form.cleaned_data
    return run_action(
        request,
        lambda: services.report_transition(
            actor=request.user, role=request.acting_role, report=report, action=action, **extra
        ),
        success=_("Status laporan diperbarui."),
        back=back,
    )


@require_POST
@access(*EDIT, scope="own instansi; an approved or submitted version")
def report_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = forms.CorrectForm(request.POST)
    back = reverse("reporting:report_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan koreksi."))
        return redirect(back)
    try:
        new = services.report_correct(
            actor=request.user, role=request.acting_role, report=report, reason=form.cleaned_data["reason"]
        )
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("Versi koreksi dibuat."))
    return redirect("reporting:report_detail", pk=new.pk)


@require_POST
@access(*EDIT, scope="own instansi; after a failed build")
def report_rebuild(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return run_action(
        request,
        lambda: services.report_rebuild(actor=request.user, role=request.acting_role, report=report),
        success=_("Pembuatan berkas diantrekan lagi."),
        back=reverse("reporting:report_detail", args=[pk]),
    )


@access(*READ, scope=SCOPE)
def report_file(request: AuthedRequest, pk: int, fmt: str) -> FileResponse:
    report = _report(request, pk)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(fmt)
    if stored is None or not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1])
