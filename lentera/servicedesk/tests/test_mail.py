"""E-mail alerts (django's locmem outbox, sent after the commit by the django-tasks task): the reporter on the
desk's replies, status changes and resolution, never on a note or their own act; the assignee on assignment; the
officers before a target passes, once."""

import datetime as dt

import pytest
from django.core import mail as outbox

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.servicedesk import rules, services, tasks
from lentera.servicedesk.enums import Category
from lentera.tendering.tests.factories import clock

FRIDAY_9 = dt.datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks of each block and return the messages sent in it."""

    class Sent:
        def __call__(self, fn):
            start = len(outbox.outbox)
            with django_capture_on_commit_callbacks(execute=True):
                fn()
            return outbox.outbox[start:]

    return Sent()


@pytest.fixture
def ticket(db, provider):
    with clock(FRIDAY_9):
        return services.ticket_create(
            actor=provider, category=Category.CONSULTATION, subject="Tanya", description="?"
        )


def test_breach_warning_lead_is_two_hours():
    assert rules.breach_warning_lead(dt.date(2026, 7, 3)) == dt.timedelta(hours=2)


def test_reporter_hears_of_replies_status_and_resolution_not_of_notes(
    ticket, provider, officer, kasubag, sent
):
    with clock(FRIDAY_9 + dt.timedelta(minutes=10)):
        assigned = sent(lambda: services.ticket_assign(actor=kasubag, ticket=ticket, assignee=officer))
        note = sent(lambda: services.ticket_note(actor=officer, ticket=ticket, body="rahasia internal"))
        reply = sent(lambda: services.ticket_reply(actor=officer, ticket=ticket, body="Sedang kami cek"))
        own = sent(lambda: services.ticket_reply(actor=provider, ticket=ticket, body="Terima kasih"))
        resolved = sent(lambda: services.ticket_resolve(actor=officer, ticket=ticket, body="Sudah beres"))
    by_to = {m.to[0]: m for m in assigned}
    assert set(by_to) == {provider.email, officer.email}  # the reporter: status; the officer: assignment
    assert "Ditangani petugas" in by_to[provider.email].subject
    assert "ditugaskan kepada Anda" in by_to[officer.email].subject
    assert note == [] and own == []
    assert [m.to for m in reply] == [[provider.email]] and "Sedang kami cek" in reply[0].body
    assert "rahasia" not in reply[0].body
    assert "selesai" in resolved[0].subject and "1-5" in resolved[0].body
    assert f"/bantuan/tiket/{ticket.pk}/" in resolved[0].body


def test_taking_a_ticket_oneself_sends_the_officer_nothing(ticket, provider, officer, sent):
    with clock(FRIDAY_9):
        got = sent(lambda: services.ticket_assign(actor=officer, ticket=ticket, assignee=officer))
    assert [m.to for m in got] == [[provider.email]]


def test_a_refused_change_sends_nothing(ticket, provider, sent):
    from lentera.servicedesk.errors import ServiceDeskError

    def refused():
        with pytest.raises(ServiceDeskError):
            services.ticket_close(actor=provider, ticket=ticket)

    assert sent(refused) == []


def test_officers_are_warned_once_before_a_target_passes(ticket, officer, kasubag, sent):
    # the first response is due Monday 09:00: at 07:30 (before the desk opens, 1.5 h before) the scan warns
    with clock(dt.datetime(2026, 7, 6, 7, 30, tzinfo=JAKARTA)):
        first = sent(tasks.escalate_breached_tickets.call)
        again = sent(tasks.escalate_breached_tickets.call)
    assert sorted(m.to[0] for m in first) == sorted([officer.email, kasubag.email])  # nobody holds it yet
    assert "segera melewati batas waktu" in first[0].subject
    assert again == []
    assert AuditEvent.objects.filter(action="servicedesk.ticket.breach_warning").count() == 1


def test_no_warning_far_from_the_target(ticket, officer, sent):
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        assert sent(tasks.escalate_breached_tickets.call) == []
