"""Every API request body refuses a field it does not know (422 naming the field), so a client that sends
`npwp` where the API does not take it learns so, instead of the value being silently dropped."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lentera.accounts.tests.factories import user_with_role
from lentera.core.api import api
from lentera.core.roles import Role
from lentera.testing import api_headers

UNKNOWN = "bidang_tidak_dikenal"


def _json_body_operations() -> list[tuple[str, str]]:
    doc = api.get_openapi_schema()
    schemas = doc["components"]["schemas"]
    found = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if not ref:
                continue
            schema = schemas[ref.rsplit("/", 1)[1]]
            if schema.get("additionalProperties", True) is not False:
                found.append((method, path))  # reported below, must be empty
                continue
            found.append((method, path + "#closed"))
    return found


def test_every_json_request_body_forbids_unknown_fields():
    open_bodies = [f"{m.upper()} {p}" for m, p in _json_body_operations() if not p.endswith("#closed")]
    assert open_bodies == []
    assert len(_json_body_operations()) > 40


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"), [(m, p.removesuffix("#closed")) for m, p in _json_body_operations()]
)
def test_unknown_api_field_is_refused_not_ignored(method, path):
    user = user_with_role(Role.SYSADMIN)
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(Client(), method)(
        url, {UNKNOWN: "x"}, content_type="application/json", **api_headers(user, Role.SYSADMIN)
    )
    assert response.status_code == 422, (url, response.content)
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and UNKNOWN in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/api/v1/providers/me/identity", {"name": "PT Nama Baru", "npwp": "3201"}),
        ("post", "/api/v1/providers/me/sections/pengurus", {"name": "Budi", UNKNOWN: "x"}),
    ],
)
def test_unknown_provider_profile_field_is_refused_not_ignored(method, path, body):
    """The profile's free-form bodies (one schema per section) refuse unknown fields too, and change nothing."""
    from lentera.core.models import AuditEvent
    from lentera.providers.models import Provider
    from lentera.providers.tests.factories import make_verified_provider

    provider = make_verified_provider()
    headers = api_headers(provider.account, Role.PENYEDIA)
    name, events = provider.name, AuditEvent.objects.count()
    response = getattr(Client(), method)(path, body, content_type="application/json", **headers)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "UNKNOWN_FIELD"
    assert (set(body) - {"name", "address"}).pop() in error["message"]
    assert Provider.objects.get(pk=provider.pk).name == name
    assert AuditEvent.objects.count() == events
