"""Anonymous tickets through the API: the same throttle as the help form (one counter per address), the
follow-up token returned once (only its hash is stored) and e-mailed."""

import pytest
from django.core import mail as outbox
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lentera.servicedesk import tokens
from lentera.servicedesk.enums import Category, Channel
from lentera.servicedesk.models import Ticket
from lentera.testing import db_fingerprint
from lentera.testing_routes import allowed, denied

URL = "/api/v1/servicedesk/public/tickets"
BODY = {
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


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


@allowed("POST /api/v1/servicedesk/public/tickets")
def test_visitor_opens_a_ticket_and_gets_the_follow_up_token(at_setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(Client(), BODY)
    assert response.status_code == 201
    data = response.json()
    ticket = Ticket.objects.get(number=data["number"])
    assert ticket.channel == Channel.API and ticket.reporter_id is None
    assert ticket.reporter_email == "budi@example.com"
    token = data["follow_up_token"]
    pk, digest = tokens.ticket_pk_of(token)
    assert pk == ticket.pk and tokens.matches(ticket.follow_up_hash, digest)
    assert token not in ticket.follow_up_hash
    assert token in outbox.outbox[-1].body  # the confirmation e-mail carries the same link
    seen = Client().get(f"/api/v1/servicedesk/follow/{token}")
    assert seen.status_code == 200 and seen.json()["number"] == ticket.number


def test_public_api_shares_the_help_forms_limit_and_refuses_without_email(at_setup):
    client = Client()
    before = db_fingerprint()
    missing = _post(client, {**BODY, "reporter_email": ""})
    assert missing.status_code == 422
    assert db_fingerprint() == before
    for i in range(4):
        assert _post(client, {**BODY, "subject": f"s{i}"}).status_code == 201
    client.post(reverse("servicedesk:help"), {**BODY, "subject": "form"})  # the fifth, through the form
    assert Ticket.objects.filter(subject="form", channel=Channel.WEB).exists()
    before = db_fingerprint()
    refused = _post(client, {**BODY, "subject": "s6"})  # the sixth from this address within the hour
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "RATE_LIMITED"
    assert db_fingerprint() == before


@denied("POST /api/v1/servicedesk/public/tickets")
def test_public_api_names_only_a_public_tender(at_setup):
    before = db_fingerprint()
    refused = _post(Client(), {**BODY, "tender_id": 999999})
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "TENDER_NOT_FOUND"
    assert db_fingerprint() == before
