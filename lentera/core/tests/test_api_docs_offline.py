"""The API docs page works on a server with no internet: Swagger UI comes from the server's own static files
(#20 7; it used to load from a CDN and stayed blank offline)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest


def test_api_docs_page_loads_nothing_from_outside(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html


@pytest.mark.browser
@pytest.mark.django_db
def test_api_docs_render_offline(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []

    def route(r):
        host = urlparse(r.request.url).hostname
        if host not in ("localhost", "127.0.0.1"):
            outside.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary", timeout=15000)
    assert page.locator(".opblock").count() > 50
    assert outside == []
    context.close()
