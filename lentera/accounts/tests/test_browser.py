"""One real browser (Debian chromium via Playwright): the demo PPK logs in with TOTP and sees its dashboard."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts import demo
from lentera.accounts.tests.conftest import current_code
from lentera.core.demo import DemoContext


@pytest.mark.browser
def test_demo_ppk_logs_in_with_totp_and_sees_the_dashboard_in_indonesian(live_server, browser):
    demo.load(DemoContext(password=settings.LENTERA_DEMO_PASSWORD))
    # A browser that asks for English: pages are still Indonesian first (the switch changes that).
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.fill("#id_username", "ppk.dpupr")
    page.fill("#id_password", settings.LENTERA_DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/verifikasi/**")
    assert "Verifikasi dua langkah" in page.locator("h1").inner_text()

    device = TOTPDevice.objects.get(user__user_id="ppk.dpupr", name=demo.DEMO_DEVICE_NAME)
    page.fill("#id_token", current_code(device))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/beranda/")
    assert page.locator("h1").inner_text() == "Beranda kerja"
    assert page.locator("#acting-role").inner_text() == "Pejabat Pembuat Komitmen (PPK)"
    assert "Yang perlu Anda kerjakan" in page.content()
    context.close()


@pytest.mark.browser
def test_reused_totp_code_in_the_browser_says_it_was_already_used(live_server, browser):
    """#20 item 11: the PPK signs in on one browser, then on another with the same code inside its 30-second window;
    the second is told the code was already used (not that it is wrong) and stays on the verification page."""
    demo.load(DemoContext(password=settings.LENTERA_DEMO_PASSWORD))
    device = TOTPDevice.objects.get(user__user_id="ppk.dpupr", name=demo.DEMO_DEVICE_NAME)
    code = current_code(device)
    pages = []
    for _ in range(2):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        page.click("text=Masuk")
        page.fill("#id_username", "ppk.dpupr")
        page.fill("#id_password", settings.LENTERA_DEMO_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/akun/verifikasi/**")
        page.fill("#id_token", code)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        pages.append((context, page))
    first, second = pages[0][1], pages[1][1]
    assert first.locator("h1").inner_text() == "Beranda kerja"
    assert "/akun/verifikasi/" in second.url
    text = second.locator("main").inner_text()
    assert "Kode ini sudah dipakai" in text and "Kode salah" not in text
    for context, _page in pages:
        context.close()
