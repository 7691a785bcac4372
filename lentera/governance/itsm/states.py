"""A change request's lifecycle as an explicit transition table (standard 6, Pengelolaan Perubahan; Permendagri
53/2021 Lampiran 2.5.4; the states from the LPSE standard's change form, shared/REFERENCE.md).

    RECORDED ──evaluate (editor)──▶ EVALUATED ──approve (approver)──▶ APPROVED ──implement──▶ IMPLEMENTED ──review──▶ REVIEWED
        │                               └──reject (approver)──▶ REJECTED
        └── emergency only: approve (approver) before the evaluation, which the review then records

A row is ``(state, action, kind) -> state`` with the party who may act: ``EDITOR`` (the head / Admin UKPBJ or
Kasubag LPSE of the agency), ``APPROVER`` (the Kasubag LPSE or the head of UKPBJ, never the requester:
``rules.check_change_approver``). Anything else is refused with ``TRANSITION_NOT_ALLOWED`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..errors import GovernanceError


class ChangeStatus(models.TextChoices):
    RECORDED = "RECORDED", _("Tercatat")
    EVALUATED = "EVALUATED", _("Dievaluasi")
    APPROVED = "APPROVED", _("Disetujui")
    REJECTED = "REJECTED", _("Ditolak")
    IMPLEMENTED = "IMPLEMENTED", _("Dilaksanakan")
    REVIEWED = "REVIEWED", _("Ditinjau")


class ChangeAction(models.TextChoices):
    EVALUATE = "EVALUATE", _("Evaluasi")
    APPROVE = "APPROVE", _("Setujui")
    REJECT = "REJECT", _("Tolak")
    IMPLEMENT = "IMPLEMENT", _("Catat pelaksanaan")
    REVIEW = "REVIEW", _("Tinjau hasil")


EDITOR = "EDITOR"
APPROVER = "APPROVER"
ANY_KIND = "*"
EMERGENCY = "EMERGENCY"


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str
    party: str
    kind: str = ANY_KIND


TRANSITIONS: tuple[Transition, ...] = (
    Transition(ChangeStatus.RECORDED, ChangeAction.EVALUATE, ChangeStatus.EVALUATED, EDITOR),
    Transition(ChangeStatus.RECORDED, ChangeAction.APPROVE, ChangeStatus.APPROVED, APPROVER, EMERGENCY),
    Transition(ChangeStatus.EVALUATED, ChangeAction.APPROVE, ChangeStatus.APPROVED, APPROVER),
    Transition(ChangeStatus.EVALUATED, ChangeAction.REJECT, ChangeStatus.REJECTED, APPROVER),
    Transition(ChangeStatus.APPROVED, ChangeAction.IMPLEMENT, ChangeStatus.IMPLEMENTED, EDITOR),
    Transition(ChangeStatus.IMPLEMENTED, ChangeAction.REVIEW, ChangeStatus.REVIEWED, EDITOR),
)


def party_of(action: str) -> str:
    return APPROVER if action in (ChangeAction.APPROVE, ChangeAction.REJECT) else EDITOR


def _row(state: str, action: str, kind: str) -> Transition | None:
    for t in TRANSITIONS:
        if t.state == state and t.action == action and t.kind in (ANY_KIND, kind):
            return t
    return None


def allowed_actions(state: str, kind: str) -> list[str]:
    return [str(t.action) for t in TRANSITIONS if t.state == state and t.kind in (ANY_KIND, kind)]


def transition(state: str, action: str, kind: str) -> str:
    row = _row(str(state), str(action), str(kind))
    if row is None:
        raise GovernanceError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan “%(action)s” tidak dapat dilakukan pada permintaan perubahan berstatus “%(state)s”."),
            status=409,
            action=ChangeAction(action).label if action in ChangeAction.values else action,
            state=ChangeStatus(state).label,
        )
    return str(row.to)
