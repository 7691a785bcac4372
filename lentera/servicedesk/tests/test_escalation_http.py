"""Escalation through the pages and the API: the head of the LPSE sub-unit forwards a technical problem to LKPP
with LKPP's ticket number and records LKPP's answer; the help desk escalates to the head; others are refused."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from lentera.core.roles import Role
from lentera.servicedesk import escalations
from lentera.servicedesk.enums import LkppBasis, Tier
from lentera.servicedesk.models import Ticket, TicketEscalation
from lentera.tendering.tests.factories import clock
from lentera.testing import api_headers, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied

from .test_escalation import FRIDAY_9, MONDAY_10


def _post(client, name, *args, **data):
    return client.post(reverse(f"servicedesk:{name}", args=args), data)


def test_pages_escalate_forward_to_lkpp_and_record_the_answer(technical, officer, kasubag):
    desk = login_client(officer, Role.HELPDESK)
    head = login_client(kasubag, Role.KASUBAG_LPSE)
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        page = desk.get(reverse("servicedesk:desk_detail", args=[technical.pk])).content.decode()
        assert "Eskalasi" in page and 'name="lkpp_reference"' in page
        before = db_fingerprint()
        refused = _post(
            desk, "desk_action", technical.pk, "escalate", to_tier="LKPP", reason="x",
            lkpp_basis="UNSOLVED", lkpp_reference="R-1",
        )  # fmt: skip
        assert refused.status_code == 302 and db_fingerprint() == before
        _post(desk, "desk_action", technical.pk, "escalate", to_tier="LPSE", reason="Perlu admin sistem")
        _post(
            head, "desk_action", technical.pk, "escalate", to_tier="LKPP", reason="Galat SPSE",
            lkpp_basis="UNSOLVED", lkpp_reference="LKPP-HD-77",
        )  # fmt: skip
        forward = TicketEscalation.objects.get(ticket=technical, to_tier=Tier.LKPP)
        _post(
            head, "desk_follow_up", technical.pk, forward.pk, body="Diperbaiki di versi baru", answered="on"
        )
        page = head.get(reverse("servicedesk:desk_detail", args=[technical.pk])).content.decode()
    assert Ticket.objects.get(pk=technical.pk).tier == Tier.LKPP
    assert "LKPP-HD-77" in page and "Diperbaiki di versi baru" in page
    forward.refresh_from_db()
    assert forward.lkpp_answered_at is not None
    with clock(FRIDAY_9 + dt.timedelta(hours=2)):
        queue = desk.get(reverse("servicedesk:queue")).content.decode()
    assert "Tingkat" in queue and ">LKPP<" in queue


def test_queue_shows_the_tier_a_breached_ticket_is_due_for(technical, officer):
    with clock(MONDAY_10 + dt.timedelta(days=2)):
        queue = login_client(officer, Role.HELPDESK).get(reverse("servicedesk:queue")).content.decode()
    assert "Kasubag / Admin LPSE" in queue


@allowed(
    "GET /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations/{escalation_id}/follow-ups",
)
def test_api_forward_to_lkpp_and_follow_up(technical, kasubag):
    headers = api_headers(kasubag, Role.KASUBAG_LPSE)
    base = f"/api/v1/servicedesk/desk/tickets/{technical.pk}/escalations"
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        made = Client().post(
            base,
            {
                "to_tier": "LKPP",
                "reason": "Galat SPSE",
                "lkpp_basis": LkppBasis.NOT_COVERED,
                "lkpp_reference": "LKPP-9",
            },
            content_type="application/json",
            **headers,
        )
        assert made.status_code == 201 and made.json()["lkpp_reference"] == "LKPP-9"
        eid = made.json()["id"]
        answered = Client().post(
            f"{base}/{eid}/follow-ups",
            {"body": "Jawaban LKPP", "answered": True},
            content_type="application/json",
            **headers,
        )
        assert answered.status_code == 201 and answered.json()["lkpp_outcome"] == "Jawaban LKPP"
        assert answered.json()["follow_ups"][0]["answered"] is True
        listed = Client().get(base, **headers).json()
    assert [e["to_tier"] for e in listed] == ["LKPP"]
    detail = Client().get(f"/api/v1/servicedesk/desk/tickets/{technical.pk}", **headers).json()
    assert detail["tier"] == "LKPP"


@denied(
    "GET /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations",
    "POST /api/v1/servicedesk/desk/tickets/{ticket_id}/escalations/{escalation_id}/follow-ups",
)
def test_api_escalation_refused_to_the_reporter_and_lkpp_forward_to_the_help_desk(
    technical, provider, officer, kasubag
):
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        forward = escalations.ticket_escalate(
            actor=kasubag, ticket=technical, to_tier=Tier.LKPP, reason="x",
            lkpp_basis=LkppBasis.UNSOLVED, lkpp_reference="R",
        )  # fmt: skip
        reporter, desk = api_headers(provider, Role.PENYEDIA), api_headers(officer, Role.HELPDESK)
        base = f"/api/v1/servicedesk/desk/tickets/{technical.pk}/escalations"
        before = db_fingerprint()
        assert Client().get(base, **reporter).status_code == 403
        body = {"to_tier": "LPSE", "reason": "x"}
        assert Client().post(base, body, content_type="application/json", **reporter).status_code == 403
        follow = {"body": "x"}
        url = f"{base}/{forward.pk}/follow-ups"
        assert Client().post(url, follow, content_type="application/json", **reporter).status_code == 403
        missing = Client().post(f"{base}/99999/follow-ups", follow, content_type="application/json", **desk)
        assert missing.status_code == 404
        assert db_fingerprint() == before
