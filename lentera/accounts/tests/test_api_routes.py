"""Accounts API routes called by an administrator: the answer and the database show the effect (#13 item 6).
The refused side is the access matrix (test_access_matrix.py) and the token tests (test_tokens.py)."""

from __future__ import annotations

import pytest

from lentera.accounts.models import RoleAssignment, User
from lentera.accounts.tests.factories import WorkUnitFactory, user_with_role
from lentera.core.roles import Role
from lentera.testing import api_call

pytestmark = pytest.mark.django_db
route = pytest.mark.route


def post(user, role, path, body):
    return api_call(user, role, "post", path, body)


@pytest.fixture
def admin():
    return user_with_role(Role.ADMIN_UKPBJ, work_unit=WorkUnitFactory())


@route("POST", "/api/v1/accounts/users", allowed=True)
def test_user_create_registers_a_staff_account(admin):
    body = {"user_id": "staf.baru", "full_name": "Staf Baru", "email": "staf.baru@x.go.id"}
    response = post(admin, Role.ADMIN_UKPBJ, "/api/v1/accounts/users", body)
    assert response.status_code == 201, response.content
    created = User.objects.get(user_id="staf.baru")
    assert created.full_name == "Staf Baru" and created.email == "staf.baru@x.go.id"


@route("POST", "/api/v1/accounts/users/{user_id}/roles", allowed=True)
def test_role_assign_records_the_decree(admin):
    target = user_with_role(Role.PPK, work_unit=admin.role_assignments.get().work_unit)
    body = {
        "role": Role.POKJA,
        "work_unit_id": admin.role_assignments.get().work_unit_id,
        "starts_on": "2040-01-01",
        "ends_on": "2040-12-31",
        "decree_number": "027/1/SK-POKJA",
    }
    response = post(admin, Role.ADMIN_UKPBJ, f"/api/v1/accounts/users/{target.user_id}/roles", body)
    assert response.status_code == 201, response.content
    made = RoleAssignment.objects.get(user=target, role=Role.POKJA)
    assert made.decree_number == "027/1/SK-POKJA" and str(made.starts_on) == "2040-01-01"


@route("POST", "/api/v1/accounts/users/{user_id}/status", allowed=True)
def test_user_status_deactivates_the_account(admin):
    target = user_with_role(Role.PPK, work_unit=admin.role_assignments.get().work_unit)
    body = {"status": "DEACTIVATED", "reason": "Pensiun"}
    response = post(admin, Role.ADMIN_UKPBJ, f"/api/v1/accounts/users/{target.user_id}/status", body)
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert target.status == User.Status.DEACTIVATED
