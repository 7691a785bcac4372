"""The OpenAPI document declares the error responses each operation can give, with the one error schema
(#12 1.8), and the declaration matches what the API really answers."""

from __future__ import annotations

import pytest
from django.test import Client

from lentera.core.api import api

ERROR_REF = "#/components/schemas/Error"


def _operations():
    doc = api.get_openapi_schema()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield path, method, op


def test_openapi_declares_no_4xx_responses_fixed():
    """Every operation that takes input, needs a login or writes declares its 4xx answers with the error schema."""
    missing = []
    for path, method, op in _operations():
        statuses = {int(k) for k in op["responses"]}
        expected = set()
        if op.get("parameters") or "requestBody" in op:
            expected.add(422)
        if "{" in path:
            expected.add(404)
        if method in ("post", "put", "patch", "delete"):
            expected |= {400, 409}
        if not expected <= statuses:
            missing.append(f"{method.upper()} {path}: {sorted(expected - statuses)}")
        for status in statuses - {200, 201, 204}:
            if status >= 400:
                content = op["responses"][status if status in op["responses"] else str(status)]["content"]
                assert content["application/json"]["schema"] == {"$ref": ERROR_REF}, (path, status)
    assert missing == []
    assert api.get_openapi_schema()["components"]["schemas"]["Error"]["required"] == ["error"]


@pytest.mark.django_db
def test_declared_401_is_what_an_anonymous_call_gets():
    """Spot check against the live API: a declared 401 is answered with the error schema's shape."""
    checked = 0
    for path, method, op in _operations():
        if method != "get" or "{" in path or 401 not in op["responses"]:
            continue
        response = Client().get(path)
        assert response.status_code == 401, path
        assert set(response.json()["error"]) >= {"code", "message"}
        checked += 1
    assert checked > 10
