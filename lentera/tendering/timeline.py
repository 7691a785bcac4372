"""Where a tender is in time: the stage the clock says, and each stage's window.

Stages change by time only. A read computes the stage from the schedule and the instant; a write computes it
again inside its transaction with :func:`lentera.core.clock.db_now` (the database clock). Nothing stores the
stage, so no job has to run for it to be right.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lentera.core.clock import db_now

from .enums import Stage, TenderStatus
from .errors import TenderingError
from .states import machine_of

_TERMINAL = {
    TenderStatus.FAILED: Stage.FAILED,
    TenderStatus.CANCELLED: Stage.CANCELLED,
    TenderStatus.COMPLETED: Stage.COMPLETED,
}


def _entries(tender) -> list[tuple[str, int, dt.datetime, dt.datetime]]:
    from .models import ScheduleEntry

    return list(
        ScheduleEntry.objects.filter(tender_id=tender.pk)
        .order_by("position")
        .values_list("stage", "position", "starts_at", "ends_at")
    )


def current_stage(tender, at: dt.datetime | None = None) -> str:
    """The stage the clock puts `tender` in at `at` (default: the database clock now).

    * DRAFT until announced; FAILED / CANCELLED / COMPLETED once decided (the status records those decisions);
    * otherwise the last stage (in the method's order) whose window has started. Between two windows the tender
      stays in the earlier stage, closed; after the last window it stays in the last stage.
    * announced, but before the first window opens: the first stage of the method.
    """
    if tender.status == TenderStatus.DRAFT:
        return Stage.DRAFT
    if tender.status in _TERMINAL:
        return _TERMINAL[tender.status]
    at = at or db_now()
    started = [(position, stage) for stage, position, starts_at, _e in _entries(tender) if starts_at <= at]
    if not started:
        stages = machine_of(tender).stages
        return stages[0] if stages else Stage.DRAFT
    return max(started)[1]


def stage_window(tender, stage: str) -> tuple[dt.datetime, dt.datetime] | None:
    """``(starts_at, ends_at)`` of `stage` in the tender's schedule (ends_at exclusive), or None if not scheduled."""
    from .models import ScheduleEntry

    row = (
        ScheduleEntry.objects.filter(tender_id=tender.pk, stage=stage)
        .values_list("starts_at", "ends_at")
        .first()
    )
    return (row[0], row[1]) if row else None


def window_open(tender, stage: str, at: dt.datetime) -> bool:
    window = stage_window(tender, stage)
    return window is not None and window[0] <= at < window[1]


def require_stage(tender, stage: str, at: dt.datetime | None = None, *, strict: bool = True) -> None:
    """Refuse (TenderingError STAGE_CLOSED, 409) unless `tender` is in `stage` at `at`.

    Call it INSIDE the write transaction with ``at=db_now()`` (the default). ``strict`` (the default) also needs
    the stage's window to be open at that instant: ``starts_at <= at < ends_at``. A submission committed one
    second before the end of BID_UPLOAD passes; one at or after the end is refused, with the server time in the
    message. ``strict=False`` only needs the clock's current stage to be `stage` (for staff actions that may run
    late, between two windows).
    """
    at = at or db_now()
    if tender.status != TenderStatus.ANNOUNCED and stage not in (Stage.DRAFT, *_TERMINAL.values()):
        raise TenderingError(
            "TENDER_NOT_RUNNING",
            _("Tender ini tidak sedang berlangsung (status: %(state)s)."),
            status=409,
            state=tender.get_status_display(),
        )
    now_stage = current_stage(tender, at)
    ok = now_stage == stage and (
        not strict or stage in (Stage.DRAFT, *_TERMINAL.values()) or window_open(tender, stage, at)
    )
    if not ok:
        window = stage_window(tender, stage)
        raise TenderingError(
            "STAGE_CLOSED",
            _(
                "Tahapan %(stage)s tidak sedang dibuka (jadwal: %(window)s; waktu server: %(now)s; tahapan sekarang: "
                "%(current)s)."
            ),
            status=409,
            stage=Stage(stage).label,
            window=_window_text(window),
            now=_wib(at),
            current=Stage(now_stage).label,
        )


def _wib(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    from lentera.core.calendar import JAKARTA

    return value.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M:%S WIB")


def _window_text(window) -> str:
    if window is None:
        return str(_("tidak dijadwalkan"))
    return f"{_wib(window[0])} - {_wib(window[1])}"
