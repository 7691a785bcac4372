"""Deny-by-default access: every view and API operation declares who may call it.

* ``@access(Role.PPK, Role.POKJA)`` on a view: only a logged-in user *acting* in one of these roles (the role
  chosen in the role switcher) may call it; ``@access(public=True)`` opens a view to everyone;
  ``@access(any_user=True)`` to any logged-in user.
* ``@api_access(...)`` does the same for django-ninja operations (the acting role comes from the
  ``X-Lentera-Role`` header, or the first active role of the token's user that fits).
* :class:`DenyByDefaultMiddleware` refuses (403) any view that declares nothing, so a forgotten declaration
  fails closed.

Object scope (which tender, which work unit) is checked by selectors and services, which receive the acting
user; the declaration names the scope in words (``scope=...``) so the access matrix and readers see it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from . import request_context
from .errors import AccessDenied
from .roles import TWO_FACTOR_ROLES

ACCESS_ATTR = "lentera_access"


@dataclass(frozen=True)
class AccessRule:
    roles: frozenset[str]
    public: bool = False
    any_user: bool = False
    scope: str = ""
    allow_unverified: bool = False  # for the login/OTP flow itself

    def describe(self) -> str:
        if self.public:
            return "public"
        if self.any_user:
            return "any logged-in user"
        return ", ".join(sorted(self.roles)) + (f" ({self.scope})" if self.scope else "")


def _rule(
    roles: Iterable[str], public: bool, any_user: bool, scope: str, allow_unverified: bool
) -> AccessRule:
    roles = frozenset(str(r) for r in roles)
    if not roles and not public and not any_user:
        raise ValueError("an access declaration must name roles, or public=True, or any_user=True")
    return AccessRule(roles, public, any_user, scope, allow_unverified)


def needs_two_factor(user: Any) -> bool:
    """True when the user must pass the TOTP step.

    Required for superusers and for anyone holding a staff role that can change a procurement's state or see
    sealed data; anyone else (a provider) who chose to enrol a device is asked for it too.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if set(user.active_role_codes()) & TWO_FACTOR_ROLES:
        return True
    cached = getattr(user, "_lentera_has_totp", None)
    if cached is None:
        cached = user_has_device(user, confirmed=True)
        user._lentera_has_totp = cached
    return bool(cached)


def is_two_factor_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _denied(request: HttpRequest, rule: AccessRule) -> HttpResponse:
    held = []
    user = request.user
    if getattr(user, "is_authenticated", False):
        held = sorted(set(user.active_role_codes()) & set(rule.roles))  # type: ignore[union-attr]
    return TemplateResponse(
        request,
        "core/403.html",
        {"rule": rule, "switchable_roles": held},
        status=403,
    )


def access(
    *roles: str,
    public: bool = False,
    any_user: bool = False,
    scope: str = "",
    allow_unverified: bool = False,
) -> Callable:
    """Declare and enforce who may call a web view (deny by default)."""
    rule = _rule(roles, public, any_user, scope, allow_unverified)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rule.public:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                if not rule.allow_unverified and needs_two_factor(request.user):
                    if not is_two_factor_verified(request):
                        return redirect_to_login(request.get_full_path(), "accounts:otp")
                if not rule.any_user:
                    acting = getattr(request, "acting_role", None)
                    if acting is None or acting not in rule.roles:
                        return _denied(request, rule)
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, rule)
        return wrapper

    return decorate


def api_access(
    *roles: str,
    public: bool = False,
    any_user: bool = False,
    scope: str = "",
) -> Callable:
    """Declare and enforce who may call a django-ninja operation (deny by default).

    Place it *under* the router decorator. Authentication is done by the API's auth classes (token or
    session); this checks the acting role and, for session users, the second factor.
    """
    rule = _rule(roles, public, any_user, scope, False)

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not rule.public:
                user = request.user if getattr(request, "user", None) else None
                auth_user = getattr(request, "auth", None)
                if auth_user is not None and hasattr(auth_user, "is_authenticated"):
                    user = auth_user
                    request.user = auth_user
                if user is None or not user.is_authenticated:
                    raise AccessDenied("AUTH_REQUIRED", _("Login diperlukan."), status=401)
                via_token = getattr(request, "lentera_token", None) is not None
                if not via_token and needs_two_factor(user) and not is_two_factor_verified(request):
                    raise AccessDenied("TWO_FACTOR_REQUIRED", _("Verifikasi dua langkah diperlukan."))
                if not rule.any_user:
                    acting = _api_acting_role(request, user, rule)
                    request.acting_role = acting  # type: ignore[attr-defined]
                    token = request_context.current()
                    request_context.set_current(
                        request_context.RequestContext(token.client_ip, acting, token.channel)
                    )
            return func(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, rule)
        return wrapper

    return decorate


def _api_acting_role(request: HttpRequest, user: Any, rule: AccessRule) -> str:
    held = set(user.active_role_codes())
    wanted = request.headers.get("X-Lentera-Role")
    if wanted:
        if wanted not in held:
            raise AccessDenied("ROLE_NOT_HELD", _("Anda tidak memegang peran %(role)s."), role=wanted)
        if wanted not in rule.roles:
            raise AccessDenied("ROLE_NOT_ALLOWED", _("Tindakan ini tidak diizinkan untuk peran Anda."))
        return wanted
    fitting = sorted(held & rule.roles)
    if not fitting:
        raise AccessDenied("ROLE_NOT_ALLOWED", _("Tindakan ini tidak diizinkan untuk peran Anda."))
    return fitting[0]


#: URL prefixes whose views are protected by their own mechanism: the admin site (superusers with a verified
#: second factor, see lentera.urls), static files, and the API (every operation carries ``api_access``;
#: checked by lentera.core.tests.test_access_declared).
EXEMPT_PREFIXES = ("/admin/", "/static/", "/api/", "/__debug__/")


class DenyByDefaultMiddleware:
    """Refuse any view that does not declare who may call it."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, args: Any, kwargs: Any):
        if request.path.startswith(EXEMPT_PREFIXES):
            return None
        target = getattr(view_func, "view_class", view_func)
        if getattr(view_func, ACCESS_ATTR, None) or getattr(target, ACCESS_ATTR, None):
            return None
        return HttpResponse(
            str(_("Akses ditolak: halaman ini tidak menyatakan aturan akses.")),
            status=403,
            content_type="text/plain",
        )


def ensure_role(actor: Any, *roles: str) -> None:
    """Service-layer check: the acting user holds one of `roles` today (superusers pass)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise AccessDenied("AUTH_REQUIRED", _("Login diperlukan."), status=401)
    if getattr(actor, "is_superuser", False):
        return
    if not set(actor.active_role_codes()) & {str(r) for r in roles}:
        raise AccessDenied("ROLE_NOT_ALLOWED", _("Tindakan ini tidak diizinkan untuk peran Anda."))
