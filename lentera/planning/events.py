"""Listeners told when a RUP item is announced or an announced one is revised or cancelled.

Planning sits below opendata and never imports it: a higher app registers a callback here in its
``AppConfig.ready()`` (opendata publishes the OCDS ``planning`` / ``planningUpdate`` release). Listeners run
after the announcing transaction commits (``transaction.on_commit``), so a rolled-back announcement tells nobody,
and a listener's failure never undoes or fails the announcement (it is logged; ``opendata_sync`` repairs gaps).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)

RupListener = Callable[[Any], None]
_listeners: list[RupListener] = []


def register_rup_announced(listener: RupListener) -> None:
    """Register ``listener(item)``; called once per announcement after commit. Registering twice is a no-op."""
    if listener not in _listeners:
        _listeners.append(listener)


def rup_announced(item: Any) -> None:
    """Tell every listener, after the current transaction commits, that ``item`` was (re)announced."""

    def fire() -> None:
        for listener in list(_listeners):
            try:
                listener(item)
            except Exception:  # noqa: BLE001 - an announcement never fails because a listener did
                log.exception("RUP listener %r failed for %r", listener, item)

    transaction.on_commit(fire)
