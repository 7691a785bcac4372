"""Deny by default: every URL and every API operation declares who may call it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lentera.core.access import ACCESS_ATTR, EXEMPT_PREFIXES, DenyByDefaultMiddleware
from lentera.core.api import api


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_web_view_declares_access():
    missing = []
    for route, callback in _walk(get_resolver().url_patterns):
        if ("/" + route).startswith(EXEMPT_PREFIXES):
            continue
        target = getattr(callback, "view_class", callback)
        if not (getattr(callback, ACCESS_ATTR, None) or getattr(target, ACCESS_ATTR, None)):
            missing.append(route)
    assert not missing, f"views without an access declaration: {missing}"


def test_every_api_operation_declares_access():
    missing = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                if not getattr(op.view_func, ACCESS_ATTR, None):
                    missing.append(f"{','.join(op.methods)} {prefix}{path}")
    assert not missing, f"API operations without api_access: {missing}"


def test_undeclared_view_is_refused(rf):
    def naked(request):  # pragma: no cover - must never run
        raise AssertionError("ran")

    mw = DenyByDefaultMiddleware(lambda r: None)
    response = mw.process_view(rf.get("/x/"), naked, (), {})
    assert response is not None and response.status_code == 403


@pytest.mark.django_db
def test_healthz_checks_database_and_storage():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "checks": {"database": "ok", "storage": "ok"}}


@pytest.mark.django_db
def test_openapi_is_published():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Lentera API"
    assert any(path.startswith("/api/v1/") for path in response.json()["paths"])


@pytest.mark.django_db
def test_api_errors_are_json_in_the_requested_language():
    r_id = Client().get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="id")
    r_en = Client().get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="en")
    assert r_id.status_code == r_en.status_code == 401
    assert r_id.json()["error"]["code"] == r_en.json()["error"]["code"] == "AUTH_REQUIRED"
    assert r_id.json()["error"]["message"] != r_en.json()["error"]["message"]
