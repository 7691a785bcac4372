"""Escalation: the tiers, the automatic escalation on a breached SLA target (scan, write time and read time,
idempotent), the manual escalation with a reason, the forward to LKPP with its reference and follow-ups
(Permendagri 53/2021 Lampiran 2.5.3)."""

import datetime as dt

import pytest

from lentera.core.audit import AuditEvent
from lentera.core.calendar import JAKARTA
from lentera.core.errors import AccessDenied
from lentera.servicedesk import escalations, rules, selectors, services, tasks
from lentera.servicedesk.enums import Category, EscalationTrigger, LkppBasis, Tier
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Ticket, TicketEscalation, TicketMessage
from lentera.servicedesk.states import Status
from lentera.tendering.tests.factories import clock
from lentera.testing import db_fingerprint

FRIDAY_9 = dt.datetime(2026, 7, 3, 9, 0, tzinfo=JAKARTA)
MONDAY_10 = dt.datetime(2026, 7, 6, 10, 0, tzinfo=JAKARTA)  # after the first-response target (Monday 09:00)
WEDNESDAY_10 = dt.datetime(2026, 7, 8, 10, 0, tzinfo=JAKARTA)  # after the resolution target (Wednesday 09:00)


@pytest.fixture
def ticket(db, provider):
    with clock(FRIDAY_9):
        return services.ticket_create(
            actor=provider, category=Category.CONSULTATION, subject="Tanya", description="Bagaimana?"
        )


def _sla(**kw):
    base = {
        "now": MONDAY_10,
        "active": True,
        "first_response_due_at": dt.datetime(2026, 7, 6, 9, 0, tzinfo=JAKARTA),
        "first_response_at": None,
        "due_at": dt.datetime(2026, 7, 8, 9, 0, tzinfo=JAKARTA),
        "waiting": False,
    }
    return rules.sla_breaches(**{**base, **kw})


def test_sla_breaches_first_response_resolution_pause_and_done():
    assert _sla() == [EscalationTrigger.FIRST_RESPONSE_BREACH]
    assert _sla(first_response_at=FRIDAY_9) == []
    assert _sla(now=WEDNESDAY_10) == ["FIRST_RESPONSE", "RESOLUTION"]
    assert _sla(now=WEDNESDAY_10, waiting=True, first_response_at=FRIDAY_9) == []  # the clock is paused
    assert _sla(now=WEDNESDAY_10, active=False) == []


def test_breach_escalation_tier_goes_to_the_head_of_lpse_never_to_lkpp():
    assert rules.breach_escalation_tier(tier=Tier.HELPDESK) == Tier.LPSE
    assert rules.breach_escalation_tier(tier=Tier.LPSE) == Tier.LPSE
    assert rules.breach_escalation_tier(tier=Tier.LKPP) == Tier.LKPP


def test_may_forward_to_lkpp_only_the_head_of_lpse_and_technical_problems():
    assert rules.may_forward_to_lkpp(category=Category.TECH_APPLICATION, actor_roles=["KASUBAG_LPSE"])
    assert not rules.may_forward_to_lkpp(category=Category.TECH_APPLICATION, actor_roles=["HELPDESK"])
    assert not rules.may_forward_to_lkpp(category=Category.COMPLAINT, actor_roles=["KASUBAG_LPSE"])


def test_lkpp_answer_pending_until_every_forward_is_answered():
    assert rules.lkpp_answer_pending(forwards=[(Tier.LPSE, None), (Tier.LKPP, None)])
    assert not rules.lkpp_answer_pending(forwards=[(Tier.LPSE, None), (Tier.LKPP, FRIDAY_9)])
    assert not rules.lkpp_answer_pending(forwards=[])


def test_scan_escalates_once_per_breached_target(ticket):
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        assert tasks.escalate_breached_tickets.call() == 0
    with clock(MONDAY_10):
        assert list(selectors.breach_candidates()) == [ticket]
        assert tasks.escalate_breached_tickets.call() == 1
        assert tasks.escalate_breached_tickets.call() == 0  # idempotent
    ticket.refresh_from_db()
    assert ticket.tier == Tier.LPSE
    (esc,) = ticket.escalations.all()
    assert (esc.from_tier, esc.to_tier, esc.trigger, esc.actor) == (
        "HELPDESK",
        "LPSE",
        "FIRST_RESPONSE",
        None,
    )
    with clock(WEDNESDAY_10):
        assert tasks.escalate_breached_tickets.call() == 1
        assert tasks.escalate_breached_tickets.call() == 0
    assert [e.trigger for e in ticket.escalations.all()] == ["FIRST_RESPONSE", "RESOLUTION"]
    events = AuditEvent.objects.filter(action="servicedesk.ticket.escalate", object_id=str(ticket.pk))
    assert events.count() == 2
    history = [m.body for m in selectors.thread(ticket, desk=False) if m.kind == TicketMessage.Kind.EVENT]
    assert len(history) == 2 and "Kasubag" in history[0]


def test_the_database_refuses_a_second_escalation_of_the_same_breach(ticket):
    from django.db import IntegrityError, transaction

    with clock(MONDAY_10):
        escalations.escalate_breached(ticket=ticket)
    with pytest.raises(IntegrityError), transaction.atomic():
        TicketEscalation.objects.create(
            ticket=ticket,
            from_tier="LPSE",
            to_tier="LPSE",
            trigger="FIRST_RESPONSE",
            reason="x",
            created_at=MONDAY_10,
        )


def test_write_and_read_time_checks_do_not_wait_for_the_scan(ticket, officer):
    with clock(MONDAY_10):
        seen = selectors.clock_of(Ticket.objects.get(pk=ticket.pk))
        assert seen["tier"] == Tier.LPSE and seen["breaches"] == ["FIRST_RESPONSE"]
        assert Ticket.objects.get(pk=ticket.pk).tier == Tier.HELPDESK  # a read writes nothing
        services.ticket_note(actor=officer, ticket=ticket, body="Cek")
    ticket.refresh_from_db()
    assert ticket.tier == Tier.LPSE and ticket.escalations.get().trigger == "FIRST_RESPONSE"


def test_a_refused_write_records_no_escalation(ticket, provider):
    with clock(MONDAY_10):
        before = db_fingerprint()
        with pytest.raises(ServiceDeskError):
            services.ticket_close(actor=provider, ticket=ticket)
        assert db_fingerprint() == before


def test_manual_escalation_and_the_forward_to_lkpp(technical, officer, kasubag, provider):
    with clock(FRIDAY_9 + dt.timedelta(hours=1)):
        esc = escalations.ticket_escalate(
            actor=officer, ticket=technical, to_tier=Tier.LPSE, reason="Butuh akses server"
        )
        assert (esc.trigger, esc.actor, esc.reason) == ("MANUAL", officer, "Butuh akses server")
        before = db_fingerprint()
        with pytest.raises(AccessDenied) as denied:  # the help desk does not forward to LKPP
            escalations.ticket_escalate(
                actor=officer,
                ticket=technical,
                to_tier=Tier.LKPP,
                reason="x",
                lkpp_basis=LkppBasis.UNSOLVED,
                lkpp_reference="LKPP-1",
            )
        assert denied.value.code == "LKPP_FORWARD_NOT_ALLOWED"
        for kw, code in [
            ({"to_tier": Tier.LPSE}, "ESCALATION_NOT_UPWARD"),
            ({"to_tier": Tier.LKPP, "lkpp_basis": LkppBasis.UNSOLVED}, "FIELD_REQUIRED"),
            ({"to_tier": Tier.LKPP, "lkpp_reference": "LKPP-1"}, "FIELD_REQUIRED"),
        ]:
            with pytest.raises(ServiceDeskError) as exc:
                escalations.ticket_escalate(actor=kasubag, ticket=technical, reason="x", **kw)
            assert exc.value.code == code
        with pytest.raises(AccessDenied):
            escalations.ticket_escalate(actor=provider, ticket=technical, to_tier=Tier.LPSE, reason="x")
        assert db_fingerprint() == before
        forward = escalations.ticket_escalate(
            actor=kasubag,
            ticket=technical,
            to_tier=Tier.LKPP,
            reason="Galat aplikasi SPSE",
            lkpp_basis=LkppBasis.UNSOLVED,
            lkpp_reference="LKPP-HD-2026-0042",
        )
        technical.refresh_from_db()
        assert technical.tier == Tier.LKPP and forward.lkpp_reference == "LKPP-HD-2026-0042"
        with pytest.raises(ServiceDeskError) as exc:  # stays open until LKPP's answer is recorded
            services.ticket_resolve(actor=officer, ticket=technical, body="Selesai")
        assert exc.value.code == "LKPP_ANSWER_PENDING"
        escalations.lkpp_follow_up(actor=kasubag, escalation=forward, body="LKPP meminta log")
        escalations.lkpp_follow_up(
            actor=kasubag, escalation=forward, body="Perbaikan di versi 4.5", answered=True
        )
        with pytest.raises(ServiceDeskError) as exc:
            escalations.lkpp_follow_up(actor=kasubag, escalation=forward, body="lagi", answered=True)
        assert exc.value.code == "LKPP_ALREADY_ANSWERED"
        forward.refresh_from_db()
        assert forward.lkpp_outcome == "Perbaikan di versi 4.5" and forward.lkpp_answered_at is not None
        resolved = services.ticket_resolve(actor=officer, ticket=technical, body="Selesai")
    assert resolved.status == Status.RESOLVED
    desk = [m.body for m in selectors.thread(technical, desk=True)]
    public = [m.body for m in selectors.thread(technical, desk=False)]
    assert any("LKPP-HD-2026-0042" in b for b in public)  # the reporter sees where the ticket went
    assert any("versi 4.5" in b for b in desk) and not any("versi 4.5" in b for b in public)
    actions = list(AuditEvent.objects.filter(object_id=str(technical.pk)).values_list("action", flat=True))
    assert actions.count("servicedesk.ticket.escalate") == 2
    assert actions.count("servicedesk.ticket.lkpp_follow_up") == 2


def test_a_complaint_is_not_forwarded_to_lkpp(ticket, kasubag):
    with clock(FRIDAY_9), pytest.raises(AccessDenied):
        escalations.ticket_escalate(
            actor=kasubag,
            ticket=ticket,
            to_tier=Tier.LKPP,
            reason="x",
            lkpp_basis=LkppBasis.NOT_COVERED,
            lkpp_reference="R",
        )
