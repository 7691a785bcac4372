"""The monitoring and report pages: what the head of the UKPBJ sees and downloads, the drill-down, the report's
page through its workflow, and the role × action matrix (a denied call changes nothing)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lentera.core.menu import entries
from lentera.core.roles import Role
from lentera.reporting.models import Report
from lentera.reporting.tests import scenario as sc
from lentera.testing import Action, login_client, run_matrix

READ = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ, Role.AUDITOR})
EDIT = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})


def _get(client, name, *args, query=""):
    return client.get(reverse(f"reporting:{name}", args=args) + (f"?{query}" if query else ""))


def test_dashboard_shows_the_pipeline_and_drills_down(world):
    c = login_client(world.kepala, Role.KEPALA_UKPBJ)
    page = _get(c, "dashboard", query=f"tahun={sc.YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rp4.500.000.000" in html and "Rp3.200.000.000" in html  # plan and contracts
    assert "75,6" in html  # realisation %
    assert 'role="img"' in html and "<table" in html  # the charts come with their tables
    assert world.w.agency.name in html and "Dinas PUPR" in html
    assert reverse("planning:report_list") in html  # the Pasal 17 reports are linked, not copied
    unit = _get(c, "dashboard", query=f"tahun={sc.YEAR}&satker={world.w.dinkes.pk}").content.decode()
    assert world.objects["p4"].code in unit and world.objects["p1"].code not in unit
    s2 = _get(c, "dashboard", query=f"tahun={sc.YEAR}&semester=2&metode=TENDER").content.decode()
    assert "Rp900.000.000" in s2


def test_downloads_hold_real_numbers(world):
    c = login_client(world.w["auditor"], Role.AUDITOR)
    xlsx = _get(c, "dashboard_download", "xlsx", query=f"tahun={sc.YEAR}&semester=1")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = [
        r for r in wb[wb.sheetnames[0]].iter_rows(values_only=True) if r and r[0] == "Kontrak ditandatangani"
    ]
    assert rows[0][1:3] == (1, 2300 * sc.M)
    text = _get(c, "dashboard_download", "csv", query=f"tahun={sc.YEAR}").content.decode()
    assert ["Kontrak ditandatangani", "2", "3200000000.00"] in list(csv.reader(io.StringIO(text)))
    assert _get(c, "dashboard_download", "pdf").status_code == 404


def test_menu_and_dashboard_link_the_pages(world):
    names = {e.url_name for e in entries("oversight")}
    assert {"reporting:dashboard", "reporting:reports"} <= names
    work = login_client(world.kepala, Role.KEPALA_UKPBJ).get(reverse("accounts:dashboard")).content.decode()
    assert (
        "Monitoring pengadaan: RUP sampai pembayaran" in work and "Laporan UKPBJ menunggu persetujuan" in work
    )
    assert (
        f'href="{reverse("reporting:dashboard")}"' in work
        and f'href="{reverse("reporting:reports")}"' in work
    )
    auditor = (
        login_client(world.w["auditor"], Role.AUDITOR).get(reverse("accounts:dashboard")).content.decode()
    )
    assert "Monitoring pengadaan: RUP sampai pembayaran" in auditor and "menunggu persetujuan" not in auditor


def test_report_page_through_its_workflow(world, django_capture_on_commit_callbacks):
    kepala = login_client(world.kepala, Role.KEPALA_UKPBJ)
    admin = login_client(world.w["admin_ukpbj"], Role.ADMIN_UKPBJ)
    created = admin.post(
        reverse("reporting:report_create"), {"kind": "S1", "year": sc.YEAR, "agency": world.w.agency.pk}
    )
    report = Report.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse(
        "reporting:report_detail", args=[report.pk]
    )
    page = _get(admin, "report_detail", report.pk).content.decode()
    assert "Perencanaan dan realisasi" in page and "Rp4.500.000.000" in page and "Sanggah banding" in page
    admin.post(
        reverse("reporting:report_text", args=[report.pk]), {"analysis": "Baik", "recommendations": "Lanjut"}
    )
    admin.post(reverse("reporting:report_action", args=[report.pk, "REVIEW"]))
    # the administrator may not approve: refused, nothing changes
    admin.post(reverse("reporting:report_action", args=[report.pk, "APPROVE"]))
    assert Report.objects.get().state == "REVIEWED"
    with django_capture_on_commit_callbacks(execute=True):
        kepala.post(reverse("reporting:report_action", args=[report.pk, "APPROVE"]))
    report.refresh_from_db()
    assert (report.state, report.analysis, report.build_status) == ("APPROVED", "Baik", "DONE")
    status = _get(kepala, "report_build", report.pk).content.decode()
    assert report.pdf_sha256 in status and "hx-trigger" not in status  # done: no more polling
    pdf = _get(kepala, "report_file", report.pk, "pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    kepala.post(
        reverse("reporting:report_action", args=[report.pk, "SUBMIT"]),
        {"submitted_on": "2026-07-10", "submitted_to": "Menteri Dalam Negeri"},
    )
    assert Report.objects.get(pk=report.pk).state == "SUBMITTED"
    corrected = kepala.post(reverse("reporting:report_correct", args=[report.pk]), {"reason": "Data kontrak"})
    v2 = Report.objects.get(version=2)
    assert corrected["Location"] == reverse("reporting:report_detail", args=[v2.pk])
    assert "Versi ini sudah dikoreksi" in _get(kepala, "report_detail", report.pk).content.decode()


def test_role_action_matrix(world, report, users_by_role):
    """Kepala / Admin UKPBJ and the auditor of the instansi read; only the first two write; every other role and
    anonymous are refused and change nothing."""
    users = {**users_by_role}
    users.update(
        {
            Role.KEPALA_UKPBJ: world.kepala,
            Role.ADMIN_UKPBJ: world.w["admin_ukpbj"],
            Role.AUDITOR: world.w["auditor"],
        }
    )

    def get(name, *args):
        url = reverse(f"reporting:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"reporting:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    pk = report.pk
    actions = [
        Action("dashboard", READ, get("dashboard")),
        Action("dashboard.xlsx", READ, get("dashboard_download", "csv")),
        Action("reports", READ, get("reports")),
        Action("report", READ, get("report_detail", pk)),
        Action("report.build", READ, get("report_build", pk)),
        Action("report.create", EDIT, post("report_create", data={"kind": "ANNUAL", "year": 2030})),
        Action("report.text", EDIT, post("report_text", pk, data={"analysis": "a", "recommendations": "b"})),
        Action("report.correct", EDIT, post("report_correct", pk, data={"reason": "x"})),
        Action("report.rebuild", EDIT, post("report_rebuild", pk)),
    ]
    assert run_matrix(actions, users) == []
    # the auditor reads but cannot move the report: the decorator refuses before the service is called
    auditor = login_client(world.w["auditor"], Role.AUDITOR)
    assert auditor.post(reverse("reporting:report_action", args=[pk, "REVIEW"])).status_code == 403
    assert Report.objects.get(pk=pk).state == "DRAFT"


@pytest.mark.parametrize("role", [Role.KEPALA_UKPBJ, Role.AUDITOR])
def test_another_instansi_gets_404(world, report, role):
    from lentera.planning.tests import factories as pf

    other = pf.build_world()
    user = other["kepala"] if role == Role.KEPALA_UKPBJ else other["auditor"]
    c = login_client(user, role)
    assert _get(c, "report_detail", report.pk).status_code == 404
    assert world.w.agency.name not in _get(c, "dashboard", query=f"tahun={sc.YEAR}").content.decode()


def test_pages_in_english(world, report, settings):
    c = login_client(world.kepala, Role.KEPALA_UKPBJ)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    dash = _get(c, "dashboard", query=f"tahun={sc.YEAR}").content.decode()
    assert "Procurement monitoring, fiscal year 2026" in dash and "Realisation against the plan" in dash
    page = _get(c, "report_detail", report.pk).content.decode()
    assert "Cancelled packages (1 packages)" in page and "Mark as reviewed" in page
