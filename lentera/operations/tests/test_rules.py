"""Retention: keep N daily and M monthly archives (settings)."""

from __future__ import annotations

import datetime as dt

from lentera.operations.rules import archives_to_delete, retention_settings


def _name(when: dt.datetime) -> str:
    return f"lentera-backup-{when:%Y%m%dT%H%M%S}Z.tar.age"


def test_archives_to_delete_keeps_n_daily_and_m_monthly():
    start = dt.datetime(2026, 1, 1, 2, 0)
    names = [_name(start + dt.timedelta(days=d, hours=h)) for d in range(120) for h in (0, 12)]
    doomed = archives_to_delete([*names, "catatan.txt"], keep_daily=7, keep_monthly=3)
    kept = set(names) - doomed
    # newest of each of the last 7 days, plus newest of Apr (already a daily), Mar and Feb
    assert len(kept) == 7 + 2
    assert _name(start + dt.timedelta(days=119, hours=12)) in kept
    assert _name(dt.datetime(2026, 3, 31, 14, 0)) in kept and _name(dt.datetime(2026, 2, 28, 14, 0)) in kept
    assert _name(dt.datetime(2026, 1, 31, 14, 0)) in doomed
    assert "catatan.txt" not in doomed


def test_archives_to_delete_always_keeps_the_newest():
    names = [_name(dt.datetime(2026, 5, 1, 1)), _name(dt.datetime(2026, 5, 2, 1))]
    assert archives_to_delete(names, keep_daily=0, keep_monthly=0) == {names[0]}


def test_retention_settings_read_the_lpse_settings(settings):
    settings.LENTERA_BACKUP_KEEP_DAILY = "3"
    settings.LENTERA_BACKUP_KEEP_MONTHLY = 24
    assert retention_settings() == {"keep_daily": 3, "keep_monthly": 24}
