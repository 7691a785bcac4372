"""The ticket's lifecycle as an explicit transition table (issue #16, "Workflow").

A row is ``(state, action) -> state`` with who may act: ``OFFICER`` (the helpdesk officer or the head of the LPSE
sub-unit), ``REPORTER`` (the person who reported the ticket, whatever their role). ``to is None`` keeps the state
(a reply or an internal note inside it). Services look the row up inside their transaction (:func:`transition`);
anything not in the table is refused with ``TRANSITION_NOT_ALLOWED`` and changes nothing.

    NEW ──assign──▶ ASSIGNED ──wait──▶ WAITING ──(reporter replies)──▶ ASSIGNED
     │               │  ▲                 │
     └──open──▶ OPEN ─┘  └────reopen──── RESOLVED ──close──▶ CLOSED ──reopen──▶ ASSIGNED
                          (resolve from ASSIGNED / WAITING: a ticket is assigned before it is answered)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import ServiceDeskError


class Status(models.TextChoices):
    NEW = "NEW", _("Baru")
    OPEN = "OPEN", _("Dibuka")
    ASSIGNED = "ASSIGNED", _("Ditangani petugas")
    WAITING = "WAITING", _("Menunggu pelapor")
    RESOLVED = "RESOLVED", _("Selesai")
    CLOSED = "CLOSED", _("Ditutup")


class Action(models.TextChoices):
    OPEN = "OPEN", _("Membuka tiket")
    ASSIGN = "ASSIGN", _("Menugaskan petugas")
    REPLY = "REPLY", _("Membalas")
    NOTE = "NOTE", _("Catatan internal")
    WAIT = "WAIT", _("Menunggu pelapor")
    RESOLVE = "RESOLVE", _("Menyelesaikan")
    CLOSE = "CLOSE", _("Menutup")
    REOPEN = "REOPEN", _("Membuka kembali")
    OUT_OF_SCOPE = "OUT_OF_SCOPE", _("Menutup: di luar lingkup helpdesk (dengan rujukan)")


OFFICER = "OFFICER"
REPORTER = "REPORTER"

#: Statuses in which the ticket is still being worked on (the queue, the SLA clocks).
ACTIVE = frozenset({Status.NEW, Status.OPEN, Status.ASSIGNED, Status.WAITING})


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str | None
    parties: frozenset[str]


def _t(state: str, action: str, to: str | None, *parties: str) -> Transition:
    return Transition(state, action, to, frozenset(parties))


TRANSITIONS: tuple[Transition, ...] = (
    _t(Status.NEW, Action.OPEN, Status.OPEN, OFFICER),
    _t(Status.NEW, Action.ASSIGN, Status.ASSIGNED, OFFICER),
    _t(Status.OPEN, Action.ASSIGN, Status.ASSIGNED, OFFICER),
    _t(Status.ASSIGNED, Action.ASSIGN, Status.ASSIGNED, OFFICER),  # hand over to another officer
    _t(Status.WAITING, Action.ASSIGN, Status.WAITING, OFFICER),
    # replies: an officer's public reply keeps the state (it is the first response); a reporter's reply to a
    # ticket waiting on them gives it back to the desk
    _t(Status.NEW, Action.REPLY, None, OFFICER, REPORTER),
    _t(Status.OPEN, Action.REPLY, None, OFFICER, REPORTER),
    _t(Status.ASSIGNED, Action.REPLY, None, OFFICER, REPORTER),
    _t(Status.WAITING, Action.REPLY, None, OFFICER),
    _t(Status.WAITING, Action.REPLY, Status.ASSIGNED, REPORTER),
    _t(Status.RESOLVED, Action.REPLY, None, OFFICER, REPORTER),
    *(_t(s, Action.NOTE, None, OFFICER) for s in Status.values),
    _t(Status.ASSIGNED, Action.WAIT, Status.WAITING, OFFICER),
    _t(Status.ASSIGNED, Action.RESOLVE, Status.RESOLVED, OFFICER),
    _t(Status.WAITING, Action.RESOLVE, Status.RESOLVED, OFFICER),
    _t(Status.RESOLVED, Action.CLOSE, Status.CLOSED, OFFICER, REPORTER),
    _t(Status.RESOLVED, Action.REOPEN, Status.ASSIGNED, OFFICER, REPORTER),
    _t(Status.CLOSED, Action.REOPEN, Status.ASSIGNED, OFFICER),
    # Lampiran 2.3 d 7: a question outside the desk's scope is closed with a referral, not answered
    *(
        _t(s, Action.OUT_OF_SCOPE, Status.CLOSED, OFFICER)
        for s in (Status.NEW, Status.OPEN, Status.ASSIGNED, Status.WAITING)
    ),
)

_TABLE: dict[tuple[str, str, str], Transition] = {
    (t.state, t.action, party): t for t in TRANSITIONS for party in t.parties
}


def allowed(state: str, action: str, party: str) -> bool:
    return (str(state), str(action), party) in _TABLE


def transition(state: str, action: str, party: str) -> str:
    """The state after ``action`` by ``party`` (the same state when the row keeps it); refuses what the table
    does not hold."""
    row = _TABLE.get((str(state), str(action), party))
    if row is None:
        raise ServiceDeskError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan “%(action)s” tidak dapat dilakukan pada tiket berstatus “%(state)s”."),
            status=409,
            action=Action(action).label,
            state=Status(state).label,
        )
    return row.to or str(state)


def actions_for(state: str, party: str) -> list[str]:
    """The actions ``party`` may take on a ticket in ``state`` (the buttons a page shows)."""
    return [a for a in Action.values if allowed(state, a, party)]
