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
