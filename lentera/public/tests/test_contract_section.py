"""The public tender page's "Kontrak" section: the contract (number, value, period, state), its amendments with
their reasons (before -> after), progress (SPMK, last paid termin) and payments (date, net amount), from a
contract driven through the contracts services; nothing private; axe-clean on a phone and a desktop."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from lentera.opendata import services
from lentera.opendata.tests.test_contracting import M, Story, amended_twice
from lentera.testing import axe_violations


def _story() -> Story:
    s = amended_twice(Story())
    s.termin("t1", progress=60, amount=1320 * M, at=s.at)
    services.opendata_sync()
    cache.clear()
    return s


@pytest.mark.django_db
def test_tender_page_shows_the_contract_amendments_progress_and_payments():
    s = _story()
    html = Client().get(f"/pengadaan/{s.tender.code}/").content.decode()
    section = html[html.index('id="kontrak"') :]
    assert "KONTRAK/01" in section and "Dalam pelaksanaan" in section
    assert "Rp2.200.000.000" in section and "Rp2.000.000.000" in section  # in force, and the value signed
    assert "Tambahan volume drainase" in section and "Curah hujan tinggi" in section
    assert "Rp2.000.000.000 → Rp2.150.000.000" in section and "Rp2.150.000.000 → Rp2.200.000.000" in section
    assert "SPMK/1" in section and "60% (termin terakhir yang dibayar)" in section
    assert "Uang muka" in section and "Rp300.000.000" in section and "Termin 1" in section
    for private in ("JUM-RAHASIA-77", "Bank Pembangunan Daerah", "JP-001", s.letter.provider.npwp):
        assert private not in html
    api = Client().get(f"/api/v1/public/tenders/{s.tender.code}").json()["contract"]
    assert (
        api["state"] == "IN_PROGRESS"
        and api["value"] == "2200000000.00"
        and api["original_value"] == "2000000000.00"
    )
    assert [a["rationale"] for a in api["amendments"]] == [
        "Tambahan volume drainase",
        "Curah hujan tinggi menghambat pengecoran",
    ]
    assert [(p["kind"], p["net"]) for p in api["payments"]][0] == ("ADVANCE", "300000000.00")
    assert api["payments"][1]["progress_percent"] == "60.00" and api["start_order"]["number"] == "SPMK/1"
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = english.get(f"/pengadaan/{s.tender.code}/").content.decode()
    section = page[page.index('id="kontrak"') :]
    assert "In progress" in section and "Dalam pelaksanaan" not in section  # labels in the page's language


@pytest.mark.django_db
def test_tender_page_without_contract_says_so():
    from lentera.opendata.tests import scenario

    t = scenario.tender()
    services.opendata_sync()
    assert "Belum ada kontrak." in Client().get(f"/pengadaan/{t.code}/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_contract_section_passes_axe_and_fits_a_phone(live_server, browser):
    s = _story()
    failures = {}
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page = browser.new_page(viewport=viewport)
        page.goto(f"{live_server.url}/pengadaan/{s.tender.code}/")
        assert page.get_by_role("heading", name="Kontrak", exact=True).count() == 1
        assert page.get_by_role("heading", name="Adendum kontrak").count() == 1
        assert page.locator("#kontrak").get_by_text("Curah hujan tinggi menghambat pengecoran").count() == 1
        # nothing wider than the screen: the page does not scroll sideways (tables scroll in their wrapper)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (viewport, width)
        found = axe_violations(page)
        if found:
            failures[viewport["width"]] = found
        page.close()
    assert not failures, failures
