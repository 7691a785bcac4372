"""What each role must do next: apps register providers of dashboard items (called in AppConfig.ready).

A provider is ``fn(user, role) -> list[DashboardItem]`` for the role the person acts in. Providers run in
``order`` (lower first; the default 50 puts procurement work before the account housekeeping at 90). A provider
that fails is logged and skipped in production so one app cannot take the whole dashboard down; with
``LENTERA_DASHBOARD_STRICT`` (tests) the error propagates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DashboardItem:
    title: str
    url: str
    count: int | None = None
    hint: str = ""


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
    return out
