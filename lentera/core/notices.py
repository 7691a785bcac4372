"""Hook for service notices (banner on every page) and their history (read by lentera.reporting, which sits below
the public app in the layers and so cannot import it). The public app provides the real sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[[], list[Any]] | None = None


def register_notice_source(source: Callable[[], list[Any]]) -> None:
    global _source
    _source = source


def active_notices() -> list[Any]:
    return list(_source()) if _source else []


_history: Callable[[Any, Any], list[dict[str, Any]]] | None = None


def register_notice_history_source(source: Callable[[Any, Any], list[dict[str, Any]]]) -> None:
    """``source(start, end)`` returns the notices whose announced window overlaps [start, end) as plain rows
    (``kind``, ``severity``, ``starts_at``, ``ends_at``, ``withdrawn_at``)."""
    global _history
    _history = source


def notices_between(start: Any, end: Any) -> list[dict[str, Any]]:
    return list(_history(start, end)) if _history else []
