"""Accessibility of the signed-in pages: every role of the demo story opens its dashboard, and every page linked
from it (forms included) is checked with axe-core's WCAG 2.1 A/AA rules in a real browser."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from lentera.accounts.models import User
from lentera.core.roles import Role
from lentera.testing import axe_violations, login_client

ROLES = [
    ("admin", Role.SYSADMIN),
    ("ppk.dpupr", Role.PPK),
    ("pokja1", Role.POKJA),
    ("pokja1", Role.PENGELOLA_PBJ),
    ("admin.ukpbj", Role.ADMIN_UKPBJ),
    ("verifikator", Role.VERIFIKATOR),
    ("helpdesk", Role.HELPDESK),
    ("penyedia1", Role.PENYEDIA),
]
SKIP = ("/akun/keluar", "/admin/", "/api/", "/i18n/", "/static/")
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".json", ".zip", ".pem", "/unduh", "/berkas")
PER_ROLE = 14  # pages per role (every role's dashboard and the pages it reaches in two clicks)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.fragment and not parts.path:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP) or any(mark in path for mark in DOWNLOADS) or path in out:
            continue
        out.append(path)
    return out


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_signed_in_pages_pass_axe_wcag_21_aa(live_server, browser, settings):
    call_command("demo_load", verbosity=0, stdout=io.StringIO())
    failures: dict[str, list[str]] = {}
    checked = 0
    seen: set[str] = {"/", "/transparansi/audit/"}  # public pages: test_accessibility covers them
    for user_id, role in ROLES:
        client = login_client(User.objects.get(user_id=user_id), role)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        host = urlsplit(live_server.url)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
              "domain": host.hostname, "path": "/"}]
        )  # fmt: skip
        page = context.new_page()
        queue = ["/akun/beranda/"]  # breadth first: the dashboard, what it links to, what those link to
        visited = 0
        while queue and visited < PER_ROLE:
            path = queue.pop(0)
            if path in seen and path != "/akun/beranda/":
                continue
            seen.add(path)
            try:
                response = page.goto(f"{live_server.url}{path}")
            except PlaywrightError as exc:  # a link to a file: the browser downloads it, nothing to check
                if "Download is starting" in str(exc):
                    continue
                raise
            if (
                response is None
                or response.status != 200
                or "html" not in response.headers.get("content-type", "")
            ):
                continue
            visited += 1
            found = axe_violations(page)
            if found:
                failures[f"{role} {path}"] = found
            queue += [link for link in _links(page, live_server.url) if link not in seen]
        checked += visited
        context.close()
    assert checked >= 40, checked
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())
