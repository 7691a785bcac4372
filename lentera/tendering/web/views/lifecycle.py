"""Pokja / Pejabat Pengadaan / PA-KPA / PPK actions on a tender's life: create, schedule, documents, announce,
change and extend the schedule, fail, cancel, re-tender; the PPK's recording of swakelola / darurat."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.planning.models import Package

from ... import rules, selectors, services, states
from ...enums import TenderStatus
from .. import forms
from ._common import BUDGET_HOLDERS, OPERATORS, act, detail_url, scoped


def _same_minute(a, b) -> bool:
    if b is None:
        return False
    return all(
        x.replace(second=0, microsecond=0) == y.replace(second=0, microsecond=0)
        for x, y in zip(a, b, strict=True)
    )


def _assigned_package(request: AuthedRequest, package_id: int) -> Package:
    return selectors.assigned_package_or_404(
        user=request.user, role=request.acting_role, package_id=package_id
    )


@access(*OPERATORS, scope="package assigned to the actor's Pokja / to the actor as Pejabat Pengadaan")
def tender_create(request: AuthedRequest, package_id: int) -> HttpResponse:
    package = _assigned_package(request, package_id)
    form = forms.TenderCreateForm(request.POST or None, initial={"title": package.name})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        invited = None
        if d["invited_provider_npwp"]:
            invited = selectors.provider_by_npwp(d["invited_provider_npwp"])
            if invited is None:
                form.add_error("invited_provider_npwp", _("Penyedia dengan NPWP ini tidak ditemukan."))
        if not form.errors:
            try:
                tender = services.tender_create(
                    actor=request.user,
                    package=package,
                    title=d["title"],
                    qualification=d["qualification"],
                    envelope=d["envelope"],
                    evaluation_method=d["evaluation_method"],
                    technical_weight=d["technical_weight"],
                    price_weight=d["price_weight"],
                    passing_technical_score=d["passing_technical_score"],
                    economic_life_years=d["economic_life_years"],
                    reverse_auction=d["reverse_auction"],
                    invited_provider=invited,
                    invitation_reason=d["invitation_reason"],
                )
            except LenteraError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tender dibuat. Susun jadwal dan unggah dokumen pemilihan."))
                return redirect("tendering:schedule", pk=tender.pk)
    return render(request, "tendering/create.html", {"form": form, "package": package})


@access(*OPERATORS, scope="tender of the actor's Pokja / Pejabat Pengadaan")
def schedule(request: AuthedRequest, pk: int) -> HttpResponse:
    """Set the schedule of a draft (a suggestion that meets every rule is prefilled), or change a published one
    with a reason."""
    tender = scoped(request, pk)
    stages = states.machine_of(tender).stages
    current = selectors.schedule_windows(tender)
    if not current and tender.status == TenderStatus.DRAFT:
        current = rules.suggest_schedule(tender, stages, db_now(), tender.package.work_unit.agency_id)
    form = forms.ScheduleForm(request.POST or None, stages=stages, initial_windows=current)
    if request.method == "POST" and form.is_valid():
        windows = form.windows()
        try:
            if tender.status == TenderStatus.DRAFT:
                services.schedule_set(actor=request.user, tender=tender, windows=windows)
            else:
                changed = {s: w for s, w in windows.items() if not _same_minute(w, current.get(s))}
                services.schedule_change(
                    actor=request.user, tender=tender, changes=changed, reason=form.cleaned_data["reason"]
                )
        except LenteraError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Jadwal disimpan."))
            return redirect(detail_url(tender))
    return render(
        request,
        "tendering/schedule.html",
        {"form": form, "tender": tender, "published": tender.status != TenderStatus.DRAFT},
    )


@require_POST
@access(*OPERATORS, scope="tender of the actor's Pokja / Pejabat Pengadaan")
def stage_extend(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Data perpanjangan tidak lengkap."))
        return redirect(detail_url(tender))
    d = form.cleaned_data
    return act(
        request,
        tender,
        lambda: services.stage_extend(
            actor=request.user,
            tender=tender,
            stage=d["stage"],
            new_ends_at=forms.aware(d["new_ends_at"]),
            reason=d["reason"],
            outage_reference=d["outage_reference"],
        ),
        _("Tahapan diperpanjang dan diumumkan."),
    )


@require_POST
@access(*OPERATORS, scope="tender of the actor's Pokja / Pejabat Pengadaan")
def document_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas untuk diunggah."))
        return redirect(detail_url(tender))
    d = form.cleaned_data
    if tender.status == TenderStatus.DRAFT:
        return act(
            request,
            tender,
            lambda: services.document_upload(
                actor=request.user, tender=tender, file=d["file"], title=d["title"]
            ),
            _("Dokumen diunggah."),
        )
    return act(
        request,
        tender,
        lambda: services.addendum_issue(
            actor=request.user, tender=tender, file=d["file"], title=d["title"], reason=d["reason"]
        ),
        _("Adendum diterbitkan dan peserta diberi tahu."),
    )


@require_POST
@access(*OPERATORS, scope="tender of the actor's Pokja / Pejabat Pengadaan")
def announce(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    return act(
        request,
        tender,
        lambda: services.tender_announce(actor=request.user, tender=tender),
        _("Tender diumumkan."),
    )


@require_POST
@access(*OPERATORS, scope="tender of the actor's Pokja / Pejabat Pengadaan")
def fail(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    reason = request.POST.get("reason", "")
    return act(
        request,
        tender,
        lambda: services.tender_fail(actor=request.user, tender=tender, reason=reason),
        _("Tender dinyatakan gagal."),
    )


@require_POST
@access(*BUDGET_HOLDERS, scope="PA/KPA of the package's work unit")
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    reason = request.POST.get("reason", "")
    return act(
        request,
        tender,
        lambda: services.tender_cancel(actor=request.user, tender=tender, reason=reason),
        _("Tender dibatalkan."),
    )


@require_POST
@access(*OPERATORS, scope="failed tender of the actor's Pokja / Pejabat Pengadaan")
def retender(request: AuthedRequest, pk: int) -> HttpResponse:
    tender = scoped(request, pk)
    try:
        new = services.tender_retender(actor=request.user, tender=tender)
    except LenteraError as exc:
        messages.error(request, str(exc))
        return redirect(detail_url(tender))
    messages.success(request, _("Tender ulang dibuat; susun jadwal barunya."))
    return redirect("tendering:schedule", pk=new.pk)
