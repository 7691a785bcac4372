"""The one helper every page uses to run a service from a POST button (issue #13 item 5: one of each).

A refusal (any LenteraError) becomes an error message and nothing changed (the service's transaction rolled back);
success becomes a confirmation; either way the person goes back to the page the button was on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .errors import LenteraError


def run_action(request: HttpRequest, call: Callable[[], Any], *, success: str, back: str) -> HttpResponse:
    try:
        call()
    except LenteraError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(back)
