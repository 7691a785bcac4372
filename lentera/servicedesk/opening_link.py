"""A bid file that cannot be opened opens a help-desk ticket (issue #16, unreadable bid files; Permendagri
53/2021 Lampiran 2.5.3), through lentera.core.events because bidding and servicedesk are sibling apps:

1. bidding's opening records the draft berita acara and the event ``bidding.opening_problem.recorded``;
2. after the commit, :func:`ticket_for_opening_problem` opens a SYSTEM ticket (technical, high priority, linked
   to the tender and to the record by its id) and records ``servicedesk.ticket.opening_problem_linked``;
3. after that commit, bidding keeps the ticket's number on the record (its page links to the desk's ticket).

Idempotent: a replayed event finds the ticket already opened for that record and does nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lentera.core import events
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.tendering.models import Tender

from . import rules, services
from .enums import Channel
from .models import Ticket


def ticket_for_opening_problem(event: Any) -> None:
    """The subscriber of ``bidding.opening_problem.recorded`` (see the module's docstring)."""
    ticket_opened_for_problem(event)


def ticket_opened_for_problem(event: Any) -> Ticket:
    """The ticket opened for the event's record (the one already there when the event is replayed)."""
    problem_id = int(event.object_id)
    found = Ticket.objects.filter(opening_problem_id=problem_id).first()
    if found is not None:
        return found
    payload = event.payload or {}
    tender_id = payload.get("tender_id")
    tender = Tender.objects.filter(pk=int(tender_id)).first() if tender_id else None
    category, priority = rules.opening_problem_ticket(on=local_date(db_now()))
    code = tender.code if tender is not None else "?"
    lines = [
        _(
            "Berkas penawaran tidak dapat dibuka pada pembukaan penawaran (Permendagri 53/2021 Lampiran 2.5.3)."
        ),
        _("Tender: %(code)s · Sampul: %(envelope)s · Penyedia: %(provider)s")
        % {"code": code, "envelope": payload.get("envelope", ""), "provider": payload.get("provider", "")},
        str(payload.get("description", "")),
        _("Kepala Subbagian LPSE menjadi saksi pada berita acara; teruskan ke LKPP bila perlu."),
    ]
    ticket = services.ticket_create(
        actor=None,
        system=True,
        channel=Channel.SYSTEM,
        category=category,
        priority=priority,
        subject=_("Berkas penawaran tidak dapat dibuka: %(code)s") % {"code": code},
        description="\n".join(line for line in lines if line),
        reporter_name=_("Sistem Lentera (pembukaan penawaran)"),
        tender=tender,
    )
    Ticket.objects.filter(pk=ticket.pk).update(opening_problem_id=problem_id)
    ticket.opening_problem_id = problem_id
    events.record(
        "servicedesk.ticket.opening_problem_linked",
        obj=ticket,
        payload={"problem_id": problem_id, "number": ticket.number},
    )
    return ticket
