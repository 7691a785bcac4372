"""A member of the public searches for a tender and opens it, in a real browser (no login, no JavaScript needed)."""

from __future__ import annotations

import pytest

from lentera.opendata import services
from lentera.opendata.tests import scenario


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_searches_and_opens_a_tender(live_server, browser):
    t = scenario.tender(title="Pembangunan Jembatan Gantung Desa Sukamaju")
    scenario.tender(title="Pengadaan Obat Puskesmas")
    services.opendata_sync()
    page = browser.new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/")
    page.get_by_label("Kata kunci (nama paket, instansi, lokasi)").fill("jembatan sukamaju")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/pengadaan/?q=*")
    assert page.get_by_role("link", name="Pembangunan Jembatan Gantung Desa Sukamaju").count() == 1
    assert "Pengadaan Obat Puskesmas" not in page.content()
    page.get_by_role("link", name="Pembangunan Jembatan Gantung Desa Sukamaju").click()
    page.wait_for_url(f"**/pengadaan/{t.code}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pembangunan Jembatan Gantung Desa Sukamaju"
    assert page.get_by_role("heading", name="Jadwal").count() == 1
    page.close()
