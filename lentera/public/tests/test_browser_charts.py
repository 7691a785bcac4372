"""Charts (issue 20 item 10): the public indicator and home pages and the head of UKPBJ's dashboard show
server-rendered SVG bar charts, each with its data table beside it, in a browser with JavaScript off."""

from __future__ import annotations

import pytest

from lentera.accounts.tests.factories import PASSWORD, user_with_role
from lentera.core.roles import Role
from lentera.opendata import services as opendata
from lentera.planning.tests.test_browser import _code

from .test_pages import _world


def _charts(page) -> list[dict]:
    return page.locator("figure.chart").evaluate_all(
        """figs => figs.map(f => ({
             title: f.querySelector('svg[role=img] title').textContent,
             bars: f.querySelectorAll('svg rect.bar').length,
             rows: f.querySelectorAll('table tbody tr').length,
             scripts: document.querySelectorAll('script:not([src])').length}))"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_and_head_of_ukpbj_dashboard_show_charts_with_their_data(live_server, browser, settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    _world()  # tenders of the instansi KAB-UJI: one open, one contracted
    opendata.opendata_sync()
    from lentera.opendata.tests import scenario

    agency, _unit, ukpbj = scenario.org()
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}/publik/indikator-instansi/")
    [chart] = _charts(page)
    assert chart["title"] == "Jumlah tender per satuan kerja" and chart["bars"] == chart["rows"] >= 1
    assert chart["scripts"] == 0

    page.goto(f"{live_server.url}/")
    [chart] = _charts(page)
    assert chart["title"] == "Tender berlangsung menurut tahap" and chart["bars"] == chart["rows"] == 3
    page.get_by_role("table").filter(has_text="Jumlah tender").get_by_role("link").first.click()
    page.wait_for_url("**/pengadaan/?tahap=*")

    head = user_with_role(Role.KEPALA_UKPBJ, work_unit=ukpbj)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", head.user_id)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/verifikasi/**")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.fill("#id_token", _code(TOTPDevice.objects.get(user=head, confirmed=True)))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/beranda/")
    charts = {c["title"]: c for c in _charts(page)}
    by_stage = charts[f"Tender {agency.name} menurut tahap"]
    assert by_stage["bars"] == by_stage["rows"] == 6
    by_method = charts["Nilai HPS menurut metode pemilihan"]
    assert by_method["bars"] == by_method["rows"] >= 1
    assert "Rp" in page.locator("figure.chart").nth(1).locator("table").inner_text()
    context.close()
