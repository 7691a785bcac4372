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
    page.fill("#id_offer_price", "1.234.567.890")
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
        assert "1.234.567.890" not in page.content()
        page.fill("#pp-SINGLE", PASSPHRASE)
        page.click("text=Masukkan bagian kunci saya")
        page.wait_for_load_state()
        if n == 1:
            assert "1 dari 2" in page.content()
            assert TenderEnvelope.objects.get(tender=tender).opened_at is None
        else:
            assert "Sampul dibuka" in page.content()
            assert "Rp1.234.567.890" in page.content()
            with page.expect_download() as file_download:
                page.click("text=penawaran-teknis.pdf")
            opened = tmp_path / "opened.pdf"
            file_download.value.save_as(opened)
            assert opened.read_bytes() == bid_file.read_bytes()
        context.close()
