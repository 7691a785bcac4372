"""Every request and response schema of the API has its own name.

django-ninja names an OpenAPI component after the schema class; two classes of the same name in different apps
become one component, and the published document then describes one operation's body with the other's fields
(schemathesis found the help desk's rating described with the LPSE standards review's fields).
"""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import lentera.urls  # noqa: F401 - imports every app's API modules
from lentera.core.api import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_api_schemas_share_a_name():
    modules: dict[str, set[str]] = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("lentera."):
            modules[schema.__name__].add(schema.__module__)
    shared = {name: sorted(mods) for name, mods in modules.items() if len(mods) > 1}
    assert not shared, f"schema classes sharing a name (one OpenAPI component for both): {shared}"


def test_each_component_is_the_schema_its_operations_use():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    body = document["paths"]["/api/v1/servicedesk/follow/{token}/rating"]["post"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "score" in components[name]["properties"]


def test_every_throttled_api_operation_declares_429():
    """An operation that calls a throttle can answer 429: it must say so (``core.api.rate_limited``), or
    schemathesis finds an undocumented status (CI did, on the public ticket endpoint)."""
    import inspect

    from lentera.core.api import RATE_LIMITED_ATTR, _operations, api

    missing = [
        op_id
        for op_id, op in _operations(api)
        if "throttle.check(" in inspect.getsource(inspect.unwrap(op.view_func))
        and not getattr(op.view_func, RATE_LIMITED_ATTR, False)
    ]
    assert missing == []
    assert any(getattr(op.view_func, RATE_LIMITED_ATTR, False) for _, op in _operations(api))
