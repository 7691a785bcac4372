"""Package pages: list and detail (scoped), creation from RUP items, editing, HPS lines, hand-over, assignment,
officials, documents and the selection report."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.roles import Role

from .. import rules, selectors, services
from ..models import Package
from ..scope import today
from .common import fetch, form_errors, run_action, run_form
from .forms import (
    AssignOfficialForm,
    AssignPokjaForm,
    ChangePpkForm,
    OfficialsForm,
    PackageCreateForm,
    PackageEditForm,
    ReasonForm,
    ReportForm,
)

READ = selectors.PACKAGE_READ_ROLES
SELECTORS = (Role.POKJA, Role.PROCUREMENT_OFFICIAL)


def _package(request: AuthedRequest, pk: int) -> Package:
    return fetch(lambda: selectors.package_for(user=request.user, role=request.acting_role, pk=pk))


def _detail(pk: int) -> str:
    return reverse("planning:package_detail", args=[pk])


@access(*READ, scope="own work unit / assigned Pokja / instansi")
def package_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status")
    qs = selectors.packages_listed(
        user=request.user,
        role=request.acting_role,
        status=status if status in Package.Status.values else None,
        hps_missing=request.GET.get("hps") == "missing",
    )
    context = {"packages": qs[:500], "statuses": Package.Status.choices, "status": status}
    return render(request, "planning/package_list.html", context)


@access(Role.PPK, scope="own work unit")
def package_create(request: AuthedRequest) -> HttpResponse:
    free = selectors.rup_items_free_for_package(user=request.user)
    form = PackageCreateForm(request.POST or None, rup_items=free)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, package = run_form(
            form,
            lambda: services.package_create(
                actor=request.user,
                rup_items=list(data["rup_items"]),
                name=data["name"],
                method=data["method"],
                specification=data["specification"],
            ),
        )
        if ok:
            messages.success(request, _("Paket %(code)s dibuat.") % {"code": package.code})
            return redirect("planning:package_detail", pk=package.pk)
    return render(request, "planning/package_create.html", {"form": form})


@access(*READ, scope="own work unit / assigned Pokja / instansi")
def package_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    role = request.acting_role
    is_ppk = role == Role.PPK and package.ppk_id == request.user.pk
    context = {
        "package": package,
        "rup_items": selectors.rup_items_of_package(package=package),
        "hps_items": selectors.hps_items_visible_to(user=request.user, role=role, package=package),
        "is_ppk": is_ppk,
        "reason_form": ReasonForm(),
        "members": package.pokja.active_members() if package.pokja is not None else [],
        "allowed_methods": rules.allowed_methods(
            procurement_type=package.procurement_type, value=package.hps_total or package.pagu, on=today()
        ),
    }
    if is_ppk:
        candidates = selectors.contract_official_candidates(package=package)
        context["officials_empty"] = not candidates
        context["officials_form"] = OfficialsForm(
            users=candidates,
            initial={"contract_manager": package.contract_manager_id, "inspector": package.inspector_id},
        )
    if role in (Role.PA, Role.KPA):
        ppks = selectors.ppks_of_unit(work_unit=package.work_unit)
        context["ppk_empty"] = not ppks
        context["ppk_form"] = ChangePpkForm(users=ppks)
    if role == Role.KEPALA_UKPBJ and package.status in (Package.Status.READY, Package.Status.ASSIGNED):
        if package.method in rules.POKJA_METHODS:
            pokjas = selectors.pokjas_assignable(user=request.user, role=role, package=package)
            context["assign_pokja_form"] = AssignPokjaForm(pokjas=pokjas)
            context["assign_pokja_empty"] = not pokjas
        elif package.method in rules.PROCUREMENT_OFFICIAL_METHODS:
            officials = selectors.procurement_officials_of_unit(work_unit=package.work_unit)
            context["assign_official_form"] = AssignOfficialForm(users=officials)
            context["assign_official_empty"] = not officials
    context["can_report"] = role in SELECTORS and package.status != Package.Status.DRAFT
    return render(request, "planning/package_detail.html", context)


@access(Role.PPK, scope="the package's PPK")
def package_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    fields = PackageEditForm.base_fields
    initial = {f: getattr(package, f) for f in fields if f not in ("kak_file", "draft_contract")}
    form = PackageEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _pkg = run_form(
            form,
            lambda: services.package_update(
                actor=request.user,
                package=package,
                name=data["name"],
                location=data["location"],
                specification=data["specification"],
                method=data["method"],
                method_justification=data["method_justification"],
                direct_appointment_reason=data["direct_appointment_reason"],
                catalogue_reference=data["catalogue_reference"],
                spec_standard=data["spec_standard"],
                providers_qualified=data["providers_qualified"],
                kak_file=data["kak_file"],
                draft_contract=data["draft_contract"],
            ),
        )
        if ok:
            messages.success(request, _("Paket diperbarui."))
            return redirect("planning:package_detail", pk=package.pk)
    return render(request, "planning/package_edit.html", {"form": form, "package": package})


@require_POST
@access(Role.PPK, scope="the package's PPK")
def package_ready(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    return run_action(
        request,
        lambda: services.package_mark_ready(actor=request.user, package=package),
        success=_("Paket diserahkan ke UKPBJ."),
        back=_detail(pk),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def package_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    reason = request.POST.get("reason", "")
    return run_action(
        request,
        lambda: services.package_reopen(actor=request.user, package=package, reason=reason),
        success=_("Paket dikembalikan ke draf."),
        back=_detail(pk),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def package_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    reason = request.POST.get("reason", "")
    return run_action(
        request,
        lambda: services.package_cancel(actor=request.user, package=package, reason=reason),
        success=_("Paket dibatalkan."),
        back=_detail(pk),
    )


@require_POST
@access(Role.PPK, scope="the package's PPK")
def package_officials(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    form = OfficialsForm(request.POST, users=selectors.contract_official_candidates(package=package))
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_detail(pk))
    data = form.cleaned_data
    return run_action(
        request,
        lambda: services.package_set_officials(
            actor=request.user,
            package=package,
            contract_manager=data["contract_manager"],
            inspector=data["inspector"],
        ),
        success=_("Pengelola kontrak dan pemeriksa disimpan."),
        back=_detail(pk),
    )


@require_POST
@access(Role.PA, Role.KPA, scope="own work unit")
def package_change_ppk(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    form = ChangePpkForm(request.POST, users=selectors.ppks_of_unit(work_unit=package.work_unit))
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(_detail(pk))
    return run_action(
        request,
        lambda: services.package_change_ppk(
            actor=request.user, package=package, ppk=form.cleaned_data["ppk"]
        ),
        success=_("PPK paket diganti."),
        back=_detail(pk),
    )


@require_POST
@access(Role.KEPALA_UKPBJ, scope="own instansi")
def package_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    form: AssignPokjaForm | AssignOfficialForm
    if "pokja" in request.POST:
        form = AssignPokjaForm(
            request.POST, pokjas=selectors.pokjas_visible_to(user=request.user, role=request.acting_role)
        )
        if form.is_valid():
            return run_action(
                request,
                lambda: services.package_assign_pokja(
                    actor=request.user, package=package, pokja=form.cleaned_data["pokja"]
                ),
                success=_("Paket diserahkan ke Pokja."),
                back=_detail(pk),
            )
    else:
        form = AssignOfficialForm(
            request.POST, users=selectors.procurement_officials_of_unit(work_unit=package.work_unit)
        )
        if form.is_valid():
            return run_action(
                request,
                lambda: services.package_assign_procurement_official(
                    actor=request.user, package=package, official=form.cleaned_data["official"]
                ),
                success=_("Paket diserahkan ke Pejabat Pengadaan."),
                back=_detail(pk),
            )
    messages.error(request, form_errors(form))
    return redirect(_detail(pk))


@access(*SELECTORS, scope="the package's Pokja / Pejabat Pengadaan")
def report_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    package = _package(request, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _report = run_form(
            form,
            lambda: services.selection_report_submit(
                actor=request.user, package=package, outcome=data["outcome"], summary=data["summary"]
            ),
        )
        if ok:
            messages.success(request, _("Laporan dikirim ke Kepala UKPBJ."))
            return redirect("planning:package_detail", pk=package.pk)
    return render(request, "planning/report_form.html", {"form": form, "package": package})


@access(*READ, scope="own work unit / assigned Pokja / instansi")
def package_document(request: AuthedRequest, pk: int, which: str) -> FileResponse:
    package = _package(request, pk)
    if which not in ("kak", "kontrak"):
        raise Http404
    field = package.kak_file if which == "kak" else package.draft_contract
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{package.code}-{which}.pdf")
