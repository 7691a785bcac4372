"""Escalation of tickets up the tiers: help desk -> head of the LPSE sub-unit (kasubag LPSE and the LPSE's
admins) -> LKPP (Permendagri 53/2021 Lampiran 2.5.3; issue #16).

* Automatic: a breached SLA target moves a ticket still with the help desk to the head of the sub-unit, once per
  target (``TicketEscalation`` holds one row per ticket and breach; the database refuses a second). The check runs
  against the database clock on every write of the ticket (:func:`record_breaches`, called by the services),
  when the desk reads it (``selectors.clock_of`` shows the tier it is due for) and in the scan task
  (``tasks.escalate_breached_tickets``), so a stopped scheduler never hides a breach.
* Manual: an officer moves the ticket up with a reason; only the head of the sub-unit forwards a technical
  problem to LKPP, with LKPP's helpdesk ticket number; what LKPP answers is recorded as follow-ups, and the
  ticket cannot be resolved until LKPP's answer is recorded.

Every escalation is audited (``servicedesk.ticket.escalate``) and written into the ticket's history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.core.roles import Role

from . import rules
from .enums import EscalationTrigger, LkppBasis, Tier, tier_above
from .errors import ServiceDeskError
from .models import LkppFollowUp, Ticket, TicketEscalation, TicketMessage
from .states import ACTIVE

OFFICER_ROLES = (Role.HELPDESK, Role.KASUBAG_LPSE)
SYSTEM_NAME = "Lentera"


def _event(ticket: Ticket, now: dt.datetime, body: str, *, actor: Any = None, internal: bool = False) -> None:
    """A line in the ticket's history: an escalation (the reporter sees where the ticket is), or an internal
    note (LKPP's follow-up, which only the desk reads)."""
    TicketMessage.objects.create(
        ticket=ticket,
        kind=TicketMessage.Kind.NOTE if internal else TicketMessage.Kind.EVENT,
        author=actor,
        author_name=actor.full_name if actor is not None else SYSTEM_NAME,
        from_desk=True,
        body=body,
        created_at=now,
    )


def _moved(ticket: Ticket, to: str, trigger: str) -> str:
    return gettext("Eskalasi: %(from)s → %(to)s (%(why)s).") % {
        "from": Tier(ticket.tier).label,
        "to": Tier(to).label,
        "why": EscalationTrigger(trigger).label,
    }


def breaches_of(ticket: Ticket, now: dt.datetime) -> list[str]:
    return rules.sla_breaches(
        now=now,
        active=ticket.status in ACTIVE,
        first_response_due_at=ticket.first_response_due_at,
        first_response_at=ticket.first_response_at,
        due_at=ticket.due_at,
        waiting=ticket.waiting_since is not None,
    )


def record_breaches(ticket: Ticket, now: dt.datetime) -> list[TicketEscalation]:
    """On a ticket the caller locked, inside its transaction: one automatic escalation per breached target not
    escalated yet (idempotent)."""
    triggers = breaches_of(ticket, now)
    if not triggers:
        return []
    done = set(ticket.escalations.filter(trigger__in=triggers).values_list("trigger", flat=True))
    made = []
    for trigger in triggers:
        if trigger in done:
            continue
        to = rules.breach_escalation_tier(tier=ticket.tier)
        made.append(
            TicketEscalation.objects.create(
                ticket=ticket,
                from_tier=ticket.tier,
                to_tier=to,
                trigger=trigger,
                reason=str(EscalationTrigger(trigger).label),
                created_at=now,
            )
        )
        _event(ticket, now, _moved(ticket, to, trigger))
        audit.record(
            actor=None,
            action="servicedesk.ticket.escalate",
            obj=ticket,
            before={"tier": ticket.tier},
            after={"tier": to, "trigger": trigger, "automatic": True},
        )
        ticket.tier = to
    if made:
        ticket.save(update_fields=["tier", "updated_at"])
    return made


@transaction.atomic
def escalate_breached(*, ticket: Ticket) -> list[TicketEscalation]:
    """The scan's step for one ticket (the system acts): lock it, then escalate what is breached now."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    return record_breaches(locked, db_now())


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceDeskError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=field)
    return value


@transaction.atomic
def ticket_escalate(
    *,
    actor: Any,
    ticket: Ticket,
    to_tier: str,
    reason: str,
    lkpp_basis: str = "",
    lkpp_reference: str = "",
) -> TicketEscalation:
    """Move an active ticket up with a reason. A forward to LKPP: the head of the LPSE sub-unit only, a
    technical problem only (rules.may_forward_to_lkpp), with the basis and LKPP's ticket number."""
    ensure_role(actor, *OFFICER_ROLES)
    reason = _required(reason, str(_("alasan")))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = db_now()
    record_breaches(locked, now)
    if locked.status not in ACTIVE:
        raise ServiceDeskError(
            "TICKET_NOT_ACTIVE", _("Tiket yang sudah selesai tidak dapat dieskalasi."), status=409
        )
    if to_tier not in Tier.values or not tier_above(locked.tier, to_tier):
        raise ServiceDeskError(
            "ESCALATION_NOT_UPWARD",
            _("Tiket sudah berada pada tingkat “%(tier)s” atau lebih tinggi."),
            status=409,
            tier=Tier(locked.tier).label,
        )
    if to_tier == Tier.LKPP:
        if not rules.may_forward_to_lkpp(category=locked.category, actor_roles=actor.active_role_codes()):
            raise AccessDenied(
                "LKPP_FORWARD_NOT_ALLOWED",
                _(
                    "Hanya Kepala Subbagian LPSE yang dapat meneruskan masalah teknis ke LKPP "
                    "(Permendagri 53/2021 Lampiran 2.5.3)."
                ),
            )
        if lkpp_basis not in LkppBasis.values:
            raise ServiceDeskError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=_("dasar"))
        lkpp_reference = _required(lkpp_reference, str(_("nomor tiket LKPP")))[:64]
    else:
        lkpp_basis = lkpp_reference = ""
    escalation = TicketEscalation.objects.create(
        ticket=locked,
        from_tier=locked.tier,
        to_tier=to_tier,
        trigger=EscalationTrigger.MANUAL,
        reason=reason,
        actor=actor,
        created_at=now,
        lkpp_basis=lkpp_basis,
        lkpp_reference=lkpp_reference,
    )
    line = _moved(locked, to_tier, EscalationTrigger.MANUAL)
    if lkpp_reference:
        line += " " + gettext("Nomor tiket LKPP: %(ref)s.") % {"ref": lkpp_reference}
    _event(locked, now, line, actor=actor)
    audit.record(
        actor=actor,
        action="servicedesk.ticket.escalate",
        obj=locked,
        before={"tier": locked.tier},
        after={
            "tier": to_tier,
            "trigger": EscalationTrigger.MANUAL.value,
            "reason": reason,
            "lkpp_basis": lkpp_basis,
            "lkpp_reference": lkpp_reference,
        },
    )
    locked.tier = to_tier
    locked.save(update_fields=["tier", "updated_at"])
    return escalation


@transaction.atomic
def lkpp_follow_up(
    *, actor: Any, escalation: TicketEscalation, body: str, answered: bool = False
) -> LkppFollowUp:
    """Record what LKPP said about a forwarded ticket; ``answered`` records LKPP's answer (the outcome), after
    which the ticket may be resolved."""
    ensure_role(actor, *OFFICER_ROLES)
    body = _required(body, str(_("tindak lanjut")))
    Ticket.objects.select_for_update().get(pk=escalation.ticket_id)
    esc = TicketEscalation.objects.select_for_update().get(pk=escalation.pk)
    if esc.to_tier != Tier.LKPP:
        raise ServiceDeskError("NOT_AN_LKPP_FORWARD", _("Eskalasi ini bukan penerusan ke LKPP."), status=409)
    if esc.lkpp_answered_at is not None:
        raise ServiceDeskError(
            "LKPP_ALREADY_ANSWERED", _("Jawaban LKPP atas penerusan ini sudah dicatat."), status=409
        )
    now = db_now()
    follow_up = LkppFollowUp.objects.create(
        escalation=esc, body=body, answered=answered, actor=actor, created_at=now
    )
    if answered:
        esc.lkpp_answered_at, esc.lkpp_outcome = now, body
        esc.save(update_fields=["lkpp_answered_at", "lkpp_outcome"])
    label = gettext("Jawaban LKPP") if answered else gettext("Tindak lanjut LKPP")
    _event(esc.ticket, now, f"{label} ({esc.lkpp_reference}): {body}", actor=actor, internal=True)
    audit.record(
        actor=actor,
        action="servicedesk.ticket.lkpp_follow_up",
        obj=esc.ticket,
        after={"escalation": esc.pk, "reference": esc.lkpp_reference, "answered": answered, "body": body},
    )
    return follow_up


def ensure_lkpp_answered(ticket: Ticket) -> None:
    """Refuse to resolve a ticket forwarded to LKPP whose answer is not recorded (rules.lkpp_answer_pending)."""
    forwards = list(ticket.escalations.values_list("to_tier", "lkpp_answered_at"))
    if rules.lkpp_answer_pending(forwards=forwards):
        raise ServiceDeskError(
            "LKPP_ANSWER_PENDING",
            _("Tiket diteruskan ke LKPP: catat jawaban LKPP sebelum menyelesaikannya."),
            status=409,
        )


@transaction.atomic
def warn_approaching(*, ticket: Ticket, officers: list[Any]) -> bool:
    """The scan's warning for one ticket whose target passes within rules.breach_warning_lead: an e-mail to the
    officer holding it (or to every officer while nobody does), once per ticket. False when already warned or
    no longer close."""
    from . import mail

    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = db_now()
    soon = now + rules.breach_warning_lead(local_date(now))
    if locked.breach_warned_at is not None or breaches_of(locked, now) or not breaches_of(locked, soon):
        return False
    locked.breach_warned_at = now
    locked.save(update_fields=["breach_warned_at", "updated_at"])
    recipients = [locked.assignee] if locked.assignee is not None else officers
    for officer in recipients:
        mail.to_officer(officer, locked, "WARNING")
    audit.record(
        actor=None,
        action="servicedesk.ticket.breach_warning",
        obj=locked,
        after={"warned": [o.pk for o in recipients], "targets": breaches_of(locked, soon)},
    )
    return True
