"""What each role must do next: apps register providers of dashboard items (called in AppConfig.ready).

A provider is ``fn(user, role) -> list[DashboardItem]`` for the role the person acts in. Providers run in
``order`` (lower first; the default 50 puts procurement work before the account housekeeping at 90). A provider
that fails is logged and skipped in production so one app cannot take the whole dashboard down; with
``LENTERA_DASHBOARD_STRICT`` (tests) the error propagates.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DashboardItem:
    """One line of a work queue: what, where to do it, how many, and by when (``deadline``, UTC)."""

    title: str
    url: str
    count: int | None = None
    hint: str = ""
    deadline: dt.datetime | None = None
    role: str = ""  # set by :func:`other_roles_items`: the held role the item belongs to

    @property
    def waiting(self) -> bool:
        """Something needs doing (a count of 0 is a figure, not a task)."""
        return self.count is None or self.count > 0


def _queue_order(item: DashboardItem) -> tuple[int, float]:
    """Waiting work first, the nearest deadline first; items without one keep their registration order."""
    if not item.waiting:
        return (2, 0.0)
    if item.deadline is None:
        return (1, 0.0)
    return (0, item.deadline.timestamp())


DashboardProvider = Callable[[Any, str], list[DashboardItem]]
_providers: list[tuple[int, DashboardProvider]] = []


def register(provider: DashboardProvider, *, order: int = 50) -> DashboardProvider:
    if all(existing is not provider for _order, existing in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda entry: entry[0])
    return provider


def items_for(user, role: str | None) -> list[DashboardItem]:
    if role is None:
        return []
    out: list[DashboardItem] = []
    for _order, provider in _providers:
        try:
            out.extend(provider(user, role))
        except Exception:
            if getattr(settings, "LENTERA_DASHBOARD_STRICT", False):
                raise
            logger.exception("dashboard provider %s failed", getattr(provider, "__qualname__", provider))
    return sorted(out, key=_queue_order)


def other_roles_items(user, acting: str | None, held: list[str]) -> list[DashboardItem]:
    """Work waiting for the person in a role they hold but do not act in now (e.g. a Pengelola PBJ who sits
    in a Pokja sees the opening that waits for their passphrase), each item marked with its role."""
    out: list[DashboardItem] = []
    for role in held:
        if role == acting:
            continue
        out.extend(replace(item, role=role) for item in items_for(user, role) if item.waiting and item.count)
    return sorted(out, key=_queue_order)
