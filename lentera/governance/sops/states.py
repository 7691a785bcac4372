"""An SOP version's lifecycle as an explicit transition table (issue #17 part 3; Permendagri 53/2021 Pasal 23,
Lampiran 2.5).

    DRAFT ──approve (head of UKPBJ, with the decree)──▶ APPROVED ──publish──▶ PUBLISHED ──supersede──▶ SUPERSEDED
                                                                   (publishing the next version supersedes it)

A row is ``(state, action) -> state`` with the party who may act: ``HEAD`` (the head of UKPBJ of the agency),
``MANAGER`` (the head or Admin UKPBJ), ``SYSTEM`` (the publication of the next version). Anything else is
refused with ``TRANSITION_NOT_ALLOWED`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError


class Status(models.TextChoices):
    DRAFT = "DRAFT", _("Konsep")
    APPROVED = "APPROVED", _("Ditetapkan Kepala UKPBJ")
    PUBLISHED = "PUBLISHED", _("Diterbitkan (berlaku)")
    SUPERSEDED = "SUPERSEDED", _("Digantikan")


class Action(models.TextChoices):
    APPROVE = "APPROVE", _("Menetapkan")
    PUBLISH = "PUBLISH", _("Menerbitkan")
    SUPERSEDE = "SUPERSEDE", _("Menggantikan")


HEAD = "HEAD"
MANAGER = "MANAGER"
SYSTEM = "SYSTEM"


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str
    parties: frozenset[str]


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.DRAFT, Action.APPROVE, Status.APPROVED, frozenset({HEAD})),
    Transition(Status.APPROVED, Action.PUBLISH, Status.PUBLISHED, frozenset({HEAD, MANAGER})),
    Transition(Status.PUBLISHED, Action.SUPERSEDE, Status.SUPERSEDED, frozenset({SYSTEM})),
)

_TABLE = {(t.state, t.action, p): t for t in TRANSITIONS for p in t.parties}


def allowed(state: str, action: str, party: str) -> bool:
    return (str(state), str(action), party) in _TABLE


def transition(state: str, action: str, party: str) -> str:
    row = _TABLE.get((str(state), str(action), party))
    if row is None:
        raise GovernanceError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan “%(action)s” tidak dapat dilakukan pada SOP berstatus “%(state)s”."),
            status=409,
            action=Action(action).label,
            state=Status(state).label,
        )
    return row.to
