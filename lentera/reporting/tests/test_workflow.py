"""The report's workflow (states.TRANSITIONS), the freeze at approval, the files built in the background with their
SHA-256 in the audit chain, corrections as new versions, and the Pasal 26 rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from openpyxl import load_workbook

from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.planning.tests import factories as pf
from lentera.reporting import rules, services, states
from lentera.reporting.errors import ReportingError
from lentera.reporting.models import Report
from lentera.reporting.tests import scenario as sc

K = Role.KEPALA_UKPBJ


def test_report_period_semesters_and_year():
    assert rules.report_period("S1", 2026) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert rules.report_period("S2", 2026) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert rules.report_period("ANNUAL", 2026) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with pytest.raises(ValueError):
        rules.report_period("Q1", 2026)


def test_default_recipient_is_the_minister_through_the_secretary_general():
    assert "Sekretaris Jenderal" in rules.default_recipient(dt.date(2026, 12, 1))


def test_transition_table_refuses_what_it_does_not_name():
    assert states.transition("DRAFT", "REVIEW", Role.ADMIN_UKPBJ).to == "REVIEWED"
    assert states.actions_for("REVIEWED", Role.ADMIN_UKPBJ) == ["RETURN"]
    for state, action, role in (
        ("DRAFT", "APPROVE", K),
        ("REVIEWED", "APPROVE", Role.ADMIN_UKPBJ),
        ("APPROVED", "SUBMIT", Role.ADMIN_UKPBJ),
        ("DRAFT", "REVIEW", Role.AUDITOR),
    ):
        with pytest.raises(ReportingError) as exc:
            states.transition(state, action, role)
        assert exc.value.code == "TRANSITION_NOT_ALLOWED"


def test_approval_freezes_figures_and_builds_files_with_their_hash_in_the_audit_chain(approved):
    assert approved.state == "APPROVED" and approved.snapshot is not None
    assert approved.build_status == "DONE" and approved.build_progress == 100
    pdf_bytes = approved.pdf.read()
    assert pdf_bytes.startswith(b"%PDF")
    approved.xlsx.open("rb")
    xlsx_bytes = approved.xlsx.read()
    assert hashlib.sha256(pdf_bytes).hexdigest() == approved.pdf_sha256
    assert hashlib.sha256(xlsx_bytes).hexdigest() == approved.xlsx_sha256
    event = AuditEvent.objects.filter(action="reporting.report.files", object_id=str(approved.pk)).get()
    assert (
        event.after["pdf_sha256"] == approved.pdf_sha256
        and event.after["xlsx_sha256"] == approved.xlsx_sha256
    )
    wb = load_workbook(io.BytesIO(xlsx_bytes))
    assert len(wb.sheetnames) == 13  # twelve computed sections and the free text
    planning = wb[wb.sheetnames[0]]
    values = [row for row in planning.iter_rows(values_only=True) if row and row[0] == "RUP diumumkan"]
    assert values[0][1] == 4 and values[0][2] == 4500 * sc.M  # a real number, not text


def test_frozen_figures_do_not_move_when_the_data_does(world, approved):
    from lentera.contracts.models import Contract

    before = approved.snapshot
    Contract.objects.filter(pk=world.objects["c1"].pk).update(value=1 * sc.M)
    approved.refresh_from_db()
    assert approved.snapshot == before


def test_frozen_report_refuses_edits_and_is_corrected_by_a_new_version(world, approved):
    with pytest.raises(ReportingError) as exc:
        services.report_update_text(
            actor=world.kepala, role=K, report=approved, analysis="x", recommendations="y"
        )
    assert exc.value.code == "REPORT_FROZEN"
    with pytest.raises(ReportingError):
        services.report_correct(actor=world.kepala, role=K, report=approved, reason=" ")
    v2 = services.report_correct(actor=world.kepala, role=K, report=approved, reason="Salah hitung kontrak")
    assert (v2.version, v2.state, v2.previous_id, v2.analysis) == (2, "DRAFT", approved.pk, "Analisis awal")
    assert v2.snapshot is None and not v2.pdf
    approved.refresh_from_db()
    assert approved.state == "APPROVED" and approved.pdf_sha256
    with pytest.raises(ReportingError) as exc:
        services.report_correct(actor=world.kepala, role=K, report=approved, reason="lagi")
    assert exc.value.code == "CORRECTION_EXISTS"


def test_submission_needs_date_and_recipient(world, approved):
    with pytest.raises(ReportingError) as exc:
        services.report_transition(actor=world.kepala, role=K, report=approved, action="SUBMIT")
    assert exc.value.code == "SUBMISSION_INCOMPLETE"
    done = services.report_transition(
        actor=world.kepala,
        role=K,
        report=approved,
        action="SUBMIT",
        submitted_on=dt.date(2026, 7, 10),
        submitted_to="Menteri Dalam Negeri",
    )
    assert (done.state, done.submitted_on) == ("SUBMITTED", dt.date(2026, 7, 10))
    assert AuditEvent.objects.filter(action="reporting.report.submit", object_id=str(done.pk)).exists()


def test_one_report_per_period_and_only_in_own_instansi(world, report):
    with pytest.raises(ReportingError) as exc:
        services.report_create(
            actor=world.kepala, role=K, agency_id=world.w.agency.pk, kind="S1", year=sc.YEAR
        )
    assert exc.value.code == "REPORT_EXISTS"
    stranger = pf.build_world()["kepala"]
    before = Report.objects.count()
    with pytest.raises(AccessDenied):
        services.report_create(actor=stranger, role=K, agency_id=world.w.agency.pk, kind="S2", year=sc.YEAR)
    with pytest.raises(AccessDenied):
        services.report_update_text(actor=stranger, role=K, report=report, analysis="x", recommendations="")
    with pytest.raises(AccessDenied):
        services.report_create(
            actor=world.w["auditor"], role=Role.AUDITOR, agency_id=world.w.agency.pk, kind="S2", year=sc.YEAR
        )
    assert Report.objects.count() == before


def test_failed_build_is_shown_and_can_be_queued_again(
    world, report, monkeypatch, django_capture_on_commit_callbacks
):
    from lentera.reporting import pdf

    services.report_transition(actor=world.kepala, role=K, report=report, action="REVIEW")
    monkeypatch.setattr(pdf, "render_pdf", lambda html: (_ for _ in ()).throw(RuntimeError("no fonts")))
    with django_capture_on_commit_callbacks(execute=True):  # the task fails; the page shows it
        services.report_transition(actor=world.kepala, role=K, report=report, action="APPROVE")
    report.refresh_from_db()
    assert (report.build_status, report.build_error, report.pdf_sha256) == ("FAILED", "no fonts", "")
    monkeypatch.setattr(pdf, "render_pdf", lambda html: b"%PDF-1.4 test")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_rebuild(actor=world.kepala, role=K, report=report)
    report.refresh_from_db()
    assert report.build_status == "DONE" and report.pdf_sha256 == hashlib.sha256(b"%PDF-1.4 test").hexdigest()
