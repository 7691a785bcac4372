"""Dated rule data: a rule's figures are rows with the day they take effect (and end), never constants; a decision
is judged by the row in force on its day. Apps keep their rows in their own ``rules.py`` and look them up here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar


class RuleError(LookupError):
    """No row of a rule is in force on the day asked: the rule data must be completed, never guessed."""


class Dated(Protocol):
    @property
    def starts(self) -> dt.date: ...
    @property
    def ends(self) -> dt.date | None: ...


R = TypeVar("R", bound=Dated)


def row_in_force(rows: Sequence[R], on: dt.date) -> R:
    """The row in force on ``on``: the latest that started on or before it and has not ended (RuleError if none)."""
    found = [r for r in rows if r.starts <= on and (r.ends is None or on <= r.ends)]
    if not found:
        raise RuleError(f"no rule row in force on {on.isoformat()}")
    return max(found, key=lambda r: r.starts)
