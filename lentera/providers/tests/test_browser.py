"""A provider signs up in a real browser, a verifier approves, the provider logs in."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.models import User
from lentera.accounts.tests.factories import PASSWORD, user_with_role
from lentera.core.roles import Role
from lentera.providers.models import Provider
from lentera.providers.tests.factories import STRONG_PASSWORD, VALID_NIK, make_npwp, pdf_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name: str, mime: str, content: bytes) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def _upload(page, kind: str, number: str, file: dict, **extra) -> None:
    form = page.locator("#upload-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=number]").fill(number)
    for name, value in extra.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("input[name=file]").set_input_files(file)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_provider_signs_up_verifier_approves_provider_logs_in(live_server, browser):
    base = live_server.url
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()

    # 1. Sign-up page: no login, no fee; the e-mail link.
    page.goto(f"{base}/penyedia/daftar/")
    assert "tidak dipungut biaya" in page.locator("#no-fee").inner_text()
    page.fill("input[name=email]", "direktur@cvmaju.example.id")
    page.click("main button[type=submit]")
    page.wait_for_selector("#signup-sent")
    link = re.search(r"https?://\S+/penyedia/daftar/akun/\S+/", mail.outbox[-1].body).group(0)

    # 2. Account and provider profile.
    page.goto(link)
    npwp = make_npwp()
    for name, value in {
        "user_id": "cv.maju.browser",
        "full_name": "Budi Santoso",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "name": "CV Maju Browser",
        "npwp": npwp,
        "address": "Jl. Pahlawan 3",
        "city": "Kabupaten Contoh",
        "province": "Jawa Barat",
        "representative_name": "Budi Santoso",
        "representative_position": "Direktur",
    }.items():
        page.fill(f"[name={name}]", value)
    page.select_option("select[name=business_form]", "CV")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(f"{base}/penyedia/pendaftaran/")
    assert User.objects.get(user_id="cv.maju.browser").status == User.Status.PENDING

    # 3. Documents, checked by content; a renamed executable is refused.
    _upload(page, "NPWP", npwp, _file("npwp.pdf", "application/pdf", b"MZ\x90\x00" + b"\x00" * 300))
    assert "hanya PDF, JPEG atau PNG" in page.content()
    _upload(page, "KTP", VALID_NIK, _file("ktp.png", "image/png", png_bytes()))
    _upload(page, "NPWP", npwp, _file("npwp.pdf", "application/pdf", pdf_bytes()))
    _upload(
        page,
        "AKTA_PENDIRIAN",
        "12",
        _file("akta.pdf", "application/pdf", pdf_bytes("Akta")),
        issued_on="2015-03-02",
        issuer="Notaris Siti Aminah, S.H.",
    )
    assert page.locator("#documents tbody tr .badge").count() == 3
    with page.expect_download() as download:
        page.click("#form-registration")
    with open(download.value.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"
    page.click("#submit-application")
    page.wait_for_selector("#pending")
    assert Provider.objects.get(npwp="0" + npwp).status == Provider.Status.SUBMITTED

    # 4. The verifier logs in with password and TOTP, checks every document, approves.
    verifier = user_with_role(Role.VERIFIKATOR, user_id="verif.browser")
    device = TOTPDevice.objects.get(user=verifier)
    vpage = browser.new_context().new_page()
    vpage.goto(f"{base}/akun/masuk/?next=/penyedia/verifikasi/")
    vpage.fill("input[name=username]", "verif.browser")
    vpage.fill("input[name=password]", PASSWORD)
    vpage.click("main button[type=submit]")
    vpage.wait_for_selector("input[name=token]")
    vpage.fill(
        "input[name=token]",
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}",
    )
    vpage.click("main button[type=submit]")
    vpage.wait_for_url(f"{base}/penyedia/verifikasi/")
    vpage.click("#queue >> text=Periksa")
    vpage.wait_for_selector("#checklist")
    assert vpage.locator("#checklist iframe").count() == 2 and vpage.locator("#checklist img").count() == 1
    for radio in vpage.locator("input[type=radio][value=yes]").all():
        radio.check()
    vpage.click("#approve")
    vpage.wait_for_url(f"{base}/penyedia/verifikasi/")
    assert User.objects.get(user_id="cv.maju.browser").status == User.Status.ACTIVE
    assert "disetujui" in mail.outbox[-1].body

    # 5. The provider logs in and sees its profile.
    page.goto(f"{base}/akun/masuk/?next=/penyedia/profil/")
    page.fill("input[name=username]", "cv.maju.browser")
    page.fill("input[name=password]", STRONG_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/penyedia/profil/")
    assert "CV Maju Browser" in page.content()
    context.close()
