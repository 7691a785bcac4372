"""The reopen window: N working days after resolution (rules.reopen_window_days), across weekends and holidays
(time-machine), refused inside the reopen's transaction, and the scan that closes expired tickets."""

import datetime as dt

import pytest

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.models import NonWorkingDay
from lentera.servicedesk import reopen, rules, selectors, services, sla, tasks
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import TicketMessage
from lentera.servicedesk.states import Action, Status
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db


def wib(*args):
    return dt.datetime(*args, tzinfo=JAKARTA)


def _resolved(technical, officer, when):
    with clock(when):
        return services.ticket_resolve(actor=officer, ticket=technical, body="Sudah diperbaiki")


def test_reopen_window_days_are_dated_rule_data():
    assert rules.reopen_window_days(dt.date(2026, 7, 3)) == 5
    with pytest.raises(rules.RuleError):
        rules.reopen_window_days(dt.date(2020, 12, 31))


def test_reporter_may_reopen_only_before_the_window_ends():
    end = wib(2026, 7, 11, 0, 0)
    assert rules.reporter_may_reopen(now=end - dt.timedelta(seconds=1), reopen_until=end)
    assert not rules.reporter_may_reopen(now=end, reopen_until=end)


def test_window_skips_the_weekend_and_holidays():
    # resolved Friday 3 July 2026: Mon 6 .. Fri 10 July are the five working days -> ends Sat 11 July 00:00 WIB
    assert sla.reopen_until(wib(2026, 7, 3, 15, 0)) == wib(2026, 7, 11, 0, 0)
    # resolved Friday 14 August 2026: Monday 17 August is Independence Day -> 18, 19, 20, 21, 24 -> 25 Aug 00:00
    assert sla.reopen_until(wib(2026, 8, 14, 10, 0)) == wib(2026, 8, 25, 0, 0)
    NonWorkingDay.objects.create(
        date=dt.date(2026, 8, 18), kind=NonWorkingDay.Kind.CUTI_BERSAMA, name="Cuti bersama"
    )
    # with a cuti bersama on 18 August: 19, 20, 21, 24 and 26 (25 August is the Prophet's Birthday) -> 27 Aug
    assert sla.reopen_until(wib(2026, 8, 14, 10, 0)) == wib(2026, 8, 27, 0, 0)


def test_reporter_reopens_inside_the_window_across_a_weekend(technical, officer, provider):
    ticket = _resolved(technical, officer, wib(2026, 7, 3, 15, 0))
    with clock(wib(2026, 7, 10, 22, 0)):  # the fifth working day, late evening
        assert Action.REOPEN in selectors.reporter_actions(ticket)
        ticket = services.ticket_reopen(actor=provider, ticket=ticket, body="Muncul lagi")
    assert ticket.status == Status.ASSIGNED and ticket.resolved_at is None


def test_late_reopen_is_refused_even_if_the_scan_did_not_run(technical, officer, provider):
    ticket = _resolved(technical, officer, wib(2026, 7, 3, 15, 0))
    messages = TicketMessage.objects.filter(ticket=ticket).count()
    with clock(wib(2026, 7, 11, 9, 0)):  # Saturday: the window ended at midnight
        assert Action.REOPEN not in selectors.reporter_actions(ticket)
        with pytest.raises(ServiceDeskError) as refused:
            services.ticket_reopen(actor=provider, ticket=ticket, body="Muncul lagi")
    assert refused.value.code == "REOPEN_WINDOW_PASSED" and refused.value.status == 409
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert TicketMessage.objects.filter(ticket=ticket).count() == messages
    # the desk may still reopen it
    with clock(wib(2026, 7, 13, 9, 0)):
        ticket = services.ticket_reopen(actor=officer, ticket=ticket, body="Kami buka lagi")
    assert ticket.status == Status.ASSIGNED


def test_holiday_extends_the_window(technical, officer, provider):
    ticket = _resolved(technical, officer, wib(2026, 8, 14, 10, 0))
    with clock(wib(2026, 8, 24, 15, 0)):  # Monday 24 August: the fifth working day (17 August is a holiday)
        ticket = services.ticket_reopen(actor=provider, ticket=ticket, body="Muncul lagi")
    assert ticket.status == Status.ASSIGNED


def test_scan_closes_expired_tickets_once(technical, officer):
    ticket = _resolved(technical, officer, wib(2026, 7, 3, 15, 0))
    with clock(wib(2026, 7, 10, 23, 59)):
        assert reopen.close_expired() == 0
    with clock(wib(2026, 7, 11, 0, 1)):
        tasks.escalate_breached_tickets.call()
        assert reopen.close_expired() == 0  # already closed
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.closed_at == wib(2026, 7, 11, 0, 1)
    assert TicketMessage.objects.filter(ticket=ticket, kind=TicketMessage.Kind.EVENT).exists()
    assert (
        AuditEvent.objects.filter(object_id=str(ticket.pk), action="servicedesk.ticket.auto_close").count()
        == 1
    )


def test_reporter_page_and_api_show_until_when_the_ticket_can_be_reopened(technical, officer, provider):
    from django.test import Client
    from django.urls import reverse

    from lentera.core.roles import Role
    from lentera.testing import api_headers, login_client

    ticket = _resolved(technical, officer, wib(2026, 7, 3, 15, 0))
    page_url = reverse("servicedesk:mine_detail", args=[ticket.pk])
    with clock(wib(2026, 7, 6, 9, 0)):
        page = login_client(provider, Role.PENYEDIA).get(page_url).content.decode()
        api = Client().get(f"/api/v1/servicedesk/tickets/{ticket.pk}", **api_headers(provider, Role.PENYEDIA))
    # the window ends at midnight WIB after Friday 10 July (the fifth working day)
    assert "Dapat dibuka kembali sampai" in page and "11 Juli 2026 00:00" in page
    assert dt.datetime.fromisoformat(api.json()["reopen_until"]) == wib(2026, 7, 11, 0, 0)
    with clock(wib(2026, 7, 11, 9, 0)):
        late = login_client(provider, Role.PENYEDIA).get(page_url).content.decode()
    assert "Dapat dibuka kembali sampai" not in late
