"""Login by User ID (case-insensitive), refused accounts, and lockout after repeated failures (django-axes)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from lentera.accounts.models import User
from lentera.accounts.tests.conftest import password_login
from lentera.accounts.tests.factories import PASSWORD, user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role

pytestmark = pytest.mark.django_db


def _logged_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_login_by_user_id_is_case_insensitive():
    user = user_with_role(Role.PENYEDIA, user_id="Budi.Santoso")
    client = Client()
    response = password_login(client, "  bUDI.sANTOSO ")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert _logged_in_as(client) == user.pk
    assert AuditEvent.objects.filter(action="accounts.login", actor_user_id=user.pk).exists()


def test_wrong_password_is_refused_with_a_message():
    user_with_role(Role.PENYEDIA, user_id="penyedia.x")
    client = Client()
    response = password_login(client, "penyedia.x", "Salah-Sekali-99")
    assert response.status_code == 200
    assert "User ID atau kata sandi salah" in response.content.decode()
    assert _logged_in_as(client) is None


def test_unknown_user_id_gets_the_same_message():
    response = password_login(Client(), "tidak.ada", PASSWORD)
    assert response.status_code == 200
    assert "User ID atau kata sandi salah" in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": User.Status.PENDING},
        {"status": User.Status.DEACTIVATED, "status_reason": "pelanggaran"},
        {"is_active": False},
    ],
    ids=["pending", "deactivated", "inactive"],
)
def test_pending_or_deactivated_user_cannot_log_in(changes):
    user = user_with_role(Role.PENYEDIA)
    User.objects.filter(pk=user.pk).update(**changes)
    client = Client()
    response = password_login(client, user.user_id)
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_deactivated_user_loses_an_open_session():
    """A session opened before deactivation no longer reaches any page (status checked on each request)."""
    user = user_with_role(Role.PENYEDIA)
    client = Client()
    password_login(client, user.user_id)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    User.objects.filter(pk=user.pk).update(status=User.Status.DEACTIVATED)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_lockout_after_five_failures_refuses_even_the_right_password(client_ip):
    user = user_with_role(Role.PENYEDIA, user_id="target.user")
    client = Client()
    for _attempt in range(4):
        response = password_login(client, "target.user", "Salah-Sekali-99", **client_ip)
        assert response.status_code == 200
    fifth = password_login(client, "target.user", "Salah-Sekali-99", **client_ip)
    assert fifth.status_code == 429
    sixth = password_login(client, "target.user", PASSWORD, **client_ip)
    assert sixth.status_code == 429
    assert "Akun terkunci sementara" in sixth.content.decode()
    assert _logged_in_as(client) is None
    assert AccessAttempt.objects.filter(username="target.user").exists()
    assert not AuditEvent.objects.filter(action="accounts.login", actor_user_id=user.pk).exists()


def test_lockout_counts_user_id_case_variants_together(client_ip):
    user_with_role(Role.PENYEDIA, user_id="casey")
    for variant in ("casey", "CASEY", "Casey", "cAsEy", "caseY"):
        password_login(Client(), variant, "Salah-Sekali-99", **client_ip)
    response = password_login(Client(), "casey", PASSWORD, **client_ip)
    assert response.status_code == 429


def test_lockout_of_one_user_id_does_not_lock_others(client_ip):
    user_with_role(Role.PENYEDIA, user_id="locked.one")
    other = user_with_role(Role.PENYEDIA, user_id="free.one")
    for _attempt in range(5):
        password_login(Client(), "locked.one", "Salah-Sekali-99", **client_ip)
    client = Client()
    response = password_login(client, "free.one", PASSWORD, **client_ip)
    assert response.status_code == 302
    assert _logged_in_as(client) == other.pk


def test_successful_login_resets_the_failure_count(client_ip):
    user_with_role(Role.PENYEDIA, user_id="forgetful")
    for _attempt in range(4):
        password_login(Client(), "forgetful", "Salah-Sekali-99", **client_ip)
    assert password_login(Client(), "forgetful", PASSWORD, **client_ip).status_code == 302
    for _attempt in range(4):
        password_login(Client(), "forgetful", "Salah-Sekali-99", **client_ip)
    assert password_login(Client(), "forgetful", PASSWORD, **client_ip).status_code == 302


def test_open_redirect_after_login_is_refused():
    user_with_role(Role.PENYEDIA, user_id="redirected")
    response = Client().post(
        reverse("accounts:login"),
        {"username": "redirected", "password": PASSWORD, "next": "https://evil.example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from lentera.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_rules_refuse_a_weak_password():
    from lentera.accounts import services
    from lentera.accounts.errors import AccountsError

    admin = user_with_role(Role.SYSADMIN)
    with pytest.raises(AccountsError) as exc:
        services.user_create(
            actor=admin, user_id="lemah", full_name="Lemah", email="lemah@example.go.id", password="password"
        )
    assert exc.value.code == "PASSWORD_WEAK"
    assert not User.objects.filter(user_id="lemah").exists()


def test_password_reset_sends_a_mail_with_a_working_link(mailoutbox):
    user = user_with_role(Role.PENYEDIA, user_id="lupa.sandi", email="lupa@example.go.id")
    response = Client().post(reverse("accounts:password_reset"), {"email": "lupa@example.go.id"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/akun/sandi/atur/" in line)
    path = link[link.index("/akun/") :]
    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Sandi-Baru-2026x", "new_password2": "Sandi-Baru-2026x"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sandi-Baru-2026x")
