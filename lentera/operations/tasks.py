"""The scheduled backup (django-tasks): runs the backup, then queues itself for the next interval.

Start the cycle once with ``./lentera.sh backup --schedule`` (or rely on cron: docs/operations.md); a worker
(``manage.py db_worker``) runs it. Only one future run is ever queued.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django_tasks import task

from lentera.core.clock import db_now

TASK_PATH = "lentera.operations.tasks.scheduled_backup"


def _already_queued() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another tasks backend: the caller keeps the schedule
        return False
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def schedule_next(*, delay_hours: float | None = None) -> bool:
    """Queue the next scheduled backup unless one is already waiting; True when one was queued."""
    if not scheduled_backup.get_backend().supports_defer or _already_queued():
        return False
    hours = settings.LENTERA_BACKUP_INTERVAL_HOURS if delay_hours is None else delay_hours
    scheduled_backup.using(run_after=db_now() + dt.timedelta(hours=hours)).enqueue()
    return True


@task()
def scheduled_backup() -> dict[str, Any]:
    """Back up now (as the system), then queue the next run; the result is the run's summary."""
    from .services import backup_create

    try:
        run = backup_create(actor=None)
    finally:
        schedule_next()
    return {"archive": run.archive_name, "size_bytes": run.size_bytes, "duration_ms": run.duration_ms}
