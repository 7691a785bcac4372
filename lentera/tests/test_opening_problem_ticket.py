"""A bid file that cannot be opened opens a help-desk ticket (issue #16; Permendagri 53/2021 Lampiran 2.5.3):
bidding records the berita acara and an event; after the commit the service desk opens a SYSTEM ticket for it,
and bidding keeps the ticket's number; both pages link to each other. (Here, above both sibling apps.)"""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from lentera.bidding import integration
from lentera.bidding.models import BidSegment, OpeningProblem
from lentera.bidding.tests.factories import open_envelope
from lentera.bidding.tests.test_opening import _at_opening, _bids, _world
from lentera.core import events
from lentera.core.models import DomainEvent
from lentera.core.roles import Role
from lentera.servicedesk.enums import Category, Channel, Priority
from lentera.servicedesk.models import Ticket
from lentera.testing import login_client


def test_unopenable_bid_file_opens_a_linked_ticket(
    media_root, monkeypatch, make_user, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    monkeypatch.setattr(integration, "offers_record_opened", lambda **kw: None)
    world = _world()
    a, _b = _bids(world)
    seg = BidSegment.objects.filter(part__submission=a, part__kind="FILE").first()
    path = Path(default_storage.path(seg.storage_name))
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with _at_opening(world), django_capture_on_commit_callbacks(execute=True):
        open_envelope(world, members=world.members[:2])
    problem = OpeningProblem.objects.get()
    ticket = Ticket.objects.get(opening_problem_id=problem.pk)
    assert (ticket.channel, ticket.category, ticket.priority) == (
        Channel.SYSTEM,
        Category.TECH_APPLICATION,
        Priority.HIGH,
    )
    assert ticket.tender_id == world.tender.pk and ticket.reporter_id is None
    assert world.tender.code in ticket.subject and "Lampiran 2.5.3" in ticket.description
    assert (problem.helpdesk_ticket_id, problem.helpdesk_ticket_number) == (ticket.pk, ticket.number)
    # both pages link to each other
    kasubag = make_user(Role.KASUBAG_LPSE)
    head = login_client(kasubag, Role.KASUBAG_LPSE)
    desk_url = reverse("servicedesk:desk_detail", args=[ticket.pk])
    problem_url = reverse("bidding:problem", args=[problem.pk])
    assert problem_url in head.get(desk_url).content.decode()
    assert desk_url in head.get(problem_url).content.decode()
    # a replay of the event opens no second ticket
    event = DomainEvent.objects.get(name="bidding.opening_problem.recorded")
    with django_capture_on_commit_callbacks(execute=True):
        events.dispatch(event.pk, replay=True)
    assert Ticket.objects.filter(opening_problem_id=problem.pk).count() == 1
