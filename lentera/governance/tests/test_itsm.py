"""The ITSM registers of the LPSE standards (assets, change requests, capacity log): rules named after their
functions, the change lifecycle and its approval, the pages, the API, the XLSX and the access matrix."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from lentera.accounts.tests.factories import user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.itsm import rules, selectors, services, states
from lentera.governance.itsm.models import Asset, CapacityRecord, ChangeRequest
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .matrix import api

BASE = "/api/v1/governance"
EDITORS = frozenset(selectors.EDITOR_ROLES)
READERS = frozenset(selectors.READER_ROLES)
D = dt.date


def _code(call) -> str:
    with pytest.raises(GovernanceError) as e:
        call()
    return e.value.code


@pytest.fixture
def kasubag(ukpbj):
    return user_with_role(Role.KASUBAG_LPSE, work_unit=ukpbj)


@pytest.fixture
def admin(ukpbj):
    return user_with_role(Role.ADMIN_UKPBJ, work_unit=ukpbj)


@pytest.fixture
def server(at_setup, kasubag, ukpbj):
    return services.asset_record(
        actor=kasubag, agency=ukpbj.agency, code="SRV-01", name="Server SPSE produksi", kind="HARDWARE",
        owner=kasubag, location="Ruang server", confidentiality=3, integrity=3, availability=3,
    )  # fmt: skip


def _change(actor, agency, **kw):
    values = {"title": "Pembaruan SPSE 4.5", "kind": "NORMAL", "description": "Versi baru", "reason": "Instruksi LKPP",
              "test_plan": "Uji di server staging", "rollback_plan": "Pulihkan snapshot"}  # fmt: skip
    return services.change_request(actor=actor, agency=agency, **values | kw)


def test_asset_value_sums_cia_with_bands():
    on = D(2026, 7, 3)
    assert rules.asset_value(confidentiality=3, integrity=3, availability=3, on=on) == (9, "HIGH")
    assert rules.asset_value(confidentiality=2, integrity=2, availability=1, on=on) == (5, "MEDIUM")
    assert rules.asset_value(confidentiality=1, integrity=1, availability=2, on=on) == (4, "LOW")
    assert _code(lambda: rules.asset_value(confidentiality=4, integrity=1, availability=1, on=on)) == (
        "ASSET_RATING_INVALID"
    )


def test_check_change_plan_needs_test_and_rollback():
    rules.check_change_plan(kind="EMERGENCY", test_plan="uji", rollback_plan="balik")
    assert _code(lambda: rules.check_change_plan(kind="NORMAL", test_plan=" ", rollback_plan="x")) == (
        "CHANGE_PLAN_REQUIRED"
    )
    assert (
        _code(lambda: rules.check_change_plan(kind="X", test_plan="a", rollback_plan="b"))
        == "CHANGE_KIND_UNKNOWN"
    )


def test_check_change_approver_role_and_not_the_requester():
    rules.check_change_approver(is_approver=True, approver_id=2, requester_id=1)
    assert _code(lambda: rules.check_change_approver(is_approver=False, approver_id=2, requester_id=1)) == (
        "CHANGE_APPROVER_REQUIRED"
    )
    assert _code(lambda: rules.check_change_approver(is_approver=True, approver_id=1, requester_id=1)) == (
        "CHANGE_SELF_APPROVAL"
    )


def test_check_capacity_record_percentages_day_and_follow_up():
    ok = {"utilisation_pct": Decimal("60"), "forecast_pct": Decimal("75"), "measured_on": D(2026, 7, 1),
          "today": D(2026, 7, 3), "follow_up": ""}  # fmt: skip
    rules.check_capacity_record(**ok)
    assert (
        _code(lambda: rules.check_capacity_record(**ok | {"forecast_pct": Decimal("101")}))
        == "CAPACITY_PCT_INVALID"
    )
    assert (
        _code(lambda: rules.check_capacity_record(**ok | {"measured_on": D(2026, 7, 4)}))
        == "CAPACITY_DATE_FUTURE"
    )
    assert _code(lambda: rules.check_capacity_record(**ok | {"forecast_pct": Decimal("90")})) == (
        "CAPACITY_FOLLOW_UP_REQUIRED"
    )
    rules.check_capacity_record(**ok | {"forecast_pct": Decimal("90"), "follow_up": "Tambah memori"})


def test_capacity_status_against_the_thresholds():
    on = D(2026, 7, 3)
    assert rules.capacity_status(utilisation_pct=Decimal("50"), forecast_pct=Decimal("69.9"), on=on) == "OK"
    assert rules.capacity_status(utilisation_pct=Decimal("70"), forecast_pct=Decimal("20"), on=on) == "WATCH"
    assert rules.capacity_status(utilisation_pct=Decimal("60"), forecast_pct=Decimal("85"), on=on) == "ACT"


def test_capacity_thresholds_dated_rule_data():
    limits = rules.capacity_thresholds(D(2026, 7, 3))
    assert (limits.watch_from, limits.act_from) == (
        Decimal("70"),
        Decimal("85"),
    ) and "Kebijakan Lentera" in limits.citation


def test_change_lifecycle_normal_and_emergency(server, kasubag, admin, head, ukpbj):
    change = _change(admin, ukpbj.agency, asset=server)
    act = services.change_act
    assert (
        _code(lambda: act(actor=kasubag, change=change, action="APPROVE", note="ok"))
        == "TRANSITION_NOT_ALLOWED"
    )
    act(actor=admin, change=change, action="EVALUATE", note="Dampak kecil, di luar jam layanan")
    assert (
        _code(lambda: act(actor=admin, change=change, action="APPROVE", note="ok"))
        == "CHANGE_APPROVER_REQUIRED"
    )
    own = _change(kasubag, ukpbj.agency)
    act(actor=kasubag, change=own, action="EVALUATE", note="e")
    assert (
        _code(lambda: act(actor=kasubag, change=own, action="APPROVE", note="ok")) == "CHANGE_SELF_APPROVAL"
    )
    act(actor=kasubag, change=change, action="APPROVE", note="Disetujui, Sabtu malam")
    assert _code(lambda: act(actor=admin, change=change, action="REVIEW", note="x", successful=True)) == (
        "TRANSITION_NOT_ALLOWED"
    )
    act(actor=admin, change=change, action="IMPLEMENT", note="Terpasang 23.00")
    assert _code(lambda: act(actor=admin, change=change, action="REVIEW", note="x")) == "RESULT_REQUIRED"
    done = act(actor=admin, change=change, action="REVIEW", note="Layanan normal", successful=True)
    assert (done.status, done.successful, done.decided_by_id) == ("REVIEWED", True, kasubag.pk)
    urgent = _change(admin, ukpbj.agency, kind="EMERGENCY", title="Tambal celah keamanan")
    assert act(actor=head, change=urgent, action="APPROVE", note="Segera").status == "APPROVED"
    normal = _change(admin, ukpbj.agency)
    assert (
        _code(lambda: act(actor=head, change=normal, action="APPROVE", note="x")) == "TRANSITION_NOT_ALLOWED"
    )
    act(actor=head, change=own, action="REJECT", note="Tidak perlu")
    assert ChangeRequest.objects.get(pk=own.pk).status == "REJECTED"
    assert states.allowed_actions("REJECTED", "NORMAL") == []
    actions = list(
        AuditEvent.objects.filter(action__startswith="governance.change.").values_list("action", flat=True)
    )
    assert actions.count("governance.change.request") == 4 and "governance.change.review" in actions


def test_assets_and_capacity_scope_and_codes(server, kasubag, ukpbj):
    assert _code(lambda: services.asset_record(
        actor=kasubag, agency=ukpbj.agency, code="srv-01", name="x", kind="HARDWARE", owner=kasubag, location="x",
        confidentiality=1, integrity=1, availability=1)) == "ASSET_CODE_TAKEN"  # fmt: skip
    other = user_with_role(Role.KASUBAG_LPSE)
    assert _code(lambda: _change(other, ukpbj.agency)) == "OUT_OF_SCOPE"
    row = services.capacity_record(
        actor=kasubag, agency=ukpbj.agency, resource_kind="STORAGE", resource="Disk data SPSE", asset=server,
        measured_on=D(2026, 7, 3), utilisation_pct=Decimal("88"), forecast_pct=Decimal("93"), condition="FAIR",
        follow_up="Tambah disk 2 TB",
    )  # fmt: skip
    assert row.asset_id == server.pk
    assert _code(lambda: services.capacity_record(
        actor=kasubag, agency=ukpbj.agency, resource_kind="STORAGE", resource="Disk", measured_on=D(2026, 7, 4),
        utilisation_pct=Decimal("1"), forecast_pct=Decimal("1"), condition="GOOD")) == "CAPACITY_DATE_FUTURE"  # fmt: skip


def test_web_registers_reachable_and_working(server, kasubag, admin, ukpbj):
    q = f"?instansi={ukpbj.agency_id}"
    client = login_client(admin, Role.ADMIN_UKPBJ)
    register = client.get(reverse("governance:standard_register") + q).content.decode()
    for name in ("asset_register", "change_list", "capacity_log"):
        assert reverse(f"governance:{name}") in register
    page = client.get(reverse("governance:asset_register") + q).content.decode()
    assert "SRV-01" in page and "9 (Tinggi)" in page and "asset-create" in page
    data = {"instansi": ukpbj.agency_id, "code": "APP-01", "name": "Aplikasi SPSE", "kind": "SOFTWARE",
            "owner": kasubag.pk, "location": "Server SPSE", "confidentiality": "2", "integrity": "3",
            "availability": "2"}  # fmt: skip
    assert client.post(reverse("governance:asset_create"), data).status_code == 302
    assert Asset.objects.filter(code="APP-01", integrity=3).exists()
    data = {"instansi": ukpbj.agency_id, "title": "Ganti sertifikat TLS", "kind": "NORMAL", "asset": server.pk,
            "description": "d", "reason": "r", "test_plan": "t", "rollback_plan": "b"}  # fmt: skip
    assert client.post(reverse("governance:change_create"), data).status_code == 302
    change = ChangeRequest.objects.get(title="Ganti sertifikat TLS")
    detail = reverse("governance:change_detail", args=[change.pk])
    assert "Ganti sertifikat TLS" in client.get(reverse("governance:change_list") + q).content.decode()
    act = reverse("governance:change_act", args=[change.pk])
    assert client.post(act, {"action": "EVALUATE", "note": "Aman"}).url == detail
    approver = login_client(kasubag, Role.KASUBAG_LPSE)
    approver.post(act, {"action": "APPROVE", "note": "Setuju"})
    assert ChangeRequest.objects.get(pk=change.pk).status == "APPROVED"
    assert "Setuju" in approver.get(detail).content.decode()
    data = {"instansi": ukpbj.agency_id, "resource_kind": "SERVER", "resource": "CPU server SPSE",
            "measured_on": "2026-07-01", "utilisation_pct": "72.5", "forecast_pct": "80", "condition": "GOOD"}  # fmt: skip
    assert client.post(reverse("governance:capacity_create"), data).status_code == 302
    page = client.get(reverse("governance:capacity_log") + q).content.decode()
    assert "CPU server SPSE" in page and "Diawasi" in page
    book = client.get(reverse("governance:itsm_xlsx") + q)
    wb = load_workbook(io.BytesIO(book.content))
    assert wb.sheetnames == ["Aset", "Permintaan perubahan", "Kapasitas"]
    values = [r for r in wb["Aset"].iter_rows(values_only=True) if r[0] == "SRV-01"][0]
    assert values[5:10] == (3, 3, 3, 9, "Tinggi")
    assert [r for r in wb["Kapasitas"].iter_rows(values_only=True) if r[1] == "CPU server SPSE"][0][
        6
    ] == "Diawasi"


@allowed(
    "GET /api/v1/governance/assets",
    "POST /api/v1/governance/assets",
    "GET /api/v1/governance/change-requests",
    "POST /api/v1/governance/change-requests",
    "GET /api/v1/governance/change-requests/{change_id}",
    "POST /api/v1/governance/change-requests/{change_id}/actions",
    "GET /api/v1/governance/capacity-records",
    "POST /api/v1/governance/capacity-records",
    "GET /api/v1/governance/itsm.xlsx",
)
def test_api_itsm(server, kasubag, admin, ukpbj):
    h, c, agency = api_headers(admin, Role.ADMIN_UKPBJ), Client(), ukpbj.agency_id

    def js(path, body, headers=h):
        return c.post(BASE + path, body, content_type="application/json", **headers)

    body = {"agency_id": agency, "code": "NET-01", "name": "Router", "kind": "NETWORK", "owner_id": kasubag.pk,
            "location": "Ruang server", "confidentiality": 1, "integrity": 2, "availability": 3}  # fmt: skip
    made = js("/assets", body)
    assert made.status_code == 201 and (made.json()["value"], made.json()["band"]) == (6, "MEDIUM")
    assert (
        js("/assets", body | {"code": "X", "availability": 4}).json()["error"]["code"]
        == "ASSET_RATING_INVALID"
    )
    assert [a["code"] for a in c.get(f"{BASE}/assets?agency_id={agency}", **h).json()] == ["NET-01", "SRV-01"]
    body = {"agency_id": agency, "title": "Patch OS", "kind": "NORMAL", "description": "d", "reason": "r",
            "test_plan": "t", "rollback_plan": "b", "asset_id": server.pk}  # fmt: skip
    created = js("/change-requests", body)
    assert created.status_code == 201 and created.json()["next_actions"] == ["EVALUATE"]
    cid = created.json()["id"]
    assert (
        js("/change-requests", body | {"rollback_plan": ""}).json()["error"]["code"] == "CHANGE_PLAN_REQUIRED"
    )
    assert (
        js(f"/change-requests/{cid}/actions", {"action": "EVALUATE", "note": "ok"}).json()["status"]
        == "EVALUATED"
    )
    refused = js(f"/change-requests/{cid}/actions", {"action": "APPROVE", "note": "ok"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "CHANGE_APPROVER_REQUIRED"
    kh = api_headers(kasubag, Role.KASUBAG_LPSE)
    assert (
        js(f"/change-requests/{cid}/actions", {"action": "APPROVE", "note": "ok"}, kh).json()["status"]
        == "APPROVED"
    )
    assert c.get(f"{BASE}/change-requests/{cid}", **h).json()["decided_by_id"] == kasubag.pk
    assert [x["id"] for x in c.get(f"{BASE}/change-requests?agency_id={agency}", **h).json()] == [cid]
    body = {"agency_id": agency, "resource_kind": "NETWORK", "resource": "Bandwidth", "measured_on": "2026-07-02",
            "utilisation_pct": "91", "forecast_pct": "95", "condition": "POOR", "follow_up": "Tambah 50 Mbps"}  # fmt: skip
    row = js("/capacity-records", body)
    assert row.status_code == 201 and row.json()["status"] == "ACT"
    missing = js("/capacity-records", body | {"follow_up": ""})
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "CAPACITY_FOLLOW_UP_REQUIRED"
    assert c.get(f"{BASE}/capacity-records?agency_id={agency}", **h).json()[0]["resource"] == "Bandwidth"
    book = c.get(f"{BASE}/itsm.xlsx?agency_id={agency}", **h)
    assert (
        book.status_code == 200
        and load_workbook(io.BytesIO(book.content)).sheetnames[1] == "Permintaan perubahan"
    )


@denied(
    "GET /api/v1/governance/assets",
    "POST /api/v1/governance/assets",
    "GET /api/v1/governance/change-requests",
    "POST /api/v1/governance/change-requests",
    "GET /api/v1/governance/change-requests/{change_id}",
    "POST /api/v1/governance/change-requests/{change_id}/actions",
    "GET /api/v1/governance/capacity-records",
    "POST /api/v1/governance/capacity-records",
    "GET /api/v1/governance/itsm.xlsx",
)
def test_itsm_pages_and_operations_follow_the_matrix(server, admin, ukpbj, same_agency_users):
    agency = ukpbj.agency_id
    change = _change(admin, ukpbj.agency)
    cid, q = change.pk, f"?instansi={agency}"

    def get(name, *args, query=""):
        url = reverse(f"governance:{name}", args=args) + query
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.post(url, data or {"instansi": agency})

    bad_asset = {"agency_id": agency, "code": "Z", "name": "z", "kind": "HARDWARE", "owner_id": admin.pk,
                 "location": "x", "confidentiality": 9, "integrity": 1, "availability": 1}  # fmt: skip
    bad_change = {"agency_id": agency, "title": "t", "kind": "NORMAL", "description": "d", "reason": "r",
                  "test_plan": "", "rollback_plan": ""}  # fmt: skip
    bad_capacity = {"agency_id": agency, "resource_kind": "SERVER", "resource": "r", "measured_on": "2030-01-01",
                    "utilisation_pct": "1", "forecast_pct": "1", "condition": "GOOD"}  # fmt: skip
    actions = [
        Action("asset_register.get", READERS, get("asset_register", query=q)),
        Action("asset_create.post", EDITORS, post("asset_create")),
        Action("change_list.get", READERS, get("change_list", query=q)),
        Action("change_create.post", EDITORS, post("change_create")),
        Action("change_detail.get", READERS, get("change_detail", cid)),
        Action("change_act.post", EDITORS, post("change_act", cid, data={"action": "IMPLEMENT", "note": "x"})),
        Action("capacity_log.get", READERS, get("capacity_log", query=q)),
        Action("capacity_create.post", EDITORS, post("capacity_create")),
        Action("itsm_xlsx.get", READERS, get("itsm_xlsx", query=q)),
        Action("api.assets", READERS, api("get", f"/assets?agency_id={agency}"), api=True),
        Action("api.asset_create", EDITORS, api("post", "/assets", bad_asset), api=True),
        Action("api.changes", READERS, api("get", f"/change-requests?agency_id={agency}"), api=True),
        Action("api.change_create", EDITORS, api("post", "/change-requests", bad_change), api=True),
        Action("api.change", READERS, api("get", f"/change-requests/{cid}"), api=True),
        Action("api.change_act", EDITORS, api("post", f"/change-requests/{cid}/actions", {"action": "IMPLEMENT", "note": "x"}), api=True),
        Action("api.capacity", READERS, api("get", f"/capacity-records?agency_id={agency}"), api=True),
        Action("api.capacity_create", EDITORS, api("post", "/capacity-records", bad_capacity), api=True),
        Action("api.xlsx", READERS, api("get", f"/itsm.xlsx?agency_id={agency}"), api=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []
    assert ChangeRequest.objects.get(pk=cid).status == "RECORDED"
    assert CapacityRecord.objects.count() == 0 and Asset.objects.count() == 1


def test_another_agency_cannot_read_or_change_the_itsm_registers(server, admin, ukpbj):
    change = _change(admin, ukpbj.agency)
    other = user_with_role(Role.KASUBAG_LPSE)
    client, h = login_client(other, Role.KASUBAG_LPSE), api_headers(other, Role.KASUBAG_LPSE)
    before = db_fingerprint()
    assert client.get(reverse("governance:change_detail", args=[change.pk])).status_code == 404
    assert (
        client.get(reverse("governance:asset_register") + f"?instansi={ukpbj.agency_id}").status_code == 404
    )
    r = client.post(reverse("governance:change_act", args=[change.pk]), {"action": "EVALUATE", "note": "x"})
    assert r.status_code == 404
    r = Client().post(f"{BASE}/change-requests/{change.pk}/actions", {"action": "EVALUATE", "note": "x"},
                      content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 404
    assert Client().get(f"{BASE}/assets?agency_id={ukpbj.agency_id}", **h).status_code == 404
    assert db_fingerprint() == before
