"""The desk's statistics as an XLSX workbook (openpyxl) for the reports (issue #16, Statistics): a sheet of the
monthly figures (tickets, resolved, SLA met %, median and p90 first response and resolution in working hours,
satisfaction, escalations, out of scope) and a sheet of tickets per category and channel per month. Numbers are
numbers (with a number format), never text. Reads only."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .stats import desk_statistics

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _n(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _summary_columns() -> list[tuple[str, str, str]]:
    return [
        ("count", _("Tiket"), "0"),
        ("resolved", _("Selesai"), "0"),
        ("sla_met_pct", _("Tepat SLA (%)"), "0.0"),
        ("median_first_response_hours", _("Median tanggapan pertama (jam kerja)"), "0.0"),
        ("p90_first_response_hours", _("P90 tanggapan pertama (jam kerja)"), "0.0"),
        ("median_resolution_hours", _("Median penyelesaian (jam kerja)"), "0.0"),
        ("p90_resolution_hours", _("P90 penyelesaian (jam kerja)"), "0.0"),
        ("satisfaction", _("Kepuasan (1-5)"), "0.00"),
        ("ratings", _("Penilaian"), "0"),
        ("escalated", _("Dieskalasi"), "0"),
        ("to_lkpp", _("Diteruskan ke LKPP"), "0"),
        ("out_of_scope", _("Di luar lingkup (dirujuk)"), "0"),
    ]


def statistics_xlsx(year: int) -> bytes:
    """The workbook of :func:`stats.desk_statistics` for ``year``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = desk_statistics(year)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ringkasan per bulan")[:31]
    ws.append([_("Statistik helpdesk %(year)s") % {"year": year}])
    ws.cell(row=1, column=1).font = Font(bold=True)
    columns = _summary_columns()
    ws.append([_("Bulan"), *[label for _key, label, _fmt in columns]])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in [*data["months"], data["total"]]:
        label = row["month"] if row["month"] else _("Setahun")
        ws.append([label, *[_n(row[key]) for key, _label, _fmt in columns]])
        for i, (_key, _label, fmt) in enumerate(columns, start=2):
            ws.cell(row=ws.max_row, column=i).number_format = fmt
    ws.column_dimensions["A"].width = 12
    by = wb.create_sheet(_("Kategori dan saluran")[:31])
    by.append([_("Bulan"), *map(str, data["category_labels"]), *map(str, data["channel_labels"])])
    for cell in by[1]:
        cell.font = Font(bold=True)
    for row in [*data["months"], data["total"]]:
        label = row["month"] if row["month"] else _("Setahun")
        by.append([label, *row["categories"], *row["channels"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
