"""The report sections about the LPSE's own service: the provider verification times, the LPSE team's activity and
the LPSE's availability. Plain tables like :mod:`.sections`, computed by :mod:`.service_figures`."""

from __future__ import annotations

from typing import Any

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .tables import col as _col
from .tables import table as _table

EMPTY_TIMES: dict[str, Any] = {
    "months": [],
    "total": {"decided": 0, "approved": 0, "rejected": 0, "median_hours": None, "p90_hours": None},
}


def month_label(month: tuple[int, int]) -> str:
    return f"{MONTHS[month[1]]} {month[0]}"


def verification_section(times: dict[str, Any]) -> dict[str, Any]:
    """The provider verification times per month of decision (service_figures.verification_times)."""
    cols = [
        _col(_("Bulan")),
        _col(_("Diputuskan"), "int"),
        _col(_("Disetujui"), "int"),
        _col(_("Ditolak"), "int"),
        _col(_("Median (jam)"), "pct"),
        _col(_("Persentil ke-90 (jam)"), "pct"),
    ]

    def cells(label: str, r: dict[str, Any]) -> list[Any]:
        return [label, r["decided"], r["approved"], r["rejected"], r["median_hours"], r["p90_hours"]]

    body = [cells(month_label(r["month"]), r) for r in times["months"]]
    body.append(cells(_("Seluruh periode"), times["total"]))
    table = _table(
        _("Waktu verifikasi penyedia: dari pengajuan sampai keputusan verifikator"), cols, body, chart=4
    )
    return {"key": "verification", "title": _("Verifikasi penyedia"), "tables": [table]}
