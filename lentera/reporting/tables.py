"""The plain tables every section is made of (title, typed columns, rows): the page, the PDF and the XLSX render
them (see :mod:`.sections`)."""

from __future__ import annotations

from typing import Any


def col(label: str, kind: str = "text") -> dict[str, str]:
    return {"label": str(label), "kind": kind}


def table(title: str, columns: list[dict[str, str]], rows: list[list[Any]], chart: int | None = None) -> dict:
    """A table; ``chart`` names the column a bar chart of it shows (by row label, the first column)."""
    return {"title": str(title), "columns": columns, "rows": rows, "chart": chart}
