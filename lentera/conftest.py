"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
import shutil

import pytest

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role


@pytest.fixture
def make_user(db):
    return user_with_role


@pytest.fixture
def users_by_role(db):
    """One user per role (staff with a confirmed TOTP device)."""
    return {role: user_with_role(role) for role in Role.values}


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture
def browser(monkeypatch):
    """A headless Debian chromium driven by Playwright (nothing downloaded).

    Playwright's sync API keeps an asyncio loop running in the test's thread, and Django refuses ORM calls
    from a thread with a running loop; a browser test still needs the ORM (make data, read a TOTP device).
    The guard is lifted for this test only (restored afterwards), never for the rest of the suite.
    """
    path = _chromium()
    if path is None:
        if os.environ.get("LENTERA_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (LENTERA_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ],
        )
        try:
            yield b
        finally:
            b.close()


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests run only on PostgreSQL (CI runs the suite on both databases)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
