"""Every public HTML page and anonymous form passes axe-core's WCAG 2.1 A/AA rules, in Indonesian and in English, on a phone and on
a desktop screen, with an active service notice showing (axe-core is vendored: lentera/tests/vendor/axe-core)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from lentera.opendata.tests import scenario
from lentera.public.models import ServiceNotice
from lentera.testing import axe_violations

from .test_pages import _public_urls, _world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_pass_axe_wcag_21_aa(live_server, browser, settings):
    open_tender, done, _hidden, offers = _world()
    now = timezone.now()
    ServiceNotice.objects.create(
        kind=ServiceNotice.Kind.MAINTENANCE,
        title="Pemeliharaan terjadwal",
        summary="Unggah penawaran tidak tersedia sementara.",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=1),
        created_by=scenario.UserFactory(),
    )
    cache.clear()
    pages = [
        u
        for u in _public_urls(open_tender, done, offers)
        if not u.startswith("/api/") and not u.endswith(".csv")
    ]
    # the anonymous forms: sign in, password reset, provider sign-up; and the receipt-key page
    pages += ["/akun/masuk/", "/akun/sandi/lupa/", "/penyedia/daftar/", "/penawaran/kunci-tanda-terima/"]
    failures: dict[str, list[str]] = {}
    for language, viewport in (("id", {"width": 390, "height": 844}), ("en", {"width": 1280, "height": 900})):
        context = browser.new_context(viewport=viewport)
        host = live_server.url.split("://", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
        )
        page = context.new_page()
        for url in pages:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, url
            assert page.locator("html").get_attribute("lang") == language, url
            found = axe_violations(page)
            if found:
                failures[f"{language} {url}"] = found
        context.close()
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())
