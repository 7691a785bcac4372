"""The contracts pages in a real browser: the provider's SPPBJ page and contract page with its invoice form, the
PPK's with the start, advance, amendment and approval forms, each passing axe-core's WCAG 2.1 A/AA rules; the
provider accepts the SPPBJ by clicking."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from lentera.contracts import services
from lentera.contracts.states import AwardLetterState
from lentera.contracts.tests.builders import record_guarantee, signing_time, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import axe_violations, login_client


def _page(browser, live_server, settings, user, role):
    client = login_client(user, role)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "domain": urlsplit(live_server.url).hostname, "path": "/"}]
    )  # fmt: skip
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_contract_pages_pass_axe_and_the_provider_accepts_by_clicking(
    live_server, browser, settings, at_setup
):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    provider = _page(browser, live_server, settings, winner, Role.PENYEDIA)
    provider.goto(f"{live_server.url}/kontrak/sppbj/{letter.pk}/")
    failures = {"provider letter": axe_violations(provider)}
    provider.click("#accept-submit")
    provider.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.state == AwardLetterState.ACCEPTED
    failures["provider letter, accepted"] = axe_violations(provider)  # the guarantee form
    at = signing_time(tw)
    day = local_date(at)
    with clock(at):
        record_guarantee(tw, letter, until=day + dt.timedelta(days=200))
        contract = services.contract_record(
            actor=tw.ppk, tender=tw.tender, number="K/1", contract_type="LUMP_SUM", signed_on=day,
            start_on=day, end_on=day + dt.timedelta(days=120),
        )  # fmt: skip
    ppk = _page(browser, live_server, settings, tw.ppk, Role.PPK)
    ppk.goto(f"{live_server.url}/kontrak/{contract.pk}/")
    failures["ppk contract, signed"] = axe_violations(ppk)
    with clock(at):
        services.contract_start(actor=tw.ppk, contract=contract, number="SPMK/1", issued_on=day, start_on=day)
        services.invoice_submit(actor=winner, contract=contract, progress_percent=20, amount=400_000_000)
    ppk.goto(f"{live_server.url}/kontrak/{contract.pk}/")
    assert ppk.locator("#approve-1").is_visible()
    failures["ppk contract, running"] = axe_violations(ppk)
    provider.goto(f"{live_server.url}/kontrak/{contract.pk}/")
    failures["provider contract"] = axe_violations(provider)
    provider.goto(f"{live_server.url}/kontrak/")
    failures["provider list"] = axe_violations(provider)
    found = {k: v for k, v in failures.items() if v}
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
