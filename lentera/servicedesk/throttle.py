"""Rate limit of the desk's public forms (rules.public_form_limit): a counter per client address or follow-up
link in the cache, refused with RATE_LIMITED (429) past the limit. Web and API call it before the service."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from . import rules
from .errors import ServiceDeskError


def check(scope: str, key: str | None) -> None:
    """Count one submission of ``scope`` by ``key``; refuse once the window's limit is passed."""
    limit, window = rules.public_form_limit(local_date(db_now()))
    digest = hashlib.sha256(f"{scope}:{key or '-'}".encode()).hexdigest()[:32]
    name = f"lentera:servicedesk:rate:{digest}"
    if cache.add(name, 1, timeout=int(window.total_seconds())):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=int(window.total_seconds()))
            count = 1
    if count > limit:
        raise ServiceDeskError("RATE_LIMITED", _("Terlalu banyak permintaan. Coba lagi nanti."), status=429)
