"""The public portal in a real browser (issue 20 items 2, 6, 9, 13): a provider finds the sign-up page from the
home and login pages; every public page fits a 390 px phone; bad search input is named next to its field and the
results come with their count beside the filters; old duplicate addresses land on the one page, query kept."""

from __future__ import annotations

import re

import pytest

from lentera.opendata import services as opendata
from lentera.planning.models import RupItem

from .test_pages import _world

PHONE = {"width": 390, "height": 844}


def _wide_elements(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                          && !e.closest('.table-wrap'))
             .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_public_page_fits_a_390px_phone(live_server, browser, settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    open_tender, done, _hidden, offers = _world()
    opendata.opendata_sync()
    paths = [
        "/",
        "/pengadaan/",
        "/pengadaan/?q=jembatan",
        f"/pengadaan/{open_tender.code}/",
        f"/pengadaan/{done.code}/",
        "/publik/rup/",
        "/publik/pemenang/",
        "/publik/kontrak/",
        "/publik/daftar-hitam/",
        f"/publik/penyedia/{offers[0].provider_id}/",
        "/publik/indikator-instansi/",
        "/publik/monitoring/",
        "/publik/pengumuman-layanan/",
        "/opendata/",
        "/opendata/indikator-risiko/",
        "/penyedia/daftar/",
        "/akun/masuk/",
    ]
    item = RupItem.objects.filter(announced_at__isnull=False).first()
    if item is not None:
        paths.append(f"/publik/rup/{item.code}/")
    page = browser.new_page(viewport=PHONE)
    too_wide = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = (width, _wide_elements(page))
    assert too_wide == {}
    # the deadline of an open tender is on screen, not scrolled off to the right
    page.goto(live_server.url + "/")
    deadline = page.locator("td[data-label='Batas penawaran']").first
    box = deadline.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_provider_finds_sign_up_from_home_and_login(live_server, browser):
    page = browser.new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Daftar sebagai penyedia (gratis)").click()
    page.wait_for_url("**/penyedia/daftar/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pendaftaran penyedia barang/jasa"
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Masuk", exact=True).click()
    page.wait_for_url("**/akun/masuk/**")
    page.get_by_role("link", name="Daftar sebagai penyedia (gratis)").click()
    page.wait_for_url("**/penyedia/daftar/")
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_names_bad_filters_next_to_the_field_and_counts_results(live_server, browser, settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    _world()
    opendata.opendata_sync()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/pengadaan/?hps_min=abc&tahun=1900")
    assert "Tulis angka Rupiah" in page.locator("#f-hmin-err").inner_text()
    assert page.get_by_label("HPS paling sedikit (Rp)").input_value() == "abc"  # shown back, not wiped
    assert "1900" in page.locator("#f-tahun-err").inner_text()
    assert page.locator("#search-errors").count() == 1
    # the wrong filters are left out (not "no results"), and the count says how many were found
    assert re.search(r"\b2 pengadaan ditemukan", page.locator("#result-count").inner_text())

    # the user fixes it in the sidebar: minimum above maximum is named on the maximum
    page.get_by_label("HPS paling sedikit (Rp)").fill("2.000.000.000")
    page.get_by_label("HPS paling banyak (Rp)").fill("1.000.000")
    page.get_by_role("button", name="Terapkan filter").click()
    page.wait_for_load_state()
    assert "lebih kecil dari HPS paling sedikit" in page.locator("#f-hmax-err").inner_text()

    # wide screen: the filters sit beside the results, which start near the top
    page.goto(f"{live_server.url}/pengadaan/")
    side = page.locator(".search-side").bounding_box()
    results = page.locator("#results-h").bounding_box()
    assert side and results and results["x"] > side["x"] + side["width"] - 1
    assert results["y"] < 400
    assert page.get_by_label("Metode pemilihan").is_visible()

    # phone: the filters fold into a panel, the results come first
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/pengadaan/")
    assert not page.get_by_label("Metode pemilihan").is_visible()
    assert page.locator("#results-h").bounding_box()["y"] < 500
    page.get_by_text("Filter", exact=True).click()
    assert page.get_by_label("Metode pemilihan").is_visible()
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_old_duplicate_addresses_land_on_the_one_page_with_their_query(live_server, browser):
    page = browser.new_page()
    for old, new in [
        ("/tender/?q=jembatan", "/pengadaan/?q=jembatan"),
        ("/perencanaan/rup/?q=jalan&fiscal_year=2026", "/publik/rup/?q=jalan&fiscal_year=2026"),
        ("/penyedia/daftar-hitam/", "/publik/daftar-hitam/"),
    ]:
        response = page.goto(live_server.url + old)
        assert response is not None and response.status == 200
        assert page.url == live_server.url + new
        assert response.request.redirected_from is not None
        assert response.request.redirected_from.response().status == 301
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_reads_per_tender_red_flags_without_logging_in(live_server, browser, settings):
    settings.LENTERA_FEED_WATERMARK_SECONDS = 0
    _open, done, _hidden, _offers = _world()
    opendata.opendata_sync()
    page = browser.new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/opendata/indikator-risiko/")
    assert "/akun/masuk/" not in page.url
    # the year filter offers the years that have data, not a free text box
    years = page.get_by_label("Tahun anggaran").locator("option").all_inner_texts()
    assert years[0] == "Semua tahun" and years[1:] and all(y.isdigit() for y in years[1:])
    page.get_by_label("Tahun anggaran").select_option(years[1])
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name=done.code).click()
    page.wait_for_url(f"**/indikator-risiko/{done.code}/")
    text = page.locator("main").inner_text()
    assert "Harga pemenang mendekati HPS" in text and "winner_near_hps" not in text
    # the per-provider list (possible cover bidding) is for auditors only
    page.goto(f"{live_server.url}/opendata/indikator-risiko/")
    assert "tidak pernah menang" not in page.locator("main").inner_text()
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_english_visitor_reads_method_names_in_english(live_server, browser):
    page = browser.new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/pengadaan/")
    page.select_option("#lang", "en")
    page.locator("form:has(#lang) button").click()
    page.wait_for_load_state()
    methods = page.get_by_label("Selection method").locator("option").all_inner_texts()
    assert "Pengadaan Langsung (direct procurement)" in methods
    assert "Penunjukan Langsung (direct appointment)" in methods
    page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unknown_address_shows_the_lentera_404_page_with_a_way_back(live_server, browser):
    page = browser.new_page(java_script_enabled=False)
    response = page.goto(f"{live_server.url}/pengadaan-lama/tidak-ada/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Halaman tidak ditemukan"
    page.get_by_role("link", name="Kembali ke beranda").click()
    page.wait_for_url(f"{live_server.url}/")
    page.close()
