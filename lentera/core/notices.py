"""Hook for service notices (banner on every page). The public app provides the real source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[[], list[Any]] | None = None


def register_notice_source(source: Callable[[], list[Any]]) -> None:
    global _source
    _source = source


def active_notices() -> list[Any]:
    return list(_source()) if _source else []
