"""Personal API tokens: created on the web or through the API, used as Bearer, revocable, hashed at rest."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from lentera.accounts.models import ApiToken, User
from lentera.accounts.services import token_create
from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.core.testing import login_client

pytestmark = pytest.mark.django_db


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


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


def test_token_created_through_the_api_authenticates_and_only_its_sha256_is_stored():
    user = user_with_role(Role.PPK)
    client = login_client(user, Role.PPK)
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "integrasi SIPD"}, content_type="application/json"
    )
    assert response.status_code == 201
    secret = response.json()["secret"]
    assert secret.startswith("ltr_")
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert _secret_in_database(secret) == []

    me = Client().get("/api/v1/accounts/me", **_bearer(secret))
    assert me.status_code == 200
    assert me.json()["user_id"] == user.user_id
    assert [r["role"] for r in me.json()["roles"]] == [Role.PPK]
    listed = Client().get("/api/v1/accounts/tokens", **_bearer(secret)).json()
    assert [t["name"] for t in listed] == ["integrasi SIPD"]
    assert "secret" not in listed[0] and "token_hash" not in listed[0]


def test_token_created_on_the_web_is_shown_once_and_works():
    user = user_with_role(Role.PENYEDIA)
    client = login_client(user, Role.PENYEDIA)
    response = client.post(reverse("accounts:account"), {"name": "aplikasi kantor"})
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret in response.content.decode()
    assert secret not in client.get(reverse("accounts:account")).content.decode()
    assert _secret_in_database(secret) == []
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 200


def test_revoked_token_is_refused_api():
    user = user_with_role(Role.PENYEDIA)
    token, secret = token_create(actor=user, name="sekali pakai")
    response = Client().delete(f"/api/v1/accounts/tokens/{token.pk}", **_bearer(secret))
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = Client().get("/api/v1/accounts/me", **_bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "AUTH_REQUIRED"


def test_revoked_token_is_refused_web():
    user = user_with_role(Role.PENYEDIA)
    token, secret = token_create(actor=user, name="web")
    client = login_client(user, Role.PENYEDIA)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401


def test_someone_elses_token_cannot_be_revoked():
    owner = user_with_role(Role.PENYEDIA)
    other = user_with_role(Role.PENYEDIA)
    token, secret = token_create(actor=owner, name="milik orang")
    _, other_secret = token_create(actor=other, name="punya saya")
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
    _, secret = token_create(actor=user, name="asli")
    assert Client().get("/api/v1/accounts/me", **_bearer(mangle(secret))).status_code == 401


def test_token_of_a_deactivated_user_is_refused():
    user = user_with_role(Role.PENYEDIA)
    _, secret = token_create(actor=user, name="x")
    User.objects.filter(pk=user.pk).update(status=User.Status.DEACTIVATED)
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401


def test_expired_token_is_refused():
    import datetime as dt

    from django.utils import timezone

    user = user_with_role(Role.PENYEDIA)
    _, secret = token_create(actor=user, name="x", expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert Client().get("/api/v1/accounts/me", **_bearer(secret)).status_code == 401


def test_token_name_is_required():
    user = user_with_role(Role.PENYEDIA)
    response = Client().post(
        "/api/v1/accounts/tokens",
        {"name": "  "},
        content_type="application/json",
        **_bearer(token_create(actor=user, name="a")[1]),
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "TOKEN_NAME_REQUIRED"
    assert ApiToken.objects.filter(user=user).count() == 1
