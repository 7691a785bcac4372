"""One full journey per role, in Debian chromium, on the demo story (issue #20, "Done when"): each person starts at
the home page, signs in through the visible "Masuk" link and reaches the end of their task using only visible
links, menus and buttons, never a typed address.

With ``LENTERA_SCREENSHOTS=1`` the journeys also save the main screens to ``docs/screenshots/`` (the images
docs/screens.md shows); without it nothing is written to the source tree.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.testing import browser_switch_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(media_root):
    from lentera.core.demo import load_all

    return load_all(settings.LENTERA_DEMO_PASSWORD)


def shot(page, name: str) -> None:
    if os.environ.get("LENTERA_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _code(user_id: str) -> str:
    device = TOTPDevice.objects.get(user__user_id=user_id, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def new_page(browser, live_server):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.goto(live_server.url + "/")
    return page


def sign_in(page, user_id: str, role: str | None = None) -> None:
    page.locator("header").get_by_role("link", name="Masuk").click()
    page.get_by_label("User ID").fill(user_id)
    page.get_by_label("Kata sandi").fill(settings.LENTERA_DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.locator("#id_token").count():
        page.fill("#id_token", _code(user_id))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert "/akun/beranda/" in page.url, page.url
    if role:
        browser_switch_role(page, role)


def menu(page, section: str, link: str) -> None:
    page.locator("nav.mainnav").get_by_text(section, exact=True).click()
    page.locator("nav.mainnav").get_by_role("link", name=link).click()
    page.wait_for_load_state()


def queue_item(page, title: str):
    return page.locator("ol.queue li", has_text=title)


def test_journey_public_visitor_finds_a_tender_and_its_schedule(live_server, browser, demo):
    page = new_page(browser, live_server)
    shot(page, "public-home")
    menu(page, "Informasi publik", "Cari tender")
    page.locator("#f-q").fill("Ambulans")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_load_state()
    shot(page, "public-search")
    page.locator("main").get_by_role("link", name=re.compile("Pengadaan Ambulans Puskesmas")).first.click()
    page.wait_for_load_state()
    assert "Pengadaan Ambulans Puskesmas" in page.locator("h1").inner_text()
    assert page.get_by_text("Jadwal", exact=False).first.is_visible()
    shot(page, "public-tender")


def test_journey_provider_seals_a_bid_and_gets_its_receipt(live_server, browser, demo, tmp_path):
    page = new_page(browser, live_server)
    sign_in(page, "penyedia1")
    shot(page, "provider-dashboard")
    item = queue_item(page, "Pengadaan Lampu Penerangan Jalan Umum Tenaga Surya")
    assert "Batas waktu" in item.inner_text()
    item.get_by_role("link").first.click()
    page.get_by_role("link", name="Buka ruang penawaran").click()
    page.wait_for_load_state()
    offer = tmp_path / "penawaran-teknis.pdf"
    offer.write_bytes(b"%PDF-1.4\n% penawaran teknis penyedia1\n" * 500)
    page.locator("#id_offer_price").fill("850.000.000")
    page.locator("#id_completion_days").fill("90")
    page.locator("#id_files").set_input_files(str(offer))
    shot(page, "provider-bid-room")
    page.get_by_role("button", name="Segel dan kirim penawaran").click()
    page.get_by_role("link", name="Unduh tanda terima (JSON)").wait_for(timeout=30_000)
    assert "Diterima · yang berlaku" in page.locator("main").inner_text()  # sealed: the price is not shown
    shot(page, "provider-bid-sealed")


def test_journey_pokja_opens_the_sealed_bids_with_two_passphrases(live_server, browser, demo):
    from lentera.bidding.demo import DEMO_PASSPHRASE

    for n, user_id in enumerate(("pokja1", "pokja2")):
        page = new_page(browser, live_server)
        sign_in(page, user_id, "POKJA")
        if n == 0:
            shot(page, "pokja-dashboard")
        queue_item(page, "Pembukaan penawaran menunggu kata sandi Anda").get_by_role("link").first.click()
        page.wait_for_load_state()
        page.locator("tr", has_text="Pengadaan Ambulans Puskesmas").get_by_role("link", name="Buka").click()
        page.wait_for_load_state()
        page.get_by_label("Kata sandi pembukaan").first.fill(DEMO_PASSPHRASE)
        page.get_by_role("button", name="Masukkan bagian kunci saya").first.click()
        page.wait_for_load_state()
        if n == 0:
            shot(page, "pokja-opening-room")
        page.context.close()
    from lentera.bidding.models import TenderEnvelope

    assert TenderEnvelope.objects.get(tender=demo.objects["live_tenders"]["opening"]).is_opened


def test_journey_ppk_issues_the_award_letter_from_the_work_queue(live_server, browser, demo):
    page = new_page(browser, live_server)
    sign_in(page, "ppk.dpupr", "PPK")
    queue_item(page, "SPPBJ yang harus diterbitkan").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "Pengadaan Alat Uji Mutu Beton Laboratorium" in page.locator("h1").inner_text()
    page.locator("#award-letter-open").click()
    page.wait_for_load_state()
    form = page.locator("form", has=page.locator("#award-letter-submit"))
    form.get_by_label("Nomor SPPBJ").fill("027/SPPBJ/DPUPR/2026/031")
    from lentera.core.calendar import local_date
    from lentera.core.clock import db_now

    form.get_by_label("Tanggal").fill(local_date(db_now()).isoformat())
    shot(page, "ppk-award-letter")
    page.locator("#award-letter-submit").click()
    page.wait_for_load_state()
    assert "SPPBJ 027/SPPBJ/DPUPR/2026/031" in page.locator("main").inner_text()


def test_journey_head_of_ukpbj_hands_a_ready_package_to_a_pokja(live_server, browser, demo):
    page = new_page(browser, live_server)
    sign_in(page, "kepala.ukpbj", "KEPALA_UKPBJ")
    queue_item(page, "Paket siap tanpa Pokja / Pejabat Pengadaan").get_by_role("link").first.click()
    page.wait_for_load_state()
    page.locator("tr", has_text="Rehabilitasi Gedung SDN 3").get_by_role("link").first.click()
    page.wait_for_load_state()
    page.get_by_label("Pokja Pemilihan").select_option(label="Pokja Pemilihan 1")
    shot(page, "kepala-assign-pokja")
    page.locator("form", has_text="Pokja Pemilihan").get_by_role("button", name="Serahkan").click()
    page.wait_for_load_state()
    assert "Pokja Pemilihan 1" in page.locator("main").inner_text()
    from lentera.planning.models import Package

    package = Package.objects.get(rup_items__name="Rehabilitasi Gedung SDN 3")
    assert package.status == Package.Status.ASSIGNED and package.pokja is not None


def test_journey_verifier_checks_a_provider_application(live_server, browser, demo):
    page = new_page(browser, live_server)
    sign_in(page, "verifikator", "VERIFIKATOR")
    queue_item(page, "Pendaftaran menunggu verifikasi").get_by_role("link").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Periksa").first.click()
    page.wait_for_load_state()
    for radio in page.locator("#checklist input[type=radio][value=yes]").all():
        radio.check()
    shot(page, "verifier-checklist")
    page.locator("#approve").click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() and "Tolak" not in page.locator(".messages").inner_text()


def test_journey_admin_creates_a_staff_account(live_server, browser, demo):
    page = new_page(browser, live_server)
    sign_in(page, "admin.ukpbj", "ADMIN_UKPBJ")
    menu(page, "Administrasi", "Pegawai dan peran")
    shot(page, "admin-people")
    page.get_by_role("link", name="Buat akun pegawai").click()
    page.wait_for_load_state()
    page.get_by_label("User ID").fill("staf.baru")
    page.get_by_label("Nama lengkap").fill("Staf Baru, S.Kom.")
    page.get_by_label(re.compile("^E-?mail")).fill("staf.baru@kabcontoh.example.go.id")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "staf.baru" in page.locator("main").inner_text()
    from lentera.accounts.models import User

    assert User.objects.filter(user_id="staf.baru").exists()
