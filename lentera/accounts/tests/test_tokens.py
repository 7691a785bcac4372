"""Personal API tokens: minted only from a browser session past 2FA, scoped, expiring, revocable, audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lentera.accounts.models import ApiToken, User
from lentera.accounts.services import Credential, token_create
from lentera.accounts.tests.factories import user_with_role
from lentera.core.errors import LenteraError
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.testing import db_fingerprint, login_client

pytestmark = pytest.mark.django_db


def _bearer(secret: str, **extra: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **extra}


def _mint(user: User, scope: str = ApiToken.Scope.ACT, **kwargs) -> tuple[ApiToken, str]:
    """A token as minted on the token page after the second factor."""
    return token_create(
        actor=user,
        name=kwargs.pop("name", "uji"),
        scope=scope,
        credential=Credential.SESSION_VERIFIED,
        **kwargs,
    )


def _secret_in_database(secret: str) -> list[str]:
    """Every table whose rows contain the secret (or its random part), read with plain SQL."""
    random_part = secret.split("_", 2)[2]  # ltr_<prefix>_<random>; the random part may itself hold "_"
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = repr(cursor.fetchall())
            if secret in text or random_part in text:
                hits.append(table)
    return hits


# --- #12 1.3: only an interactive session that passed the second factor mints tokens ---------------------


def test_api_token_cannot_mint_api_tokens():
    user = user_with_role(Role.PPK)
    _token, secret = _mint(user, scope=ApiToken.Scope.ACT)
    before = db_fingerprint()
    response = Client().post(
        "/api/v1/accounts/tokens", {"name": "anak token"}, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "TOKEN_NEEDS_INTERACTIVE_2FA"
    assert db_fingerprint() == before


def test_api_token_cannot_mint_even_alongside_a_verified_session_cookie():
    user = user_with_role(Role.PPK)
    _token, secret = _mint(user)
    client = login_client(user, Role.PPK)  # a verified session in the same client: the bearer token wins
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json", **_bearer(secret)
    )
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=user).count() == 1


def test_session_without_the_second_factor_cannot_mint_tokens():
    user = user_with_role(Role.PENYEDIA)  # providers log in with a password only unless they enrol a device
    client = login_client(user, Role.PENYEDIA, verified=False)
    page = client.get(reverse("accounts:tokens"))
    assert page.status_code == 200 and page.context["can_mint"] is False
    assert reverse("accounts:otp") in page.content.decode()
    before = db_fingerprint()
    web = client.post(reverse("accounts:tokens"), {"name": "x", "scope": "read", "expires_in_days": 30})
    assert "hanya dapat dibuat" in web.content.decode()
    api = client.post("/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert api.status_code == 403 and api.json()["error"]["code"] == "TOKEN_NEEDS_INTERACTIVE_2FA"
    assert db_fingerprint() == before


@pytest.mark.route("POST", "/api/v1/accounts/tokens", allowed=True)
@pytest.mark.route("GET", "/api/v1/accounts/me", allowed=True)
@pytest.mark.route("GET", "/api/v1/accounts/tokens", allowed=True)
def test_token_created_through_the_api_from_a_verified_session_works_and_only_its_sha256_is_stored():
    user = user_with_role(Role.PPK)
    client = login_client(user, Role.PPK)
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "integrasi SIPD", "scope": "act"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("ltr_") and body["scope"] == "act"
    token = ApiToken.objects.get(pk=body["id"])
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert _secret_in_database(secret) == []

    me = Client().get("/api/v1/accounts/me", **_bearer(secret))
    assert me.status_code == 200
    assert me.json()["user_id"] == user.user_id
    listed = Client().get("/api/v1/accounts/tokens", **_bearer(secret)).json()
    assert [t["name"] for t in listed] == ["integrasi SIPD"]
    assert "secret" not in listed[0] and "token_hash" not in listed[0]


def test_token_page_mints_lists_and_revokes():
    user = user_with_role(Role.PENYEDIA)
    client = login_client(user, Role.PENYEDIA)
    account = client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:tokens") in account  # reachable from Akun
    response = client.post(
        reverse("accounts:tokens"), {"name": "aplikasi kantor", "scope": "read", "expires_in_days": 30}
    )
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert secret not in page
    assert "aplikasi kantor" in page and "Baca saja" in page
    assert _secret_in_database(secret) == []
    token = ApiToken.objects.get(user=user)
    assert token.scope == "read"
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200

    revoked = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert revoked.status_code == 302 and revoked["Location"] == reverse("accounts:tokens")
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401
    assert "dicabut" in client.get(reverse("accounts:tokens")).content.decode()


# --- scope: a read token calls safe GET operations only, enforced in the API's token authentication -------


@pytest.mark.route("DELETE", "/api/v1/accounts/tokens/{token_id}", denied=True)
def test_read_scope_token_is_refused_on_a_write():
    user = user_with_role(Role.PENYEDIA)
    other, _ = _mint(user, name="lain")
    _read, secret = _mint(user, scope=ApiToken.Scope.READ, name="baca")
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200
    before = db_fingerprint()
    for response in (
        Client().delete(f"/api/v1/accounts/tokens/{other.pk}", **_bearer(secret)),
        Client().post(
            "/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json", **_bearer(secret)
        ),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "TOKEN_READ_ONLY"
    assert db_fingerprint() == before


@pytest.mark.route("DELETE", "/api/v1/accounts/tokens/{token_id}", allowed=True)
def test_act_scope_token_may_write():
    user = user_with_role(Role.PENYEDIA)
    other, _ = _mint(user, name="lain")
    _act, secret = _mint(user, scope=ApiToken.Scope.ACT)
    assert Client().delete(f"/api/v1/accounts/tokens/{other.pk}", **_bearer(secret)).status_code == 204
    other.refresh_from_db()
    assert other.revoked_at is not None


# --- expiry and revocation answer 401 with a sentence in Indonesian and English ---------------------------


def test_expired_token_answers_401_with_a_clear_bilingual_error():
    user = user_with_role(Role.PENYEDIA)
    _token, secret = _mint(user, expires_in_days=1)
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        in_id = Client().get("/api/v1/accounts/me", **_bearer(secret, HTTP_ACCEPT_LANGUAGE="id"))
        in_en = Client().get("/api/v1/accounts/me", **_bearer(secret, HTTP_ACCEPT_LANGUAGE="en"))
    assert in_id.status_code == in_en.status_code == 401
    assert in_id.json()["error"]["code"] == in_en.json()["error"]["code"] == "TOKEN_EXPIRED"
    assert "kedaluwarsa" in in_id.json()["error"]["message"]
    assert "expired" in in_en.json()["error"]["message"]


def test_revoked_token_answers_401_with_a_clear_bilingual_error():
    user = user_with_role(Role.PENYEDIA)
    token, secret = _mint(user)
    response = Client().delete(f"/api/v1/accounts/tokens/{token.pk}", **_bearer(secret))
    assert response.status_code == 204
    in_id = Client().get("/api/v1/accounts/me", **_bearer(secret, HTTP_ACCEPT_LANGUAGE="id"))
    in_en = Client().get("/api/v1/accounts/me", **_bearer(secret, HTTP_ACCEPT_LANGUAGE="en"))
    assert in_id.status_code == in_en.status_code == 401
    assert in_id.json()["error"]["code"] == "TOKEN_REVOKED"
    assert "dicabut" in in_id.json()["error"]["message"]
    assert "revoked" in in_en.json()["error"]["message"]


@override_settings(LENTERA_API_TOKEN_DEFAULT_DAYS=7, LENTERA_API_TOKEN_MAX_DAYS=30)
def test_token_expiry_default_and_maximum_come_from_settings():
    user = user_with_role(Role.PENYEDIA)
    token, _ = _mint(user)
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    client = login_client(user, Role.PENYEDIA)
    too_long = client.post(
        "/api/v1/accounts/tokens", {"name": "lama", "expires_in_days": 31}, content_type="application/json"
    )
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "TOKEN_EXPIRY_INVALID"
    assert "30" in too_long.json()["error"]["message"]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_minting_and_revoking_are_audited():
    user = user_with_role(Role.PENYEDIA)
    client = login_client(user, Role.PENYEDIA)
    created = client.post(
        "/api/v1/accounts/tokens", {"name": "audit", "scope": "read"}, content_type="application/json"
    ).json()
    event = AuditEvent.objects.get(action="accounts.token.create", object_id=str(created["id"]))
    assert event.actor_user_id == user.pk
    assert event.after["scope"] == "read" and event.after["prefix"] == created["prefix"]
    assert event.after["expires_at"]
    client.delete(f"/api/v1/accounts/tokens/{created['id']}")
    revoke = AuditEvent.objects.get(action="accounts.token.revoke", object_id=str(created["id"]))
    assert revoke.before["revoked_at"] is None and revoke.after["revoked_at"]
    client.delete(f"/api/v1/accounts/tokens/{created['id']}")  # revoking again changes nothing
    assert AuditEvent.objects.filter(action="accounts.token.revoke").count() == 1


def test_last_used_is_written_at_most_once_a_minute():
    user = user_with_role(Role.PENYEDIA)
    token, secret = _mint(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False), CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200
    updates = [
        q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"]
    ]
    assert len(updates) == 1
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        Client().get("/api/v1/accounts/me", **_bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


# --- what was already true stays true ---------------------------------------------------------------------


@pytest.mark.route("DELETE", "/api/v1/accounts/tokens/{token_id}", denied=True)
def test_someone_elses_token_cannot_be_revoked():
    owner = user_with_role(Role.PENYEDIA)
    other = user_with_role(Role.PENYEDIA)
    token, secret = _mint(owner, name="milik orang")
    _, other_secret = _mint(other, name="punya saya")
    assert (
        login_client(other, Role.PENYEDIA).post(reverse("accounts:token_revoke", args=[token.pk])).status_code
        == 404
    )
    assert Client().delete(f"/api/v1/accounts/tokens/{token.pk}", **_bearer(other_secret)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda s: "ltr_deadbeef_" + s.rsplit("_", 1)[-1],  # unknown prefix
        lambda s: "garbage",
        lambda s: "",
    ],
    ids=["wrong-secret", "unknown-prefix", "garbage", "empty"],
)
def test_forged_tokens_are_refused(mangle):
    user = user_with_role(Role.PENYEDIA)
    _, secret = _mint(user)
    response = Client().get("/api/v1/accounts/me", **_bearer(mangle(secret)))
    assert response.status_code == 401 and response.json()["error"]["code"] == "AUTH_REQUIRED"


def test_token_of_a_deactivated_user_is_refused():
    user = user_with_role(Role.PENYEDIA)
    _, secret = _mint(user)
    User.objects.filter(pk=user.pk).update(status=User.Status.DEACTIVATED)
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401


def test_token_name_is_required():
    user = user_with_role(Role.PENYEDIA)
    client = login_client(user, Role.PENYEDIA)
    response = client.post("/api/v1/accounts/tokens", {"name": "  "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "TOKEN_NAME_REQUIRED"
    assert ApiToken.objects.filter(user=user).count() == 0


def test_token_create_only_from_a_session_past_the_second_factor():
    user = user_with_role(Role.PPK)
    for credential in (Credential.SESSION, Credential.TOKEN):
        before = db_fingerprint()
        with pytest.raises(LenteraError) as exc:
            token_create(actor=user, name="x", credential=credential)
        assert exc.value.code == "TOKEN_NEEDS_INTERACTIVE_2FA" and db_fingerprint() == before
    token, secret = token_create(actor=user, name="x", credential=Credential.SESSION_VERIFIED)
    assert token.user == user and secret
