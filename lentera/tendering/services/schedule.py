"""The schedule (jadwal): set by the Pokja before announcement, changed with a public reason afterwards (every
registered provider told once bid upload has opened), extended after an outage; rules in rules.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now

from .. import states
from ..enums import Stage
from ..errors import TenderingError
from ..models import ScheduleChange, ScheduleEntry, Tender
from ..states import Trigger
from ..timeline import current_stage
from ._base import (
    authorize,
    lock_tender,
)
from .records import notify_registered, publish


def _normalise_windows(
    windows: dict[str, tuple[dt.datetime, dt.datetime]],
) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    out = {}
    for stage, (start, end) in windows.items():
        if start is None or end is None:
            raise TenderingError(
                "SCHEDULE_INCOMPLETE", _("Setiap tahapan memerlukan waktu mulai dan selesai.")
            )
        if start.tzinfo is None or end.tzinfo is None:
            raise TenderingError("SCHEDULE_NAIVE_TIME", _("Waktu jadwal harus menyertakan zona waktu."))
        out[str(stage)] = (start.astimezone(dt.UTC), end.astimezone(dt.UTC))
    return out


def _to_millisecond(moment: dt.datetime) -> dt.datetime:
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def _same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    """Equal to the millisecond: the API writes times with milliseconds (DjangoJSONEncoder), so a time it returned
    must compare equal to the stored one when sent back unchanged."""
    return _to_millisecond(a) == _to_millisecond(b)


def _write_schedule(tender: Tender, windows: dict[str, tuple[dt.datetime, dt.datetime]]) -> None:
    stages = states.machine_of(tender).stages
    ScheduleEntry.objects.filter(tender=tender).exclude(stage__in=stages).delete()
    for position, stage in enumerate(stages):
        start, end = windows[stage]
        ScheduleEntry.objects.update_or_create(
            tender=tender, stage=stage, defaults={"position": position, "starts_at": start, "ends_at": end}
        )


def _schedule_snapshot(tender: Tender) -> dict[str, list[str]]:
    return {
        s: [a.isoformat(), b.isoformat()]
        for s, a, b in ScheduleEntry.objects.filter(tender=tender)
        .order_by("position")
        .values_list("stage", "starts_at", "ends_at")
    }


def _stored_windows(tender: Tender) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {
        s: (a, b)
        for s, a, b in ScheduleEntry.objects.filter(tender=tender).values_list(
            "stage", "starts_at", "ends_at"
        )
    }


@transaction.atomic
def schedule_set(
    *, actor: Any, tender: Tender, windows: dict[str, tuple[dt.datetime, dt.datetime]]
) -> Tender:
    """The Pokja sets the schedule of a draft tender; ordering and durations are checked against rules.py."""
    tender = lock_tender(tender)
    now = db_now()
    extra = set(map(str, windows)) - set(states.machine_of(tender).stages)
    if extra:
        raise TenderingError(
            "SCHEDULE_STAGE_UNKNOWN",
            _("Tahapan tidak dikenal untuk metode ini: %(stages)s."),
            stages=", ".join(sorted(extra)),
        )
    windows = _normalise_windows(windows)
    authorize(tender=tender, trigger=Trigger.SET_SCHEDULE, actor=actor, at=now, windows=windows)
    before = _schedule_snapshot(tender)
    _write_schedule(tender, windows)
    audit.record(
        actor=actor,
        action="tendering.schedule.set",
        obj=tender,
        before=before,
        after=_schedule_snapshot(tender),
    )
    return tender


def _apply_change(
    *,
    actor: Any,
    tender: Tender,
    now: dt.datetime,
    changes: dict[str, tuple[dt.datetime, dt.datetime]],
    reason: str,
    kind: str,
    outage_reference: str = "",
) -> ScheduleChange:
    """Apply changed windows to a published schedule; the past cannot be rewritten. Public history + notices."""
    current = _stored_windows(tender)
    proposed = dict(current)
    diff = []
    for stage, (start, end) in changes.items():
        if stage not in current:
            raise TenderingError(
                "SCHEDULE_STAGE_UNKNOWN",
                _("Tahapan tidak dikenal untuk metode ini: %(stages)s."),
                stages=stage,
            )
        old_start, old_end = current[stage]
        if _same_instant(start, old_start) and _same_instant(end, old_end):
            continue
        if _same_instant(start, old_start):
            start = old_start
        if _same_instant(end, old_end):
            end = old_end
        rewinding = kind in (ScheduleChange.Kind.OUTAGE_EXTENSION, ScheduleChange.Kind.REEVALUATION)
        if old_end <= now and not rewinding:
            raise TenderingError(
                "SCHEDULE_PAST_STAGE",
                _("Tahapan %(stage)s sudah berakhir dan tidak dapat diubah."),
                stage=Stage(stage).label,
            )
        if start != old_start and (start < now or (old_start <= now and not rewinding)):
            raise TenderingError(
                "SCHEDULE_START_IN_PAST",
                _(
                    "Awal tahapan %(stage)s tidak dapat diubah karena sudah dimulai, atau diubah ke waktu lampau."
                ),
                stage=Stage(stage).label,
            )
        if end <= now:
            raise TenderingError(
                "SCHEDULE_END_IN_PAST",
                _("Akhir tahapan %(stage)s harus setelah waktu server sekarang."),
                stage=Stage(stage).label,
            )
        proposed[stage] = (start, end)
        diff.append(
            {
                "stage": stage,
                "old_starts_at": old_start.isoformat(),
                "old_ends_at": old_end.isoformat(),
                "new_starts_at": start.isoformat(),
                "new_ends_at": end.isoformat(),
            }
        )
    if not diff:
        raise TenderingError("SCHEDULE_UNCHANGED", _("Tidak ada perubahan jadwal."))
    from ._base import GuardContext, _g_schedule_valid

    _g_schedule_valid(GuardContext(tender=tender, actor=actor, at=now, stage="", windows=proposed))
    before = _schedule_snapshot(tender)
    _write_schedule(tender, proposed)
    bid_window = current.get(Stage.BID_UPLOAD) or current.get(Stage.OFFER)
    after_bid_opened = bool(bid_window and bid_window[0] <= now)
    change = ScheduleChange.objects.create(
        tender=tender,
        kind=kind,
        reason=reason.strip(),
        outage_reference=outage_reference.strip()[:100],
        changes=diff,
        after_bid_upload_opened=after_bid_opened,
        changed_by=actor,
        changed_at=now,
    )
    if after_bid_opened or kind == ScheduleChange.Kind.REEVALUATION:
        lines = [str(_("Jadwal tender diubah. Alasan: %(r)s") % {"r": change.reason})]
        for d in diff:
            lines.append(f"{Stage(d['stage']).label}: {d['new_starts_at']} - {d['new_ends_at']}")
        change.notified_count = notify_registered(tender, _("Perubahan jadwal tender"), lines)
        change.save(update_fields=["notified_count"])
    publish("tender", tender)
    audit.record(
        actor=actor,
        action=f"tendering.schedule.{kind.lower()}",
        obj=tender,
        before=before,
        after={
            "schedule": _schedule_snapshot(tender),
            "reason": change.reason,
            "notified": change.notified_count,
        },
    )
    return change


@transaction.atomic
def schedule_change(
    *, actor: Any, tender: Tender, changes: dict[str, tuple[dt.datetime, dt.datetime]], reason: str
) -> ScheduleChange:
    """Change a published schedule, with a reason; the change is public, and once bid upload has opened every
    registered provider is told by e-mail."""
    tender = lock_tender(tender)
    now = db_now()
    changes = _normalise_windows(changes)
    authorize(
        tender=tender,
        trigger=Trigger.CHANGE_SCHEDULE,
        actor=actor,
        at=now,
        reason=reason,
        skip={states.G_SCHEDULE_VALID},
    )
    return _apply_change(
        actor=actor, tender=tender, now=now, changes=changes, reason=reason, kind=ScheduleChange.Kind.CHANGE
    )


@transaction.atomic
def stage_extend(
    *,
    actor: Any,
    tender: Tender,
    stage: str,
    new_ends_at: dt.datetime,
    reason: str,
    outage_reference: str = "",
) -> ScheduleChange:
    """Extend a stage because an outage cost providers time (F15/F16), with the recorded reason; the later
    stages move by the same amount. The stage must be the current one or the one that just ended, and no opened
    offer may exist yet when reopening the bid upload."""
    from ..models import Offer

    tender = lock_tender(tender)
    now = db_now()
    new_ends_at = new_ends_at.astimezone(dt.UTC)
    authorize(tender=tender, trigger=Trigger.EXTEND_STAGE, actor=actor, at=now, reason=reason)
    machine = states.machine_of(tender)
    stage = str(stage)
    now_stage = current_stage(tender, now)
    if stage not in machine.stages:
        raise TenderingError(
            "SCHEDULE_STAGE_UNKNOWN", _("Tahapan tidak dikenal untuk metode ini: %(stages)s."), stages=stage
        )
    i, j = machine.stages.index(stage), machine.stages.index(now_stage)
    if i not in (j, j - 1):
        raise TenderingError(
            "EXTEND_ONLY_CURRENT",
            _("Hanya tahapan yang sedang berjalan atau baru berakhir yang dapat diperpanjang."),
        )
    if stage in (Stage.BID_UPLOAD, Stage.OFFER) and Offer.objects.filter(tender=tender).exists():
        raise TenderingError(
            "OFFERS_OPENED", _("Penawaran sudah dibuka; tahap upload tidak dapat dibuka kembali."), status=409
        )
    windows = _stored_windows(tender)
    old_end = windows[stage][1]
    delta = new_ends_at - old_end
    if delta <= dt.timedelta(0):
        raise TenderingError(
            "EXTEND_NOT_LONGER", _("Perpanjangan harus lebih lambat dari akhir tahapan sekarang.")
        )
    changes = {stage: (windows[stage][0], new_ends_at)}
    for later in machine.stages[i + 1 :]:
        a, b = windows[later]
        changes[later] = (a + delta, b + delta)
    # the shifted later stages keep their start rule: the ones not yet started may move
    return _apply_change(
        actor=actor,
        tender=tender,
        now=now,
        changes=changes,
        reason=reason,
        kind=ScheduleChange.Kind.OUTAGE_EXTENSION,
        outage_reference=outage_reference,
    )
