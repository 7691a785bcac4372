"""The monitoring and report pages pass axe-core's WCAG 2.1 A/AA rules in a real browser (charts, tables, forms)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lentera.core.roles import Role
from lentera.reporting import services
from lentera.reporting.tests import scenario as sc
from lentera.testing import axe_violations, login_client


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reporting_pages_pass_axe_wcag_21_aa(live_server, browser, settings, media_root):
    world = sc.build()
    report = services.report_create(
        actor=world.kepala, role=Role.KEPALA_UKPBJ, agency_id=world.w.agency.pk, kind="S1", year=sc.YEAR
    )
    client = login_client(world.kepala, Role.KEPALA_UKPBJ)
    host = urlsplit(live_server.url)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": host.hostname, "path": "/"}]
    )  # fmt: skip
    page = context.new_page()
    failures = {}
    for path in (
        f"{reverse('reporting:dashboard')}?tahun={sc.YEAR}",
        f"{reverse('reporting:dashboard')}?tahun={sc.YEAR}&satker={world.w.dpupr.pk}",
        reverse("reporting:reports"),
        reverse("reporting:report_detail", args=[report.pk]),
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        found = axe_violations(page)
        if found:
            failures[path] = found
    context.close()
    assert not failures, failures
