"""Background work of the service desk (django-tasks): the scan that escalates tickets whose SLA target passed.

The scan is a safety net, not the only check: every write of a ticket and the desk's pages check the targets
against the database clock too (``escalations.record_breaches``, ``selectors.escalation_due``). Running it twice
escalates nothing twice (one row per ticket and breach). With a backend that can defer (the database backend and
``manage.py db_worker``) the scan queues its next run itself; start it once with
``escalate_breached_tickets.enqueue()``.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from lentera.core.clock import db_now

TASK_PATH = "lentera.servicedesk.tasks.escalate_breached_tickets"
#: How often the scan runs (Kebijakan Lentera: a quarter of an hour against targets counted in hours)
SCAN_EVERY = dt.timedelta(minutes=15)


def _already_queued() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another tasks backend: the caller keeps the schedule
        return False
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def schedule_next() -> bool:
    """Queue the next scan unless one is already waiting; True when one was queued."""
    if not escalate_breached_tickets.get_backend().supports_defer or _already_queued():
        return False
    escalate_breached_tickets.using(run_after=db_now() + SCAN_EVERY).enqueue()
    return True


@task()
def escalate_breached_tickets() -> int:
    """Escalate every active ticket with a breached target not escalated yet, warn the officers of the targets
    about to pass (once per ticket), alert the head of the LPSE sub-unit of unanswered Pasal 18 tickets (once)
    and close the resolved tickets whose reopen window has passed; returns how
    many escalations."""
    from .alerts import alert_pasal18
    from .escalations import escalate_breached, warn_approaching
    from .reopen import close_expired
    from .selectors import approaching_breach, breach_candidates, officers, pasal18_alerts

    made = 0
    try:
        for ticket in breach_candidates():
            made += len(escalate_breached(ticket=ticket))
        soon = list(approaching_breach())
        if soon:
            everyone = officers()
            for ticket in soon:
                warn_approaching(ticket=ticket, officers=everyone)
        for ticket in pasal18_alerts():
            if ticket.pasal18_alerted_at is None:
                alert_pasal18(ticket=ticket)  # the head of the LPSE sub-unit, by e-mail, once
        close_expired()  # resolved tickets whose reopen window has passed (the reopen checks it too)
    finally:
        schedule_next()
    return made


@task()
def send_desk_mail(subject: str, body: str, recipients: list[str]) -> int:
    """Send one message to each recipient (no address sees the others)."""
    from django.core.mail import send_mail

    return sum(send_mail(subject, body, None, [address]) for address in recipients)
