"""Maturity self-assessment pages (F20): the assessments by year, one assessment's sheet (criteria, answers with
evidence, Lentera's own figures, domain scores, roadmap), and the head's submission. Thin: forms in, one service
call, a redirect."""

from __future__ import annotations

from decimal import Decimal

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
from lentera.core.roles import Role
from lentera.core.webactions import run_action

from .. import selectors as governance_selectors
from ..maturity import selectors, services
from . import forms
from .views import MANAGERS, READERS, _can_manage, _found


def _score(value: Decimal | int) -> str:
    return f"{Decimal(value):.2f}".replace(".", ",")


@access(*READERS, scope="assessments of the agencies the person works for (auditor: all)")
def assessment_list(request: AuthedRequest) -> HttpResponse:
    manage = _can_manage(request)
    form = None
    if manage:
        form = forms.AssessmentStartForm(
            agencies=governance_selectors.agencies_managed_by(request.user),
            initial={
                "agency": governance_selectors.single_managed_agency(request.user),
                "year": local_date(db_now()).year,
            },
        )
    return TemplateResponse(
        request,
        "governance/assessment_list.html",
        {
            "assessments": selectors.assessments_visible_to(request.user),
            "model": selectors.current_model(),
            "can_manage": manage,
            "form": form,
        },
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the agency assessed")
@require_POST
def assessment_start(request: AuthedRequest) -> HttpResponse:
    form = forms.AssessmentStartForm(
        request.POST, agencies=governance_selectors.agencies_managed_by(request.user)
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("governance:assessment_list")
    try:
        assessment = services.assessment_start(actor=request.user, **form.cleaned_data)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect("governance:assessment_list")
    return redirect("governance:assessment_detail", assessment.pk)


@access(*READERS, scope="an assessment of the agencies the person works for (auditor: all)")
def assessment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    domains = selectors.sheet(assessment, on=local_date(db_now()))
    levels = selectors.levels_of(assessment.model)
    editable = _can_manage(request) and not assessment.frozen
    variables = [row.variable for d in domains for row in d.rows]
    chart = bar_chart(
        title=_("Skor rata-rata tingkat per ranah"),
        bars=[Bar(d.domain.name, d.score) for d in domains if d.score is not None],
        label_heading=_("Ranah"),
        value_heading=_("Skor (1–5)"),
        formatter=_score,
        empty=_("belum ada variabel yang dinilai"),
    )
    forms_by_variable = {}
    if editable:
        for d in domains:
            for row in d.rows:
                initial = {}
                if row.answer:
                    initial = {
                        "level": row.answer.level,
                        "justification": row.answer.justification,
                        "evidence_link": row.answer.evidence_link,
                    }
                elif row.indicator:
                    initial = {"evidence_link": row.indicator.link}
                forms_by_variable[row.variable.pk] = forms.AnswerForm(
                    levels=levels, initial=initial, prefix=f"v{row.variable.pk}"
                )
    for d in domains:
        for row in d.rows:
            row.form = forms_by_variable.get(row.variable.pk)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "governance/assessment_detail.html",
        {
            "assessment": assessment,
            "domains": domains,
            "levels": levels,
            "chart": chart,
            "editable": editable,
            "can_manage": _can_manage(request),
            "can_submit": editable and getattr(request, "acting_role", None) == Role.KEPALA_UKPBJ,
            "unanswered": selectors.unanswered_codes(assessment),
            "target_form": forms.TargetForm(variables=variables, levels=levels) if editable else None,
            "action_form": (
                forms.ActionForm(variables=variables, people=selectors.owners_for(request.user))
                if editable
                else None
            ),
        },
    )


def _back(pk: int) -> str:
    return reverse("governance:assessment_detail", args=[pk])


@access(*MANAGERS, scope="the head or Admin UKPBJ of the agency assessed; a draft assessment")
@require_POST
def answer_save(request: AuthedRequest, pk: int, variable_id: int) -> HttpResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    variable = _found(selectors.variable_of, assessment=assessment, pk=variable_id)
    form = forms.AnswerForm(
        request.POST, request.FILES, levels=selectors.levels_of(assessment.model), prefix=f"v{variable.pk}"
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_back(pk))
    return run_action(
        request,
        lambda: services.answer_save(
            actor=request.user, assessment=assessment, variable=variable, **form.cleaned_data
        ),
        success=_("Penilaian variabel %(code)s tersimpan.") % {"code": variable.code},
        back=_back(pk) + f"#var-{variable.pk}",
    )


@access(*READERS, scope="the evidence of an assessment the person may see")
def answer_evidence(request: AuthedRequest, pk: int, variable_id: int) -> FileResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    variable = _found(selectors.variable_of, assessment=assessment, pk=variable_id)
    answer = selectors.answer_of(assessment, variable)
    if answer is None or not answer.evidence_file:
        raise Http404
    return FileResponse(
        answer.evidence_file.open("rb"),
        content_type=answer.evidence_type,
        filename=answer.evidence_file.name or "bukti",
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the agency assessed; a draft assessment")
@require_POST
def roadmap_target(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    variables = selectors.variables_of(assessment.model)
    form = forms.TargetForm(request.POST, variables=variables, levels=selectors.levels_of(assessment.model))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_back(pk))
    data = form.cleaned_data
    variable = _found(selectors.variable_of, assessment=assessment, pk=data["variable"])
    return run_action(
        request,
        lambda: services.target_set(
            actor=request.user,
            assessment=assessment,
            variable=variable,
            year=data["year"],
            level=data["level"],
        ),
        success=_("Sasaran peta jalan tersimpan."),
        back=_back(pk) + "#roadmap",
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the agency assessed; a draft assessment")
@require_POST
def action_add(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    form = forms.ActionForm(
        request.POST,
        variables=selectors.variables_of(assessment.model),
        people=selectors.owners_for(request.user),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_back(pk))
    data = form.cleaned_data
    variable = _found(selectors.variable_of, assessment=assessment, pk=data["variable"])
    return run_action(
        request,
        lambda: services.action_add(
            actor=request.user,
            assessment=assessment,
            variable=variable,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        ),
        success=_("Tindakan peta jalan ditambahkan."),
        back=_back(pk) + "#roadmap",
    )


@access(*MANAGERS, scope="the head or Admin UKPBJ of the agency assessed")
@require_POST
def action_done(request: AuthedRequest, pk: int) -> HttpResponse:
    action = _found(selectors.action_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.action_done(actor=request.user, action=action),
        success=_("Tindakan ditandai selesai."),
        back=_back(action.assessment_id) + "#roadmap",
    )


@access(
    Role.KEPALA_UKPBJ, scope="the head of UKPBJ of the agency assessed (Permendagri 53/2021 Pasal 24 (5))"
)
@require_POST
def assessment_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    assessment = _found(selectors.assessment_visible_to, user=request.user, pk=pk)
    return run_action(
        request,
        lambda: services.assessment_submit(actor=request.user, assessment=assessment),
        success=_("Penilaian mandiri disampaikan dan dibekukan."),
        back=_back(pk),
    )
