"""The reporting app's part of the demo: a draft semester report of the running year for the head of the UKPBJ
(kepala.ukpbj), to review, approve and download."""

from __future__ import annotations

from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.demo import DemoContext
from lentera.core.roles import Role

from . import rules, selectors, services


def load(ctx: DemoContext) -> None:
    kepala, agency = ctx.objects.get("kepala.ukpbj"), ctx.objects.get("agency")
    if kepala is None or agency is None:
        return  # accounts' demo did not run
    today = local_date(db_now())
    kind = rules.SEMESTER_1 if today.month <= 6 else rules.SEMESTER_2
    report = selectors.latest_version(agency_id=agency.pk, kind=kind, year=today.year)
    if report is None:
        report = services.report_create(
            actor=kepala, role=Role.KEPALA_UKPBJ, agency_id=agency.pk, kind=kind, year=today.year
        )
        services.report_update_text(
            actor=kepala,
            role=Role.KEPALA_UKPBJ,
            report=report,
            analysis="Realisasi kontrak masih di bawah rencana; sebagian paket konstruksi baru memasuki tahap "
            "pemilihan.",
            recommendations="Percepat penyerahan paket dari PPK ke UKPBJ dan pantau tender dengan satu penawar.",
        )
    ctx.notes.append(
        f"Reporting: kepala.ukpbj opens Pengawasan › Monitoring pengadaan (/monitoring/) and the draft report "
        f"{report} at /monitoring/laporan/{report.pk}/ (review, approve: PDF and XLSX built in the background)."
    )
