"""The LPSE team's activity report as PDF (WeasyPrint, like the reporting app's reports): the agency's header,
the period, the totals and each activity's target, realisation and progress. Always Indonesian, the report's
official language; rendered from ``selectors.activity_report`` only."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .selectors import ActivityReport


def title_of(report: ActivityReport) -> str:
    return f"Laporan Kegiatan Tim Pengelolaan LPSE Tahun {report.programme.year}"


def report_html(report: ActivityReport) -> str:
    with translation.override("id"):
        return render_to_string(
            "governance/programme_report_pdf.html",
            {
                "report": report,
                "title": title_of(report),
                "agency_name": report.programme.agency.name,
            },
        )


def render_pdf(report: ActivityReport) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=report_html(report)).write_pdf()
