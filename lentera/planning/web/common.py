"""Small helpers shared by the planning views: run one service, turn its refusal into a form error or message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest

from lentera.accounts.http import AuthedRequest
from lentera.core import webactions
from lentera.core.errors import LenteraError, NotFound


def fetch(fn: Callable[[], Any]) -> Any:
    """Call a selector; its NotFound becomes a 404 page."""
    try:
        return fn()
    except NotFound as exc:
        raise Http404(str(exc))


def acting_role(request: AuthedRequest) -> str:
    """The acting role of a view declared with `access(*roles)`: the decorator lets no request without one in."""
    role = request.acting_role
    assert role is not None, "access(*roles) admits only requests with an acting role"
    return role


def run_form(form, fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Call a service for a valid form; a refusal becomes a non-field error. Returns (ok, result)."""
    try:
        return True, fn()
    except LenteraError as exc:
        form.add_error(None, str(exc))
        return False, None


def run_action(request: HttpRequest, fn: Callable[[], Any], *, success: str, back: str):
    """Call a service from a POST button; show the outcome as a message and go back (core.webactions)."""
    return webactions.run_action(request, fn, success=success, back=back)


def form_errors(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)
