"""The JSON API: django-ninja under /api/v1/, OpenAPI at /api/openapi.json.

Every app adds its router in `lentera.urls`. Errors are ``{"error": {"code", "message"}}`` in the language the
client asked for (Accept-Language), with the HTTP status of the refusal.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from .errors import LenteraError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ltr_...``: a personal API token (hashed at rest, revocable)."""

    def authenticate(self, request: HttpRequest, token: str):
        from lentera.accounts.services import token_authenticate

        # Refuses a revoked or expired token (401) and a read-scope token on an unsafe method (403).
        found = token_authenticate(token, method=request.method or "GET")
        if found is None:
            return None
        request.lentera_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


class _OptionalAuth(APIKeyHeader):
    """Lets public operations run without credentials while still reading a token if one is sent."""

    param_name = "Authorization"

    def __call__(self, request: HttpRequest):
        return True

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - never called
        return True


token_auth = TokenAuth()
session_auth = django_auth
DEFAULT_AUTH = [token_auth, session_auth]
PUBLIC = _OptionalAuth()

api = NinjaAPI(
    title="Lentera API",
    version="1",
    description="Lentera e-procurement JSON API. Authenticate with `Authorization: Bearer <token>` "
    "(create one under Akun > Token API) or a logged-in session. Pick the acting role with `X-Lentera-Role`.",
    urls_namespace="api-v1",
    auth=DEFAULT_AUTH,
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request: HttpRequest, code: str, message: str | Promise, status: int):
    return api.create_response(request, {"error": {"code": code, "message": str(message)}}, status=status)


@api.exception_handler(LenteraError)
def _lentera_error(request: HttpRequest, exc: LenteraError):
    return _error(request, exc.code, str(exc), exc.status)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError):
    return _error(request, "AUTH_REQUIRED", _("Login atau token API diperlukan."), 401)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError):
    fields = []
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query"))
        fields.append(f"{loc}: {err.get('msg', '')}" if loc else str(err.get("msg", "")))
    message = _("Data tidak valid: %(fields)s") % {"fields": "; ".join(fields)}
    return api.create_response(
        request,
        {"error": {"code": "VALIDATION_ERROR", "message": message, "fields": exc.errors}},
        status=422,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return _error(request, f"HTTP_{exc.status_code}", str(exc), exc.status_code)
