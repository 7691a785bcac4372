"""Pokja Pemilihan pages (Permendagri 53/2021 Pasal 9, 12, 15), Pejabat Pengadaan requests (Pasal 16), selection
reports (Pasal 17) and the admin's non-working days."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role

from .. import selectors, services
from ..models import PokjaMember, ProcurementOfficialRequest, SelectionReport
from ..scope import agency_ids, home_unit, unit_ids
from .common import acting_role, fetch, form_errors, run_action, run_form
from .forms import (
    CertifiedMemberFormSet,
    DissolveForm,
    MembersChangeForm,
    NonWorkingDayForm,
    OfficialAssignForm,
    OfficialRequestForm,
    PokjaForm,
    ReasonForm,
)

POKJA_READ = (Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR, Role.POKJA)
CALENDAR_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)


def _kepala_agency(request: AuthedRequest) -> int | None:
    ids = agency_ids(request.user, [Role.KEPALA_UKPBJ])
    return min(ids) if ids else None


@access(*POKJA_READ, scope="own instansi / own Pokja")
def pokja_list(request: AuthedRequest) -> HttpResponse:
    pokjas = selectors.pokjas_listed(user=request.user, role=request.acting_role)
    return render(request, "planning/pokja_list.html", {"pokjas": pokjas})


@access(Role.KEPALA_UKPBJ, scope="own UKPBJ")
def pokja_create(request: AuthedRequest) -> HttpResponse:
    agency_id = _kepala_agency(request) or 0
    pengelola = selectors.procurement_official_candidates(agency_id=agency_id)
    candidates = selectors.pokja_candidates(agency_id=agency_id)
    form = PokjaForm(request.POST or None, pengelola=pengelola)
    certified = CertifiedMemberFormSet(
        request.POST or None, prefix="cert", form_kwargs={"candidates": candidates}
    )
    if request.method == "POST" and form.is_valid() and certified.is_valid():
        data = form.cleaned_data
        chair = data.get("chair")
        members = [
            services.MemberInput(user=u, is_chair=(chair is not None and u.pk == chair.pk))
            for u in data["members"]
        ]
        for row in certified.cleaned_data:
            if row and row.get("user"):
                members.append(
                    services.MemberInput(
                        user=row["user"],
                        qualification=PokjaMember.Qualification.CERTIFIED_CIVIL_SERVANT,
                        certificate_number=row.get("certificate_number") or "",
                        coordination_note=row.get("coordination_note") or "",
                        coordinated_on=row.get("coordinated_on"),
                    )
                )
        ukpbj = home_unit(request.user, Role.KEPALA_UKPBJ)
        ok, pokja = run_form(
            form,
            lambda: services.pokja_form(
                actor=request.user,
                name=data["name"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                members=members,
                ukpbj=ukpbj,
            ),
        )
        if ok:
            messages.success(request, _("Pokja %(name)s dibentuk.") % {"name": pokja.name})
            return redirect("planning:pokja_detail", pk=pokja.pk)
    return render(request, "planning/pokja_form.html", {"form": form, "certified": certified})


@access(*POKJA_READ, scope="own instansi / own Pokja")
def pokja_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    pokja = fetch(lambda: selectors.pokja_for(user=request.user, role=request.acting_role, pk=pk))
    context = {
        "pokja": pokja,
        "members": selectors.pokja_members_of(pokja=pokja, current_first=True),
        "packages": selectors.pokja_packages(pokja=pokja),
        "can_manage": request.acting_role == Role.KEPALA_UKPBJ and pokja.dissolved_at is None,
    }
    if context["can_manage"]:
        current = selectors.pokja_current_users(pokja=pokja)
        pengelola = selectors.procurement_official_candidates(
            agency_id=pokja.ukpbj.agency_id, excluding=current
        )
        context["members_form"] = MembersChangeForm(current=current, pengelola=pengelola)
        context["dissolve_form"] = DissolveForm()
    return render(request, "planning/pokja_detail.html", context)


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def pokja_members(request: AuthedRequest, pk: int) -> HttpResponse:
    pokja = fetch(lambda: selectors.pokja_for(user=request.user, role=request.acting_role, pk=pk))
    form = MembersChangeForm(
        request.POST,
        current=selectors.pokja_current_users(pokja=pokja),
        pengelola=selectors.procurement_official_candidates(agency_id=pokja.ukpbj.agency_id),
    )
    back = reverse("planning:pokja_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.pokja_members_change(
            actor=request.user,
            pokja=pokja,
            decree_number=data["decree_number"],
            add=[services.MemberInput(user=u) for u in data["add"]],
            remove=list(data["remove"]),
            reason=data["reason"],
        ),
        success=_("Anggota Pokja diubah."),
        back=back,
    )


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def pokja_dissolve(request: AuthedRequest, pk: int) -> HttpResponse:
    pokja = fetch(lambda: selectors.pokja_for(user=request.user, role=request.acting_role, pk=pk))
    form = DissolveForm(request.POST)
    back = reverse("planning:pokja_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    return run_action(
        request,
        lambda: services.pokja_dissolve(
            actor=request.user,
            pokja=pokja,
            decree_number=form.cleaned_data["decree_number"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("Pokja dibubarkan."),
        back=back,
    )


# --- Pejabat Pengadaan (Pasal 16) ---------------------------------------------------------------------------

REQUEST_READ = (Role.PA, Role.KPA, Role.KEPALA_UKPBJ, Role.AUDITOR)


@access(*REQUEST_READ, scope="own work unit / instansi")
def official_request_list(request: AuthedRequest) -> HttpResponse:
    role = request.acting_role
    requests = selectors.official_requests_visible_to(user=request.user, role=role)
    context: dict[str, Any] = {"requests": requests[:300], "role": role}
    if role in (Role.PA, Role.KPA):
        context["request_form"] = OfficialRequestForm(
            work_units=account_selectors.work_units_by_pk(unit_ids(request.user, [role]))
        )
    if role == Role.KEPALA_UKPBJ:
        context["assign_form"] = OfficialAssignForm(
            users=selectors.procurement_official_candidates(agency_id=_kepala_agency(request) or 0)
        )
        context["reject_form"] = ReasonForm()
    return render(request, "planning/official_requests.html", context)


@require_POST
@access(Role.PA, Role.KPA, scope="own work unit")
def official_request_create(request: AuthedRequest) -> HttpResponse:
    form = OfficialRequestForm(
        request.POST,
        work_units=account_selectors.work_units_by_pk(unit_ids(request.user, [acting_role(request)])),
    )
    back = reverse("planning:official_request_list")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.procurement_official_request_create(
            actor=request.user,
            work_unit=data["work_unit"],
            letter_number=data["letter_number"],
            note=data["note"],
        ),
        success=_("Permintaan Pejabat Pengadaan dikirim ke Kepala UKPBJ."),
        back=back,
    )


def _request(request: AuthedRequest, pk: int) -> ProcurementOfficialRequest:
    return fetch(lambda: selectors.official_request_for(user=request.user, role=request.acting_role, pk=pk))


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def official_request_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    form = OfficialAssignForm(
        request.POST, users=selectors.procurement_official_candidates(agency_id=req.work_unit.agency_id)
    )
    back = reverse("planning:official_request_list")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(back)
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.procurement_official_assign(
            actor=request.user,
            request=req,
            official=data["official"],
            decree_number=data["decree_number"],
            decree_date=data["decree_date"],
        ),
        success=_("Pejabat Pengadaan ditugaskan."),
        back=back,
    )


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def official_request_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    note = request.POST.get("reason", "")
    return run_action(
        request,
        lambda: services.procurement_official_request_reject(actor=request.user, request=req, note=note),
        success=_("Permintaan ditolak."),
        back=reverse("planning:official_request_list"),
    )


# --- reports (Pasal 17) ---------------------------------------------------------------------------------------


@access(
    Role.KEPALA_UKPBJ, Role.AUDITOR, Role.POKJA, Role.PROCUREMENT_OFFICIAL, scope="own instansi / own reports"
)
def report_list(request: AuthedRequest) -> HttpResponse:
    outcome = request.GET.get("hasil")
    reports = selectors.selection_reports_visible_to(
        user=request.user,
        role=request.acting_role,
        outcome=outcome if outcome in SelectionReport.Outcome.values else None,
    )
    context = {"reports": reports[:500], "outcomes": SelectionReport.Outcome.choices, "outcome": outcome}
    return render(request, "planning/reports.html", context)


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def report_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    report = fetch(lambda: selectors.selection_report_for(user=request.user, role=request.acting_role, pk=pk))
    return run_action(
        request,
        lambda: services.selection_report_acknowledge(actor=request.user, report=report),
        success=_("Laporan diterima."),
        back=reverse("planning:report_list"),
    )


# --- working-day calendar -----------------------------------------------------------------------------------


@access(*CALENDAR_ROLES, scope="national days and own instansi's local days")
def calendar_view(request: AuthedRequest) -> HttpResponse:
    role = acting_role(request)
    agencies = list(account_selectors.agencies_by_pk(agency_ids(request.user, [role])))
    form = NonWorkingDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = agencies[0] if agencies and data["kind"] == NonWorkingDay.Kind.LOCAL else None
        ok, _day = run_form(
            form,
            lambda: services.non_working_day_add(
                actor=request.user, date=data["date"], kind=data["kind"], name=data["name"], agency=agency
            ),
        )
        if ok:
            messages.success(request, _("Hari libur ditambahkan."))
            return redirect("planning:calendar")
    days = selectors.non_working_days_visible_to(user=request.user, role=role)[:400]
    return render(request, "planning/calendar.html", {"form": form, "days": days})


@require_POST
@access(*CALENDAR_ROLES, scope="national days and own instansi's local days")
def calendar_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    day = selectors.non_working_day_by_pk(pk)
    if day is None:
        raise Http404
    return run_action(
        request,
        lambda: services.non_working_day_remove(actor=request.user, day=day),
        success=_("Hari libur dihapus."),
        back=reverse("planning:calendar"),
    )
