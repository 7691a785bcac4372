"""The service desk's side of an unreadable bid file (Permendagri 53/2021 Lampiran 2.5.3): the rule, the SYSTEM
channel only from the event, and the subscriber's idempotence (the whole flow: lentera/tests/
test_opening_problem_ticket.py)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from lentera.core.models import DomainEvent
from lentera.servicedesk import opening_link, rules, services
from lentera.servicedesk.enums import Category, Channel, Priority
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Ticket


def test_opening_problem_ticket_is_a_high_priority_technical_problem():
    assert rules.opening_problem_ticket(on=dt.date(2026, 7, 3)) == (Category.TECH_APPLICATION, Priority.HIGH)


def test_system_channel_only_for_lenteras_own_tickets(at_setup, provider):
    with pytest.raises(ServiceDeskError) as refused:
        services.ticket_create(
            actor=provider, channel=Channel.SYSTEM, category=Category.OTHER, subject="s", description="d"
        )
    assert refused.value.code == "INVALID_CHOICE"


def test_subscriber_opens_one_ticket_per_record_and_tells_bidding(at_setup):
    event = SimpleNamespace(
        object_id="41", payload={"tender_id": None, "envelope": "Sampul tunggal", "provider": "CV Alfa",
                                  "description": "segmen 2: rusak"},
    )  # fmt: skip
    ticket = opening_link.ticket_opened_for_problem(event)
    assert ticket is not None and ticket.opening_problem_id == 41 and ticket.channel == Channel.SYSTEM
    assert "CV Alfa" in ticket.description and ticket.reporter_name.startswith("Sistem Lentera")
    linked = DomainEvent.objects.get(name="servicedesk.ticket.opening_problem_linked")
    assert linked.payload == {"problem_id": 41, "number": ticket.number}
    assert opening_link.ticket_opened_for_problem(event).pk == ticket.pk
    opening_link.ticket_for_opening_problem(event)  # the subscriber itself, replayed
    assert Ticket.objects.filter(opening_problem_id=41).count() == 1
