"""The whole tender with real sealed bids, in a real browser (issue 6: "the whole tender browser test from the
workflow issue runs with real sealed bids").

The tendering app's own whole-tender browser test (lentera/tendering/tests/test_browser.py) records the offers
through ``offers_record_opened`` as a stand-in. This test uses the tendering test world and clock helpers
(lentera/tendering/tests/factories.py) and replaces that stand-in with the sealed bidding room: three providers
seal and send their bids in the bid upload stage through the bid page (resumable upload), two of the three Pokja
members enter their opening passphrases in their own sessions in the opening stage, and the opening hands the
read prices to tendering. The rest of the tender (evaluation to contract) runs through tendering's services,
which the tendering test drives in the browser.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.tests.factories import PASSWORD
from lentera.bidding.models import BidSubmission, OpenedBid
from lentera.bidding.services import tender_keys_create
from lentera.bidding.tests.factories import PASSPHRASE, give_opening_keys
from lentera.contracts import services as contract_services
from lentera.contracts.models import Contract
from lentera.contracts.tests.builders import accept_with_guarantee
from lentera.core.roles import Role
from lentera.tendering import services
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import Offer
from lentera.tendering.tests.factories import SETUP_AT, build, clock, create_tender, evaluate_all, inside
from lentera.testing import browser_switch_role


class Session:
    """One person in one browser context, logged in (password, then TOTP for staff), acting in ``role``."""

    def __init__(self, browser, base: str, user, role: str):
        self.context = browser.new_context(locale="id-ID")
        self.page = page = self.context.new_page()
        self.base = base
        page.goto(f"{base}/akun/masuk/")
        page.fill("#id_username", user.user_id)
        page.fill("#id_password", PASSWORD)
        page.click("main form button[type=submit]")
        if "/akun/verifikasi/" in page.url or page.locator("#id_token").count():
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            page.fill(
                "#id_token",
                f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}",
            )
            page.click("main form button[type=submit]")
        page.wait_for_load_state()
        browser_switch_role(page, role)

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_whole_tender_with_real_sealed_bids(live_server, browser, tmp_path, media_root):
    with clock(SETUP_AT):
        tw = build(providers=3)
        give_opening_keys(tw.members)
        tender = create_tender(tw)
        # what tendering's announce service is to call (hook requested); without it the bid room makes the
        # envelopes lazily at the first upload, audited as such
        tender_keys_create(actor=tw.chair, tender=tender)
    base = live_server.url
    with clock(inside(tender, Stage.ANNOUNCEMENT)):
        for i in range(3):
            services.registration_create(actor=tw.provider_user(i), tender=tender)

    prices = ["2.150.000.000", "2.090.000.000", "2.200.000.000"]
    with clock(inside(tender, Stage.BID_UPLOAD, seconds=600)):
        for i, price in enumerate(prices):
            bid = tmp_path / f"penawaran-{i}.pdf"
            bid.write_bytes(f"%PDF-1.7 dokumen penawaran penyedia {i} ".encode() * 40_000)  # ~1.5 MB
            s = Session(browser, base, tw.provider_user(i), Role.PENYEDIA)
            page = s.go(f"/penawaran/tender/{tender.pk}/")
            page.fill("#id_offer_price", price)
            page.fill("#id_completion_days", "120")
            page.set_input_files("#id_files", str(bid))
            page.click("#bid-form button[type=submit]")
            page.wait_for_url("**diterima=**", timeout=60_000)
            assert "Penawaran diterima" in page.content()
            s.close()
    assert BidSubmission.objects.filter(tender=tender, status="ACCEPTED").count() == 3

    with clock(inside(tender, Stage.OPENING, seconds=300)):
        for n, member in enumerate(tw.members[:2], start=1):
            s = Session(browser, base, member, Role.POKJA)
            page = s.go(f"/penawaran/pembukaan/{tender.pk}/")
            if n == 1:
                assert "2.090.000.000" not in page.content()
            page.fill("#pp-SINGLE", PASSPHRASE)
            page.click("text=Masukkan bagian kunci saya")
            page.wait_for_load_state()
            if n == 2:
                assert "Sampul dibuka" in page.content()
                for price in prices:
                    assert f"Rp{price}" in page.content()
            s.close()
    assert (
        OpenedBid.objects.filter(session__envelope__tender=tender, all_parts_ok=True, receipt_ok=True).count()
        == 3
    )
    offers = list(Offer.objects.filter(tender=tender).order_by("pk"))
    assert sorted(o.read_price for o in offers) == sorted(Decimal(p.replace(".", "")) for p in prices)
    assert all(o.source_reference.startswith("bidding:") for o in offers)
    winner = next(o for o in offers if o.provider == tw.providers[1])

    # --- the rest of the tender, through tendering's services (its own browser test drives these pages)
    with clock(inside(tender, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=tender, summary="Evaluasi selesai")
    with clock(inside(tender, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=tender,
            provider=winner.provider,
            held_at=inside(tender, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=True,
            notes="Dokumen asli sesuai",
        )
    with clock(inside(tender, Stage.WINNER_DECISION)):
        assert services.winner_decide(actor=tw.chair, tender=tender).winner == winner
    with clock(inside(tender, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=tw.chair, tender=tender)
    with clock(inside(tender, Stage.AWARD_LETTER)):
        letter = contract_services.award_letter_issue(
            actor=tw.ppk, tender=tender, number="027/SPPBJ/01", issued_on=dt.date(2026, 8, 1)
        )
    with clock(inside(tender, Stage.CONTRACT_SIGNING)):
        accept_with_guarantee(letter, until=dt.date(2026, 12, 11))
        contract_services.contract_record(
            actor=tw.ppk,
            tender=tender,
            number="KONTRAK/01",
            contract_type="LUMP_SUM",
            signed_on=dt.date(2026, 8, 10),
            start_on=dt.date(2026, 8, 11),
            end_on=dt.date(2026, 12, 11),
        )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.COMPLETED
    assert Contract.objects.get(tender=tender).value == Decimal("2090000000.00")
