"""Users read sentences, never internal codes or keys (issue 20 item 8), walked in a real browser.

A Pokja member evaluates an offer that came from the sealed bid room: the page says where the offer came from
(not "bidding:<uid>"), and a failed aspect without its reason is refused with a sentence naming the aspect in
Indonesian ("administrasi", not "administrative"). No page shows an error code such as REASON_REQUIRED_FOR_FAIL.
"""

from __future__ import annotations

import re

import pytest

from lentera.core.roles import Role
from lentera.tendering.enums import Stage
from lentera.tendering.models import Offer
from lentera.tendering.tests.factories import SETUP_AT, build, clock, create_tender, inside, opened
from lentera.tendering.tests.test_browser import Session

#: an error code as the services raise them: upper-case words joined by underscores (HPS_EMPTY, INVALID_PRICE)
CODE = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b")


def visible_text(page) -> str:
    return page.locator("body").inner_text()


def assert_no_code(page) -> None:
    found = CODE.findall(visible_text(page))
    assert not found, f"{page.url} shows internal codes: {found}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_evaluation_speaks_sentences_not_codes_or_keys(live_server, browser):
    with clock(SETUP_AT):
        tw = build(providers=2)
        tender = create_tender(tw)
    opened(tw, ["2100000000", "2000000000"])
    offer = Offer.objects.filter(tender=tender).order_by("pk").first()
    offer.source_reference = "bidding:b75d2c1e-6f0a-4a53-9d2e-0c3f1d2b7a11"
    offer.save(update_fields=["source_reference"])

    with clock(inside(tender, Stage.EVALUATION, seconds=120)):
        s = Session(browser, live_server.url, tw.chair, Role.POKJA)
        page = s.go(f"/tender/{tender.pk}/evaluasi/")
        text = visible_text(page)
        assert "bidding:" not in text
        assert "Penawaran elektronik dari ruang penawaran" in text
        assert_no_code(page)

        page.select_option(f"#id_o{offer.pk}-administrative_pass", "0")  # not passed, and no reason given
        page.click(f"#evaluate-{offer.pk}")
        page.wait_for_load_state()
        text = visible_text(page)
        assert "Alasan wajib diisi untuk aspek yang tidak lulus (administrasi)." in text
        assert "administrative" not in text
        assert_no_code(page)
        s.close()
