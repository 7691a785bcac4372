"""The scheduled backup: queued once for the task worker, daily by default, never twice."""

from __future__ import annotations

import datetime as dt

import pytest

from lentera.core.clock import db_now
from lentera.operations import tasks

pytestmark = pytest.mark.django_db


def test_scheduled_backup_is_queued_once_for_the_next_interval(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert tasks.schedule_next() is True
    assert tasks.schedule_next() is False, "a second schedule does not queue a second run"
    (queued,) = DBTaskResult.objects.filter(task_path=tasks.TASK_PATH)
    assert queued.run_after is not None
    assert abs(queued.run_after - (db_now() + dt.timedelta(hours=24))) < dt.timedelta(minutes=5)


def test_scheduled_backup_is_not_rescheduled_on_a_backend_without_deferral(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert tasks.schedule_next() is False
