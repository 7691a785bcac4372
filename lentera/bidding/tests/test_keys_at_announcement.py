"""Envelopes are made when the tender is announced, if every Pokja member already has an opening key."""

from __future__ import annotations

from lentera.bidding.models import TenderEnvelope
from lentera.bidding.tests.factories import give_opening_keys
from lentera.core.models import AuditEvent
from lentera.tendering.tests.conftest import at_setup  # noqa: F401 - fixture
from lentera.tendering.tests.factories import build, create_tender


def test_envelopes_made_at_announcement_when_members_have_keys(
    at_setup,  # noqa: F811
    media_root,
    django_capture_on_commit_callbacks,
):
    """The announcement's domain event (tendering.tender.announced) makes them right after its commit."""
    tw = build(providers=1)
    give_opening_keys(tw.members)
    with django_capture_on_commit_callbacks(execute=True):
        tender = create_tender(tw)
    assert TenderEnvelope.objects.filter(tender=tender).exists()
    event = AuditEvent.objects.get(action="bidding.envelope.create")
    assert event.after.get("lazy") is not True


def test_announcement_goes_ahead_without_keys_and_envelopes_wait(at_setup):  # noqa: F811
    tw = build(providers=1)
    tender = create_tender(tw)
    assert tender.status == "ANNOUNCED"
    assert not TenderEnvelope.objects.filter(tender=tender).exists()
