"""The Pasal 18 alert (Permendagri 53/2021 Pasal 18; issue #16: "an unanswered ticket raises an alert to the head
of the LPSE sub-unit before the stage closes").

A technical problem the tender's Pokja reported carries the end of the tender's stage (``Ticket.stage_due_at``).
While the desk has not answered it, from ``rules.pasal18_alert_lead`` before that end, the head of the LPSE
sub-unit (everyone holding Role.KASUBAG_LPSE today) gets one e-mail (after the commit, through the project's mail
backend) and the ticket is marked (``pasal18_alerted_at``), so the alert goes out once. It is checked when the
ticket is reported (a ticket reported inside the lead alerts at once) and by the scan task every 15 minutes; the
work dashboard lists the same tickets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from lentera.accounts import selectors as account_selectors
from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.roles import Role

from . import mail, rules
from .models import Ticket
from .states import ACTIVE


def heads_of_lpse() -> list[Any]:
    return list(account_selectors.users_with_role(role=Role.KASUBAG_LPSE))


def record_pasal18_alert(ticket: Ticket, now: dt.datetime) -> bool:
    """On a ticket the caller locked, inside its transaction: alert the heads of the sub-unit if the rule says
    so now (once). False when not due, already sent, or nobody holds the role (the scan tries again)."""
    due = rules.pasal18_alert_due(
        now=now,
        active=ticket.status in ACTIVE,
        stage_due_at=ticket.stage_due_at,
        first_response_at=ticket.first_response_at,
        alerted_at=ticket.pasal18_alerted_at,
    )
    heads = heads_of_lpse() if due else []
    if not heads:
        return False
    ticket.pasal18_alerted_at = now
    ticket.save(update_fields=["pasal18_alerted_at", "updated_at"])
    for head in heads:
        mail.to_officer(head, ticket, "PASAL18")
    audit.record(
        actor=None,
        action="servicedesk.ticket.pasal18_alert",
        obj=ticket,
        after={
            "alerted": [h.pk for h in heads],
            "stage_due_at": ticket.stage_due_at.isoformat() if ticket.stage_due_at else None,
        },
    )
    return True


@transaction.atomic
def alert_pasal18(*, ticket: Ticket) -> bool:
    """The scan's step for one ticket (the system acts): lock it, check against the database clock, alert."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    return record_pasal18_alert(locked, db_now())
