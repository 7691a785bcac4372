"""Satisfaction after resolution (once, 1-5, the reporter or the follow-up link) and the desk's statistics for
the head of the LPSE sub-unit (per month, working hours, SLA met, satisfaction; page with charts and API)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role
from lentera.servicedesk import rules, satisfaction, services, stats, tokens
from lentera.servicedesk.enums import Category
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Ticket, TicketRating
from lentera.tendering.tests.factories import clock
from lentera.testing import api_headers, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied


def wib(*a):
    return dt.datetime(*a, tzinfo=JAKARTA)


def _resolved(reporter, officer, *, created, answered, resolved, **kw):
    kw.setdefault("category", Category.CONSULTATION)
    with clock(created):
        t = services.ticket_create(actor=reporter, subject="s", description="d", **kw)
        services.ticket_assign(actor=officer, ticket=t, assignee=officer)
    with clock(answered):
        services.ticket_reply(actor=officer, ticket=t, body="Dicek")
    with clock(resolved):
        return services.ticket_resolve(actor=officer, ticket=t, body="Beres")


@pytest.fixture
def done(db, provider, officer):
    return _resolved(
        provider,
        officer,
        created=wib(2026, 7, 3, 9),
        answered=wib(2026, 7, 3, 10),
        resolved=wib(2026, 7, 3, 12),
    )


@pytest.fixture
def anonymous_done(db, officer):
    """A visitor's resolved ticket and its follow-up link."""
    t = _resolved(
        None,
        officer,
        created=wib(2026, 7, 3, 9),
        answered=wib(2026, 7, 6, 10),
        resolved=wib(2026, 7, 6, 11),
        reporter_name="Budi",
        reporter_email="budi@example.com",
    )
    link, digest = tokens.new_link_secret(t.pk)
    Ticket.objects.filter(pk=t.pk).update(follow_up_hash=digest)
    cache.clear()
    return Ticket.objects.get(pk=t.pk), link


def test_rating_allowed_once_after_resolution_on_one_to_five():
    assert rules.rating_allowed(status="RESOLVED", already_rated=False, score=5)
    assert rules.rating_allowed(status="CLOSED", already_rated=False, score=1)
    assert not rules.rating_allowed(status="ASSIGNED", already_rated=False, score=3)
    assert not rules.rating_allowed(status="RESOLVED", already_rated=True, score=3)
    assert not rules.rating_allowed(status="RESOLVED", already_rated=False, score=6)
    assert not rules.rating_allowed(status="RESOLVED", already_rated=False, score=0)


def test_the_reporter_rates_once(done, provider, officer, make_user):
    stranger = make_user(Role.PENYEDIA)
    with clock(wib(2026, 7, 3, 13)):
        before = db_fingerprint()
        with pytest.raises(ServiceDeskError) as exc:
            satisfaction.ticket_rate(actor=provider, ticket=done, score=6)
        assert exc.value.code == "INVALID_SCORE"
        with pytest.raises(AccessDenied):
            satisfaction.ticket_rate(actor=officer, ticket=done, score=5)
        with pytest.raises(AccessDenied):
            satisfaction.ticket_rate(actor=stranger, ticket=done, score=5)
        assert db_fingerprint() == before
        rating = satisfaction.ticket_rate(actor=provider, ticket=done, score=4, comment=" Cepat ")
        assert (rating.score, rating.comment) == (4, "Cepat")
        with pytest.raises(ServiceDeskError) as exc:
            satisfaction.ticket_rate(actor=provider, ticket=done, score=5)
        assert exc.value.code == "ALREADY_RATED"
    assert AuditEvent.objects.filter(action="servicedesk.ticket.rate", object_id=str(done.pk)).count() == 1


def test_an_open_ticket_is_not_rated(at_setup, provider):
    t = services.ticket_create(actor=provider, category=Category.OTHER, subject="s", description="d")
    with pytest.raises(ServiceDeskError) as exc:
        satisfaction.ticket_rate(actor=provider, ticket=t, score=3)
    assert exc.value.code == "NOT_RESOLVED"


def test_pages_rate_by_the_reporter_and_by_the_link(done, provider, anonymous_done):
    client = login_client(provider, Role.PENYEDIA)
    page = client.get(reverse("servicedesk:mine_detail", args=[done.pk])).content.decode()
    assert 'name="score"' in page
    client.post(reverse("servicedesk:mine_action", args=[done.pk, "rate"]), {"score": "5", "comment": "Oke"})
    assert TicketRating.objects.get(ticket=done).score == 5
    assert "5 dari 5" in client.get(reverse("servicedesk:mine_detail", args=[done.pk])).content.decode()
    ticket, link = anonymous_done
    Client().post(reverse("servicedesk:follow_rate", args=[link]), {"score": "2"})
    assert TicketRating.objects.get(ticket=ticket).score == 2
    assert Client().post(reverse("servicedesk:follow_rate", args=["x"]), {"score": "2"}).status_code == 404


def test_statistics_per_month_in_working_hours(done, provider, officer):
    late = _resolved(
        provider,
        officer,
        created=wib(2026, 7, 3, 9),
        answered=wib(2026, 7, 6, 10),
        resolved=wib(2026, 7, 6, 11),
    )
    with clock(wib(2026, 7, 6, 12)):
        satisfaction.ticket_rate(actor=provider, ticket=done, score=4)
        satisfaction.ticket_rate(actor=provider, ticket=late, score=2)
    data = stats.desk_statistics(2026)
    july = data["months"][6]
    # the late answer on Monday 10:00 escalated it at write time (its first response was due at 09:00)
    assert (july["escalated"], july["to_lkpp"]) == (1, 0)
    assert (july["count"], july["resolved"], july["ratings"]) == (2, 2, 2)
    assert july["sla_met_pct"] == Decimal("50.0")  # the late one answered after Monday 09:00
    assert july["median_first_response_hours"] == Decimal("5.0")  # 1 and 9 working hours
    assert july["median_resolution_hours"] == Decimal("6.5")  # 3 and 10 working hours
    assert july["satisfaction"] == Decimal("3.00")
    assert data["months"][5]["count"] == 0 and data["total"]["count"] == 2
    assert data["by_category"] == [("Konsultasi pengadaan secara elektronik", 2)]


def test_statistics_page_for_the_head_of_lpse(done, kasubag, officer):
    page = login_client(kasubag, Role.KASUBAG_LPSE).get(reverse("servicedesk:stats") + "?tahun=2026")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Tiket per bulan" in html
    queue = login_client(kasubag, Role.KASUBAG_LPSE).get(reverse("servicedesk:queue")).content.decode()
    assert reverse("servicedesk:stats") in queue
    assert login_client(officer, Role.HELPDESK).get(reverse("servicedesk:stats")).status_code == 403


@allowed(
    "POST /api/v1/servicedesk/tickets/{ticket_id}/rating",
    "POST /api/v1/servicedesk/follow/{token}/rating",
    "GET /api/v1/servicedesk/desk/stats",
)
def test_api_rating_and_statistics(done, provider, kasubag, anonymous_done):
    rated = Client().post(
        f"/api/v1/servicedesk/tickets/{done.pk}/rating",
        {"score": 5, "comment": "Bagus"},
        content_type="application/json",
        **api_headers(provider, Role.PENYEDIA),
    )
    assert rated.status_code == 201 and rated.json()["score"] == 5
    _ticket, link = anonymous_done
    by_link = Client().post(
        f"/api/v1/servicedesk/follow/{link}/rating", {"score": 3}, content_type="application/json"
    )
    assert by_link.status_code == 201
    got = Client().get("/api/v1/servicedesk/desk/stats?year=2026", **api_headers(kasubag, Role.KASUBAG_LPSE))
    assert got.status_code == 200 and got.json()["months"][6]["ratings"] == 2
    assert got.json()["total"]["satisfaction"] in ("4.00", 4.0)


@denied(
    "POST /api/v1/servicedesk/tickets/{ticket_id}/rating",
    "POST /api/v1/servicedesk/follow/{token}/rating",
    "GET /api/v1/servicedesk/desk/stats",
)
def test_api_rating_and_statistics_refused(done, officer, make_user):
    other, desk = api_headers(make_user(Role.PENYEDIA), Role.PENYEDIA), api_headers(officer, Role.HELPDESK)
    before = db_fingerprint()
    foreign = Client().post(
        f"/api/v1/servicedesk/tickets/{done.pk}/rating",
        {"score": 5},
        content_type="application/json",
        **other,
    )
    assert foreign.status_code == 404
    forged = Client().post(
        "/api/v1/servicedesk/follow/abc/rating", {"score": 5}, content_type="application/json"
    )
    assert forged.status_code == 404
    assert Client().get("/api/v1/servicedesk/desk/stats?year=2026", **desk).status_code == 403
    assert db_fingerprint() == before
