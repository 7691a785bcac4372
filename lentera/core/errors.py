"""One exception type per app, each carrying a stable code and a translatable message.

Web views turn a ``LenteraError`` into a form error; the API turns it into
``{"error": {"code": ..., "message": ...}}`` in the requested language.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.utils.functional import Promise


class LenteraError(Exception):
    """Base of every business-rule refusal. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, code: str, message: str | Promise, *, status: int | None = None, **params: Any):
        self.code = code
        self.message = message
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(code)

    def __str__(self) -> str:
        text = str(self.message)
        if self.params:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                text = text % self.params
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": str(self)}}


class AccessDenied(LenteraError):
    """The acting user may not do this (deny by default)."""

    status = 403


class NotFound(LenteraError):
    status = 404


class Conflict(LenteraError):
    status = 409
