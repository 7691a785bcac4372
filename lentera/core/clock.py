"""Time from the database clock.

Deadlines are checked inside the write transaction against the database's clock, never the app server's:
several app servers may drift, the database is one.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

_OVERRIDE: dt.datetime | None = None


def db_now() -> dt.datetime:
    """The database server's current time (UTC, aware).

    PostgreSQL: ``clock_timestamp()`` (the real time now, not the transaction start). SQLite has no server:
    the database file's clock is this process's clock, so Python's time is the database time there.
    Tests move time with time-machine, which moves Python's clock; on PostgreSQL, `freeze_db_clock` lets a
    test pin the value returned here.
    """
    if _OVERRIDE is not None:
        return _OVERRIDE
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            value = cursor.fetchone()[0]
        return value.astimezone(dt.UTC)
    return timezone.now()


class freeze_db_clock:  # noqa: N801 - used like a function
    """Context manager for tests: make `db_now()` return a fixed instant whatever the database says."""

    def __init__(self, when: dt.datetime):
        self.when = when

    def __enter__(self) -> dt.datetime:
        global _OVERRIDE
        self._previous = _OVERRIDE
        _OVERRIDE = self.when
        return self.when

    def __exit__(self, *exc: object) -> None:
        global _OVERRIDE
        _OVERRIDE = self._previous
