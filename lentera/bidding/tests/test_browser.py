"""One real browser (Debian chromium): a provider seals and sends a bid with the resumable upload and its progress
bar and keeps the receipt; two Pokja members, each in their own session, enter their opening passphrases and
the bid opens. (The tendering app's whole-tender browser test does not exist yet; when it does, its bid step
should use this flow.)"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lentera.accounts.tests.conftest import current_code
from lentera.accounts.tests.factories import PASSWORD
from lentera.bidding import rules
from lentera.bidding.models import BidSubmission, TenderEnvelope
from lentera.bidding.serverkeys import receipt_signing_key
from lentera.bidding.services import tender_keys_create
from lentera.tendering.enums import Stage
from lentera.tendering.models import ScheduleEntry

from .factories import PASSPHRASE, give_opening_keys, make_tender

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _login(browser, base: str, user, *, totp: bool):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", user.user_id)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    if totp:
        page.wait_for_url("**/akun/verifikasi/**")
        page.fill("#id_token", current_code(TOTPDevice.objects.filter(user=user, confirmed=True).first()))
        page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/beranda/")
    return context, page


@pytest.mark.browser
def test_provider_sends_sealed_bid_and_pokja_majority_opens_it(live_server, browser, media_root, tmp_path):
    world = make_tender(members=3, providers=1, upload_left=dt.timedelta(hours=1))
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    tender = world.tender

    # --- the provider: countdown, resumable upload with progress, receipt
    context, page = _login(browser, live_server.url, world.provider_user(0), totp=False)
    page.goto(f"{live_server.url}/penawaran/tender/{tender.pk}/")
    expect(page.locator("#countdown")).to_contain_text(":")
    first = page.locator("#countdown").inner_text()
    expect(page.locator("#countdown")).not_to_have_text(first)  # it ticks
    bid_file = tmp_path / "penawaran-teknis.pdf"
    bid_file.write_bytes(b"%PDF-1.7 BROWSER-RAHASIA " * 400_000)  # 10 MB: three resumable chunks
    page.fill("#id_offer_price", "876.543.210")
    page.fill("#id_completion_days", "120")
    page.set_input_files("#id_files", str(bid_file))
    page.click("#bid-form button[type=submit]")
    page.wait_for_url("**diterima=**", timeout=60_000)
    assert "Penawaran diterima" in page.content()
    sub = BidSubmission.objects.get(status="ACCEPTED")
    chunks = -(-bid_file.stat().st_size // rules.DEFAULT_CHUNK_SIZE)
    assert chunks > 1 and sub.parts.get(kind="FILE").segments.count() == chunks, (
        "uploaded in resumable chunks"
    )
    assert sub.receipt_sha256 in page.content()
    with page.expect_download() as download_info:
        page.click("text=Unduh tanda terima (JSON)")
    receipt_path = tmp_path / "tanda-terima.json"
    download_info.value.save_as(receipt_path)
    key_path = tmp_path / "server.pem"
    key_path.write_bytes(receipt_signing_key().public_pem())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lentera.bidding.receipt_verify",
            str(receipt_path),
            "--public-key",
            str(key_path),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "VALID" in done.stdout
    context.close()

    # --- the deadline passes: the schedule moves to the opening stage
    now = timezone.now()
    ScheduleEntry.objects.filter(tender=tender, stage=Stage.BID_UPLOAD).update(ends_at=now)
    ScheduleEntry.objects.filter(tender=tender, stage=Stage.OPENING).update(
        starts_at=now, ends_at=now + dt.timedelta(hours=2)
    )

    # --- two Pokja members, each in their own session
    for n, member in enumerate(world.members[:2], start=1):
        context, page = _login(browser, live_server.url, member, totp=True)
        page.goto(f"{live_server.url}/penawaran/pembukaan/{tender.pk}/")
        assert "876.543.210" not in page.content()
        page.fill("#pp-SINGLE", PASSPHRASE)
        page.click("text=Masukkan bagian kunci saya")
        page.wait_for_load_state()
        if n == 1:
            assert "1 dari 2" in page.content()
            assert TenderEnvelope.objects.get(tender=tender).opened_at is None
        else:
            assert "Sampul dibuka" in page.content()
            assert "Rp876.543.210" in page.content()
            with page.expect_download() as file_download:
                page.click("text=penawaran-teknis.pdf")
            opened = tmp_path / "opened.pdf"
            file_download.value.save_as(opened)
            assert opened.read_bytes() == bid_file.read_bytes()
        context.close()


@pytest.mark.browser
def test_bid_room_warns_above_hps_and_shows_upload_figures(live_server, browser, media_root, tmp_path):
    """Issue 20 items 4 and 10: the HPS beside the price, a warning and a confirmation before sealing a price
    above it; the upload bar spans the form and says %, MB and which file; the busy button looks disabled."""
    world = make_tender(members=3, providers=1, upload_left=dt.timedelta(hours=1))
    give_opening_keys(world.members)
    tender_keys_create(actor=world.members[0], tender=world.tender)
    context, page = _login(browser, live_server.url, world.provider_user(0), totp=False)
    page.goto(f"{live_server.url}/akun/beranda/")
    page.goto(f"{live_server.url}/penawaran/tender/{world.tender.pk}/")
    expect(page.locator("#hps-note")).to_contain_text("Rp900.000.000")
    warning = page.locator("#hps-warning")
    expect(warning).to_be_hidden()
    page.fill("#id_offer_price", "950.000.000")
    expect(warning).to_be_visible()
    page.fill("#id_offer_price", "890.000.000")
    expect(warning).to_be_hidden()
    page.fill("#id_offer_price", "950.000.000")
    page.fill("#id_completion_days", "120")
    bid_file = tmp_path / "penawaran.pdf"
    bid_file.write_bytes(b"%PDF-1.7 BROWSER " * 600_000)  # ~10 MB: three chunks
    page.set_input_files("#id_files", str(bid_file))
    page.click("#bid-form button[type=submit]")
    expect(page.locator("#id_confirm_above_hps")).to_be_focused()  # blocked before anything is sent
    assert not BidSubmission.objects.exists()
    page.check("#id_confirm_above_hps")
    # Slow the chunks down so the bar can be read while it moves.
    page.route("**/chunk?offset=*", lambda route: (page.wait_for_timeout(300), route.continue_()))
    page.click("#bid-form button[type=submit]")
    figures = page.locator(".upload-figures").first
    expect(figures).to_contain_text("MB")
    expect(figures).to_contain_text("%")
    expect(page.locator(".upload-row p").first).to_contain_text("(1/1)")
    button = page.locator("#bid-form button[type=submit]")
    assert button.is_disabled()
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) < 0.7, (
        "a disabled button looks disabled"
    )
    form_width = page.locator("#bid-form").evaluate("f => f.getBoundingClientRect().width")
    bar_width = page.locator(".upload-row progress").first.evaluate("b => b.getBoundingClientRect().width")
    assert bar_width > 0.9 * form_width, (bar_width, form_width)
    page.wait_for_url("**diterima=**", timeout=60_000)
    assert BidSubmission.objects.get(status="ACCEPTED").version == 1
    context.close()
