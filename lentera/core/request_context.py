"""Who is acting, from where: set once per request by middleware, read by the audit log.

Services take the acting user explicitly; the client IP and acting role come from here so that every audit
event carries them without threading a request object through the service layer.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    client_ip: str | None = None
    role: str | None = None
    channel: str = "system"  # web, api, cli, system


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("lentera_request_context")


def current() -> RequestContext:
    return _current.get(RequestContext())


def set_current(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


def client_ip_of(request) -> str | None:
    """REMOTE_ADDR, or the address LENTERA_TRUSTED_PROXY_COUNT proxies in front of us saw."""
    from django.conf import settings

    hops = settings.LENTERA_TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
