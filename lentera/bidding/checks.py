"""System checks: a malformed LENTERA_RECEIPT_PREVIOUS_KEYS stops ``manage.py check`` / migrate / runserver
instead of surfacing at the first bid opening."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .serverkeys import PREVIOUS_KEYS_SETTING, parse_previous_keys, previous_keys_value


@register(Tags.security)
def receipt_previous_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        parse_previous_keys(previous_keys_value())
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint=f"{PREVIOUS_KEYS_SETTING} lists previous receipt PUBLIC keys: base64 (32 bytes), PEM "
                "text or PEM file paths, separated by commas or newlines. See docs/sealing.md.",
                id="bidding.E001",
            )
        ]
    return []
