"""An ethics case's lifecycle as an explicit transition table (issue #17 part 4; Permendagri 53/2021 Pasal 22).

    REPORTED ──examine (head of UKPBJ, majelis formed)──▶ EXAMINATION ──decide (head)──▶ DECIDED
        └──dismiss (head, with the reason)──▶ DISMISSED          (hearings are recorded during EXAMINATION)
    DECIDED ──appeal (head records it, inside the appeal window)──▶ APPEALED ──decide_appeal (head)──▶ APPEAL_DECIDED

A row is ``(state, action) -> state``; only the head of UKPBJ of the case's agency acts (``HEAD``). Anything else
is refused with ``TRANSITION_NOT_ALLOWED`` and changes nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError


class Status(models.TextChoices):
    REPORTED = "REPORTED", _("Dilaporkan")
    EXAMINATION = "EXAMINATION", _("Diperiksa majelis")
    DECIDED = "DECIDED", _("Diputus")
    DISMISSED = "DISMISSED", _("Tidak ditindaklanjuti")
    APPEALED = "APPEALED", _("Banding")
    APPEAL_DECIDED = "APPEAL_DECIDED", _("Banding diputus")


class Action(models.TextChoices):
    EXAMINE = "EXAMINE", _("Periksa")
    DISMISS = "DISMISS", _("Hentikan")
    DECIDE = "DECIDE", _("Putuskan")
    APPEAL = "APPEAL", _("Catat banding")
    DECIDE_APPEAL = "DECIDE_APPEAL", _("Putuskan banding")


HEAD = "HEAD"

TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.REPORTED, Action.EXAMINE): Status.EXAMINATION,
    (Status.REPORTED, Action.DISMISS): Status.DISMISSED,
    (Status.EXAMINATION, Action.DECIDE): Status.DECIDED,
    (Status.DECIDED, Action.APPEAL): Status.APPEALED,
    (Status.APPEALED, Action.DECIDE_APPEAL): Status.APPEAL_DECIDED,
}
PARTIES: dict[str, frozenset[str]] = {a: frozenset({HEAD}) for a in Action.values}


def transition(state: str, action: str, party: str) -> str:
    to = TRANSITIONS.get((str(state), str(action)))
    if to is None or party not in PARTIES[str(action)]:
        raise GovernanceError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan “%(action)s” tidak dapat dilakukan pada kasus berstatus “%(state)s”."),
            status=409,
            action=Action(action).label,
            state=Status(state).label,
        )
    return to
