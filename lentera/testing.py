"""Test helpers every app uses: logged-in clients per role, a database fingerprint, the access matrix, axe-core.

The access matrix: for each (role, action) the test calls the action as a user acting in that role. A role not
allowed must get 403 (or 401, or a redirect to login) and the database must be unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.middleware import ACTING_ROLE_SESSION_KEY

#: Tables whose rows legitimately change on any request (sessions, login attempt records).
FINGERPRINT_SKIP_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_migrations",
    "lentera_test_changes",  # lentera.testing_changes' own counter
}
#: Columns that change by merely being used (a token's last use, a login's time), not by an action.
FINGERPRINT_SKIP_COLUMNS = {"accounts_apitoken": {"last_used_at"}, "accounts_user": {"last_login"}}


def db_fingerprint() -> str:
    """A value that changes whenever any row of any table changes (the tables and columns above excepted).

    In the test database this is the count kept by triggers (lentera.testing_changes: one cheap read). Elsewhere,
    or where the triggers are not installed, it is a SHA-256 over every row of every table (small databases only).
    """
    from lentera import testing_changes

    changes = testing_changes.count()
    if changes is not None:
        return f"changes:{changes}"
    return full_db_fingerprint()


def full_db_fingerprint() -> str:
    """SHA-256 over every row of every table (small test databases only).

    Reads the tables with plain SQL, so it does not depend on the models matching the schema. On PostgreSQL the
    rows are digested by the server in one statement (one query per table cost ~0.3 s per fingerprint there).
    """
    if connection.vendor == "postgresql":
        return _db_fingerprint_postgresql()
    digest = hashlib.sha256()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in FINGERPRINT_SKIP_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {qn(table)}")  # noqa: S608 - table names from introspection
            skip = FINGERPRINT_SKIP_COLUMNS.get(table, set())
            keep = [i for i, col in enumerate(cursor.description) if col[0] not in skip]
            rows = sorted(repr(tuple(row[i] for i in keep)) for row in cursor.fetchall())
            digest.update(table.encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()


_fingerprint_sql: dict[str, str] = {}


def _db_fingerprint_postgresql() -> str:
    """Each table's rows as text, sorted and hashed by PostgreSQL (md5 is only a change detector here); the
    statement is built once per database from the catalogue, the same tables and columns the SQLite path reads."""
    qn = connection.ops.quote_name
    key = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        sql = _fingerprint_sql.get(key)
        if sql is None:
            parts = []
            for table in sorted(connection.introspection.table_names(cursor)):
                if table in FINGERPRINT_SKIP_TABLES:
                    continue
                skip = FINGERPRINT_SKIP_COLUMNS.get(table, set())
                columns = [
                    qn(col.name)
                    for col in connection.introspection.get_table_description(cursor, table)
                    if col.name not in skip
                ]
                parts.append(
                    f"SELECT '{table}' AS t, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS d "  # noqa: S608
                    f"FROM (SELECT ROW({', '.join(columns)})::text AS r FROM {qn(table)}) x"
                )
            sql = _fingerprint_sql[key] = " UNION ALL ".join(parts)
        cursor.execute(sql)
        rows = sorted(cursor.fetchall())
    digest = hashlib.sha256()
    for table, table_digest in rows:
        digest.update(f"{table}:{table_digest}\n".encode())
    return digest.hexdigest()


def login_client(
    user, role: str | None = None, *, verified: bool = True, client: Client | None = None
) -> Client:
    """A Django test client logged in as `user`, acting in `role`, with the second factor done."""
    client = client or Client()
    client.force_login(user, backend="lentera.accounts.backends.UserIdBackend")
    session = client.session
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if role:
        session[ACTING_ROLE_SESSION_KEY] = str(role)
    session.save()
    return client


def api_headers(user, role: str | None = None) -> dict[str, str]:
    """Headers for an API call with a fresh personal token of `user`, acting in `role`."""
    from lentera.accounts.models import ApiToken
    from lentera.accounts.services import Credential, token_create

    # As if minted on the token page after the second factor; 'act' so every operation the role allows works.
    _token, secret = token_create(
        actor=user, name="test", scope=ApiToken.Scope.ACT, credential=Credential.SESSION_VERIFIED
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if role:
        headers["HTTP_X_LENTERA_ROLE"] = str(role)
    return headers


def api_call(user, role: str | None, method: str, path: str, body: Any = None):
    """Call the JSON API as ``user`` acting in ``role`` (a fresh token; no credentials when ``user`` is None);
    ``body`` is sent as JSON."""
    import json

    headers: dict[str, Any] = api_headers(user, role) if user is not None else {}
    client = Client()
    if method == "get":
        return client.get(path, **headers)
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json", **headers
    )


DENIED_STATUSES = {401, 403}


def is_denied(response) -> bool:
    if response.status_code in DENIED_STATUSES:
        return True
    if response.status_code in (301, 302):
        location = response.get("Location", "")
        return "/akun/masuk/" in location or "/akun/verifikasi/" in location
    return False


@dataclass
class Action:
    """One web or API action in the matrix. `call(client, headers)` performs it and returns the response."""

    name: str
    allowed: frozenset[str]
    call: Callable[[Client, dict[str, str]], Any]
    api: bool = False
    anonymous_allowed: bool = False
    notes: dict[str, Any] = field(default_factory=dict)


def run_matrix(
    actions: Iterable[Action],
    users_by_role: dict[str, Any],
    *,
    check_allowed: bool = True,
) -> list[str]:
    """Run every action as every role; return a list of failures (empty when the matrix holds).

    Denied calls must be refused and change nothing (db fingerprint). Allowed calls must not be refused.
    Anonymous calls are refused unless the action is public.
    """
    failures: list[str] = []
    for action in actions:
        for role, user in users_by_role.items():
            allowed = role in action.allowed
            if action.api:
                client, headers = Client(), api_headers(user, role)
            else:
                client, headers = login_client(user, role), {}
            before = db_fingerprint() if not allowed else None
            response = action.call(client, headers)
            if allowed:
                if check_allowed and is_denied(response):
                    failures.append(
                        f"{action.name}: role {role} allowed but refused ({response.status_code})"
                    )
            else:
                if not is_denied(response):
                    failures.append(f"{action.name}: role {role} not allowed but got {response.status_code}")
                elif db_fingerprint() != before:
                    failures.append(f"{action.name}: role {role} was refused but the database changed")
        before = db_fingerprint()
        response = action.call(Client(), {})
        if not action.anonymous_allowed:
            if not is_denied(response):
                failures.append(f"{action.name}: anonymous not refused ({response.status_code})")
            elif db_fingerprint() != before:
                failures.append(f"{action.name}: anonymous refused but the database changed")
    return failures


AXE_SCRIPT = Path(__file__).parent / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on a Playwright page, one readable line each (vendored axe-core,
    nothing downloaded)."""
    # evaluated through the DevTools protocol, not as a <script> tag, so the site's strict CSP stays on
    page.evaluate(AXE_SCRIPT.read_text() + "\n;void 0")
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        AXE_WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in result
    ]


PDF_HEAD = b"%PDF-1.7\n"


def pdf(content: bytes = b"") -> bytes:
    """Test data that is a PDF by its first bytes (uploads are checked by content: lentera.core.uploads)."""
    return PDF_HEAD + content


def pdf_sized(size: int, fill: bytes = b"x") -> bytes:
    """``size`` bytes that start like a PDF."""
    return (PDF_HEAD + fill * (size // max(len(fill), 1) + 1))[:size]


def browser_switch_role(page, role: str) -> None:
    """In a browser test, act in ``role`` through the header's account menu, as a person would."""
    if not page.locator("#role-switch").count():
        return
    if not page.locator("#role-switch").is_visible():
        page.click("#account-menu > summary")
    page.select_option("#role-switch", role)
    page.click("form:has(#role-switch) button[type=submit]")
    page.wait_for_load_state()


def use_storage(settings, root) -> Path:
    """Point MEDIA_ROOT and the default storage at ``root`` (created) for this test. Changing STORAGES through
    pytest-django's ``settings`` sends ``setting_changed``, which resets ``default_storage``."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root
