"""The bidding demo: opening keys with the printed passphrase; idempotent."""

from __future__ import annotations

import pytest

from lentera.bidding import demo
from lentera.bidding.crypto import unwrap_member_key
from lentera.bidding.models import MemberOpeningKey
from lentera.core import audit
from lentera.core.demo import load_all

pytestmark = pytest.mark.django_db


def test_demo_gives_pokja_opening_keys_and_is_idempotent(media_root):
    ctx = load_all("Lentera-Demo-2026")
    assert any(demo.DEMO_PASSPHRASE in note for note in ctx.notes)
    keys = MemberOpeningKey.objects.filter(user__user_id__in=demo.KEY_HOLDERS)
    assert keys.count() == len(demo.KEY_HOLDERS)
    for key in keys:
        unwrap_member_key(key.bundle, demo.DEMO_PASSPHRASE)
    head = audit.head()
    again = load_all("Lentera-Demo-2026")
    assert audit.head() == head
    assert [n for n in again.notes if n.startswith("Bidding")] == [
        n for n in ctx.notes if n.startswith("Bidding")
    ]


def _stage(tender):
    from lentera.tendering import selectors

    return selectors.current_stage(tender)


def test_demo_story_has_a_tender_at_every_moment_now_and_again_days_later(media_root, settings):
    """Issue #20 item 12: at every demo load there is a tender open for bids, one whose opening waits for the
    Pokja's passphrases, one in evaluation, one in sanggah and one awarded (and tendering's finished one)."""
    import datetime as dt

    from lentera.accounts.models import User
    from lentera.bidding.demo_story import SCENARIOS, sealed_count
    from lentera.bidding.models import TenderEnvelope
    from lentera.core import dashboard
    from lentera.core.clock import db_now
    from lentera.core.roles import Role
    from lentera.tendering import selectors
    from lentera.tendering.models import Offer

    from .factories import clock_at

    ctx = load_all(settings.LENTERA_DEMO_PASSWORD)
    live = ctx.objects["live_tenders"]
    assert {s.key: _stage(live[s.key]) for s in SCENARIOS} == {s.key: s.stage for s in SCENARIOS}
    assert sealed_count(live["bid_open"]) == 1
    assert sealed_count(live["opening"]) == 3
    assert not TenderEnvelope.objects.get(tender=live["opening"]).is_opened
    assert TenderEnvelope.objects.get(tender=live["evaluation"]).is_opened
    assert Offer.objects.filter(tender=live["evaluation"]).count() == 3
    assert selectors.announced_winner(live["objection"]) is not None
    assert selectors.announced_winner(live["awarded"]) is not None
    pokja1 = User.objects.get(user_id="pokja1")
    queue = [i.title for i in dashboard.items_for(pokja1, Role.POKJA)]
    assert "Pembukaan penawaran menunggu kata sandi Anda" in queue
    assert "Evaluasi penawaran yang belum Anda isi" in queue
    ppk = User.objects.get(user_id="ppk.dpupr")
    assert "SPPBJ yang harus diterbitkan" in [i.title for i in dashboard.items_for(ppk, Role.PPK)]
    assert any("Open for bids now" in note for note in ctx.notes)

    # the demo loaded again ten days later: the earlier tenders moved on, new ones stand at each moment
    with clock_at(db_now() + dt.timedelta(days=10)):
        later = load_all(settings.LENTERA_DEMO_PASSWORD).objects["live_tenders"]
        assert {s.key: _stage(later[s.key]) for s in SCENARIOS} == {s.key: s.stage for s in SCENARIOS}
    assert all(later[s.key].pk != live[s.key].pk for s in SCENARIOS)
    assert audit.verify_chain().ok
