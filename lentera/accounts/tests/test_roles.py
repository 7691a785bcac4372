"""Role switching: a person holding several roles chooses the one they act in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.middleware import ACTING_ROLE_SESSION_KEY
from lentera.accounts.tests.factories import RoleAssignmentFactory, user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.testing import api_headers, login_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_role_user():
    user = user_with_role(Role.PPK)
    RoleAssignmentFactory(user=user, role=Role.POKJA)
    return user


def test_switch_role_changes_the_acting_role_on_the_dashboard(two_role_user):
    client = login_client(two_role_user, Role.PPK)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'id="acting-role">Pejabat Pembuat Komitmen (PPK)<' in page
    assert 'name="role"' in page  # the switcher is shown to a person with two roles

    response = client.post(reverse("accounts:role_switch"), {"role": Role.POKJA})
    assert response.status_code == 302
    page = client.get(reverse("accounts:dashboard"))
    assert page.context["acting_role"] == Role.POKJA
    assert 'id="acting-role">Anggota Pokja Pemilihan<' in page.content.decode()
    event = AuditEvent.objects.get(action="accounts.role.switch")
    assert event.actor_user_id == two_role_user.pk and event.role == Role.POKJA


def test_switching_to_a_role_not_held_is_refused(two_role_user):
    client = login_client(two_role_user, Role.PPK)
    response = client.post(reverse("accounts:role_switch"), {"role": Role.SYSADMIN}, follow=True)
    assert "Anda tidak memegang peran ini." in response.content.decode()
    assert client.session[ACTING_ROLE_SESSION_KEY] == Role.PPK
    assert response.context["acting_role"] == Role.PPK
    assert not AuditEvent.objects.filter(action="accounts.role.switch").exists()


def test_switching_to_an_expired_or_revoked_role_is_refused():
    user = user_with_role(Role.PPK)
    RoleAssignmentFactory(user=user, role=Role.POKJA, ends_on=dt.date(2021, 1, 1))
    client = login_client(user, Role.PPK)
    client.post(reverse("accounts:role_switch"), {"role": Role.POKJA})
    assert client.session[ACTING_ROLE_SESSION_KEY] == Role.PPK


def test_acting_role_falls_back_when_the_chosen_role_ends(two_role_user):
    client = login_client(two_role_user, Role.POKJA)
    two_role_user.role_assignments.filter(role=Role.POKJA).update(ends_on=dt.date(2021, 1, 1))
    assert client.get(reverse("accounts:dashboard")).context["acting_role"] == Role.PPK


def test_role_switch_needs_a_login():
    response = Client().post(reverse("accounts:role_switch"), {"role": Role.PPK})
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_api_acting_role_header_must_be_a_held_role(two_role_user):
    headers = api_headers(two_role_user, Role.SYSADMIN)
    response = Client().post(
        "/api/v1/accounts/users",
        {"user_id": "baru", "full_name": "Baru", "email": "baru@example.go.id"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "ROLE_NOT_HELD"
