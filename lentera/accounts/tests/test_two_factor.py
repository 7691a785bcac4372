"""TOTP second factor: required for staff roles, enrolment on first login, not asked of providers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.tests.conftest import current_code, password_login, wrong_code
from lentera.accounts.tests.factories import user_with_role
from lentera.core.access import ACCESS_ATTR
from lentera.core.models import AuditEvent
from lentera.core.roles import TWO_FACTOR_ROLES, Role

pytestmark = pytest.mark.django_db

OTP_URL = "/akun/verifikasi/"


def test_staff_user_enrols_a_totp_device_then_reaches_the_dashboard():
    user = user_with_role(Role.PPK, totp=False)
    client = Client()
    response = password_login(client, user.user_id)
    assert response.status_code == 302
    assert response["Location"].startswith(OTP_URL)
    # Until the second factor is done, the dashboard sends the person back to the TOTP step.
    blocked = client.get(reverse("accounts:dashboard"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(OTP_URL)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["enrolling"] is True
    assert "<svg" in page.content.decode()  # QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret_b32"]

    done = client.post(response["Location"], {"token": current_code(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:dashboard")
    device.refresh_from_db()
    assert device.confirmed
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.context["acting_role"] == Role.PPK
    assert AuditEvent.objects.filter(action="accounts.login.second_factor", actor_user_id=user.pk).exists()


def test_staff_user_with_a_device_is_asked_for_the_code_only():
    user = user_with_role(Role.POKJA, totp=False)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    response = password_login(client, user.user_id)
    page = client.get(response["Location"])
    assert page.context["enrolling"] is False
    assert "secret_b32" not in page.context
    assert client.post(response["Location"], {"token": current_code(device)}).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_wrong_code_is_refused():
    user = user_with_role(Role.PPK, totp=False)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    password_login(client, user.user_id)
    response = client.post(OTP_URL, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_wrong_code_during_enrolment_leaves_the_device_unconfirmed():
    user = user_with_role(Role.PPK, totp=False)
    client = Client()
    password_login(client, user.user_id)
    client.get(OTP_URL)
    device = TOTPDevice.objects.get(user=user)
    client.post(OTP_URL, {"token": wrong_code(device)})
    device.refresh_from_db()
    assert not device.confirmed


def test_a_used_code_cannot_be_replayed():
    user = user_with_role(Role.PPK, totp=False)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    code = current_code(device)
    first = Client()
    password_login(first, user.user_id)
    assert first.post(OTP_URL, {"token": code}).status_code == 302
    second = Client()
    password_login(second, user.user_id)
    assert second.post(OTP_URL, {"token": code}).status_code == 200
    assert second.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.parametrize(
    ("language", "says"),
    [("id", "Kode ini sudah dipakai"), ("en", "This code has already been used")],
)
def test_reused_totp_code_says_it_was_already_used_not_wrong(language, says):
    """#20 item 11: a code reused inside its 30-second window is not "wrong"; the person must wait."""
    user = user_with_role(Role.PPK, totp=False)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    code = current_code(device)
    first = Client()
    password_login(first, user.user_id)
    assert first.post(OTP_URL, {"token": code}).status_code == 302
    second = Client()
    second.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    password_login(second, user.user_id)
    page = second.post(OTP_URL, {"token": code}).content.decode()
    assert says in page
    assert "Kode salah" not in page and "Wrong code" not in page
    refused = AuditEvent.objects.filter(action="accounts.login.second_factor_refused", actor_user_id=user.pk)
    assert [e.after["reason"] for e in refused] == ["TOTP_REUSED"]


def test_wrong_code_is_still_called_wrong_and_audited():
    user = user_with_role(Role.PPK, totp=False)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    password_login(client, user.user_id)
    assert "Kode salah" in client.post(OTP_URL, {"token": wrong_code(device)}).content.decode()
    event = AuditEvent.objects.get(action="accounts.login.second_factor_refused", actor_user_id=user.pk)
    assert event.after == {"reason": "TOTP_WRONG"}
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the refusal's audit did not roll the throttle back


def test_enrolment_writes_go_through_the_accounts_service_with_audit_events():
    user = user_with_role(Role.PPK, totp=False)
    client = Client()
    password_login(client, user.user_id)
    client.get(OTP_URL)
    client.get(OTP_URL)  # a reload reuses the pending device
    assert TOTPDevice.objects.filter(user=user).count() == 1
    device = TOTPDevice.objects.get(user=user)
    assert AuditEvent.objects.filter(action="accounts.totp.enrol_start", actor_user_id=user.pk).count() == 1
    assert client.post(OTP_URL, {"token": current_code(device)}).status_code == 302
    event = AuditEvent.objects.get(action="accounts.login.second_factor", actor_user_id=user.pk)
    assert event.after == {"enrolled": True}


def test_provider_is_not_asked_for_a_second_factor():
    user = user_with_role(Role.PENYEDIA, totp=False)
    client = Client()
    response = password_login(client, user.user_id)
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.parametrize("role", sorted(TWO_FACTOR_ROLES))
def test_every_two_factor_role_is_sent_to_the_totp_step(role):
    user = user_with_role(role, totp=False)
    response = password_login(Client(), user.user_id)
    assert response["Location"].startswith(OTP_URL)


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _concrete(route: str) -> str:
    """A URL for a route: path converters get a plausible value (the view must refuse before using it)."""
    import re

    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000001", route)
    route = re.sub(r"<[^>]+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


def test_unverified_staff_session_reaches_no_staff_view_and_not_the_api():
    """Walk every declared non-public view: a staff session without the second factor is sent to TOTP."""
    user = user_with_role(Role.PPK, totp=False)
    TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    password_login(client, user.user_id)
    checked = []
    for route, callback in _routes(get_resolver().url_patterns):
        target = getattr(callback, "view_class", callback)
        rule = getattr(callback, ACCESS_ATTR, None) or getattr(target, ACCESS_ATTR, None)
        if rule is None or rule.public or rule.allow_unverified:
            continue
        url = _concrete(route)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue
            assert response.status_code == 302, f"{method.upper()} {url}: {response.status_code}"
            assert response["Location"].startswith(OTP_URL), f"{method.upper()} {url}"
            checked.append(url)
    assert reverse("accounts:dashboard") in checked and reverse("accounts:account") in checked
    api = client.get("/api/v1/accounts/me")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "TWO_FACTOR_REQUIRED"
    api_post = client.post("/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert api_post.status_code == 403


def test_verified_staff_session_reaches_the_api():
    from lentera.testing import login_client

    user = user_with_role(Role.PPK)
    response = login_client(user, Role.PPK).get("/api/v1/accounts/me")
    assert response.status_code == 200
    assert response.json()["user_id"] == user.user_id


def test_superuser_needs_the_second_factor_for_the_django_admin():
    user = user_with_role(Role.SYSADMIN, totp=False, is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    password_login(client, user.user_id)
    assert client.get("/admin/").status_code == 302
    client.post(OTP_URL, {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200


def test_non_superuser_staff_cannot_open_the_django_admin():
    from lentera.testing import login_client

    user = user_with_role(Role.SYSADMIN)
    assert login_client(user, Role.SYSADMIN).get("/admin/").status_code == 302


def test_provider_who_enrolled_a_device_is_asked_for_it():
    """A provider may choose TOTP (dashboard suggests it); once enrolled, it is asked at every login."""
    user = user_with_role(Role.PENYEDIA)
    device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
    client = Client()
    response = password_login(client, user.user_id)
    assert response["Location"].startswith(OTP_URL)
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    client.post(OTP_URL, {"token": current_code(device)})
    assert client.get(reverse("accounts:dashboard")).status_code == 200
