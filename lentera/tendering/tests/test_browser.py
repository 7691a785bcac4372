"""A whole tender in a real browser (Debian chromium via Playwright), from the Pokja creating it to the PPK
recording the contract, with the users of the demo's roles, each logging in with TOTP; the clock is moved from
stage to stage with time-machine (the live server runs in this process, so it sees the same clock).

The bids are recorded as opened offers through ``services.offers_record_opened`` (what the sealed bidding room's
opening calls). The bidding engineer extends this test with real sealed bids (issue 6: "the whole tender browser
test from the workflow issue runs with real sealed bids").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.tests.factories import PASSWORD
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.tendering import services
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import Offer, Question, Tender
from lentera.testing import browser_switch_role

from .factories import SETUP_AT, build, clock, inside


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


class Session:
    """One person in one browser context: log in (password + TOTP), act in a role."""

    def __init__(self, browser, base: str, user, role: str):
        self.context = browser.new_context(locale="id-ID")
        self.page = self.context.new_page()
        self.base = base
        page = self.page
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", user.user_id)
        page.fill("#id_password", PASSWORD)
        page.click("main form button[type=submit]")
        if "/akun/verifikasi/" in page.url or page.locator("#id_token").count():
            page.fill("#id_token", _code(user))
            page.click("main form button[type=submit]")
        page.wait_for_load_state()
        browser_switch_role(page, role)

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def close(self):
        self.context.close()


def _stage(tender: Tender, stage: str):
    return clock(inside(tender, stage, seconds=120))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_whole_tender_in_the_browser(live_server, browser, tmp_path):
    with clock(SETUP_AT):
        tw = build(providers=3)
    chair, members, ppk = tw.chair, tw.members, tw.ppk
    base = live_server.url
    document = tmp_path / "dokumen-pemilihan.pdf"
    document.write_bytes(b"%PDF-1.4\n% Lentera\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # --- the Pokja drafts the tender from its assigned package, keeps the suggested schedule, announces it
    with clock(SETUP_AT):
        s = Session(browser, base, chair, Role.POKJA)
        page = s.go("/tender/kerja/")
        page.click(f"#create-{tw.package.pk}")
        page.click("#create-submit")
        page.wait_for_url("**/jadwal/")
        page.click("#schedule-submit")
        page.wait_for_url("**/tender/*/")
        page.set_input_files("#doc-file", str(document))
        page.click("#doc-submit")
        page.wait_for_load_state()
        page.click("#announce")
        page.wait_for_load_state()
        assert page.locator("#tender-status").inner_text() == "Berlangsung"
        s.close()
    tender = Tender.objects.get(package=tw.package)
    assert tender.status == TenderStatus.ANNOUNCED

    # --- providers register during the announcement
    with _stage(tender, Stage.ANNOUNCEMENT):
        for i in range(3):
            p = Session(browser, base, tw.provider_user(i), Role.PENYEDIA)
            page = p.go(f"/tender/{tender.pk}/")
            page.click("#register")
            page.wait_for_load_state()
            assert "terdaftar" in page.content()
            p.close()
    assert tender.registrations.count() == 3

    # --- explanation: a question, the Pokja's public answer, the berita acara
    with _stage(tender, Stage.EXPLANATION):
        p = Session(browser, base, tw.provider_user(0), Role.PENYEDIA)
        page = p.go(f"/tender/{tender.pk}/")
        assert page.locator("#tender-stage").inner_text() == str(Stage.EXPLANATION.label)
        page.fill("#q-text", "Apakah beton ready mix dari luar kabupaten diperbolehkan?")
        page.click("#ask")
        page.wait_for_load_state()
        p.close()
        q = Question.objects.get(tender=tender)
        s = Session(browser, base, chair, Role.POKJA)
        page = s.go(f"/tender/{tender.pk}/")
        page.fill(f"#answer-{q.pk}", "Boleh, sepanjang mutu K-350 dibuktikan dengan hasil uji.")
        page.click(f"#answer-submit-{q.pk}")
        page.wait_for_load_state()
        page.click("#explanation-record")
        page.wait_for_load_state()
        assert "Boleh, sepanjang mutu K-350" in page.locator("#questions").inner_text()
        s.close()

    # --- opening: the sealed bidding room's opening hands the decrypted offers to tendering (stand-in here)
    with _stage(tender, Stage.OPENING):
        prices = ["2150000000", "2090000000", "2200000000"]
        services.offers_record_opened(
            actor=chair,
            tender=tender,
            offers=[
                {"provider": tw.providers[i], "read_price": Decimal(p), "source_reference": f"browser-{i}"}
                for i, p in enumerate(prices)
            ],
        )
    offers = list(Offer.objects.filter(tender=tender).order_by("pk"))

    # --- each Pokja member evaluates every offer in their own session; the chair records the decision
    with _stage(tender, Stage.EVALUATION):
        # one login per person per moment: a TOTP code is accepted once, and the clock stands still here
        for member in [*members[1:], chair]:
            s = Session(browser, base, member, Role.POKJA)
            page = s.go(f"/tender/{tender.pk}/evaluasi/")
            for o in offers:
                for field in ("administrative_pass", "qualification_pass", "technical_pass"):
                    page.select_option(f"#id_o{o.pk}-{field}", "1")
                page.click(f"#evaluate-{o.pk}")
                page.wait_for_load_state()
            if member == chair:
                page.click("#evaluation-decide")
                page.wait_for_load_state()
                assert "Hasil evaluasi ditetapkan" in page.content()
            s.close()
    winner_offer = offers[1]

    with _stage(tender, Stage.QUALIFICATION_PROOF):
        s = Session(browser, base, chair, Role.POKJA)
        page = s.go(f"/tender/{tender.pk}/")
        held = inside(tender, Stage.QUALIFICATION_PROOF).astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")
        page.fill(f"#proof-at-{winner_offer.pk}", held)
        page.fill(f"#proof-att-{winner_offer.pk}", "Direktur dan Pokja Pemilihan")
        page.check(f"#proof-pass-{winner_offer.pk}")
        page.fill(f"#proof-notes-{winner_offer.pk}", "Dokumen asli sesuai")
        page.click(f"#proof-submit-{winner_offer.pk}")
        page.wait_for_load_state()
        s.close()

    with _stage(tender, Stage.WINNER_DECISION):
        s = Session(browser, base, chair, Role.POKJA)
        s.go(f"/tender/{tender.pk}/").click("#winner-decide")
        s.page.wait_for_load_state()
        s.close()
    with _stage(tender, Stage.WINNER_ANNOUNCEMENT):
        s = Session(browser, base, chair, Role.POKJA)
        s.go(f"/tender/{tender.pk}/").click("#winner-announce")
        s.page.wait_for_load_state()
        s.close()

    # --- the public sees the winner and the evaluation summary
    with _stage(tender, Stage.OBJECTION):
        anon = browser.new_context(locale="id-ID").new_page()
        anon.goto(f"{base}/tender/{tender.pk}/")
        assert tw.providers[1].name in anon.locator("#winner").inner_text()
        assert anon.locator("#evaluation-summary tbody tr").count() == 3
        anon.context.close()

    # --- the PPK issues the SPPBJ and records the contract
    with _stage(tender, Stage.AWARD_LETTER):
        s = Session(browser, base, ppk, Role.PPK)
        page = s.go(f"/tender/{tender.pk}/")
        page.click("#award-letter-open")
        page.fill("#id_sppbj-number", "027/SPPBJ/DPUPR/2026/001")
        page.fill("#id_sppbj-issued_on", "2026-08-10")
        page.click("#award-letter-submit")
        page.wait_for_load_state()
        s.close()
        # the winner finds the SPPBJ under "Kontrak saya", accepts it and hands over the jaminan pelaksanaan
        letter = tender.award_letter
        p = Session(browser, base, tw.provider_user(1), Role.PENYEDIA)
        page = p.go("/")
        page.click('li[data-menu="selection"] summary')
        page.get_by_role("link", name="Kontrak saya").click()
        page.get_by_role("link", name=letter.number).click()
        page.click("#accept-submit")
        page.wait_for_load_state()
        assert page.locator("#letter-state").inner_text() == "Diterima penyedia"
        page.fill("#guarantee-issuer", "Bank Lampung")
        page.fill("#guarantee-number", "JP/2026/0815")
        page.fill("#guarantee-amount", str(letter.performance_guarantee_amount))
        page.fill("#guarantee-valid_from", "2026-08-10")
        page.fill("#guarantee-valid_until", "2027-01-31")
        page.click("#guarantee-submit")
        page.wait_for_load_state()
        assert "Bank Lampung" in page.locator("#guarantee").inner_text()
        p.close()
    with _stage(tender, Stage.CONTRACT_SIGNING):
        s = Session(browser, base, ppk, Role.PPK)
        page = s.go(f"/tender/{tender.pk}/")
        page.click("#contract-open")
        page.fill("#id_kontrak-number", "027/KONTRAK/DPUPR/2026/001")
        page.fill("#id_kontrak-signed_on", "2026-08-14")
        page.fill("#id_kontrak-start_on", "2026-08-17")
        page.fill("#id_kontrak-end_on", "2026-12-15")
        page.fill("#id_kontrak-provider_signatory", "Ir. Darmawan")
        page.click("#contract-submit")
        page.wait_for_load_state()
        assert page.locator("#tender-status").inner_text() == "Selesai"
        assert "027/KONTRAK/DPUPR/2026/001" in page.locator("#contract").inner_text()
        s.close()
    tender.refresh_from_db()
    contract = (
        tender.contract
    )  # the contracts app's record, through its relation (tendering never imports it)
    assert tender.status == TenderStatus.COMPLETED
    assert contract.provider == tw.providers[1] and contract.value == Decimal("2090000000.00")
    assert contract.end_on == dt.date(2026, 12, 15)
