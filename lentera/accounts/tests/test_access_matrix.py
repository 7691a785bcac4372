"""The access matrix for every accounts page and API operation: role x action; refused calls change nothing."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
_seq = itertools.count(1)


def _json(client, method, url, data, headers):
    return getattr(client, method)(url, data, content_type="application/json", **headers)


def web_actions() -> list[Action]:
    return [
        Action("web: login page", ALL, lambda c, h: c.get(reverse("accounts:login")), anonymous_allowed=True),
        Action(
            "web: password reset page",
            ALL,
            lambda c, h: c.get(reverse("accounts:password_reset")),
            anonymous_allowed=True,
        ),
        Action("web: dashboard", ALL, lambda c, h: c.get(reverse("accounts:dashboard"))),
        Action("web: my account", ALL, lambda c, h: c.get(reverse("accounts:account"))),
        Action("web: token page", ALL, lambda c, h: c.get(reverse("accounts:tokens"))),
        Action(
            "web: create token",
            ALL,
            lambda c, h: c.post(
                reverse("accounts:tokens"), {"name": "t", "scope": "read", "expires_in_days": 9}
            ),
        ),
        Action(
            "web: switch role", ALL, lambda c, h: c.post(reverse("accounts:role_switch"), {"role": Role.PPK})
        ),
        Action("web: change password page", ALL, lambda c, h: c.get(reverse("accounts:password_change"))),
    ]


def api_actions(target_user_id: str, work_unit_id: int, assignment_id: int) -> list[Action]:
    return [
        Action("api: me", ALL, lambda c, h: c.get("/api/v1/accounts/me", **h), api=True),
        Action("api: list tokens", ALL, lambda c, h: c.get("/api/v1/accounts/tokens", **h), api=True),
        Action(  # a token never mints a token (#12 1.3): refused for every role, nothing changes
            "api: create token",
            frozenset(),
            lambda c, h: _json(c, "post", "/api/v1/accounts/tokens", {"name": "x"}, h),
            api=True,
        ),
        Action(
            "api: create staff account",
            frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ}),
            lambda c, h: _json(
                c,
                "post",
                "/api/v1/accounts/users",
                {"user_id": f"staf{(n := next(_seq))}", "full_name": "Staf Baru", "email": f"s{n}@x.go.id"},
                h,
            ),
            api=True,
        ),
        Action(
            "api: assign role",
            frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.KEPALA_UKPBJ}),
            lambda c, h: _json(
                c,
                "post",
                f"/api/v1/accounts/users/{target_user_id}/roles",
                {
                    "role": Role.POKJA,
                    "work_unit_id": work_unit_id,
                    "starts_on": f"{2040 + (n := next(_seq))}-01-01",  # a new period for each call
                    "ends_on": f"{2040 + n}-12-31",
                    "decree_number": f"027/{n}/SK-POKJA",
                },
                h,
            ),
            api=True,
        ),
        Action(
            "api: revoke role",
            frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ, Role.KEPALA_UKPBJ}),
            lambda c, h: _json(
                c, "post", f"/api/v1/accounts/roles/{assignment_id}/revoke", {"reason": "mutasi"}, h
            ),
            api=True,
        ),
        Action(
            "api: set account status",
            frozenset({Role.SYSADMIN, Role.ADMIN_UKPBJ}),
            lambda c, h: _json(
                c, "post", f"/api/v1/accounts/users/{target_user_id}/status", {"status": "ACTIVE"}, h
            ),
            api=True,
        ),
    ]


def test_accounts_web_matrix(staff_by_role):
    assert run_matrix(web_actions(), staff_by_role) == []


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "GET /api/v1/accounts/me",
    "POST /api/v1/accounts/roles/{assignment_id}/revoke",
    "POST /api/v1/accounts/tokens",
    "GET /api/v1/accounts/tokens",
    "POST /api/v1/accounts/users",
    "POST /api/v1/accounts/users/{user_id}/roles",
    "POST /api/v1/accounts/users/{user_id}/status",
]


@denied(*API_ROUTES_REFUSED)
def test_accounts_api_matrix(staff_by_role, unit):
    target = user_with_role(Role.PENGELOLA_PBJ, work_unit=unit)
    assignment = target.role_assignments.get()
    failures = run_matrix(api_actions(target.user_id, unit.pk, assignment.pk), staff_by_role)
    assert failures == []
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    # Each allowed role really did the thing (allowed calls are not just "not refused").
    assert target.role_assignments.filter(role=Role.POKJA).count() == 3


def test_logout_ends_the_session_and_needs_post(staff_by_role):
    from lentera.testing import login_client

    client = login_client(staff_by_role[Role.PPK], Role.PPK)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:dashboard")).status_code == 302
