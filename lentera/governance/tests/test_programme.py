"""The LPSE team's work programme and activity report (Perbup PPU 2/2021 Pasal 4 huruf b angka 1-2): rules named
after their functions, the report's figures, the page and PDF, the API and the access matrix."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.programme import pdf, rules, selectors, services
from lentera.governance.programme.models import Realisation, WorkProgramme
from lentera.governance.programme.rules import Progress
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .matrix import api, get, post

BASE = "/api/v1/governance"
EDITORS = frozenset(selectors.EDITOR_ROLES)
READERS = frozenset(selectors.READER_ROLES)
D = dt.date


def _code(call) -> str:
    with pytest.raises(GovernanceError) as e:
        call()
    return e.value.code


def test_check_activity_plan_year_dates_target_budget():
    ok = {"year": 2026, "planned_start": D(2026, 2, 1), "planned_end": D(2026, 3, 31), "target_quantity": 4,
          "budget": Decimal("1000")}  # fmt: skip
    rules.check_activity_plan(**ok)
    assert _code(lambda: rules.check_activity_plan(**ok | {"target_quantity": 0})) == "TARGET_REQUIRED"
    assert _code(lambda: rules.check_activity_plan(**ok | {"budget": Decimal("-1")})) == "BUDGET_NEGATIVE"
    bad_order = ok | {"planned_end": D(2026, 1, 31)}
    assert _code(lambda: rules.check_activity_plan(**bad_order)) == "ACTIVITY_PERIOD_INVALID"
    next_year = ok | {"planned_end": D(2027, 1, 5)}
    assert _code(lambda: rules.check_activity_plan(**next_year)) == "ACTIVITY_OUTSIDE_YEAR"


def test_check_realisation_day_year_and_budget_line():
    ok = {"year": 2026, "realised_on": D(2026, 7, 3), "today": D(2026, 7, 3), "spent_before": Decimal("600"),
          "spent": Decimal("400"), "budget": Decimal("1000")}  # fmt: skip
    rules.check_realisation(**ok)  # exactly the budget line
    assert (
        _code(lambda: rules.check_realisation(**ok | {"realised_on": D(2026, 7, 4)})) == "REALISATION_FUTURE"
    )
    last_year = ok | {"realised_on": D(2025, 12, 31)}
    assert _code(lambda: rules.check_realisation(**last_year)) == "REALISATION_OUTSIDE_YEAR"
    assert _code(lambda: rules.check_realisation(**ok | {"spent": Decimal("-1")})) == "SPENT_NEGATIVE"
    with pytest.raises(GovernanceError) as e:
        rules.check_realisation(**ok | {"spent": Decimal("400.01")})
    assert e.value.code == "BUDGET_EXCEEDED" and e.value.status == 409 and "Rp400" in str(e.value)


def test_check_report_period_inside_the_year():
    rules.check_report_period(year=2026, first=D(2026, 1, 1), last=D(2026, 6, 30))
    assert _code(lambda: rules.check_report_period(year=2026, first=D(2026, 7, 1), last=D(2026, 6, 30))) == (
        "PERIOD_INVALID"
    )
    assert _code(lambda: rules.check_report_period(year=2026, first=D(2025, 12, 1), last=D(2026, 1, 31))) == (
        "PERIOD_OUTSIDE_YEAR"
    )


def test_activity_status_against_the_plan():
    plan = {"target_quantity": 4, "planned_start": D(2026, 3, 1), "planned_end": D(2026, 5, 31)}
    assert rules.activity_status(**plan, achieved=0, on=D(2026, 2, 1)) == Progress.PLANNED
    assert rules.activity_status(**plan, achieved=0, on=D(2026, 3, 1)) == Progress.NOT_STARTED
    assert rules.activity_status(**plan, achieved=2, on=D(2026, 5, 31)) == Progress.IN_PROGRESS
    assert rules.activity_status(**plan, achieved=2, on=D(2026, 6, 1)) == Progress.LATE
    assert rules.activity_status(**plan, achieved=5, on=D(2026, 6, 1)) == Progress.DONE


@pytest.fixture
def kasubag(ukpbj):
    return user_with_role(Role.KASUBAG_LPSE, work_unit=ukpbj)


@pytest.fixture
def programme(at_setup, kasubag, ukpbj, team_decree):
    return services.programme_create(
        actor=kasubag,
        agency=ukpbj.agency,
        year=2026,
        title="Program Kerja LPSE 2026",
        team_decree=team_decree,
    )


def _activity(actor, programme, **kw):
    values = {"name": "Pelatihan SPSE penyedia", "target": "Penyedia terlatih", "target_quantity": 4,
              "unit": "angkatan", "budget": Decimal("20000000"), "planned_start": D(2026, 2, 1),
              "planned_end": D(2026, 11, 30), "person_in_charge": actor, "lpse_field": "SERVICE"}  # fmt: skip
    return services.activity_add(actor=actor, programme=programme, **values | kw)


def test_activity_report_figures_for_a_period(programme, kasubag, head):
    training = _activity(kasubag, programme)
    servers = _activity(kasubag, programme, name="Pemeliharaan server", target="Server terpelihara",
                        target_quantity=2, unit="kali", budget=Decimal("5000000"), planned_start=D(2026, 1, 5),
                        planned_end=D(2026, 6, 30), lpse_field="SYSTEM")  # fmt: skip
    _activity(kasubag, programme, name="Sosialisasi SOP", target="SOP tersosialisasi", target_quantity=1,
              unit="kali", budget=Decimal("0"), planned_start=D(2026, 9, 1), planned_end=D(2026, 9, 30))  # fmt: skip
    rec = services.realisation_record
    rec(actor=kasubag, activity=training, realised_on=D(2026, 3, 10), quantity=1, spent=Decimal("5000000"))
    rec(
        actor=head,
        activity=training,
        realised_on=D(2026, 5, 20),
        quantity=1,
        spent=Decimal("4500000"),
        note="B",
    )
    rec(actor=kasubag, activity=servers, realised_on=D(2026, 2, 1), quantity=1, spent=Decimal("2000000"))
    with pytest.raises(GovernanceError) as e:
        rec(
            actor=kasubag,
            activity=servers,
            realised_on=D(2026, 7, 1),
            quantity=1,
            spent=Decimal("3000000.01"),
        )
    assert e.value.code == "BUDGET_EXCEEDED"
    with pytest.raises(GovernanceError) as e:  # the database clock says 3 July 2026
        rec(actor=kasubag, activity=servers, realised_on=D(2026, 7, 4), quantity=1, spent=Decimal("0"))
    assert e.value.code == "REALISATION_FUTURE"
    assert Realisation.objects.count() == 3

    q2 = selectors.activity_report(programme=programme, first=D(2026, 4, 1), last=D(2026, 6, 30))
    by_name = {r.activity.name: r for r in q2.rows}
    t, s = by_name["Pelatihan SPSE penyedia"], by_name["Pemeliharaan server"]
    assert (t.period_quantity, t.period_spent, t.achieved, t.spent) == (
        1,
        Decimal("4500000"),
        2,
        Decimal("9500000"),
    )
    assert [r.note for r in t.realisations] == ["B"]
    assert (t.achievement_pct, t.absorption_pct, t.status) == (
        Decimal("50.0"),
        Decimal("47.5"),
        Progress.IN_PROGRESS,
    )
    assert (s.period_quantity, s.achieved, s.status) == (0, 1, Progress.IN_PROGRESS)  # ends on 30 June
    assert by_name["Sosialisasi SOP"].status == Progress.PLANNED
    assert (q2.budget, q2.period_spent, q2.spent) == (
        Decimal("25000000"),
        Decimal("4500000"),
        Decimal("11500000"),
    )
    assert q2.absorption_pct == Decimal("46.0") and q2.mean_achievement_pct == Decimal("33.3")
    assert q2.status_counts == {"PLANNED": 1, "NOT_STARTED": 0, "IN_PROGRESS": 2, "LATE": 0, "DONE": 0}
    q1 = selectors.activity_report(programme=programme, first=D(2026, 1, 1), last=D(2026, 3, 31))
    assert {r.activity.name: r.achieved for r in q1.rows}["Pelatihan SPSE penyedia"] == 1
    july = selectors.activity_report(programme=programme, first=D(2026, 7, 1), last=D(2026, 7, 31))
    assert {r.activity.name: r.status for r in july.rows}["Pemeliharaan server"] == Progress.LATE
    html = pdf.report_html(q2)
    assert "Laporan Kegiatan Tim Pengelolaan LPSE Tahun 2026" in html and "Rp11.500.000" in html
    assert "Pasal 4 huruf b angka 2" in html and "Berjalan" in html
    actions = list(
        AuditEvent.objects.filter(action__startswith="governance.programme.").values_list("action", flat=True)
    )
    assert actions.count("governance.programme.realisation") == 3 and "governance.programme.create" in actions
    assert actions.count("governance.programme.activity_add") == 3


def test_programme_one_per_year_and_scope(programme, kasubag, ukpbj):
    assert _code(
        lambda: services.programme_create(actor=kasubag, agency=ukpbj.agency, year=2026, title="x")
    ) == ("PROGRAMME_EXISTS")
    other = user_with_role(Role.KASUBAG_LPSE)
    assert _code(lambda: _activity(other, programme)) == "OUT_OF_SCOPE"
    assert _code(lambda: _activity(kasubag, programme, planned_end=D(2027, 1, 10))) == "ACTIVITY_OUTSIDE_YEAR"


def test_web_programme_report_and_pdf(programme, kasubag, ukpbj):
    client = login_client(kasubag, Role.KASUBAG_LPSE)
    page = client.get(reverse("governance:programme_list")).content.decode()
    assert "Program Kerja LPSE 2026" in page and "programme-create" in page
    url = reverse("governance:programme_detail", args=[programme.pk])
    data = {"name": "Bimtek Pokja", "lpse_field": "SERVICE", "target": "Pokja terlatih", "target_quantity": "2",
            "unit": "kali", "budget": "3.000.000", "planned_start": "2026-03-01", "planned_end": "2026-08-31",
            "person_in_charge": kasubag.pk}  # fmt: skip
    assert client.post(reverse("governance:activity_add", args=[programme.pk]), data).url == url
    activity = selectors.activities_of(programme).get()
    assert activity.budget == Decimal("3000000")
    r = client.post(
        reverse("governance:realisation_add", args=[programme.pk]),
        {"activity": activity.pk, "realised_on": "2026-06-15", "quantity": "1", "spent": "1.250.000"},
    )
    assert r.url == url and Realisation.objects.get().spent == Decimal("1250000")
    page = client.get(url + "?dari=2026-04-01&sampai=2026-06-30").content.decode()
    assert "Bimtek Pokja" in page and "Rp1.250.000" in page and "report-pdf" in page
    pdf_url = reverse("governance:programme_report_pdf", args=[programme.pk])
    got = client.get(pdf_url + "?dari=2026-04-01&sampai=2026-06-30")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.content.startswith(b"%PDF") and "20260401-20260630" in got["Content-Disposition"]
    refused = client.get(pdf_url + "?dari=2025-01-01&sampai=2026-06-30")
    assert refused.status_code == 302 and refused.url == url


@allowed(
    "GET /api/v1/governance/work-programmes",
    "POST /api/v1/governance/work-programmes",
    "POST /api/v1/governance/work-programmes/{programme_id}/activities",
    "POST /api/v1/governance/programme-activities/{activity_id}/realisations",
    "GET /api/v1/governance/work-programmes/{programme_id}/report",
)
def test_api_programme_and_report(at_setup, head, ukpbj, team_decree):
    h = api_headers(head, Role.KEPALA_UKPBJ)
    c = Client()

    def js(path, body):
        return c.post(BASE + path, body, content_type="application/json", **h)

    created = js("/work-programmes", {"agency_id": ukpbj.agency_id, "year": 2026, "title": "PK 2026",
                                      "team_decree_id": team_decree.pk})  # fmt: skip
    assert created.status_code == 201 and created.json()["team_decree_id"] == team_decree.pk
    pid = created.json()["id"]
    body = {"name": "Verifikasi penyedia", "target": "Penyedia terverifikasi", "target_quantity": 10, "unit": "penyedia",
            "budget": "1000000", "planned_start": "2026-01-10", "planned_end": "2026-12-20",
            "person_in_charge_id": head.pk, "lpse_field": "REGISTRATION"}  # fmt: skip
    added = js(f"/work-programmes/{pid}/activities", body)
    assert added.status_code == 201 and added.json()["activities"][0]["target_quantity"] == 10
    aid = added.json()["activities"][0]["activity_id"]
    done = js(
        f"/programme-activities/{aid}/realisations",
        {"realised_on": "2026-06-01", "quantity": 4, "spent": "250000"},
    )
    assert done.status_code == 201 and done.json()["quantity"] == 4
    over = js(
        f"/programme-activities/{aid}/realisations",
        {"realised_on": "2026-06-02", "quantity": 1, "spent": "800000"},
    )
    assert over.status_code == 409 and over.json()["error"]["code"] == "BUDGET_EXCEEDED"
    assert [p["id"] for p in c.get(BASE + "/work-programmes", **h).json()] == [pid]
    report = c.get(f"{BASE}/work-programmes/{pid}/report?first=2026-06-01&last=2026-06-30", **h).json()
    row = report["activities"][0]
    assert (row["period_quantity"], row["achievement_pct"], row["status"]) == (4, "40.0", "IN_PROGRESS")
    assert report["spent"] == "250000.00" and report["status_counts"]["IN_PROGRESS"] == 1
    bad = c.get(f"{BASE}/work-programmes/{pid}/report?first=2025-06-01&last=2026-06-30", **h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "PERIOD_OUTSIDE_YEAR"


@denied(
    "GET /api/v1/governance/work-programmes",
    "POST /api/v1/governance/work-programmes",
    "POST /api/v1/governance/work-programmes/{programme_id}/activities",
    "POST /api/v1/governance/programme-activities/{activity_id}/realisations",
    "GET /api/v1/governance/work-programmes/{programme_id}/report",
)
def test_programme_pages_and_operations_follow_the_matrix(programme, kasubag, ukpbj, same_agency_users):
    activity = _activity(kasubag, programme)
    pid, aid, agency = programme.pk, activity.pk, ukpbj.agency_id

    activity_body = {"name": "a", "target": "t", "target_quantity": 1, "unit": "u", "budget": "0",
                     "planned_start": "2026-08-01", "planned_end": "2026-08-02", "person_in_charge_id": kasubag.pk}  # fmt: skip
    actions = [
        Action("programme_list.get", READERS, get("programme_list")),
        Action("programme_create.post", EDITORS, post("programme_create", data={"instansi": agency})),
        Action("programme_detail.get", READERS, get("programme_detail", pid)),
        Action("activity_add.post", EDITORS, post("activity_add", pid)),
        Action("realisation_add.post", EDITORS, post("realisation_add", pid)),
        Action("programme_report_pdf.get", READERS, get("programme_report_pdf", pid)),
        Action("api.programmes", READERS, api("get", "/work-programmes"), api=True),
        Action("api.programme_create", EDITORS, api("post", "/work-programmes", {"agency_id": agency, "year": 2026, "title": "x"}), api=True),
        Action("api.activity", EDITORS, api("post", f"/work-programmes/{pid}/activities", activity_body), api=True),
        Action("api.realisation", EDITORS, api("post", f"/programme-activities/{aid}/realisations", {"realised_on": "2026-07-01", "quantity": 1, "spent": "99999999999"}), api=True),
        Action("api.report", READERS, api("get", f"/work-programmes/{pid}/report"), api=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []


def test_another_agency_cannot_read_or_change_the_programme(programme, kasubag):
    activity = _activity(kasubag, programme)
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, headers = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:programme_detail", args=[programme.pk])).status_code == 404
    assert client.get(reverse("governance:programme_report_pdf", args=[programme.pk])).status_code == 404
    r = client.post(reverse("governance:realisation_add", args=[programme.pk]), {"activity": activity.pk})
    assert r.status_code == 404
    body = {"realised_on": "2026-07-01", "quantity": 1, "spent": "1"}
    r = Client().post(f"{BASE}/programme-activities/{activity.pk}/realisations", body,
                      content_type="application/json", **headers)  # fmt: skip
    assert r.status_code == 404
    assert Client().get(BASE + "/work-programmes", **headers).json() == []
    assert db_fingerprint() == before
    assert WorkProgramme.objects.count() == 1
