"""The end of a goods contract in a real browser: the provider records a delivered item, the PPK signs the BAST
and rates the provider, the provider answers the rating, all by filling the contract page's forms; each page
passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import datetime as dt

import pytest

from lentera.contracts.models import DeliveredItem, PerformanceRating
from lentera.contracts.states import ContractState
from lentera.contracts.tests.builders import running_contract, world_with_letter
from lentera.contracts.tests.test_browser_pages import _page
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_goods_delivered_bast_signed_rated_and_answered_by_clicking(live_server, browser, settings, at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = running_contract(tw, letter, days=60)
    at = at + dt.timedelta(days=7)
    day = local_date(at).isoformat()
    url = f"{live_server.url}/kontrak/{contract.pk}/"
    failures = {}
    with clock(at):
        provider = _page(browser, live_server, settings, contract.provider.account, Role.PENYEDIA)
        provider.goto(url)
        failures["provider, running"] = axe_violations(provider)
        provider.fill("#delivery-name", "Rak buku")
        provider.fill("#delivery-quantity", "12")
        provider.fill("#delivery-unit", "unit")
        provider.fill("#delivery-unit_price", "1500000")
        provider.fill("#delivery-delivered_on", day)
        provider.click("#delivery-submit")
        provider.wait_for_load_state()
        assert provider.locator("#delivered-total").inner_text().replace("\xa0", " ").startswith("Rp")
        assert DeliveredItem.objects.get().total == 18_000_000
        ppk = _page(browser, live_server, settings, tw.ppk, Role.PPK)
        ppk.goto(url)
        failures["ppk, running"] = axe_violations(ppk)
        ppk.fill("#handover-number", "BAST/2026/9")
        ppk.fill("#handover-handed_on", day)
        ppk.fill("#handover-inspectors", "Tim Pemeriksa Hasil Pekerjaan")
        ppk.fill("#handover-inspected_on", day)
        ppk.select_option("#handover-result", "ACCEPTED")
        ppk.click("#handover-submit")
        ppk.wait_for_load_state()
        assert ppk.locator("#contract-state").inner_text() == "Selesai"
        for name, score in (("quality", "4"), ("cost", "3"), ("time", "3"), ("service", "4")):
            ppk.select_option(f"#rate-score_{name}", score)
        ppk.fill("#rate-comments", "Barang sesuai spesifikasi")
        ppk.click("#rate-submit")
        ppk.wait_for_load_state()
        assert ppk.locator("#rating-average").inner_text().startswith(("3,50", "3.50"))
        failures["ppk, completed and rated"] = axe_violations(ppk)
        provider.goto(url)
        provider.fill("#respond-response", "Terima kasih atas penilaiannya")
        provider.click("#respond-submit")
        provider.wait_for_load_state()
        assert "Terima kasih" in provider.locator("#rating-response").inner_text()
        failures["provider, answered"] = axe_violations(provider)
        ppk.goto(f"{live_server.url}/kontrak/penyedia/{contract.provider_id}/kinerja/")
        failures["staff rating history"] = axe_violations(ppk)
    contract.refresh_from_db()
    assert contract.state == ContractState.COMPLETED
    assert PerformanceRating.objects.get().responded_at is not None
    found = {k: v for k, v in failures.items() if v}
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
