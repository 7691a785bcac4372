"""Background work of the bidding app (django-tasks): purging abandoned sealed uploads."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .services.cleanup import abandoned_uploads_purge


@task()
def purge_abandoned_uploads(retention_days: int | None = None, apply: bool = True) -> dict[str, Any]:
    """Run :func:`abandoned_uploads_purge` as the system; returns the totals (JSON) for the task result.

    Enqueue: ``purge_abandoned_uploads.enqueue()`` (or ``apply=False`` for a dry run).
    """
    report = abandoned_uploads_purge(actor=None, retention_days=retention_days, dry_run=not apply)
    return report.summary()
