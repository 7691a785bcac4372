"""Rendering official records (berita acara) as PDF with WeasyPrint, from recorded data only."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_record_html(context: dict[str, Any]) -> str:
    """The HTML of a berita acara. Always in Indonesian (the official language of the record)."""
    with translation.override("id"):
        return render_to_string("tendering/records/record.html", context)


def render_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()
