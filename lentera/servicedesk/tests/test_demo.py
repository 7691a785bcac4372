"""The demo's tickets: one per workflow state the story needs, pokja1's tied to the running tender's stage end;
loading twice adds nothing."""

import pytest

from lentera.core import audit
from lentera.core.demo import load_all
from lentera.servicedesk.enums import Channel, Priority, Tier
from lentera.servicedesk.models import Ticket, TicketRating
from lentera.servicedesk.states import Status


@pytest.mark.django_db
def test_demo_tickets_and_idempotency(settings):
    ctx = load_all(settings.LENTERA_DEMO_PASSWORD)
    tickets = {t.subject: t for t in Ticket.objects.all()}
    assert {t.status for t in tickets.values()} >= {Status.NEW, Status.WAITING, Status.CLOSED}
    pokja = next(t for t in tickets.values() if t.tender_id is not None)
    assert pokja.tender == ctx.objects["tender_explanation"]
    assert pokja.priority == Priority.HIGH and pokja.stage_due_at is not None
    assert any(t.channel == Channel.PHONE and t.logged_by is not None for t in tickets.values())
    assert any(t.reporter is None and t.reporter_email for t in tickets.values())
    forwarded = next(t for t in tickets.values() if t.tier == Tier.LKPP)
    lkpp = forwarded.escalations.get(to_tier=Tier.LKPP)
    assert lkpp.lkpp_reference and lkpp.lkpp_answered_at is None and lkpp.follow_ups.count() == 1
    assert TicketRating.objects.filter(ticket__status=Status.CLOSED).exists()
    head, count = audit.head(), Ticket.objects.count()
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert Ticket.objects.count() == count and audit.head() == head
