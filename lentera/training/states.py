"""The registration's lifecycle as an explicit table: a seat is confirmed or waits; a waiting registration is
promoted when a confirmed one is cancelled; either may be cancelled before the session starts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import TrainingError


class Status(models.TextChoices):
    CONFIRMED = "CONFIRMED", _("Terdaftar")
    WAITING = "WAITING", _("Daftar tunggu")
    CANCELLED = "CANCELLED", _("Dibatalkan")


class Action(models.TextChoices):
    PROMOTE = "PROMOTE", _("Naik dari daftar tunggu")
    CANCEL = "CANCEL", _("Batalkan")


@dataclass(frozen=True)
class Transition:
    action: str
    source: frozenset[str]
    target: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.PROMOTE, frozenset({Status.WAITING}), Status.CONFIRMED),
    Transition(Action.CANCEL, frozenset({Status.CONFIRMED, Status.WAITING}), Status.CANCELLED),
)

#: Registrations that hold or wait for a seat (one per person and session)
LIVE = frozenset({Status.CONFIRMED, Status.WAITING})


def target_of(status: str, action: str) -> str:
    for t in TRANSITIONS:
        if t.action == action and status in t.source:
            return t.target
    raise TrainingError(
        "TRANSITION_NOT_ALLOWED",
        _("Tindakan ini tidak dapat dilakukan pada status pendaftaran ini."),
        status=409,
    )
