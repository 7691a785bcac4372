"""Recording the LPSE's availability: one probe of the health URL stored as an :class:`AvailabilitySample`. Called
by the ``record_availability`` management command (cron) and the django-tasks task ``tasks.record_availability``
(the worker); docs/reporting.md gives the schedule. A probe is a measurement, not a change of anyone's data, so it
writes no audit event (one every few minutes would flood the chain)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from django.conf import settings

from lentera.core.clock import db_now

from .models import AvailabilitySample


def probe(url: str, timeout: float) -> tuple[bool, int | None, int | None, str]:
    """GET ``url``: (answered 200, HTTP status, latency in ms, error text)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (the operator's own URL)
            status = response.status
    except urllib.error.HTTPError as e:
        return False, e.code, round((time.monotonic() - started) * 1000), f"HTTP {e.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        return False, None, None, str(getattr(e, "reason", e))[:300]
    return status == 200, status, round((time.monotonic() - started) * 1000), ""


def record_availability(*, url: str | None = None, timeout: float | None = None) -> AvailabilitySample:
    """Probe the health URL (``LENTERA_HEALTH_URL`` unless given) and store the sample."""
    url = url or settings.LENTERA_HEALTH_URL
    timeout = timeout if timeout is not None else settings.LENTERA_HEALTH_TIMEOUT_SECONDS
    checked_at = db_now()
    ok, status, latency, error = probe(url, timeout)
    return AvailabilitySample.objects.create(
        checked_at=checked_at, url=url[:300], ok=ok, status_code=status, latency_ms=latency, error=error
    )
