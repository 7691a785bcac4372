"""The Pasal 18 alert by e-mail (Permendagri 53/2021 Pasal 18): an unanswered technical problem the tender's Pokja
reported reaches the head of the LPSE sub-unit once, within the alert lead before the tender's stage ends
(time-machine moves both clocks); reported inside the lead, at once; an answered ticket raises nothing."""

import datetime as dt

import pytest
from django.core import mail as outbox

from lentera.accounts.selectors import users_with_role
from lentera.accounts.tests.factories import user_with_role
from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.roles import Role
from lentera.servicedesk import rules, services, tasks
from lentera.servicedesk.enums import Category
from lentera.servicedesk.models import Ticket
from lentera.tendering.enums import Stage
from lentera.tendering.tests.factories import SETUP_AT, build, clock, create_tender, inside

NOW = dt.datetime(2026, 7, 6, 9, 0, tzinfo=JAKARTA)


def test_pasal18_alert_lead_is_dated_rule_data():
    assert rules.pasal18_alert_lead(dt.date(2026, 7, 6)) == dt.timedelta(hours=24)
    with pytest.raises(rules.RuleError):
        rules.pasal18_alert_lead(dt.date(2020, 12, 31))


def test_pasal18_alert_due_only_unanswered_inside_the_lead_once():
    end = NOW + dt.timedelta(hours=10)
    due = {"now": NOW, "active": True, "stage_due_at": end, "first_response_at": None, "alerted_at": None}
    assert rules.pasal18_alert_due(**due)
    assert not rules.pasal18_alert_due(**{**due, "stage_due_at": NOW + dt.timedelta(hours=25)})
    assert rules.pasal18_alert_due(**{**due, "stage_due_at": NOW + dt.timedelta(hours=24)})  # the lead's edge
    assert not rules.pasal18_alert_due(**{**due, "stage_due_at": NOW})  # the stage has closed
    assert not rules.pasal18_alert_due(**{**due, "first_response_at": NOW})  # answered
    assert not rules.pasal18_alert_due(**{**due, "alerted_at": NOW})  # once
    assert not rules.pasal18_alert_due(**{**due, "active": False})
    assert not rules.pasal18_alert_due(**{**due, "stage_due_at": None})  # not a Pasal 18 ticket


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    def run(fn):
        start = len(outbox.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            fn()
        return outbox.outbox[start:]

    return run


@pytest.fixture
def tender_world(db):
    with clock(SETUP_AT):
        tw = build(providers=1)
        tender = create_tender(tw)
    return tw, tender


def _report(tw, tender, when):
    with clock(when):
        return services.ticket_create(
            actor=tw.members[0],
            category=Category.TECH_APPLICATION,
            subject="Dokumen penawaran tidak terunggah",
            description="Galat 500",
            tender=tender,
        )


def test_the_head_of_lpse_is_mailed_once_before_the_stage_closes(tender_world, sent):
    tw, tender = tender_world
    kasubag = user_with_role(Role.KASUBAG_LPSE)
    officer = user_with_role(Role.HELPDESK)
    ticket = _report(tw, tender, inside(tender, Stage.BID_UPLOAD))
    end = ticket.stage_due_at
    assert end is not None and end - inside(tender, Stage.BID_UPLOAD) > dt.timedelta(hours=25)
    with clock(end - dt.timedelta(hours=25)):
        early = sent(tasks.escalate_breached_tickets.call)
    assert [m for m in early if "Pasal 18" in m.subject] == []
    with clock(end - dt.timedelta(hours=23)):
        first = [m for m in sent(tasks.escalate_breached_tickets.call) if "Pasal 18" in m.subject]
        again = [m for m in sent(tasks.escalate_breached_tickets.call) if "Pasal 18" in m.subject]
    heads = {u.email for u in users_with_role(role=Role.KASUBAG_LPSE)}
    assert kasubag.email in heads and sorted(m.to[0] for m in first) == sorted(heads) and again == []
    assert ticket.number in first[0].subject and ticket.stage_label in first[0].body
    assert officer.email not in {a for m in first for a in m.to}
    assert AuditEvent.objects.filter(action="servicedesk.ticket.pasal18_alert").count() == 1
    assert Ticket.objects.get(pk=ticket.pk).pasal18_alerted_at == end - dt.timedelta(hours=23)


def test_reported_inside_the_lead_alerts_at_once_and_an_answer_stops_it(tender_world, sent):
    tw, tender = tender_world
    kasubag = user_with_role(Role.KASUBAG_LPSE)
    officer = user_with_role(Role.HELPDESK)
    probe = _report(tw, tender, inside(tender, Stage.BID_UPLOAD))
    end = probe.stage_due_at
    with clock(end - dt.timedelta(hours=30)):
        services.ticket_assign(actor=officer, ticket=probe, assignee=officer)
        services.ticket_reply(actor=officer, ticket=probe, body="Sedang kami periksa")
    got = sent(lambda: _report(tw, tender, end - dt.timedelta(hours=2)))
    alerts = [m for m in got if "Pasal 18" in m.subject]
    heads = {u.email for u in users_with_role(role=Role.KASUBAG_LPSE)}
    assert kasubag.email in heads and sorted(m.to[0] for m in alerts) == sorted(heads)
    with clock(end - dt.timedelta(hours=1)):
        later = [m for m in sent(tasks.escalate_breached_tickets.call) if "Pasal 18" in m.subject]
    assert later == []  # the late ticket was alerted once already, the answered one never
    assert Ticket.objects.get(pk=probe.pk).pasal18_alerted_at is None
