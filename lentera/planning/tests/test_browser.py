"""A real browser (Debian chromium via Playwright): the Kepala UKPBJ logs in with TOTP, forms a Pokja, is refused
a 4-member one (Permendagri 53/2021 Pasal 15), then forms it with 3."""

from __future__ import annotations

import datetime as dt

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.tests.factories import PASSWORD
from lentera.planning.models import Pokja

from .factories import build_world


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


@pytest.mark.browser
def test_kepala_ukpbj_forms_pokja_and_is_refused_four_members(live_server, browser):
    w = build_world()
    kepala = w["kepala"]
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/?next=/perencanaan/pokja/baru/")
    page.fill("#id_username", kepala.user_id)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/akun/verifikasi/**")
    page.fill("#id_token", _code(TOTPDevice.objects.get(user=kepala, confirmed=True)))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/perencanaan/pokja/baru/")

    page.fill("#id_name", "Pokja Pemilihan 7")
    page.fill("#id_decree_number", "027/007/SK-POKJA/2026")
    page.fill("#id_decree_date", dt.date.today().isoformat())
    for user in w.pengelola(4):
        page.check(f"input[name=members][value='{user.pk}']")
    page.click("#pokja-submit")
    error = page.locator("#form-error")
    error.wait_for()
    assert "ganjil, paling sedikit 3 orang" in error.inner_text()
    assert "Permendagri 53/2021 Pasal 15" in error.inner_text()
    assert not Pokja.objects.exists()

    # the form keeps what was entered; take one member out and submit again
    page.uncheck(f"input[name=members][value='{w['pokja4'].pk}']")
    page.click("#pokja-submit")
    page.wait_for_url("**/perencanaan/pokja/*/")
    assert page.locator("#pokja-name").inner_text() == "Pokja Pemilihan 7"
    assert page.locator("#pokja-members tbody tr").count() == 3
    pokja = Pokja.objects.get()
    assert {m.user_id for m in pokja.active_members()} == {u.pk for u in w.pengelola(3)}
    context.close()
