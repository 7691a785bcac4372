"""The reporting API: the dashboard's figures and the report's workflow, each route allowed and denied."""

from __future__ import annotations

from decimal import Decimal

from lentera.core.roles import Role
from lentera.reporting.models import Report
from lentera.reporting.tests import scenario as sc
from lentera.testing import api_call, db_fingerprint
from lentera.testing_routes import allowed, denied

BASE = "/api/v1/reporting"
K = Role.KEPALA_UKPBJ


@allowed("GET /api/v1/reporting/dashboard")
def test_dashboard_figures(world):
    r = api_call(world.w["auditor"], Role.AUDITOR, "get", f"{BASE}/dashboard?year={sc.YEAR}&semester=2")
    assert r.status_code == 200, r.content
    body = r.json()
    stages = {s["stage"]: (s["count"], Decimal(s["value"]) / sc.M) for s in body["stages"]}
    assert stages == sc.EXPECTED[2]
    assert body["efficiency"]["amended_contracts"] == 0  # c1 was signed in semester 1
    assert {u["label"] for u in body["by_work_unit"]} == {"Dinas PUPR", "Dinas Kesehatan"}
    # judged today (after the scenario's year): r1 and r2 started their selection after the planned start
    late = {t["stage"]: (t["count"], Decimal(str(t["value"])) / sc.M) for t in body["timeliness"]}
    assert late["rup_started_late"] == (2, 3400) and late["overdue_selections"] == (0, 0)
    assert Decimal(str(body["efficiency"]["umk_pct"])) == Decimal("6.7")


@denied("GET /api/v1/reporting/dashboard")
def test_dashboard_refused_to_other_roles(world):
    for user, role in ((world.w["ppk"], Role.PPK), (None, None)):
        before = db_fingerprint()
        r = api_call(user, role, "get", f"{BASE}/dashboard?year={sc.YEAR}")
        assert r.status_code in (401, 403)
        if user is None:
            assert db_fingerprint() == before


@allowed(
    "POST /api/v1/reporting/reports",
    "GET /api/v1/reporting/reports",
    "GET /api/v1/reporting/reports/{report_id}",
    "PUT /api/v1/reporting/reports/{report_id}/text",
    "POST /api/v1/reporting/reports/{report_id}/transitions",
    "POST /api/v1/reporting/reports/{report_id}/corrections",
)
def test_report_workflow_through_the_api(world, django_capture_on_commit_callbacks):
    admin, kepala = world.w["admin_ukpbj"], world.kepala
    created = api_call(admin, Role.ADMIN_UKPBJ, "post", f"{BASE}/reports",
                       {"agency_id": world.w.agency.pk, "kind": "ANNUAL", "year": sc.YEAR})  # fmt: skip
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert [r["id"] for r in api_call(kepala, K, "get", f"{BASE}/reports").json()] == [rid]
    detail = api_call(kepala, K, "get", f"{BASE}/reports/{rid}").json()
    assert detail["state"] == "DRAFT" and detail["sections"][0]["key"] == "planning"
    text = api_call(admin, Role.ADMIN_UKPBJ, "put", f"{BASE}/reports/{rid}/text",
                    {"analysis": "A", "recommendations": "R"})  # fmt: skip
    assert text.json()["analysis"] == "A"
    assert api_call(admin, Role.ADMIN_UKPBJ, "post", f"{BASE}/reports/{rid}/transitions",
                    {"action": "REVIEW"}).json()["state"] == "REVIEWED"  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        approved = api_call(kepala, K, "post", f"{BASE}/reports/{rid}/transitions", {"action": "APPROVE"})
    assert approved.json()["state"] == "APPROVED"
    assert len(Report.objects.get(pk=rid).pdf_sha256) == 64
    v2 = api_call(kepala, K, "post", f"{BASE}/reports/{rid}/corrections", {"reason": "Perbaikan"})
    assert v2.status_code == 201 and v2.json()["version"] == 2 and v2.json()["previous_id"] == rid


@denied(
    "POST /api/v1/reporting/reports",
    "GET /api/v1/reporting/reports",
    "GET /api/v1/reporting/reports/{report_id}",
    "PUT /api/v1/reporting/reports/{report_id}/text",
    "POST /api/v1/reporting/reports/{report_id}/transitions",
    "POST /api/v1/reporting/reports/{report_id}/corrections",
)
def test_report_routes_refused(world, report):
    auditor, ppk = world.w["auditor"], world.w["ppk"]
    rid = report.pk
    calls = [
        (
            auditor,
            Role.AUDITOR,
            "post",
            "/reports",
            {"agency_id": world.w.agency.pk, "kind": "S2", "year": sc.YEAR},
        ),
        (ppk, Role.PPK, "get", "/reports", None),
        (ppk, Role.PPK, "get", f"/reports/{rid}", None),
        (auditor, Role.AUDITOR, "put", f"/reports/{rid}/text", {"analysis": "x", "recommendations": ""}),
        (auditor, Role.AUDITOR, "post", f"/reports/{rid}/transitions", {"action": "REVIEW"}),
        (auditor, Role.AUDITOR, "post", f"/reports/{rid}/corrections", {"reason": "x"}),
    ]
    for user, role, method, path, body in calls:
        r = api_call(user, role, method, BASE + path, body)
        assert r.status_code in (401, 403, 404), (path, r.status_code)
    # the Admin UKPBJ may not approve (403, nothing changes)
    r = api_call(world.w["admin_ukpbj"], Role.ADMIN_UKPBJ, "post", f"{BASE}/reports/{rid}/transitions",
                 {"action": "REVIEW"})  # fmt: skip
    assert r.status_code == 200
    r = api_call(world.w["admin_ukpbj"], Role.ADMIN_UKPBJ, "post", f"{BASE}/reports/{rid}/transitions",
                 {"action": "APPROVE"})  # fmt: skip
    assert r.status_code in (400, 403, 409) and r.json()["error"]["code"] == "TRANSITION_NOT_ALLOWED"
    assert Report.objects.filter(pk=rid, state="REVIEWED", snapshot__isnull=True, approved_at=None).exists()
