"""The JSON API: django-ninja under /api/v1/, OpenAPI at /api/openapi.json.

Every app adds its router in `lentera.urls`. Errors are ``{"error": {"code", "message"}}`` in the language the
client asked for (Accept-Language), with the HTTP status of the refusal.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from .access import ACCESS_ATTR
from .errors import LenteraError

_token_authenticator: list = []


def register_token_authenticator(fn) -> None:
    """The accounts app hands core its token lookup in ``AppConfig.ready()`` (core never imports accounts):
    ``fn(token, method=...)`` returns the token row or None, or raises a LenteraError (401/403)."""
    _token_authenticator[:] = [fn]


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ltr_...``: a personal API token (hashed at rest, revocable)."""

    def authenticate(self, request: HttpRequest, token: str):
        if not _token_authenticator:  # pragma: no cover - the accounts app is always installed
            return None
        token_authenticate = _token_authenticator[0]
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

_ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "stable code, e.g. STAGE_NOT_ALLOWED"},
                "message": {"type": "string", "description": "a sentence in the Accept-Language"},
                "fields": {"type": "array", "items": {"type": "object"}},
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}

_ERROR_DESCRIPTIONS = {
    400: "Refused by a business rule (the code says which)",
    401: "No valid token or session",
    403: "The acting role may not do this, the second factor is missing, or the token's scope is too narrow",
    404: "Not found, or outside what the caller may see",
    409: "Conflicts with the object's current state or stage",
    422: "The request does not match the schema (unknown or invalid fields or parameters)",
    429: "Too many requests from this address or link; try again later",
}

RATE_LIMITED_ATTR = "_lentera_rate_limited"


def rate_limited(func: Any) -> Any:
    """Mark an operation that a throttle can refuse with 429, so its OpenAPI document says so. Place it between
    the router decorator and ``api_access``."""
    setattr(func, RATE_LIMITED_ATTR, True)
    return func


def _operations(api: NinjaAPI):
    """Every operation of every router added to the API, with its operationId."""
    routers = [router for _prefix, router in api._routers]
    while routers:
        router = routers.pop()
        routers.extend(entry[1] for entry in getattr(router, "_routers", []))
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                yield operation.operation_id or api.get_openapi_operation_id(operation), operation


def error_statuses(*, rule: Any, method: str, has_path_params: bool, has_input: bool) -> list[int]:
    """The error statuses an operation can answer with, from what it declares: its access rule (public or not),
    its path parameters (a scoped lookup answers 404), its inputs (422) and whether it writes (a service refusal
    answers 400 or 409)."""
    statuses = set()
    if rule is None or not rule.public:
        statuses |= {401, 403}
    if has_path_params:
        statuses.add(404)
    if has_input:
        # 422: the input does not match the schema; 400: a business rule refuses it (a range too long, a
        # combination the schema cannot express); 404: a query parameter names something that does not exist
        statuses |= {400, 404, 422}
    if method in ("post", "put", "patch", "delete"):
        statuses |= {400, 409}
    return sorted(statuses)


class LenteraAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares, for every operation, the error responses it can give, with the
    one error schema (#12 1.8)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        operations = dict(_operations(self))
        rules = {op_id: getattr(op.view_func, ACCESS_ATTR, None) for op_id, op in operations.items()}
        throttled = {
            op_id for op_id, op in operations.items() if getattr(op.view_func, RATE_LIMITED_ATTR, False)
        }
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/Error"}
        # A public operation needs no credentials: OpenAPI says so with an empty requirement ({}), and a token
        # or session is still read when sent. The placeholder scheme ninja emits for it is dropped.
        schema["components"].get("securitySchemes", {}).pop("_OptionalAuth", None)
        for path, ops in schema["paths"].items():
            for method, op in ops.items():
                if op.get("security") == [{"_OptionalAuth": []}]:
                    op["security"] = [{}, {"TokenAuth": []}, {"SessionAuth": []}]
                needs_credentials = bool(op.get("security")) and {} not in op["security"]
                params = op.get("parameters", [])
                statuses = error_statuses(
                    rule=rules.get(op.get("operationId")),
                    method=method,
                    has_path_params="{" in path,
                    has_input=bool(params) or "requestBody" in op,
                )
                if needs_credentials and 401 not in statuses:
                    statuses.append(401)  # a public operation that needs a credential of its own
                if op.get("operationId") in throttled:
                    statuses.append(429)
                responses = op.setdefault("responses", {})
                for status in sorted(statuses):
                    responses.setdefault(
                        status,
                        {
                            "description": _ERROR_DESCRIPTIONS[status],
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = LenteraAPI(
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
