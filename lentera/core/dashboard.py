"""What each role must do next: apps register providers of dashboard items (called in AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardItem:
    title: str
    url: str
    count: int | None = None
    hint: str = ""


DashboardProvider = Callable[[object, str], list[DashboardItem]]
_providers: list[DashboardProvider] = []


def register(provider: DashboardProvider) -> DashboardProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def items_for(user, role: str | None) -> list[DashboardItem]:
    if role is None:
        return []
    out: list[DashboardItem] = []
    for provider in _providers:
        out.extend(provider(user, role))
    return out
