"""Login (password, then TOTP), role switching, dashboard, account and API tokens."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from lentera.core import dashboard
from lentera.core.access import access, is_two_factor_verified, needs_two_factor
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError

from .. import selectors, services
from ..http import AuthedRequest
from ..middleware import ACTING_ROLE_SESSION_KEY
from .forms import LoginForm, OtpForm, TokenCreateForm


def _safe_next(request: AuthedRequest, fallback: str = "accounts:dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(reverse_lazy(fallback))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """Shown (status 429) when a User ID is locked after repeated failures (django-axes' lockout callable)."""
    return render(request, "accounts/locked.html", status=429)


@access(public=True)
def login_view(request: AuthedRequest) -> HttpResponse:
    if request.user.is_authenticated and (
        not needs_two_factor(request.user) or is_two_factor_verified(request)
    ):
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        if user is None:
            form.add_error(None, _("User ID atau kata sandi salah, atau akun belum aktif."))
        else:
            login(request, user, backend="lentera.accounts.backends.UserIdBackend")
            services.login_record(actor=user)
            if needs_two_factor(user):
                return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': _safe_next(request)})}")
            return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


@access(any_user=True, allow_unverified=True)
def otp_view(request: AuthedRequest) -> HttpResponse:
    """Second factor: verify a TOTP code, enrolling a device first if the person has none."""
    user = request.user
    device = selectors.confirmed_totp_device_of(user=user)
    enrolling = device is None
    if device is None:
        device = services.totp_enrolment_device(actor=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(actor=user, token=form.cleaned_data["token"])
        except LenteraError as exc:
            form.add_error("token", str(exc))
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    context = {"form": form, "enrolling": enrolling, "next": request.GET.get("next", "")}
    if enrolling:
        context["qr_svg"] = services.totp_qr_svg(device)
        context["secret_b32"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


@require_POST
@access(any_user=True, allow_unverified=True)
def logout_view(request: AuthedRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@require_POST
@access(any_user=True)
def role_switch(request: AuthedRequest) -> HttpResponse:
    role = request.POST.get("role", "")
    try:
        services.acting_role_switch(actor=request.user, role=role)
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        request.session[ACTING_ROLE_SESSION_KEY] = role
    return redirect(_safe_next(request))


@access(any_user=True)
def dashboard_view(request: AuthedRequest) -> HttpResponse:
    items = dashboard.items_for(request.user, request.acting_role)
    held = request.user.active_role_codes()
    context = {
        "items": [i for i in items if i.waiting],
        "figures": [i for i in items if not i.waiting],
        "other_items": dashboard.other_roles_items(request.user, request.acting_role, held),
        "assignments": selectors.active_assignments_of(user=request.user),
        "now": db_now(),
    }
    return render(request, "accounts/dashboard.html", context)


@access(any_user=True)
def account_view(request: AuthedRequest) -> HttpResponse:
    context = {
        "assignments": selectors.active_assignments_of(user=request.user),
        "has_totp": selectors.confirmed_totp_device_of(user=request.user) is not None,
        "active_tokens": selectors.usable_token_count(user=request.user),
    }
    return render(request, "accounts/account.html", context)


@access(any_user=True)
def tokens_view(request: AuthedRequest) -> HttpResponse:
    """Akun > Token API: the person's tokens (scope, expiry, last use), minting one, revoking one."""
    form = TokenCreateForm(initial={"expires_in_days": services.tokens.default_days()})
    new_secret = None
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                _token, new_secret = services.token_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                    credential=services.credential_of(request),
                )
            except LenteraError as exc:
                form.add_error(None, str(exc))
            else:
                form = TokenCreateForm(initial={"expires_in_days": services.tokens.default_days()})
    context = {
        "form": form,
        "new_secret": new_secret,
        "tokens": selectors.tokens_of(user=request.user),
        "can_mint": services.credential_of(request) is services.Credential.SESSION_VERIFIED,
        "has_totp": selectors.confirmed_totp_device_of(user=request.user) is not None,
        "max_days": services.tokens.max_days(),
        "now": timezone.now(),
    }
    response = render(request, "accounts/tokens.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@access(any_user=True)
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.token_of(user=request.user, pk=pk)
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token dicabut."))
    return redirect("accounts:tokens")


password_reset = access(public=True)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = access(public=True)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = access(public=True)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = access(public=True)(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
password_change = access(any_user=True)(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:account")
    )
)
