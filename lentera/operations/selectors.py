"""Reads for the operations page (Administrator Sistem, Kepala Subbagian LPSE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from .models import BackupRun


def last_run(kind: str) -> BackupRun | None:
    return BackupRun.objects.filter(kind=kind).first()


def last_successful(kind: str) -> BackupRun | None:
    return BackupRun.objects.filter(kind=kind, result=BackupRun.Result.OK).first()


def recent_runs(limit: int = 20) -> QuerySet[BackupRun]:
    return BackupRun.objects.select_related("actor")[:limit]


def backup_configuration() -> dict[str, Any]:
    return {
        "public_key": settings.LENTERA_BACKUP_PUBLIC_KEY,
        "backup_dir": str(settings.LENTERA_BACKUP_DIR),
        "remote": settings.LENTERA_BACKUP_STORAGE,
        "keep_daily": settings.LENTERA_BACKUP_KEEP_DAILY,
        "keep_monthly": settings.LENTERA_BACKUP_KEEP_MONTHLY,
        "interval_hours": settings.LENTERA_BACKUP_INTERVAL_HOURS,
    }
