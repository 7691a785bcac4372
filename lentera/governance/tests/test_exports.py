"""XLSX downloads of the governance registers (governance/exports.py): the workbooks carry real numbers and dates,
the same figures as the pages; every page link and API route follows the register's access matrix."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.governance import exports, services
from lentera.governance.programme import selectors as programme_selectors
from lentera.governance.programme import services as programme_services
from lentera.governance.standards import services as standard_services
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .matrix import api, get

BASE = "/api/v1/governance"
READERS = frozenset(programme_selectors.READER_ROLES)
D = dt.date
ROUTES = (
    "GET /api/v1/governance/decrees.xlsx",
    "GET /api/v1/governance/certificates.xlsx",
    "GET /api/v1/governance/work-programmes/{programme_id}/report.xlsx",
    "GET /api/v1/governance/standards.xlsx",
    "GET /api/v1/governance/risks.xlsx",
)


def _book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content))


def _rows(ws):
    """The data rows under the column labels (the first row whose second cell is filled after a blank row)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if i and not any(rows[i - 1]) and any(r))
    return rows[start], rows[start + 1 :]


@pytest.fixture
def kasubag(ukpbj):
    return user_with_role(Role.KASUBAG_LPSE, work_unit=ukpbj)


@pytest.fixture
def registers(at_setup, head, kasubag, ukpbj, team_decree):
    services.appointment_create(
        actor=head, decree=team_decree, person=kasubag, position="LPSE_MEMBER", lpse_field="SYSTEM", role="",
        work_unit=None,
    )  # fmt: skip
    services.certificate_record(
        actor=head, agency=ukpbj.agency, person=kasubag, level="BASIC", number="PBJ-001",
        issued_on=D(2024, 1, 10), expires_on=D(2026, 8, 1),
    )  # fmt: skip
    programme = programme_services.programme_create(
        actor=kasubag,
        agency=ukpbj.agency,
        year=2026,
        title="Program Kerja LPSE 2026",
        team_decree=team_decree,
    )
    activity = programme_services.activity_add(
        actor=kasubag, programme=programme, name="Pelatihan SPSE", target="Penyedia terlatih", target_quantity=4,
        unit="angkatan", budget=Decimal("20000000"), planned_start=D(2026, 2, 1), planned_end=D(2026, 11, 30),
        person_in_charge=kasubag, lpse_field="SERVICE",
    )  # fmt: skip
    programme_services.realisation_record(
        actor=kasubag, activity=activity, realised_on=D(2026, 3, 10), quantity=1, spent=Decimal("5000000"),
        note="Angkatan I",
    )  # fmt: skip
    standard_services.risk_record(
        actor=kasubag, agency=ukpbj.agency, threat="Server mati", vulnerability="Satu catu daya", likelihood=3,
        impact=5, treatment="UPS", owner=kasubag, review_on=D(2026, 12, 1),
    )  # fmt: skip
    return programme


def test_workbook_keeps_numbers_dates_and_formats():
    sheet = exports.Sheet(
        "A/B: uji",
        [exports.Column("Nama"), exports.Column("Rp", "money"), exports.Column("Tanggal", "date")],
        [["x", Decimal("1500000.50"), D(2026, 7, 3)]],
    )
    wb = load_workbook(io.BytesIO(exports.workbook([sheet, sheet])))
    assert wb.sheetnames == ["A B  uji", "A B  uji 2"]
    ws = wb.worksheets[0]
    labels, rows = _rows(ws)
    assert labels == ["Nama", "Rp", "Tanggal"]
    assert rows[0][1] == 1500000.5 and rows[0][2] == dt.datetime(2026, 7, 3)
    assert ws.cell(row=4, column=2).number_format == "#,##0"


def test_web_exports_carry_the_register_figures(registers, head, kasubag, ukpbj):
    client = login_client(head, Role.KEPALA_UKPBJ)
    page = client.get(reverse("governance:decree_list")).content.decode()
    assert reverse("governance:decree_list_xlsx") in page
    wb = _book(client.get(reverse("governance:decree_list_xlsx")))
    labels, rows = _rows(wb["Daftar SK"])
    assert labels[1] == "Nomor" and rows[0][1] == "188.45/001/KEP-BUP/2026" and rows[0][7] == "Berlaku"
    assert rows[0][4] == dt.datetime(2026, 1, 2)
    _, appointed = _rows(wb["Penunjukan"])
    assert appointed == [
        ["188.45/001/KEP-BUP/2026", kasubag.full_name, "Anggota bidang Tim Pengelolaan LPSE",
         "Administrasi sistem (PPE)", None, None]
    ]  # fmt: skip

    assert (
        reverse("governance:certificate_list_xlsx")
        in client.get(reverse("governance:certificate_list")).content.decode()
    )
    wb = _book(client.get(reverse("governance:certificate_list_xlsx")))
    _, rows = _rows(wb["Sertifikat PBJ"])
    assert rows[0][3] == "PBJ-001" and rows[0][6] == 29 and rows[0][7] == "Habis dalam 29 hari"

    detail = reverse("governance:programme_detail", args=[registers.pk])
    url = reverse("governance:programme_report_xlsx", args=[registers.pk])
    assert url in client.get(detail).content.decode()
    wb = _book(client.get(url + "?dari=2026-01-01&sampai=2026-06-30"))
    assert wb.sheetnames == ["Ringkasan", "Kegiatan", "Realisasi periode"]
    _, summary = _rows(wb["Ringkasan"])
    assert summary[0] == ["Pagu seluruh kegiatan", 20000000] and summary[3] == ["Penyerapan anggaran (%)", 25]
    _, acts = _rows(wb["Kegiatan"])
    assert (
        acts[0][0] == "Pelatihan SPSE"
        and acts[0][11] == 5000000
        and acts[0][12] == 25
        and acts[0][14] == "Berjalan"
    )
    _, done = _rows(wb["Realisasi periode"])
    assert done == [["Pelatihan SPSE", dt.datetime(2026, 3, 10), 1, 5000000, "Angkatan I"]]
    refused = client.get(url + "?dari=2025-01-01&sampai=2026-06-30")
    assert refused.status_code == 302 and refused.url == detail

    agency = f"?instansi={ukpbj.agency_id}"
    assert "standards-xlsx" in client.get(reverse("governance:standard_register") + agency).content.decode()
    _, rows = _rows(
        _book(client.get(reverse("governance:standard_register_xlsx") + agency))["17 standar LPSE"]
    )
    assert len(rows) == 17 and rows[0][0] == 1 and rows[0][2] == "Belum dinilai"
    assert "risks-xlsx" in client.get(reverse("governance:risk_register") + agency).content.decode()
    _, rows = _rows(_book(client.get(reverse("governance:risk_register_xlsx") + agency))["Risiko"])
    assert rows[0][:6] == ["Server mati", "Satu catu daya", 3, 5, 15, "Tinggi"]


@allowed(*ROUTES)
def test_api_exports(registers, ukpbj):
    auditor = user_with_role(Role.AUDITOR)
    h, c = api_headers(auditor, Role.AUDITOR), Client()
    _, rows = _rows(_book(c.get(BASE + "/decrees.xlsx", **h))["Daftar SK"])
    assert [r[1] for r in rows] == ["188.45/001/KEP-BUP/2026"]
    _, rows = _rows(_book(c.get(BASE + "/certificates.xlsx", **h))["Sertifikat PBJ"])
    assert rows[0][3] == "PBJ-001"
    got = c.get(f"{BASE}/work-programmes/{registers.pk}/report.xlsx?first=2026-03-01&last=2026-03-31", **h)
    assert "20260301-20260331" in got["Content-Disposition"]
    _, acts = _rows(_book(got)["Kegiatan"])
    assert acts[0][8] == 1 and acts[0][9] == 5000000
    bad = c.get(f"{BASE}/work-programmes/{registers.pk}/report.xlsx?first=2025-03-01&last=2026-03-31", **h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "PERIOD_OUTSIDE_YEAR"
    assert (
        len(
            _rows(_book(c.get(f"{BASE}/standards.xlsx?agency_id={ukpbj.agency_id}", **h))["17 standar LPSE"])[
                1
            ]
        )
        == 17
    )
    _, rows = _rows(_book(c.get(f"{BASE}/risks.xlsx?agency_id={ukpbj.agency_id}", **h))["Risiko"])
    assert rows[0][4] == 15


@denied(*ROUTES)
def test_exports_follow_the_matrix(registers, ukpbj, same_agency_users):
    pid, agency = registers.pk, ukpbj.agency_id
    actions = [
        Action("decree_list_xlsx", READERS, get("decree_list_xlsx")),
        Action("certificate_list_xlsx", READERS, get("certificate_list_xlsx")),
        Action("programme_report_xlsx", READERS, get("programme_report_xlsx", pid)),
        Action("standard_register_xlsx", READERS, lambda c, h: c.get(reverse("governance:standard_register_xlsx") + f"?instansi={agency}")),
        Action("risk_register_xlsx", READERS, lambda c, h: c.get(reverse("governance:risk_register_xlsx") + f"?instansi={agency}")),
        Action("api.decrees", READERS, api("get", "/decrees.xlsx"), api=True),
        Action("api.certificates", READERS, api("get", "/certificates.xlsx"), api=True),
        Action("api.report", READERS, api("get", f"/work-programmes/{pid}/report.xlsx"), api=True),
        Action("api.standards", READERS, api("get", f"/standards.xlsx?agency_id={agency}"), api=True),
        Action("api.risks", READERS, api("get", f"/risks.xlsx?agency_id={agency}"), api=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []


def test_another_agency_gets_nothing_of_the_registers(registers, ukpbj):
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, h = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:programme_report_xlsx", args=[registers.pk])).status_code == 404
    assert (
        client.get(reverse("governance:risk_register_xlsx") + f"?instansi={ukpbj.agency_id}").status_code
        == 404
    )
    assert Client().get(f"{BASE}/work-programmes/{registers.pk}/report.xlsx", **h).status_code == 404
    assert _rows(_book(client.get(reverse("governance:decree_list_xlsx")))["Daftar SK"])[1] == []
    assert _rows(_book(Client().get(BASE + "/certificates.xlsx", **h))["Sertifikat PBJ"])[1] == []
    assert db_fingerprint() == before
