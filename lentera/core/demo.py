"""Demo data that tells a story; each app adds its part in `lentera/<app>/demo.py` with `load(ctx)`.

Idempotent: every loader looks rows up by natural key before creating them, so running it twice neither fails
nor duplicates.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

DEMO_APPS = ["accounts", "providers", "planning", "tendering", "bidding", "opendata", "public"]


@dataclass
class DemoContext:
    password: str
    objects: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (user_id, role, note)
    notes: list[str] = field(default_factory=list)

    def login(self, user_id: str, role: str, note: str = "") -> None:
        if all(entry[0] != user_id or entry[1] != role for entry in self.logins):
            self.logins.append((user_id, role, note))


def load_all(password: str) -> DemoContext:
    ctx = DemoContext(password=password)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"lentera.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"lentera.{app}.demo":
                raise
            continue
        module.load(ctx)
    return ctx
