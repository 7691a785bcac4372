"""The operations page: backups, restore drills, health (Administrator Sistem, Kepala Subbagian LPSE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from lentera.core.access import access
from lentera.core.health import run_checks

from .. import selectors
from ..models import BackupRun
from ..services import OPERATORS


@access(*OPERATORS, scope="the whole installation")
def index(request: HttpRequest) -> HttpResponse:
    healthy, checks = run_checks()
    return TemplateResponse(
        request,
        "operations/index.html",
        {
            "last_backup": selectors.last_run(BackupRun.Kind.BACKUP),
            "last_good_backup": selectors.last_successful(BackupRun.Kind.BACKUP),
            "last_drill": selectors.last_run(BackupRun.Kind.DRILL),
            "runs": selectors.recent_runs(),
            "config": selectors.backup_configuration(),
            "healthy": healthy,
            "checks": checks,
        },
    )
