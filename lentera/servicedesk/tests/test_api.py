"""The desk's API: create, list own, the queue, replies, notes and transitions, with the Error schema on refusals."""

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.servicedesk.models import Ticket
from lentera.servicedesk.states import Status
from lentera.tendering.enums import Stage
from lentera.tendering.tests.factories import SETUP_AT, build, clock, create_tender, inside, window
from lentera.testing import api_headers
from lentera.testing_routes import allowed


def call(method, path, headers, body=None):
    return getattr(Client(), method)(
        "/api/v1/servicedesk" + path, data=body or {}, content_type="application/json", **headers
    )


@pytest.fixture
def heads(at_setup, provider, officer):
    return api_headers(provider, Role.PENYEDIA), api_headers(officer, Role.HELPDESK)


@allowed(
    "POST /api/v1/servicedesk/tickets",
    "GET /api/v1/servicedesk/tickets",
    "GET /api/v1/servicedesk/tickets/{ticket_id}",
    "GET /api/v1/servicedesk/desk/queue",
    "GET /api/v1/servicedesk/desk/tickets/{ticket_id}",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/assign",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/messages",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/transitions",
    "POST /api/v1/servicedesk/tickets/{ticket_id}/reply",
    "POST /api/v1/servicedesk/tickets/{ticket_id}/transitions",
)
def test_api_ticket_lifecycle(heads, officer):
    reporter, desk = heads
    created = call(
        "post", "/tickets", reporter, {"category": "CONSULTATION", "subject": "Tanya", "description": "?"}
    )
    assert created.status_code == 201
    body = created.json()
    tid = body["id"]
    assert body["channel"] == "API" and body["status"] == "NEW" and body["number"].startswith("LPSE-2026-")
    assert [t["id"] for t in call("get", "/tickets", reporter).json()] == [tid]
    queue = call("get", "/desk/queue", desk).json()
    assert queue[0]["id"] == tid and queue[0]["breached"] is False
    assert call("post", f"/desk/tickets/{tid}/assign", desk).json()["assignee_id"] == officer.pk
    call("post", f"/desk/tickets/{tid}/messages", desk, {"kind": "NOTE", "body": "internal"})
    seen_by_desk = call("get", f"/desk/tickets/{tid}", desk).json()["messages"]
    assert [m["kind"] for m in seen_by_desk][-1] == "NOTE"
    seen_by_reporter = call("get", f"/tickets/{tid}", reporter).json()
    assert seen_by_reporter["number"] == body["number"]
    assert all(m["kind"] != "NOTE" for m in seen_by_reporter["messages"])
    waiting = call("post", f"/desk/tickets/{tid}/transitions", desk, {"action": "WAIT", "body": "Detail?"})
    assert waiting.json()["status"] == "WAITING"
    answered = call("post", f"/tickets/{tid}/reply", reporter, {"body": "Ini detailnya"})
    assert answered.json()["status"] == "ASSIGNED"
    assert all(m["kind"] != "NOTE" for m in answered.json()["messages"])
    resolved = call("post", f"/desk/tickets/{tid}/transitions", desk, {"action": "RESOLVE", "body": "Beres"})
    assert resolved.json()["status"] == "RESOLVED"
    closed = call("post", f"/tickets/{tid}/transitions", reporter, {"action": "CLOSE"})
    assert closed.status_code == 200 and Ticket.objects.get(pk=tid).status == Status.CLOSED
    refused = call("post", f"/tickets/{tid}/transitions", reporter, {"action": "REOPEN", "body": "lagi"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "TRANSITION_NOT_ALLOWED"


def test_api_refusals_use_the_error_schema(heads):
    reporter, _desk = heads
    unknown = call(
        "post", "/tickets", reporter, {"category": "CONSULTATION", "subject": "x", "description": "y", "z": 1}
    )
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "VALIDATION_ERROR"
    phone = call(
        "post",
        "/tickets",
        reporter,
        {"category": "OTHER", "subject": "x", "description": "y", "channel": "PHONE"},
    )
    assert phone.status_code == 403 and phone.json()["error"]["code"] == "ROLE_NOT_ALLOWED"
    hidden = call(
        "post",
        "/tickets",
        reporter,
        {"category": "OTHER", "subject": "x", "description": "y", "tender_id": 999},
    )
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "TENDER_NOT_FOUND"
    assert Ticket.objects.count() == 0


def test_api_pokja_ticket_on_a_tender_is_due_at_the_stage_end(db):
    with clock(SETUP_AT):
        tw = build(providers=1)
        tender = create_tender(tw)
        headers = api_headers(tw.members[0], Role.POKJA)
    with clock(inside(tender, Stage.EXPLANATION)):
        response = call(
            "post",
            "/tickets",
            headers,
            {
                "category": "TECH_INFRASTRUCTURE",
                "subject": "Server lambat",
                "description": "x",
                "tender_id": tender.pk,
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["priority"] == "HIGH"
    assert Ticket.objects.get(pk=body["id"]).stage_due_at == window(tender, Stage.EXPLANATION)[1]
