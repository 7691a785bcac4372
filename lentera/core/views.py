from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import audit
from .access import access
from .health import run_checks


@never_cache
@access(public=True)
def healthz(request: HttpRequest) -> HttpResponse:
    ok, checks = run_checks()
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)


@access(public=True)
def audit_head(request: HttpRequest) -> HttpResponse:
    """The newest audit event's hash, public, so anyone can pin the chain."""
    return render(request, "core/audit_head.html", {"head": audit.head()})


@access(public=True)
def openapi_json(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document of /api/v1/, at the stable address /api/openapi.json."""
    from .api import api

    return JsonResponse(api.get_openapi_schema(path_prefix="/api/v1/"))
