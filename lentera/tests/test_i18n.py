"""Indonesian first, English through the committed catalog; Rupiah and Jakarta time formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lentera.core.money import format_rupiah
from lentera.core.roles import Role
from lentera.core.templatetags.lentera import role_label, wib
from lentera.testing import api_headers

pytestmark = pytest.mark.django_db


def test_refused_api_call_message_follows_accept_language(make_user):
    user = make_user(Role.PENYEDIA)
    headers = api_headers(user, Role.PENYEDIA)
    payload = {"user_id": "baru", "full_name": "Baru", "email": "baru@example.go.id"}
    answers = {}
    for lang in ("id", "en"):
        response = Client().post(
            "/api/v1/accounts/users",
            payload,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=lang,
            **headers,
        )
        assert response.status_code == 403
        answers[lang] = response.json()["error"]
    assert answers["id"]["code"] == answers["en"]["code"] == "ROLE_NOT_ALLOWED"
    assert answers["id"]["message"] == "Tindakan ini tidak diizinkan untuk peran Anda."
    assert answers["en"]["message"] == "This action is not allowed for your role."


def test_business_rule_error_is_translated_too(make_user):
    from lentera.testing import login_client

    user = make_user(Role.PENYEDIA)
    client = login_client(user, Role.PENYEDIA)  # tokens are minted from a session past the second factor
    headers: dict[str, str] = {}
    messages = {
        lang: client.post(
            "/api/v1/accounts/tokens",
            {"name": " "},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=lang,
            **headers,
        ).json()["error"]["message"]
        for lang in ("id", "en")
    }
    assert messages == {"id": "Nama token wajib diisi.", "en": "The token name is required."}


def test_indonesian_is_the_default_for_web_pages():
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Masuk ke Lentera" in page and 'lang="id"' in page


def test_language_switch_to_english_shows_the_login_page_in_english():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Log in to Lentera" in page and 'lang="en"' in page
    assert "Masuk ke Lentera" not in page
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Masuk ke Lentera" in client.get(reverse("accounts:login")).content.decode()


def test_role_labels_are_translated():
    with translation.override("en"):
        assert role_label(Role.PPK) == "Commitment-Making Official (PPK)"
    with translation.override("id"):
        assert role_label(Role.PPK) == "Pejabat Pembuat Komitmen (PPK)"
    assert role_label("NOT_A_ROLE") == "NOT_A_ROLE" and role_label(None) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234567.5"), "Rp1.234.568"),
        (0, "Rp0"),
        (Decimal("-2500"), "-Rp2.500"),
        (None, "–"),
        ("999999999999.99", "Rp1.000.000.000.000"),
    ],
)
def test_rupiah_formatting(value, shown):
    assert format_rupiah(value) == shown


def test_rupiah_with_cents():
    assert format_rupiah(Decimal("1234.5"), cents=True) == "Rp1.234,50"


def test_stored_utc_is_shown_in_jakarta_time():
    stored = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)
    with translation.override("id"):
        assert wib(stored) == "2 Maret 2026 00:30 WIB"
    assert wib(None) == "–"


def test_web_pages_stay_indonesian_whatever_the_browser_language():
    page = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk ke Lentera" in page


def test_api_follows_accept_language_even_with_an_indonesian_cookie():
    client = Client()
    client.cookies["django_language"] = "id"
    response = client.get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["error"]["message"] == "Login or API token required."


def test_a_request_in_english_does_not_leave_english_active():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get(reverse("accounts:login"))
    Client().get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="en")
    assert translation.get_language() == "id"
    assert str(Role.PPK.label) == "Pejabat Pembuat Komitmen (PPK)"
