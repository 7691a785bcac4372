"""The role x action matrix for every contracts page and API operation (lentera.testing.run_matrix): a role not
allowed gets 401/403 (or the login page) and the database does not change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lentera.core.roles import Role
from lentera.tendering.tests.factories import build, create_tender
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

PPK = frozenset({Role.PPK})


@pytest.fixture
def world(at_setup, users_by_role):
    tw = build(providers=1)
    return tw, create_tender(tw)


def web_actions(t, package_id):
    def get(name, *args):
        url = reverse(f"contracts:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"contracts:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    return [
        Action("award_letter.get", PPK, get("award_letter", t.pk)),
        Action("award_letter.post", PPK, post("award_letter", t.pk, data={"sppbj-number": "x"})),
        Action("contract.get", PPK, get("contract", t.pk)),
        Action("contract.post", PPK, post("contract", t.pk, data={"kontrak-number": "x"})),
        Action("record.get", PPK, get("record", package_id)),
        Action("record.post", PPK, post("record", package_id, data={"number": "x"})),
    ]


def api_actions(t, package_id):
    base = "/api/v1/contracts"

    def call(method, path, body=None):
        def run(c, h):
            fn = getattr(c, method)
            return fn(base + path, data=body or {}, content_type="application/json", **h)

        return run

    return [
        Action(
            "api.record",
            PPK,
            call(
                "post",
                f"/packages/{package_id}/record",
                {
                    "reason": "x",
                    "value": "1",
                    "start_on": "2026-07-01",
                    "end_on": "2026-07-02",
                    "number": "x",
                },
            ),
            api=True,
        ),
        Action(
            "api.award_letter",
            PPK,
            call("post", f"/tenders/{t.pk}/award-letter", {"number": "x", "issued_on": "2026-08-01"}),
            api=True,
        ),
        Action(
            "api.contract",
            PPK,
            call(
                "post",
                f"/tenders/{t.pk}/contract",
                {"number": "x", "signed_on": "2026-08-01", "start_on": "2026-08-01", "end_on": "2026-09-01"},
            ),
            api=True,
        ),
    ]


@pytest.mark.django_db
def test_web_role_action_matrix(world, users_by_role):
    tw, t = world
    failures = run_matrix(web_actions(t, tw.package.pk), users_by_role)
    assert failures == [], "\n".join(failures)


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "POST /api/v1/contracts/packages/{package_id}/record",
    "POST /api/v1/contracts/tenders/{tender_id}/award-letter",
    "POST /api/v1/contracts/tenders/{tender_id}/contract",
]


@denied(*API_ROUTES_REFUSED)
@pytest.mark.django_db
def test_api_role_action_matrix(world, users_by_role):
    tw, t = world
    failures = run_matrix(api_actions(t, tw.package.pk), users_by_role)
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_matrix_covers_every_contracts_url_and_operation(world):
    """A new page or operation must be added to the matrix above."""
    from lentera.contracts.web.urls import urlpatterns
    from lentera.core.api import api

    tw, t = world
    names = {a.name.split(".")[0] for a in web_actions(t, 1)}
    assert {p.name for p in urlpatterns} <= names
    ops = sum(
        len(view.operations)
        for prefix, router in api._routers
        if prefix.strip("/") == "contracts"
        for view in router.path_operations.values()
    )
    assert ops == len(api_actions(t, 1))
