"""Staff registration with SK, deactivation / reactivation of User IDs, and blacklist entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.accounts import selectors as account_selectors
from lentera.accounts.http import AuthedRequest
from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from ... import selectors, services
from ..forms import BlacklistForm, ReasonForm, StaffRegisterForm, add_service_error

STAFF_ADMIN_ROLES = (Role.SYSADMIN, Role.ADMIN_UKPBJ)
STATUS_ROLES = (Role.VERIFIKATOR, Role.SYSADMIN, Role.ADMIN_UKPBJ)
BLACKLIST_ROLES = (Role.VERIFIKATOR, Role.ADMIN_UKPBJ, Role.SYSADMIN, Role.PA, Role.KPA)


@access(*STAFF_ADMIN_ROLES)
def staff_register(request: AuthedRequest) -> HttpResponse:
    """Register a government user with the surat tugas / SK; the account works once verified."""
    form = StaffRegisterForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.staff_register(
                actor=request.user,
                user_id=data["user_id"],
                full_name=data["full_name"],
                email=data["email"],
                nip=data["nip"],
                phone=data["phone"],
                role=data["role"],
                work_unit=data["work_unit"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                file=data["file"],
            )
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Akun %(user_id)s terdaftar dan menunggu verifikasi surat tugas / SK.")
                % {"user_id": user.user_id},
            )
            return redirect("providers:archive_user", pk=user.pk)
    return render(
        request, "providers/staff_register.html", {"form": form}, status=400 if form.errors else 200
    )


@access(*STATUS_ROLES)
def accounts_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = selectors.users_for_status_management(query)[:100]
    return render(
        request, "providers/accounts.html", {"users": users, "q": query, "reason_form": ReasonForm()}
    )


def _set_status(request: AuthedRequest, pk: int, service, done: str) -> HttpResponse:
    user = account_selectors.user_by_pk(pk)
    if user is None:
        raise Http404
    form = ReasonForm(request.POST)
    try:
        service(actor=request.user, user=user, reason=form.data.get("reason", ""))
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"user_id": user.user_id})
    return redirect(f"{reverse('providers:accounts')}?q={user.user_id}")


@require_POST
@access(*STATUS_ROLES)
def account_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, services.account_deactivate, _("User ID %(user_id)s dinonaktifkan."))


@require_POST
@access(*STATUS_ROLES)
def account_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_status(request, pk, services.account_reactivate, _("User ID %(user_id)s diaktifkan kembali."))


@access(*BLACKLIST_ROLES)
def blacklist_manage(request: AuthedRequest) -> HttpResponse:
    """Enter a blacklist sanction on the request of a PA/KPA, and see every entry (active and expired)."""
    proposal = selectors.open_blacklist_proposal(
        request.POST.get("proposal") if request.method == "POST" else request.GET.get("usulan")
    )
    initial = (
        {
            "npwp": proposal.npwp,
            "provider_name": proposal.provider_name,
            "category": proposal.category,
            "violation": proposal.violation,
            "proposal": proposal.pk,
        }
        if proposal is not None
        else None
    )
    form = BlacklistForm(
        request.POST if request.method == "POST" else None,
        requesters=selectors.pa_kpa_users(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.blacklist_create(
                actor=request.user,
                npwp=data["npwp"],
                provider_name=data["provider_name"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                violation=data["violation"],
                category=data["category"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                requested_by=data["requested_by"],
                proposal=proposal,
            )
        except LenteraError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Sanksi daftar hitam dicatat."))
            return redirect("providers:blacklist_manage")
    context = {
        "form": form,
        "entries": selectors.blacklist_all(),
        "today": timezone.localdate(),
        "proposals": selectors.open_blacklist_proposals(),
        "proposal": proposal,
    }
    return render(request, "providers/blacklist_manage.html", context, status=400 if form.errors else 200)
