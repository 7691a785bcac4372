"""Staff administration for system and UKPBJ admins: people, their roles by decree, activation.

Every write goes through lentera.accounts.services; reads are scoped by lentera.accounts.selectors (an agency
admin sees the staff of their own agency only). Plain forms: works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lentera.core.access import access
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from .. import selectors, services
from ..http import AuthedRequest
from ..models import User
from .forms import RoleAssignForm, RoleRevokeForm, StaffCreateForm, StatusForm

ADMINS = (Role.SYSADMIN, Role.ADMIN_UKPBJ)
SCOPE = "staff of the admin's agency (system administrator: all)"

#: Which form field a service refusal belongs to (others are shown above the form).
ERROR_FIELDS = {
    "USER_ID_TAKEN": "user_id",
    "USER_ID_INVALID": "user_id",
    "EMAIL_TAKEN": "email",
    "EMAIL_INVALID": "email",
    "NAME_REQUIRED": "full_name",
    "NIP_INVALID": "nip",
    "PERIOD_INVALID": "ends_on",
    "DECREE_REQUIRED": "decree_number",
    "FILE_TYPE_NOT_ALLOWED": "decree_file",
    "EMPTY_FILE": "decree_file",
    "DECREE_FILE_TOO_LARGE": "decree_file",
    "REASON_REQUIRED": "reason",
}


def _add_error(form, exc: LenteraError) -> None:
    field = ERROR_FIELDS.get(exc.code)
    form.add_error(field if field in form.fields else None, str(exc))


def _person(request: AuthedRequest, user_id: str) -> User:
    person = selectors.person_visible_to(user=request.user, user_id=user_id)
    if person is None:
        raise Http404
    return person


@access(*ADMINS, scope=SCOPE)
def people_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    status = request.GET.get("status", "")
    status = status if status in User.Status.values else ""
    ending = request.GET.get("berakhir") == "30"
    people = selectors.people_listed(
        user=request.user, q=q, status=status, ending_within_days=30 if ending else None
    )
    context = {
        "people": people[:200],
        "q": q,
        "status": status,
        "ending": ending,
        "statuses": User.Status.choices,
    }
    return render(request, "accounts/people_list.html", context)


@access(*ADMINS, scope=SCOPE)
def person_new(request: AuthedRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(actor=request.user, **form.cleaned_data)
        except LenteraError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Akun %(user_id)s dibuat. Tautan pengaturan kata sandi dikirim ke emailnya.")
                % {"user_id": person.user_id},
            )
            return redirect("accounts:person", user_id=person.user_id)
    return render(request, "accounts/person_new.html", {"form": form}, status=400 if form.errors else 200)


def _detail(
    request: AuthedRequest, person: User, *, assign_form=None, status_form=None, code=200
) -> HttpResponse:
    units = selectors.work_units_for_admin(user=request.user)
    context = {
        "person": person,
        "assignments": selectors.assignments_of(person=person),
        "assign_form": assign_form or RoleAssignForm(units=units),
        "revoke_form": RoleRevokeForm(),
        "status_form": status_form or StatusForm(initial={"status": person.status}),
    }
    return render(request, "accounts/person_detail.html", context, status=code)


@access(*ADMINS, scope=SCOPE)
def person_detail(request: AuthedRequest, user_id: str) -> HttpResponse:
    return _detail(request, _person(request, user_id))


@require_POST
@access(*ADMINS, scope=SCOPE)
def person_role_assign(request: AuthedRequest, user_id: str) -> HttpResponse:
    person = _person(request, user_id)
    form = RoleAssignForm(
        request.POST, request.FILES, units=selectors.work_units_for_admin(user=request.user)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.role_assign(
                actor=request.user,
                user=person,
                role=data["role"],
                work_unit=data["work_unit"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                decree_number=data["decree_number"],
                decree_date=data["decree_date"],
                decree_file=data["decree_file"],
            )
        except LenteraError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Peran diberikan."))
            return redirect("accounts:person", user_id=person.user_id)
    return _detail(request, person, assign_form=form, code=400)


@require_POST
@access(*ADMINS, scope=SCOPE)
def person_role_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_visible_to(user=request.user, pk=pk)
    if assignment is None:
        raise Http404
    form = RoleRevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise LenteraError("REASON_REQUIRED", _("Alasan pencabutan wajib diisi."))
        services.role_revoke(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Peran dicabut."))
    return redirect("accounts:person", user_id=assignment.user.user_id)


@require_POST
@access(*ADMINS, scope=SCOPE)
def person_status(request: AuthedRequest, user_id: str) -> HttpResponse:
    person = _person(request, user_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_status(
                actor=request.user,
                user=person,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except LenteraError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Status akun diperbarui."))
            return redirect("accounts:person", user_id=person.user_id)
    return _detail(request, person, status_form=form, code=400)
