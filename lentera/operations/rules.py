"""The retention rule for backup archives (settings, not constants)."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

_STAMP = re.compile(r"lentera-backup-(\d{8}T\d{6})Z")


def retention_settings() -> dict[str, int]:
    """How many daily and monthly backup archives are kept, from the settings.

    Cites: Permendagri 53/2021 Lampiran 2.5.5 a;
           Kebijakan Lentera: the regulation requires backups but no number of them; the LPSE sets
           LENTERA_BACKUP_KEEP_DAILY and _MONTHLY.
    """
    return {
        "keep_daily": int(settings.LENTERA_BACKUP_KEEP_DAILY),
        "keep_monthly": int(settings.LENTERA_BACKUP_KEEP_MONTHLY),
    }


def archives_to_delete(names: list[str], *, keep_daily: int, keep_monthly: int) -> set[str]:
    """Keep the newest archive of each of the last `keep_daily` days that have one, and the newest of each of the
    last `keep_monthly` months; every other archive may go (Permendagri 53/2021 Lampiran 2.5.5 a: backups are
    kept; how many is the LPSE's policy: LENTERA_BACKUP_KEEP_DAILY / _MONTHLY). Names that are not archives are
    never touched; the newest archive is always kept.

    Cites: Permendagri 53/2021 Lampiran 2.5.5 a;
           Kebijakan Lentera: how many backups are kept is the LPSE's setting.
    """
    dated = []
    for name in names:
        match = _STAMP.search(name)
        if match:
            dated.append((dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S"), name))
    dated.sort(reverse=True)
    keep: set[str] = set()
    days: dict[dt.date, str] = {}
    months: dict[tuple[int, int], str] = {}
    for when, name in dated:
        days.setdefault(when.date(), name)
        months.setdefault((when.year, when.month), name)
    keep.update(list(days.values())[:keep_daily])
    keep.update(list(months.values())[:keep_monthly])
    if dated:
        keep.add(dated[0][1])
    return {name for _when, name in dated if name not in keep}
