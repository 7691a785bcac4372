"""The report as PDF (WeasyPrint): the regency's header, page numbers, the charts and tables of every section, the
free text. Always Indonesian, the official language of the report."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from lentera.core.calendar import JAKARTA

from . import exports, rules
from .models import Report


def title_of(report: Report) -> str:
    with translation.override("id"):
        return f"Laporan {report.get_kind_display()} UKPBJ Tahun {report.year}"


def report_html(report: Report, sections: list[dict[str, Any]]) -> str:
    first, last = rules.report_period(report.kind, report.year)
    with translation.override("id"):
        return render_to_string(
            "reporting/report_pdf.html",
            {
                "report": report,
                "title": title_of(report),
                "agency_name": report.agency.name,
                "sections": exports.rendered(sections),
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
