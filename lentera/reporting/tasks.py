"""Background work of the reporting app (django-tasks): building an approved report's PDF and XLSX. The page shows
the build's status and progress (``Report.build_status`` / ``build_progress``); the person may leave and come
back."""

from __future__ import annotations

from django_tasks import task


@task()
def build_report_files(report_id: int) -> str:
    """Render, store and fingerprint the files of an approved report; returns the PDF's SHA-256."""
    from .services import report_build_files

    return report_build_files(report_id=report_id).pdf_sha256


@task()
def record_availability_task(url: str | None = None) -> bool:
    """Probe the health URL once and store the sample (schedule: docs/reporting.md, "Availability")."""
    from .availability import record_availability

    return record_availability(url=url).ok
