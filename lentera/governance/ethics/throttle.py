"""Rate limit of the anonymous public ethics report form (rules.public_report_limit): a counter per client
address in the cache, refused with RATE_LIMITED (429) past the limit. Web and API call it before the service."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from lentera.core.calendar import local_date
from lentera.core.clock import db_now

from ..errors import GovernanceError
from . import rules


def check(key: str | None) -> None:
    """Count one public report from ``key`` (the client address); refuse once the window's limit is passed."""
    limit, window = rules.public_report_limit(local_date(db_now()))
    digest = hashlib.sha256(f"ethics-report:{key or '-'}".encode()).hexdigest()[:32]
    name = f"lentera:governance:rate:{digest}"
    if cache.add(name, 1, timeout=int(window.total_seconds())):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=int(window.total_seconds()))
            count = 1
    if count > limit:
        raise GovernanceError("RATE_LIMITED", _("Terlalu banyak permintaan. Coba lagi nanti."), status=429)
