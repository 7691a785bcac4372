"""The anonymous reporter's follow-up link: sent by e-mail, signed, only its hash stored; it opens the public
part of the ticket (never a note) and takes replies; rate limited like the public form; forged links are 404."""

import re

import pytest
from django.core import mail as outbox
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lentera.core.audit import AuditEvent
from lentera.servicedesk import rules, services
from lentera.servicedesk.enums import Category
from lentera.servicedesk.models import Ticket, TicketMessage
from lentera.servicedesk.states import Status
from lentera.testing import db_fingerprint
from lentera.testing_routes import allowed, denied

FORM = {
    "category": Category.ACCOUNT,
    "subject": "Lupa kata sandi",
    "description": "Email pemulihan tidak masuk",
    "reporter_name": "Budi",
    "reporter_email": "budi@example.com",
}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def opened(at_setup, django_capture_on_commit_callbacks):
    """An anonymous ticket from the help page; returns (ticket, token from the confirmation e-mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("servicedesk:help"), FORM)
    assert response.status_code == 200 and "budi@example.com" in response.content.decode()
    (message,) = outbox.outbox
    assert message.to == ["budi@example.com"] and "tercatat" in message.subject
    token = re.search(r"/bantuan/ikuti/([^/\s]+)/", message.body).group(1)
    return Ticket.objects.get(), token


def test_public_form_limit_is_five_an_hour():
    count, window = rules.public_form_limit(__import__("datetime").date(2026, 7, 3))
    assert count == 5 and window.total_seconds() == 3600


def test_the_link_opens_the_public_thread_and_takes_replies(opened, officer):
    ticket, token = opened
    assert ticket.follow_up_hash and token not in ticket.follow_up_hash and len(ticket.follow_up_hash) == 64
    services.ticket_assign(actor=officer, ticket=ticket, assignee=officer)
    services.ticket_note(actor=officer, ticket=ticket, body="catatan rahasia petugas")
    services.ticket_wait(actor=officer, ticket=ticket, body="Mohon sebutkan User ID Anda")
    client = Client()
    page = client.get(reverse("servicedesk:follow", args=[token])).content.decode()
    assert "Mohon sebutkan User ID Anda" in page and "catatan rahasia" not in page
    response = client.post(reverse("servicedesk:follow", args=[token]), {"body": "User ID saya budi01"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.ASSIGNED  # the reporter answered: back to the desk
    last = ticket.messages.last()
    assert (last.kind, last.author, last.author_name, last.from_desk) == ("REPLY", None, "Budi", False)
    event = AuditEvent.objects.filter(action="servicedesk.ticket.reply", object_id=str(ticket.pk)).last()
    assert event.actor_user_id is None


def test_forged_replaced_or_foreign_links_are_not_found(opened, provider):
    ticket, token = opened
    client = Client()
    before = db_fingerprint()
    assert client.get(reverse("servicedesk:follow", args=[token + "x"])).status_code == 404
    assert client.post(reverse("servicedesk:follow", args=["abc"]), {"body": "x"}).status_code == 404
    assert db_fingerprint() == before
    own = services.ticket_create(actor=provider, category=Category.OTHER, subject="s", description="d")
    assert own.follow_up_hash == ""  # a signed-in reporter follows the ticket on their own page
    Ticket.objects.filter(pk=ticket.pk).update(follow_up_hash="0" * 64)  # the link was replaced
    assert client.get(reverse("servicedesk:follow", args=[token])).status_code == 404


def test_the_help_page_and_the_link_are_rate_limited(at_setup):
    client = Client()
    for i in range(5):
        assert client.post(reverse("servicedesk:help"), {**FORM, "subject": f"s{i}"}).status_code == 200
    refused = client.post(reverse("servicedesk:help"), {**FORM, "subject": "s6"})
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert Ticket.objects.count() == 5
    # a signed-in person is not limited by the anonymous counter
    from lentera.accounts.tests.factories import user_with_role
    from lentera.core.roles import Role
    from lentera.testing import login_client

    signed = login_client(user_with_role(Role.PENYEDIA), Role.PENYEDIA)
    assert signed.post(reverse("servicedesk:help"), FORM).status_code == 302


def test_replies_through_the_link_are_rate_limited(opened):
    _ticket, token = opened
    url = reverse("servicedesk:follow", args=[token])
    for i in range(5):
        assert Client().post(url, {"body": f"balasan {i}"}).status_code == 302
    assert Client().post(url, {"body": "lagi"}).status_code == 429
    assert TicketMessage.objects.filter(kind="REPLY").count() == 5


@allowed("GET /api/v1/servicedesk/follow/{token}", "POST /api/v1/servicedesk/follow/{token}/reply")
def test_api_follow_up_by_link(opened, officer):
    ticket, token = opened
    services.ticket_note(actor=officer, ticket=ticket, body="catatan rahasia")
    seen = Client().get(f"/api/v1/servicedesk/follow/{token}")
    assert seen.status_code == 200 and seen.json()["number"] == ticket.number
    assert all(m["kind"] != "NOTE" for m in seen.json()["messages"])
    replied = Client().post(
        f"/api/v1/servicedesk/follow/{token}/reply", {"body": "Tambahan"}, content_type="application/json"
    )
    assert replied.status_code == 200 and replied.json()["messages"][-1]["body"] == "Tambahan"


@denied("GET /api/v1/servicedesk/follow/{token}", "POST /api/v1/servicedesk/follow/{token}/reply")
def test_api_follow_up_refuses_a_forged_link(opened):
    _ticket, token = opened
    before = db_fingerprint()
    assert Client().get(f"/api/v1/servicedesk/follow/{token}x").status_code == 404
    refused = Client().post(
        f"/api/v1/servicedesk/follow/{token[:-2]}zz/reply", {"body": "x"}, content_type="application/json"
    )
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "TICKET_NOT_FOUND"
    assert db_fingerprint() == before
