"""The PPK fills an HPS in a real browser (issue 20 item 3): the table grows and shrinks (htmx, and without
JavaScript through "Tambah baris"), blank rows are ignored, the running total stands against the pagu, the
over-budget refusal is shown next to the total, and every input of the table has a label."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lentera.accounts.tests.factories import PASSWORD
from lentera.planning import services
from lentera.planning.models import HpsItem

from .factories import build_world, rup_item
from .test_browser import _code


def _login(browser, base: str, user, *, js: bool = True):
    context = browser.new_context(locale="id-ID", java_script_enabled=js)
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", user.user_id)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/verifikasi/**")
    page.fill("#id_token", _code(TOTPDevice.objects.get(user=user, confirmed=True)))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    return context, page


def _fill_row(page, n: int, description: str, unit: str, quantity: str, price: str) -> None:
    page.get_by_label(f"Uraian baris {n}", exact=True).fill(description)
    page.get_by_label(f"Satuan baris {n}", exact=True).fill(unit)
    page.get_by_label(f"Volume baris {n}", exact=True).fill(quantity)
    page.get_by_label(f"Harga satuan baris {n}", exact=True).fill(price)
    page.get_by_label(f"Sumber harga baris {n}", exact=True).select_option("MARKET")


def _every_table_input_is_labelled(page) -> None:
    ids = page.locator("#hps-items input:not([type=hidden]), #hps-items select").evaluate_all(
        "els => els.map(e => e.id)"
    )
    assert ids
    for element_id in ids:
        assert page.locator(f"label[for='{element_id}']").count() == 1, element_id


@pytest.mark.browser
def test_ppk_builds_an_hps_table_that_grows_ignores_blank_rows_and_totals_against_the_pagu(
    live_server, browser
):
    w = build_world()
    package = services.package_create(actor=w["ppk"], rup_items=[rup_item(w)])  # pagu Rp2.400.000.000
    context, page = _login(browser, live_server.url, w["ppk"])
    page.goto(f"{live_server.url}/perencanaan/paket/{package.pk}/")
    page.get_by_role("link", name="Susun HPS").click()
    page.wait_for_url(f"**/paket/{package.pk}/hps/")
    assert page.get_by_label("Tanggal penetapan HPS").input_value()  # today, already filled in
    assert page.locator("#hps-items tbody tr").count() == 1
    _every_table_input_is_labelled(page)

    _fill_row(page, 1, "Beton K-350", "m3", "1000", "1.250.000")
    page.get_by_label("Harga satuan baris 1", exact=True).press("Tab")
    # the total is recomputed by the server (htmx) in Rupiah
    expect(page.locator("#hps-total-value")).to_contain_text("1.250.000.000")

    page.get_by_role("button", name="Tambah baris").click()
    page.locator("#hps-items tbody tr").nth(1).wait_for()
    assert (
        page.get_by_label("Uraian baris 1", exact=True).input_value() == "Beton K-350"
    )  # nothing typed lost
    _fill_row(page, 2, "Besi beton", "kg", "20000", "15000")
    page.get_by_role("button", name="Tambah baris").click()
    page.locator("#hps-items tbody tr").nth(2).wait_for()
    _every_table_input_is_labelled(page)
    # row 3 stays blank; remove row 2 with its button
    page.get_by_role("button", name="Hapus baris 2").click()
    expect(page.locator("#hps-items tbody tr")).to_have_count(2)
    assert page.get_by_label("Uraian baris 2", exact=True).input_value() == ""

    # over the pagu: said next to the total, before and after "Simpan", and nothing is saved
    page.get_by_label("Volume baris 1", exact=True).fill("3000")
    page.get_by_label("Volume baris 1", exact=True).press("Tab")
    expect(page.locator("#hps-over")).to_contain_text("melebihi pagu")
    assert "melebihi pagu" in page.locator("#hps-over").inner_text()
    page.get_by_role("button", name="Simpan HPS").click()
    page.wait_for_load_state()
    assert "melebihi pagu" in page.locator("#hps-total").inner_text()
    assert page.locator("#hps-row-errors").count() == 0  # the blank row raised no error
    assert not HpsItem.objects.filter(package=package).exists()

    page.get_by_label("Volume baris 1", exact=True).fill("1000")
    page.get_by_role("button", name="Simpan HPS").click()
    page.wait_for_url(f"**/paket/{package.pk}/")
    assert [i.description for i in HpsItem.objects.filter(package=package)] == ["Beton K-350"]
    assert "Rp1.250.000.000" in page.content()
    context.close()


@pytest.mark.browser
def test_hps_table_grows_without_javascript_and_row_errors_name_the_field(live_server, browser):
    w = build_world()
    package = services.package_create(actor=w["ppk"], rup_items=[rup_item(w)])
    context, page = _login(browser, live_server.url, w["ppk"], js=False)
    page.goto(f"{live_server.url}/perencanaan/paket/{package.pk}/hps/")
    _fill_row(page, 1, "Semen", "zak", "100", "65000")
    page.get_by_role("button", name="Tambah baris").click()
    page.wait_for_load_state()
    assert page.locator("#hps-items tbody tr").count() == 2
    assert page.get_by_label("Uraian baris 1", exact=True).input_value() == "Semen"
    assert re.search(r"Rp6\.500\.000\b", page.locator("#hps-total").inner_text())
    # a half-filled row is refused with a message on its field; the blank rows are not
    page.get_by_label("Uraian baris 2", exact=True).fill("Pasir")
    page.get_by_role("button", name="Simpan HPS").click()
    page.wait_for_load_state()
    assert page.locator("#hps-row-errors").count() == 1
    assert "Wajib diisi bila baris ini dipakai." in page.locator("#hps-items tbody tr").nth(1).inner_text()
    assert "Wajib diisi" not in page.locator("#hps-items tbody tr").nth(0).inner_text()
    assert not HpsItem.objects.filter(package=package).exists()
    context.close()
