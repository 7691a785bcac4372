"""The late contract in a real browser: the PPK sees the days late and the penalty, issues teguran 1 by filling the
form, records that no grace is given, and terminates the contract; the provider sees the termination and the
sanction proposal. Each page passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import datetime as dt

import pytest

from lentera.contracts.models import ContractWarning, Termination
from lentera.contracts.states import ContractState
from lentera.contracts.tests.test_browser_pages import _page
from lentera.contracts.tests.test_closing import at_day, running
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_ppk_warns_and_terminates_a_late_contract_by_clicking(live_server, browser, settings, at_setup):
    tw, letter, contract, _at = running()
    url = f"{live_server.url}/kontrak/{contract.pk}/"
    failures = {}
    with clock(at_day(contract, 9)):
        day = (contract.end_on + dt.timedelta(days=9)).isoformat()
        ppk = _page(browser, live_server, settings, tw.ppk, Role.PPK)
        ppk.goto(url)
        assert "9 hari" in ppk.locator("#days-late").inner_text()
        failures["ppk late contract"] = axe_violations(ppk)
        ppk.fill("#warn-number", "T/1")
        ppk.fill("#warn-issued_on", day)
        ppk.fill("#warn-text", "Pekerjaan terlambat 9 hari: segera selesaikan.")
        ppk.click("#warn-submit")
        ppk.wait_for_load_state()
        assert ppk.locator("#warning-1").is_visible()
        ppk.select_option("#grace-granted", "False")
        ppk.fill("#grace-reason", "Kemajuan 40%: penyedia tidak akan mampu menyelesaikan.")
        ppk.click("#grace-submit")
        ppk.wait_for_load_state()
        assert ppk.locator("#grace").is_visible()
        ppk.select_option("#terminate-ground", "UNABLE_WITH_GRACE")
        ppk.fill("#terminate-explanation", "Rapat pembuktian 3 Desember: kemajuan 40%.")
        ppk.fill("#terminate-terminated_on", day)
        ppk.click("#terminate-submit")
        ppk.wait_for_load_state()
        assert ppk.locator("#termination").is_visible()
        failures["ppk terminated contract"] = axe_violations(ppk)
        provider = _page(browser, live_server, settings, letter.provider.account, Role.PENYEDIA)
        provider.goto(url)
        assert (
            provider.locator("#sanction").is_visible() and not provider.locator("#terminate-submit").count()
        )
        failures["provider terminated contract"] = axe_violations(provider)
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED
    assert ContractWarning.objects.filter(contract=contract).count() == 1
    assert Termination.objects.get(contract=contract).sanction_proposal is not None
    found = {k: v for k, v in failures.items() if v}
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
