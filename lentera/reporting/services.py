"""Every write of the reporting app: the semester / annual report's versions, their free text, the transitions of
``states.TRANSITIONS`` and the frozen PDF / XLSX built in the background (tasks.build_report_files). Each service
is keyword-only, takes the acting user and role, runs in one transaction, checks the role and the instansi, and
appends its audit event last."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import AccessDenied
from lentera.planning.scope import ensure_agency_role

from . import rules, sections, selectors
from .errors import ReportingError
from .models import Report
from .states import EDITABLE, EDITORS, FROZEN, Action, BuildStatus, ReportState, transition


def _ensure_editor(actor: Any, role: str | None, agency_id: int) -> None:
    if role not in EDITORS:
        raise AccessDenied("ROLE_NOT_ALLOWED", _("Tindakan ini tidak diizinkan untuk peran Anda."))
    ensure_agency_role(actor, agency_id, role)


def _facts(report: Report) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "year": report.year,
        "version": report.version,
        "state": report.state,
        "agency_id": report.agency_id,
    }


def compute_sections(*, actor: Any, role: str | None, report: Report) -> list[dict[str, Any]]:
    """The report's computed sections as of now, in the scope of the acting person and the report's instansi."""
    scoped = selectors.scoped(
        user=actor,
        role=role,
        filters=sections.filters_for(report.kind, report.year, report.agency_id, local_date(db_now())),
    )
    return sections.report_sections(
        scoped=scoped,
        desk=selectors.desk_figures(report.kind, report.year),
        training=selectors.training_figures(report.year),
        verification=selectors.verification_figures(report.kind, report.year),
        availability=selectors.availability_figures(report.kind, report.year),
        team_activity=selectors.team_activity_figures(
            user=actor, role=role, agency_id=report.agency_id, kind=report.kind, year=report.year
        ),
        sanctions=selectors.sanction_figures(user=actor, role=role, agency_id=report.agency_id),
        governance=selectors.governance_figures(
            user=actor, role=role, agency_id=report.agency_id, year=report.year
        ),
    )


@transaction.atomic
def report_create(*, actor: Any, role: str | None, agency_id: int, kind: str, year: int) -> Report:
    """A new draft for a period (Permendagri 53/2021 Pasal 26); refused while one exists (a frozen one is
    corrected with :func:`report_correct`)."""
    _ensure_editor(actor, role, agency_id)
    rules.report_period(kind, year)  # an unknown kind is refused before anything is written
    if selectors.latest_version(agency_id=agency_id, kind=kind, year=year) is not None:
        raise ReportingError("REPORT_EXISTS", _("Laporan untuk periode ini sudah ada."))
    report = Report.objects.create(
        agency_id=agency_id, kind=kind, year=year, created_by=actor, created_at=db_now()
    )
    audit.record(actor=actor, action="reporting.report.create", obj=report, after=_facts(report))
    return report


@transaction.atomic
def report_update_text(
    *, actor: Any, role: str | None, report: Report, analysis: str, recommendations: str
) -> Report:
    """The free-text sections, while the report is a draft or under review."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_editor(actor, role, report.agency_id)
    if report.state not in EDITABLE:
        raise ReportingError(
            "REPORT_FROZEN", _("Laporan yang sudah disetujui tidak dapat diubah; buat koreksi.")
        )
    before = {"analysis": report.analysis, "recommendations": report.recommendations}
    report.analysis, report.recommendations = analysis.strip(), recommendations.strip()
    report.save(update_fields=["analysis", "recommendations"])
    after = {"analysis": report.analysis, "recommendations": report.recommendations}
    audit.record(actor=actor, action="reporting.report.text", obj=report, before=before, after=after)
    return report


@transaction.atomic
def report_transition(
    *,
    actor: Any,
    role: str | None,
    report: Report,
    action: str,
    submitted_on: Any = None,
    submitted_to: str = "",
) -> Report:
    """Review, return, approve (freeze the figures and queue the PDF and XLSX) or record the submission."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_editor(actor, role, report.agency_id)
    row = transition(report.state, action, role)
    before = _facts(report)
    now = db_now()
    fields = ["state"]
    if action == Action.REVIEW:
        report.reviewed_by, report.reviewed_at = actor, now
        fields += ["reviewed_by", "reviewed_at"]
    elif action == Action.APPROVE:
        report.snapshot = sections.freeze(compute_sections(actor=actor, role=role, report=report))
        report.approved_by, report.approved_at = actor, now
        report.build_status, report.build_progress, report.build_error = BuildStatus.QUEUED, 0, ""
        fields += ["snapshot", "approved_by", "approved_at", "build_status", "build_progress", "build_error"]
    elif action == Action.SUBMIT:
        if submitted_on is None or not submitted_to.strip():
            raise ReportingError("SUBMISSION_INCOMPLETE", _("Isi tanggal penyampaian dan penerima laporan."))
        report.submitted_on, report.submitted_to = submitted_on, submitted_to.strip()
        fields += ["submitted_on", "submitted_to"]
    report.state = row.to
    report.save(update_fields=fields)
    after = {**_facts(report), "submitted_on": submitted_on, "submitted_to": report.submitted_to}
    audit.record(
        actor=actor, action=f"reporting.report.{action.lower()}", obj=report, before=before, after=after
    )
    if action == Action.APPROVE:
        _queue_build(report.pk)
    return report


def _queue_build(report_id: int) -> None:
    from .tasks import build_report_files

    transaction.on_commit(lambda: build_report_files.enqueue(report_id))


@transaction.atomic
def report_rebuild(*, actor: Any, role: str | None, report: Report) -> Report:
    """Queue the files of an approved report again after a failed build."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_editor(actor, role, report.agency_id)
    if report.state not in FROZEN or report.build_status != BuildStatus.FAILED:
        raise ReportingError("BUILD_NOT_FAILED", _("Berkas laporan tidak perlu dibuat ulang."))
    report.build_status, report.build_progress, report.build_error = BuildStatus.QUEUED, 0, ""
    report.save(update_fields=["build_status", "build_progress", "build_error"])
    audit.record(actor=actor, action="reporting.report.rebuild", obj=report, after=_facts(report))
    _queue_build(report.pk)
    return report


@transaction.atomic
def report_correct(*, actor: Any, role: str | None, report: Report, reason: str) -> Report:
    """A correction of an approved (or submitted) report: a new version, a draft again, with the text copied;
    the approved version and its files stay as they were."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _ensure_editor(actor, role, report.agency_id)
    if report.state not in FROZEN:
        raise ReportingError("REPORT_NOT_FROZEN", _("Hanya laporan yang sudah disetujui yang dikoreksi."))
    if selectors.has_correction(report):
        raise ReportingError("CORRECTION_EXISTS", _("Versi ini sudah memiliki koreksi."))
    if not reason.strip():
        raise ReportingError("REASON_REQUIRED", _("Tuliskan alasan koreksi."))
    new = Report.objects.create(
        agency_id=report.agency_id,
        kind=report.kind,
        year=report.year,
        version=report.version + 1,
        previous=report,
        correction_reason=reason.strip(),
        analysis=report.analysis,
        recommendations=report.recommendations,
        created_by=actor,
        created_at=db_now(),
    )
    audit.record(
        actor=actor,
        action="reporting.report.correct",
        obj=new,
        after={**_facts(new), "previous_id": report.pk, "reason": new.correction_reason},
    )
    return new


def _set_progress(report_id: int, status: str, progress: int, error: str = "") -> None:
    Report.objects.filter(pk=report_id).update(
        build_status=status, build_progress=progress, build_error=error
    )


def report_build_files(*, report_id: int) -> Report:
    """Build and store the PDF and XLSX of an approved report from its frozen figures, and record their SHA-256
    in the audit chain (run by the background task; the approver is the actor of the event)."""
    from . import exports, pdf

    _set_progress(report_id, BuildStatus.RUNNING, 10)
    try:
        report = Report.objects.select_related("agency", "approved_by", "previous").get(pk=report_id)
        frozen = sections.thaw(report.snapshot or [])
        pdf_bytes = pdf.render_pdf(pdf.report_html(report, frozen))
        _set_progress(report_id, BuildStatus.RUNNING, 60)
        xlsx = exports.xlsx_bytes(
            [*frozen, _text_section(report)], heading=f"{pdf.title_of(report)} – {report.agency.name}"
        )
        _set_progress(report_id, BuildStatus.RUNNING, 80)
    except Exception as exc:  # noqa: BLE001 - the page shows the failure; the approver can queue it again
        _set_progress(report_id, BuildStatus.FAILED, 0, str(exc)[:500])
        raise
    return _store_files(report_id, pdf_bytes, xlsx)


def _text_section(report: Report) -> dict[str, Any]:
    return {
        "key": "text",
        "title": "Analisis dan rekomendasi",
        "tables": [
            {
                "title": "Analisis dan rekomendasi",
                "columns": [{"label": "Bagian", "kind": "text"}, {"label": "Isi", "kind": "text"}],
                "rows": [["Analisis", report.analysis], ["Rekomendasi", report.recommendations]],
                "chart": None,
            }
        ],
    }


@transaction.atomic
def _store_files(report_id: int, pdf_bytes: bytes, xlsx: bytes) -> Report:
    report = Report.objects.select_for_update().get(pk=report_id)
    stem = f"laporan-ukpbj-{report.year}-{report.kind.lower()}-v{report.version}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    report.pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    report.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
    report.build_status, report.build_progress, report.build_error = BuildStatus.DONE, 100, ""
    report.save(
        update_fields=[
            "pdf",
            "xlsx",
            "pdf_sha256",
            "xlsx_sha256",
            "build_status",
            "build_progress",
            "build_error",
        ]
    )
    audit.record(
        actor=report.approved_by,
        action="reporting.report.files",
        obj=report,
        after={
            **_facts(report),
            "pdf": report.pdf.name,
            "pdf_sha256": report.pdf_sha256,
            "xlsx": report.xlsx.name,
            "xlsx_sha256": report.xlsx_sha256,
        },
    )
    return report


__all__ = [
    "ReportState",
    "compute_sections",
    "report_build_files",
    "report_correct",
    "report_create",
    "report_rebuild",
    "report_transition",
    "report_update_text",
]
