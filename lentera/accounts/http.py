"""The request type of views behind a login: `request.user` is a real User and the acting role is set."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    """An HttpRequest after authentication and ActingRoleMiddleware (for type checkers; no runtime effect)."""

    user: User  # type: ignore[assignment]
    acting_role: str | None
