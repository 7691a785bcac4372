"""The report as PDF (WeasyPrint): the regency's header, page numbers, the charts and tables of every section, the
free text. Always Indonesian, the official language of the report."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from lentera.core.calendar import JAKARTA

from . import exports, rules
from .models import Report


def title_of(report: Report) -> str:
    with translation.override("id"):
        return f"Laporan {report.get_kind_display()} UKPBJ Tahun {report.year}"


def _print_colours(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """WeasyPrint paints inline SVG from its attributes, not from the page's CSS: give the bars and the axis
    their colours as attributes (the web page keeps them in the stylesheet, for the CSP)."""
    for sec in sections:
        for t in sec["tables"]:
            if t["chart_html"]:
                t["chart_html"] = mark_safe(  # noqa: S308 - our own chart markup, only attributes added
                    str(t["chart_html"])
                    .replace('class="bar"', 'class="bar" fill="#1d4f91"')
                    .replace('class="axis"', 'class="axis" stroke="#888888"')
                )
    return sections


def report_html(report: Report, sections: list[dict[str, Any]]) -> str:
    first, last = rules.report_period(report.kind, report.year)
    with translation.override("id"):
        return render_to_string(
            "reporting/report_pdf.html",
            {
                "report": report,
                "title": title_of(report),
                "agency_name": report.agency.name,
                "sections": _print_colours(exports.rendered(sections)),
                "period_first": first,
                "period_last": last,
                "approved_text": (
                    report.approved_at.astimezone(JAKARTA).strftime("%d/%m/%Y %H.%M WIB")
                    if report.approved_at
                    else "–"
                ),
            },
        )


def render_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()
