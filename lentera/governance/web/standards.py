"""The 17 LPSE standards register (F18) and its internal review (standard 17): the register per agency, one
standard's record and evidence, the review checklist and its score. Thin."""

from __future__ import annotations

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
from lentera.core.charts import Bar, bar_chart
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.webactions import run_action

from ..charts import heat_map
from ..standards import rules, selectors, services
from ..standards.models import Compliance, InternalReview
from . import forms
from .views import _found

READERS = selectors.READER_ROLES
EDITORS = selectors.EDITOR_ROLES


def _agency_pk(request: AuthedRequest) -> int | None:
    raw = request.GET.get("instansi") or request.POST.get("instansi")
    return int(raw) if raw and raw.isdigit() else None


def _can_edit(request: AuthedRequest) -> bool:
    return getattr(request, "acting_role", None) in EDITORS


def _register_url(agency_pk: int) -> str:
    return reverse("governance:standard_register") + f"?instansi={agency_pk}"


@access(*READERS, scope="the register of an agency the person works for (auditor: all)")
def standard_register(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    rows = selectors.register(agency)
    counts = dict.fromkeys(Compliance.values, 0)
    for row in rows:
        counts[row.status] += 1
    chart = bar_chart(
        title=_("Standar LPSE menurut status kepatuhan"),
        bars=[Bar(str(label), counts[value]) for value, label in Compliance.choices],
        label_heading=_("Status"),
        value_heading=_("Jumlah standar"),
    )
    return TemplateResponse(
        request,
        "governance/standard_register.html",
        {
            "agency": agency,
            "agencies": selectors.agencies_visible_to(request.user),
            "rows": rows,
            "chart": chart,
            "reviews": selectors.reviews_of(user=request.user, agency=agency),
            "can_edit": _can_edit(request),
            "review_form": forms.ReviewStartForm(initial={"held_on": local_date(db_now())}),
        },
    )


@access(*READERS, scope="a standard of an agency the person works for (auditor: all)")
def standard_detail(request: AuthedRequest, number: int) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    std = _found(selectors.standard, number=number)
    row = next(r for r in selectors.register(agency) if r.standard.pk == std.pk)
    edit = _can_edit(request)
    record = row.record
    form = None
    if edit:
        form = forms.StandardRecordForm(
            sops=selectors.sops_of(agency),
            decrees=selectors.decrees_of(agency),
            statuses=Compliance.choices,
            initial={
                "sop": record.sop_id if record else None,
                "coordinator_decree": record.coordinator_decree_id if record else None,
                "status": row.status,
                "note": record.note if record else "",
            },
        )
    return TemplateResponse(
        request,
        "governance/standard_detail.html",
        {
            "agency": agency,
            "row": row,
            "can_edit": edit,
            "form": form,
            "evidence_form": forms.EvidenceForm() if edit else None,
        },
    )


def _errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def standard_update(request: AuthedRequest, number: int) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    std = _found(selectors.standard, number=number)
    back = reverse("governance:standard_detail", args=[number]) + f"?instansi={agency.pk}"
    form = forms.StandardRecordForm(
        request.POST,
        sops=selectors.sops_of(agency),
        decrees=selectors.decrees_of(agency),
        statuses=Compliance.choices,
    )
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.record_update(actor=request.user, agency=agency, standard=std, **form.cleaned_data),
        success=_("Register standar diperbarui."),
        back=back,
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def evidence_add(request: AuthedRequest, number: int) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    std = _found(selectors.standard, number=number)
    back = reverse("governance:standard_detail", args=[number]) + f"?instansi={agency.pk}"
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.evidence_add(actor=request.user, agency=agency, standard=std, **form.cleaned_data),
        success=_("Bukti ditambahkan."),
        back=back,
    )


@access(*READERS, scope="evidence of an agency the person works for (auditor: all)")
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = _found(selectors.evidence_visible_to, user=request.user, pk=pk)
    if not evidence.document:
        raise Http404
    return FileResponse(
        evidence.document.open("rb"),
        content_type=evidence.document_type,
        filename=evidence.document.name or "bukti",
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def review_start(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    form = forms.ReviewStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(_register_url(agency.pk))
    try:
        review = services.review_start(
            actor=request.user, agency=agency, held_on=form.cleaned_data["held_on"]
        )
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect(_register_url(agency.pk))
    return redirect("governance:review_detail", review.pk)


@access(*READERS, scope="an internal review of an agency the person works for (auditor: all)")
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _found(selectors.review_visible_to, user=request.user, pk=pk)
    rated = selectors.review_items(review)
    rows = [(s, *rated.get(s.number, ("", ""))) for s in selectors.standards()]
    return TemplateResponse(
        request,
        "governance/review_detail.html",
        {
            "review": review,
            "rows": rows,
            "results": [c for c in Compliance.choices if c[0] != Compliance.NOT_ASSESSED],
            "editable": _can_edit(request) and review.status == InternalReview.Status.DRAFT,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency; a review in progress")
@require_POST
def review_rate(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _found(selectors.review_visible_to, user=request.user, pk=pk)
    ratings = [
        (s, request.POST[f"result-{s.number}"], request.POST.get(f"finding-{s.number}", ""))
        for s in selectors.standards()
        if request.POST.get(f"result-{s.number}")
    ]
    return run_action(
        request,
        lambda: services.review_rate(actor=request.user, review=review, ratings=ratings),
        success=_("Penilaian tersimpan."),
        back=reverse("governance:review_detail", args=[pk]),
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency; a review in progress")
@require_POST
def review_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    review = _found(selectors.review_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.review_complete(actor=request.user, review=review),
        success=_("Penilaian internal selesai; register standar diperbarui."),
        back=reverse("governance:review_detail", args=[pk]),
    )


@access(*READERS, scope="the risk register of an agency the person works for (auditor: all)")
def risk_register(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    today = local_date(db_now())
    scale = rules.risk_scale(today)
    risks = list(selectors.risks_of(user=request.user, agency=agency))
    levels = scale.levels
    bands = [
        [rules.risk_exposure(likelihood=c + 1, impact=levels - r, on=today)[1] for c in range(levels)]
        for r in range(levels)
    ]
    chart = heat_map(
        title=_("Peta panas risiko"),
        grid=selectors.heat_cells(risks, levels),
        bands=bands,
        x_label=_("kemungkinan"),
        y_label=_("dampak"),
        count_label=_("jumlah risiko"),
    )
    rows = [(r, *rules.risk_exposure(likelihood=r.likelihood, impact=r.impact, on=today)) for r in risks]
    return TemplateResponse(
        request,
        "governance/risk_register.html",
        {
            "agency": agency,
            "rows": rows,
            "chart": chart,
            "scale": scale,
            "form": forms.RiskForm(people=selectors.people_of(request.user)) if _can_edit(request) else None,
        },
    )


@access(*EDITORS, scope="the head / Admin UKPBJ or Kasubag LPSE of the agency")
@require_POST
def risk_create(request: AuthedRequest) -> HttpResponse:
    agency = _found(selectors.agency_visible_to, user=request.user, pk=_agency_pk(request))
    back = reverse("governance:risk_register") + f"?instansi={agency.pk}"
    form = forms.RiskForm(request.POST, people=selectors.people_of(request.user))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.risk_record(actor=request.user, agency=agency, **form.cleaned_data),
        success=_("Risiko tercatat."),
        back=back,
    )
