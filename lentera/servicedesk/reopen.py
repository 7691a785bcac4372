"""The reopen window (issue #16, Workflow: "resolved → closed (reopen within N days)").

The reporter may reopen a resolved ticket until ``sla.reopen_until`` (``rules.reopen_window_days`` working days
after the day of resolution). Two guards, so a late reopen is refused whether or not the scan ran:
:func:`ensure_reopen_window` inside the reopen's write transaction against the database clock, and
:func:`close_expired` (called by the scan task) which closes each resolved ticket whose window has passed.
The desk may still reopen a resolved or closed ticket (the transition table).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from . import rules, sla
from .errors import ServiceDeskError
from .models import Ticket, TicketMessage
from .states import Status

SYSTEM_NAME = "Lentera"


def window_open(ticket: Ticket, now: dt.datetime) -> bool:
    """True while the reporter may still reopen ``ticket`` (resolved) at ``now``."""
    if ticket.status != Status.RESOLVED or ticket.resolved_at is None:
        return False
    return rules.reporter_may_reopen(now=now, reopen_until=sla.reopen_until(ticket.resolved_at))


def ensure_reopen_window(ticket: Ticket, now: dt.datetime) -> None:
    """Refuse the reporter's reopen once the window has passed (called with the ticket locked)."""
    if not window_open(ticket, now):
        days = rules.reopen_window_days(local_date(ticket.resolved_at or now))
        raise ServiceDeskError(
            "REOPEN_WINDOW_PASSED",
            _(
                "Tiket hanya dapat dibuka kembali dalam %(days)s hari kerja setelah diselesaikan; "
                "silakan buat tiket baru."
            ),
            status=409,
            days=days,
        )


def expired_candidates(at: dt.datetime) -> list[Ticket]:
    """Resolved tickets whose reopen window has passed at ``at`` (a window is at least a day long, so tickets
    resolved within the last day are not even looked at)."""
    qs = Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lt=at - dt.timedelta(days=1))
    return [t for t in qs.order_by("pk") if not window_open(t, at)]


@transaction.atomic
def close_expired_ticket(*, ticket: Ticket) -> bool:
    """The scan's step for one ticket (the system acts): lock it, re-check against the database clock, close
    it with a line in its history and an audit event. False when it no longer qualifies."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    now = db_now()
    if locked.status != Status.RESOLVED or window_open(locked, now):
        return False
    locked.status = Status.CLOSED
    locked.closed_at = now
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    days = rules.reopen_window_days(local_date(locked.resolved_at or now))
    TicketMessage.objects.create(
        ticket=locked,
        kind=TicketMessage.Kind.EVENT,
        author=None,
        author_name=SYSTEM_NAME,
        from_desk=True,
        body=gettext("Ditutup otomatis: batas %(days)s hari kerja untuk membuka kembali telah lewat.")
        % {"days": days},
        created_at=now,
    )
    audit.record(
        actor=None,
        action="servicedesk.ticket.auto_close",
        obj=locked,
        before={"status": Status.RESOLVED},
        after={"status": Status.CLOSED, "reopen_window_days": days},
    )
    return True


def close_expired() -> int:
    """Close every resolved ticket whose reopen window has passed (the scan task calls it); how many."""
    return sum(close_expired_ticket(ticket=t) for t in expired_candidates(db_now()))
