"""#12 1.6: a strict Content-Security-Policy and the other browser-hardening headers, checked on the wire and
in a real browser (no page may trigger a CSP violation)."""

from __future__ import annotations

import pytest
from django.test import Client

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.testing import login_client


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/pengadaan/", "/akun/masuk/", "/transparansi/audit/"])
def test_browser_hardening_headers_on_every_page(path):
    response = Client().get(path)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_raise_no_csp_violation_in_a_real_browser(live_server, browser):
    user = user_with_role(Role.PPK)
    client = login_client(user, Role.PPK)
    session = client.cookies["sessionid"].value
    context = browser.new_context()
    violations: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda m: violations.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None,
    )
    for path in ("/", "/pengadaan/", "/akun/masuk/", "/transparansi/audit/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    for path in ("/akun/beranda/", "/akun/saya/", "/akun/token/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    context.close()
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_page_raises_no_csp_violation(live_server, browser):
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_load_state("networkidle")
    page.close()
    assert violations == []
