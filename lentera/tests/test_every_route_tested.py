"""Every API route has a test of its allowed call and a test of a denied call (#13 item 6).

The route table comes from ninja's mounted routers; the tests are found by their ``route`` markers
(lentera.testing_routes), which are verified while each marked test runs. A new route fails here until it has
both tests; a marker naming a route that does not exist fails too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from lentera.core import audit
from lentera.testing_routes import KINDS, api_routes, declared_routes, public_routes, template_of, tracking

ROOT = Path(__file__).resolve().parent.parent

#: Public routes that refuse no caller, so a denied call has nothing to refuse: read-only lists, and the
#: provider sign-up, open to anyone (its refusals are business rules answering 400 and changing nothing:
#: providers/tests/test_api.py::test_api_duplicate_npwp_and_email_and_bad_check_digit). A public detail route
#: is not here: asking for what is not published is its denied call. Only public routes may be listed (checked
#: below); each still needs its allowed test.
NO_DENIED_CALL = {
    ("GET", "/api/v1/health"): "public health check, reads nothing private",
    ("GET", "/api/v1/governance/sops/published"): "public list of the SOP versions in force (Pasal 23 (4))",
    ("GET", "/api/v1/governance/ethics-statistics"): "public counts of ethics cases by outcome (no content)",
    ("GET", "/api/v1/audit/head"): "public head of the audit chain (anyone may verify the chain)",
    ("GET", "/api/v1/audit/entries"): "public entries of the audit chain (non-public content withheld)",
    ("GET", "/api/v1/bidding/receipt-key"): "the public key providers check receipts with",
    ("GET", "/api/v1/planning/rup"): "public RUP search (announced items only)",
    ("GET", "/api/v1/planning/packages/public"): "public package facts (packages in selection only)",
    ("GET", "/api/v1/planning/calendar/days-off"): "public calendar of days off",
    ("GET", "/api/v1/planning/calendar/add-working-days"): "public working-day arithmetic",
    ("GET", "/api/v1/tendering/tenders"): "public list of announced tenders",
    ("GET", "/api/v1/providers/blacklist"): "public blacklist (published by rule)",
    ("GET", "/api/v1/providers/application/forms/{kind}"): "public blank application forms",
    ("GET", "/api/v1/opendata/bulk"): "open data: list of the public bulk files",
    ("GET", "/api/v1/opendata/ping"): "open data: liveness",
    ("GET", "/api/v1/opendata/releases"): "open data: public OCDS releases",
    ("GET", "/api/v1/opendata/redflags/buyers"): "open data: public red-flag indicators",
    ("GET", "/api/v1/public/notices"): "public portal notices",
    ("GET", "/api/v1/notices"): "public service notices (the same as /api/v1/public/notices)",
    ("GET", "/api/v1/public/stats"): "public portal figures",
    ("GET", "/api/v1/public/tenders"): "public tender search",
    ("GET", "/api/v1/catalog/products"): "public catalogue search (products listed today only)",
    ("GET", "/api/v1/catalog/categories"): "public etalase tree",
    ("GET", "/api/v1/servicedesk/articles"): "public knowledge-base search (published articles only)",
    ("POST", "/api/v1/providers/signup/email"): "sign-up step 1, open to anyone",
    ("POST", "/api/v1/providers/signup"): "sign-up step 2, open to anyone holding the e-mailed link",
}


def _missing() -> tuple[set[str], list[str]]:
    routes = api_routes()
    declared, problems = declared_routes(ROOT)
    have = {(d.kind, d.method, d.path) for d in declared}
    for d in declared:
        if (d.method, d.path) not in routes:
            problems.append(f"{d.test}: route marker names no route: {d.method} {d.path}")
    missing = set()
    for method, path in routes:
        for kind in KINDS:
            if kind == "denied" and (method, path) in NO_DENIED_CALL:
                continue
            if (kind, method, path) not in have:
                missing.add(f"{kind} {method} {path}")
    public = public_routes()
    for method, path in NO_DENIED_CALL:
        if (method, path) not in public:
            problems.append(f"NO_DENIED_CALL may list public routes only: {method} {path}")
    return missing, problems


@pytest.mark.django_db  # importing the schemathesis module loads the OpenAPI document through the app
def test_every_route_has_an_allowed_and_a_denied_test():
    missing, problems = _missing()
    assert not problems, "\n".join(problems)
    assert not missing, "routes without a test (add one, marked @pytest.mark.route(...)):\n" + "\n".join(
        sorted(missing)
    )


def test_a_route_without_tests_and_a_marker_without_a_route_are_reported(monkeypatch):
    import sys

    from lentera.testing_routes import Declared

    fake = [Declared("allowed", "GET", "/api/v1/nowhere", "lentera.tests.x::test_y")]
    monkeypatch.setattr(sys.modules[__name__], "declared_routes", lambda root: (fake, []))
    missing, problems = _missing()
    assert problems == ["lentera.tests.x::test_y: route marker names no route: GET /api/v1/nowhere"]
    ready = "POST /api/v1/planning/packages/{package_id}/ready"
    assert {f"allowed {ready}", f"denied {ready}", "allowed GET /api/v1/health"} <= missing
    assert "denied GET /api/v1/health" not in missing  # public, no caller to refuse


def test_route_table_is_the_served_api():
    routes = api_routes()
    assert ("POST", "/api/v1/planning/packages/{package_id}/ready") in routes
    assert ("GET", "/api/v1/opendata/bulk/{year}.{fmt}") in routes
    assert ("GET", "/api/v1/health") in routes
    # the same count as the OpenAPI document's operations
    from lentera.core.api import api

    schema = api.get_openapi_schema()
    assert len(routes) == sum(len(ops) for ops in schema["paths"].values())
    assert template_of("api/v1/planning/packages/<int:package_id>/hps") == (
        "/api/v1/planning/packages/{package_id}/hps"
    )


# --- The check's own machinery must catch what it is there to catch ------------------------------------------


def _mark(kind, method="GET", path="/api/v1/health"):
    return pytest.mark.route(method, path, **{kind: True}).mark


def test_an_allowed_marker_without_the_call_is_reported():
    with tracking([_mark("allowed")]) as calls:
        pass
    assert calls.problems() == ["route(GET /api/v1/health, allowed) never answered 2xx in this test (got [])"]


@pytest.mark.django_db
def test_an_allowed_marker_with_the_call_passes():
    with tracking([_mark("allowed")]) as calls:
        assert Client().get("/api/v1/health").status_code == 200
    assert calls.problems() == []


@pytest.mark.django_db
def test_a_denied_marker_needs_a_refusal():
    with tracking([_mark("denied", "GET", "/api/v1/accounts/me")]) as calls:
        assert Client().get("/api/v1/health").status_code == 200
    assert calls.problems() == [
        "route(GET /api/v1/accounts/me, denied) was never refused in this test (got [])"
    ]
    with tracking([_mark("denied", "GET", "/api/v1/accounts/me")]) as calls:
        assert Client().get("/api/v1/accounts/me").status_code == 401
    assert calls.problems() == []


@pytest.mark.django_db
def test_a_refused_call_that_writes_is_reported(monkeypatch):
    from lentera.core import api_routes as core_routes
    from lentera.core.errors import AccessDenied

    class WritesThenRefuses:
        @staticmethod
        def head():
            audit.record(actor=None, action="test.sneaky", object_type="x", object_id=1)
            raise AccessDenied("TEST", "refused")

    # what the audit-head route reads, replaced for this test only
    monkeypatch.setattr(core_routes, "audit", WritesThenRefuses)
    with tracking([_mark("denied", "GET", "/api/v1/audit/head")]) as calls:
        assert Client().get("/api/v1/audit/head").status_code == 403
    assert calls.problems() == ["route(GET /api/v1/audit/head) was refused (403) but the database changed"]


def test_a_malformed_or_unknown_marker_is_reported(tmp_path):
    from lentera.testing_routes import _mark_route

    with pytest.raises(ValueError):
        _mark_route(pytest.mark.route("GET", "/api/v1/health").mark)
    with pytest.raises(ValueError):
        _mark_route(pytest.mark.route("GET", "/api/v1/health", allowed=True, denied=True).mark)
    assert _mark_route(pytest.mark.route("get", "/api/v1/health", denied=True).mark) == (
        "denied",
        "GET",
        "/api/v1/health",
    )
