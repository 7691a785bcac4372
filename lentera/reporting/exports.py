"""Downloads: XLSX (openpyxl; one sheet per section, real numbers and dates, not text) and CSV, from the section
tables of :mod:`.sections`; and the charts of a section (lentera.core.charts: SVG with its data table)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.utils.safestring import SafeString

from lentera.core.charts import Bar, bar_chart
from lentera.core.money import format_rupiah

NUMBER_FORMATS = {"money": "#,##0", "pct": "0.0", "int": "0", "date": "dd/mm/yyyy"}


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]\*\?/\\:]", " ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def xlsx_bytes(sections: list[dict[str, Any]], *, heading: str = "") -> bytes:
    """One sheet per section; each table under its title, numbers as numbers with a number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sec in sections:
        ws = wb.create_sheet(_sheet_name(sec["title"], used))
        ws.append([heading or sec["title"]])
        ws.cell(row=1, column=1).font = Font(bold=True)
        for table in sec["tables"]:
            ws.append([])
            ws.append([table["title"]])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
            ws.append([c["label"] for c in table["columns"]])
            for row in table["rows"]:
                ws.append(list(row))
                for i, col in enumerate(table["columns"], start=1):
                    fmt = NUMBER_FORMATS.get(col["kind"])
                    if fmt:
                        ws.cell(row=ws.max_row, column=i).number_format = fmt
        ws.column_dimensions["A"].width = 48
        for letter in "BCDEFGH":
            ws.column_dimensions[letter].width = 18
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_text(sections: list[dict[str, Any]]) -> str:
    """Every table one after the other: the section and table title, the header, the rows (plain numbers)."""
    out = io.StringIO()
    w = csv.writer(out)
    for sec in sections:
        for table in sec["tables"]:
            w.writerow([sec["title"], table["title"]])
            w.writerow([c["label"] for c in table["columns"]])
            for row in table["rows"]:
                w.writerow(
                    ["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in row]
                )
            w.writerow([])
    return out.getvalue()


def cell_text(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "money":
        return format_rupiah(value)
    if kind == "pct":
        return f"{value}".replace(".", ",")
    if kind == "int":
        return f"{value:,}".replace(",", ".")
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


def table_chart(table: dict[str, Any]) -> SafeString | str:
    """The bar chart of a table that names a chart column (its rows by their first cell)."""
    col = table.get("chart")
    if col is None:
        return ""
    kind = table["columns"][col]["kind"]
    bars = [Bar(str(row[0]), row[col] or 0) for row in table["rows"]]
    return bar_chart(
        title=table["title"],
        bars=bars,
        label_heading=table["columns"][0]["label"],
        value_heading=table["columns"][col]["label"],
        formatter=lambda v: cell_text(v, kind),
    )


def rendered(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sections with each cell as display text and each table's chart, for the page and the PDF."""
    return [
        {
            **sec,
            "tables": [
                {
                    **t,
                    "chart_html": table_chart(t),
                    "cells": [
                        [
                            (cell_text(v, t["columns"][i]["kind"]), t["columns"][i]["kind"] != "text")
                            for i, v in enumerate(row)
                        ]
                        for row in t["rows"]
                    ],
                }
                for t in sec["tables"]
            ],
        }
        for sec in sections
    ]
