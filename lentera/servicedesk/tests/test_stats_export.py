"""The statistics' p90 of first response and resolution (beside the medians) and the XLSX export (page link and
API), both for the head of the LPSE sub-unit only."""

import io
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lentera.core.roles import Role
from lentera.servicedesk import stats, stats_export
from lentera.testing import api_headers, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied

from .test_satisfaction import _resolved, done, wib  # noqa: F401 - the fixture

XLSX = stats_export.CONTENT_TYPE


def test_p90_beside_the_median(done, provider, officer):  # noqa: F811
    _resolved(
        provider,
        officer,
        created=wib(2026, 7, 3, 9),
        answered=wib(2026, 7, 6, 10),
        resolved=wib(2026, 7, 6, 11),
    )
    july = stats.desk_statistics(2026)["months"][6]
    assert july["median_first_response_hours"] == Decimal("5.0")  # 1 and 9 working hours
    assert july["p90_first_response_hours"] == Decimal("8.2")  # 1 + 0.9 x 8
    assert july["p90_resolution_hours"] == Decimal("9.3")  # 3 + 0.9 x 7
    assert stats._p90([4.0]) == Decimal("4.0") and stats._p90([]) is None
    assert stats.desk_statistics(2026)["months"][5]["p90_resolution_hours"] is None


def _sheet(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    return wb, wb.worksheets[0]


def test_statistics_xlsx_from_the_page(done, kasubag, officer):  # noqa: F811
    head = login_client(kasubag, Role.KASUBAG_LPSE)
    page = head.get(reverse("servicedesk:stats") + "?tahun=2026").content.decode()
    link = reverse("servicedesk:stats_xlsx") + "?tahun=2026"
    assert link in page and "P90 penyelesaian (jam kerja)" in page
    got = head.get(link)
    assert got.status_code == 200 and got["Content-Type"] == XLSX
    assert "statistik-helpdesk-2026.xlsx" in got["Content-Disposition"]
    wb, ws = _sheet(got.content)
    header = [c.value for c in ws[2]]
    assert "P90 tanggapan pertama (jam kerja)" in header and "Di luar lingkup (dirujuk)" in header
    july = [c.value for c in ws[2 + 7]]
    assert july[0] == 7 and july[header.index("Tiket")] == 1  # numbers, not text
    assert [c.value for c in ws[2 + 13]][0] == "Setahun"
    assert len(wb.worksheets) == 2
    assert login_client(officer, Role.HELPDESK).get(link).status_code in (403, 404)


@allowed("GET /api/v1/servicedesk/desk/stats/xlsx")
@denied("GET /api/v1/servicedesk/desk/stats/xlsx")
def test_api_statistics_xlsx(done, kasubag, officer):  # noqa: F811
    head, desk = api_headers(kasubag, Role.KASUBAG_LPSE), api_headers(officer, Role.HELPDESK)
    before = db_fingerprint()
    assert Client().get("/api/v1/servicedesk/desk/stats/xlsx?year=2026", **desk).status_code == 403
    assert db_fingerprint() == before
    got = Client().get("/api/v1/servicedesk/desk/stats/xlsx?year=2026", **head)
    assert got.status_code == 200 and got["Content-Type"] == XLSX
    _wb, ws = _sheet(got.content)
    assert ws.cell(row=1, column=1).value == "Statistik helpdesk 2026"
    p90 = stats.desk_statistics(2026)["total"]
    assert p90["count"] == 1
