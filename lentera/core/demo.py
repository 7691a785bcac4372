"""Demo data that tells a story; each app adds its part in `lentera/<app>/demo.py` with `load(ctx)` and
registers it in its ``AppConfig.ready()`` (``demo.register(load, order=N)``: lower orders run first, so an app's
part can use what the apps below it made).

Idempotent: every loader looks rows up by natural key before creating them, so running it twice neither fails
nor duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    password: str
    objects: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (user_id, role, note)
    notes: list[str] = field(default_factory=list)

    def login(self, user_id: str, role: str, note: str = "") -> None:
        if all(entry[0] != user_id or entry[1] != role for entry in self.logins):
            self.logins.append((user_id, role, note))


_loaders: list[tuple[int, Callable[[DemoContext], None]]] = []


def register(loader: Callable[[DemoContext], None], *, order: int) -> None:
    """Add an app's demo part (idempotent)."""
    if all(existing is not loader for _order, existing in _loaders):
        _loaders.append((order, loader))
        _loaders.sort(key=lambda entry: entry[0])


def load_all(password: str) -> DemoContext:
    ctx = DemoContext(password=password)
    for _order, loader in _loaders:
        loader(ctx)
    return ctx
