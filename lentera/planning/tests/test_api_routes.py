"""Each planning API route, called through the API as a role allowed to: the answer and the database show the
effect (#13 item 6). The refused side of every staff route is the access matrix (test_access.py); the public
detail route's refusal is here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role
from lentera.planning import services
from lentera.planning.models import (
    HpsItem,
    Package,
    Pokja,
    ProcurementOfficialRequest,
    RupItem,
    SelectionReport,
)
from lentera.testing import api_call, db_fingerprint

from .factories import build_world, package, pl_package, pokja, rup_item

R = Role
API = "/api/v1/planning"
route = pytest.mark.route


def call(user, role, method, path, body=None):
    return api_call(user, role, method, API + path, body)


@pytest.fixture
def w(db):
    return build_world()


@pytest.fixture
def team(w):
    return pokja(w)


# --- public -----------------------------------------------------------------------------------------------


@route("GET", "/api/v1/planning/rup", allowed=True)
def test_public_rup_search_finds_announced_items_only(w):
    road = rup_item(w, name="Pembangunan Jalan Poros")
    later = rup_item(w, name="Jalan Tahun Depan", year=2027)  # APBD 2027 not agreed: not announced
    response = Client().get(f"{API}/rup?q=jalan")
    assert response.status_code == 200
    codes = {i["code"] for i in response.json()["items"]}
    assert road.code in codes and later.code not in codes


@route("GET", "/api/v1/planning/rup/{code}", allowed=True)
@route("GET", "/api/v1/planning/rup/{code}", denied=True)
def test_public_rup_detail_shows_history_and_hides_unannounced(w):
    item = rup_item(w)
    body = Client().get(f"{API}/rup/{item.code}").json()
    assert body["code"] == item.code and body["name"] == item.name and len(body["history"]) == 1
    hidden = rup_item(w, name="Belum diumumkan", year=2027)
    before = db_fingerprint()
    assert Client().get(f"{API}/rup/{hidden.code}").status_code == 404
    assert db_fingerprint() == before


@route("GET", "/api/v1/planning/packages/public", allowed=True)
def test_public_packages_give_the_hps_total_without_lines(w, team):
    ready = package(w)
    services.package_assign_pokja(actor=w["kepala"], package=ready, pokja=team)
    draft = package(w, ready=False, name="Draf")
    items = Client().get(f"{API}/packages/public").json()["items"]
    by_code = {p["code"]: p for p in items}
    assert ready.code in by_code and draft.code not in by_code
    assert by_code[ready.code]["hps_total"] == str(ready.hps_total)
    assert "hps_items" not in by_code[ready.code]


@route("GET", "/api/v1/planning/calendar/days-off", allowed=True)
def test_days_off_lists_an_added_day(w):
    NonWorkingDay.objects.create(date=dt.date(2026, 3, 20), kind="CUTI_BERSAMA", name="Cuti bersama")
    body = Client().get(f"{API}/calendar/days-off?start=2026-03-01&end=2026-03-31").json()
    assert {"date": "2026-03-20", "name": "Cuti bersama"} in body


@route("GET", "/api/v1/planning/calendar/add-working-days", allowed=True)
def test_add_working_days_skips_the_weekend(w):
    # Friday 2026-03-13 + 1 working day = Monday 2026-03-16
    body = Client().get(f"{API}/calendar/add-working-days?start=2026-03-13&n=1").json()
    assert body["result"] == "2026-03-16"


# --- RUP entry --------------------------------------------------------------------------------------------


@route("POST", "/api/v1/planning/staff/rup", allowed=True)
def test_rup_create_enters_an_item(w):
    body = {
        "work_unit_id": w.dpupr.pk,
        "fiscal_year": 2026,
        "name": "Pengadaan Printer",
        "procurement_type": "GOODS",
        "pagu": "50000000",
        "funding_source": "APBD",
        "planned_method": "PENGADAAN_LANGSUNG",
    }
    response = call(w["ppk"], R.PPK, "post", "/staff/rup", body)
    assert response.status_code == 201
    item = RupItem.objects.get(pk=response.json()["id"])
    assert item.name == "Pengadaan Printer" and item.work_unit == w.dpupr and item.pagu == 50000000


@route("PATCH", "/api/v1/planning/staff/rup/{item_id}", allowed=True)
def test_rup_update_revises_the_item(w):
    item = rup_item(w)
    response = call(w["ppk"], R.PPK, "patch", f"/staff/rup/{item.pk}", {"location": "Desa X", "reason": "r"})
    assert response.status_code == 200 and response.json()["location"] == "Desa X"
    item.refresh_from_db()
    assert item.location == "Desa X"


@route("POST", "/api/v1/planning/staff/rup/{item_id}/cancel", allowed=True)
def test_rup_cancel_cancels_the_item(w):
    item = rup_item(w)
    response = call(w["ppk"], R.PPK, "post", f"/staff/rup/{item.pk}/cancel", {"reason": "Batal"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.cancelled_at is not None


@route("POST", "/api/v1/planning/apbd-agreements", allowed=True)
def test_apbd_agreement_announces_the_years_items(w):
    waiting = rup_item(w, name="Menunggu APBD", year=2027)
    assert waiting.announced_at is None
    body = {"agency_code": w.agency.code, "fiscal_year": 2027}
    response = call(w["sysadmin"], R.SYSADMIN, "post", "/apbd-agreements", body)
    assert response.status_code == 201 and response.json()["announced"] == 1
    waiting.refresh_from_db()
    w.agency.refresh_from_db()
    assert waiting.announced_at is not None and 2027 in w.agency.apbd_agreed_years


# --- packages ---------------------------------------------------------------------------------------------


@route("GET", "/api/v1/planning/staff/rup", allowed=True)
@route("GET", "/api/v1/planning/packages", allowed=True)
def test_staff_lists_hold_my_work_units_items_and_packages(w):
    mine = package(w)
    other = package(w, actor_key="ppk_dinkes", unit=w.dinkes, name="Dinkes")
    items = {i["id"] for i in call(w["ppk"], R.PPK, "get", "/staff/rup").json()}
    assert set(mine.rup_items.values_list("pk", flat=True)) <= items
    assert not set(other.rup_items.values_list("pk", flat=True)) & items
    codes = {p["code"] for p in call(w["ppk"], R.PPK, "get", "/packages").json()}
    assert mine.code in codes and other.code not in codes


@route("POST", "/api/v1/planning/packages", allowed=True)
def test_package_create_makes_a_draft_from_rup_items(w):
    item = rup_item(w)
    response = call(w["ppk"], R.PPK, "post", "/packages", {"rup_item_ids": [item.pk], "name": "Paket A"})
    assert response.status_code == 201
    created = Package.objects.get(pk=response.json()["id"])
    assert created.status == Package.Status.DRAFT and list(created.rup_items.all()) == [item]
    assert created.name == "Paket A" and created.ppk == w["ppk"]


@route("GET", "/api/v1/planning/packages/{package_id}", allowed=True)
def test_package_detail_gives_hps_lines_to_its_ppk(w):
    pkg = package(w)
    body = call(w["ppk"], R.PPK, "get", f"/packages/{pkg.pk}").json()
    assert body["code"] == pkg.code and len(body["hps_items"]) == 1


@route("PATCH", "/api/v1/planning/packages/{package_id}", allowed=True)
def test_package_update_renames_a_draft(w):
    draft = package(w, ready=False)
    response = call(w["ppk"], R.PPK, "patch", f"/packages/{draft.pk}", {"name": "Rehab Gedung"})
    assert response.status_code == 200 and response.json()["name"] == "Rehab Gedung"
    draft.refresh_from_db()
    assert draft.name == "Rehab Gedung"


@route("PUT", "/api/v1/planning/packages/{package_id}/hps", allowed=True)
def test_package_hps_replaces_the_lines(w):
    draft = package(w, ready=False)
    line = {
        "description": "Beton",
        "unit": "m3",
        "quantity": "10",
        "unit_price": "1000000",
        "price_source": "MARKET",
    }
    body = {"hps_set_on": dt.date.today().isoformat(), "lines": [line]}
    response = call(w["ppk"], R.PPK, "put", f"/packages/{draft.pk}/hps", body)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.hps_total == 10000000
    assert list(HpsItem.objects.filter(package=draft).values_list("description", flat=True)) == ["Beton"]


@route("POST", "/api/v1/planning/packages/{package_id}/ready", allowed=True)
def test_package_ready_hands_it_to_the_ukpbj(w):
    draft = package(w, ready=False)
    response = call(w["ppk"], R.PPK, "post", f"/packages/{draft.pk}/ready")
    assert response.status_code == 200 and response.json()["status"] == Package.Status.READY
    draft.refresh_from_db()
    assert draft.status == Package.Status.READY


@route("POST", "/api/v1/planning/packages/{package_id}/officials", allowed=True)
def test_package_officials_names_the_inspector(w):
    pkg = package(w)
    inspector = w["ppk2"]
    response = call(
        w["ppk"], R.PPK, "post", f"/packages/{pkg.pk}/officials", {"inspector": inspector.user_id}
    )
    assert response.status_code == 200 and response.json()["inspector"] == inspector.user_id
    pkg.refresh_from_db()
    assert pkg.inspector == inspector


@route("POST", "/api/v1/planning/packages/{package_id}/ppk", allowed=True)
def test_package_change_ppk_names_another_ppk(w):
    pkg = package(w)
    response = call(w["pa"], R.PA, "post", f"/packages/{pkg.pk}/ppk", {"user_id": w["ppk2"].user_id})
    assert response.status_code == 200 and response.json()["ppk"] == w["ppk2"].user_id
    pkg.refresh_from_db()
    assert pkg.ppk == w["ppk2"]


@route("POST", "/api/v1/planning/packages/{package_id}/assign-pokja", allowed=True)
def test_assign_pokja_gives_the_package_to_the_pokja(w, team):
    pkg = package(w)
    response = call(
        w["kepala"], R.KEPALA_UKPBJ, "post", f"/packages/{pkg.pk}/assign-pokja", {"pokja_id": team.pk}
    )
    assert response.status_code == 200 and response.json()["pokja_id"] == team.pk
    pkg.refresh_from_db()
    assert pkg.pokja == team


@route("POST", "/api/v1/planning/packages/{package_id}/assign-official", allowed=True)
def test_assign_official_gives_a_small_package_to_the_pejabat_pengadaan(w):
    req = services.procurement_official_request_create(actor=w["kpa"], work_unit=w.dinkes, letter_number="1")
    services.procurement_official_assign(
        actor=w["kepala"], request=req, official=w["pokja4"], decree_number="2"
    )
    pl = pl_package(w)
    body = {"user_id": w["pokja4"].user_id}
    response = call(w["kepala"], R.KEPALA_UKPBJ, "post", f"/packages/{pl.pk}/assign-official", body)
    assert response.status_code == 200 and response.json()["procurement_official"] == w["pokja4"].user_id
    pl.refresh_from_db()
    assert pl.procurement_official == w["pokja4"]


# --- Pokja, Pejabat Pengadaan, reports --------------------------------------------------------------------


@route("GET", "/api/v1/planning/pokja", allowed=True)
def test_pokja_list_shows_the_pokja(w, team):
    body = call(w["kepala"], R.KEPALA_UKPBJ, "get", "/pokja").json()
    assert [p["id"] for p in body] == [team.pk] and len(body[0]["members"]) == 3


@route("POST", "/api/v1/planning/pokja", allowed=True)
def test_pokja_form_creates_a_pokja_with_its_members(w):
    members = [{"user_id": w[f"pokja{i}"].user_id} for i in (1, 2, 3)]
    body = {"name": "Pokja 3", "decree_number": "027/11", "members": members}
    response = call(w["kepala"], R.KEPALA_UKPBJ, "post", "/pokja", body)
    assert response.status_code == 201
    formed = Pokja.objects.get(pk=response.json()["id"])
    assert formed.name == "Pokja 3" and formed.members.filter(left_at__isnull=True).count() == 3


@route("GET", "/api/v1/planning/pokja/{pokja_id}", allowed=True)
def test_pokja_detail_shows_members_and_packages(w, team):
    pkg = package(w)
    services.package_assign_pokja(actor=w["kepala"], package=pkg, pokja=team)
    body = call(w["pokja1"], R.POKJA, "get", f"/pokja/{team.pk}").json()
    assert body["package_codes"] == [pkg.code]
    assert {m["user_id"] for m in body["members"]} == {w[f"pokja{i}"].user_id for i in (1, 2, 3)}


@route("POST", "/api/v1/planning/pokja/{pokja_id}/members", allowed=True)
def test_pokja_members_swaps_a_member(w, team):
    body = {
        "decree_number": "027/12",
        "remove": [w["pokja3"].user_id],
        "add": [{"user_id": w["pokja5"].user_id}],
    }
    response = call(w["kepala"], R.KEPALA_UKPBJ, "post", f"/pokja/{team.pk}/members", body)
    assert response.status_code == 200
    current = set(team.members.filter(left_at__isnull=True).values_list("user__user_id", flat=True))
    assert w["pokja5"].user_id in current and w["pokja3"].user_id not in current


@route("POST", "/api/v1/planning/pokja/{pokja_id}/dissolve", allowed=True)
def test_pokja_dissolve_ends_the_pokja(w, team):
    response = call(
        w["kepala"],
        R.KEPALA_UKPBJ,
        "post",
        f"/pokja/{team.pk}/dissolve",
        {"decree_number": "1", "reason": "x"},
    )
    assert response.status_code == 200 and response.json()["dissolved_at"]
    team.refresh_from_db()
    assert team.dissolved_at is not None


@route("GET", "/api/v1/planning/procurement-official-requests", allowed=True)
@route("POST", "/api/v1/planning/procurement-official-requests", allowed=True)
def test_official_request_create_then_listed(w):
    response = call(
        w["kpa"],
        R.KPA,
        "post",
        "/procurement-official-requests",
        {"work_unit_id": w.dinkes.pk, "letter_number": "027/4"},
    )
    assert response.status_code == 201
    req = ProcurementOfficialRequest.objects.get(pk=response.json()["id"])
    assert req.letter_number == "027/4" and req.requested_by == w["kpa"]
    listed = call(w["kepala"], R.KEPALA_UKPBJ, "get", "/procurement-official-requests").json()
    assert [r["id"] for r in listed] == [req.pk]


@route("POST", "/api/v1/planning/procurement-official-requests/{request_id}/assign", allowed=True)
def test_official_request_assign_names_the_official(w):
    req = services.procurement_official_request_create(actor=w["kpa"], work_unit=w.dinkes, letter_number="1")
    body = {"user_id": w["pokja5"].user_id, "decree_number": "027/PP/3"}
    response = call(
        w["kepala"], R.KEPALA_UKPBJ, "post", f"/procurement-official-requests/{req.pk}/assign", body
    )
    assert response.status_code == 200 and response.json()["official"] == w["pokja5"].user_id
    req.refresh_from_db()
    assert req.official == w["pokja5"] and req.decree_number == "027/PP/3"


@route("POST", "/api/v1/planning/procurement-official-requests/{request_id}/reject", allowed=True)
def test_official_request_reject_records_the_note(w):
    req = services.procurement_official_request_create(actor=w["kpa"], work_unit=w.dinkes, letter_number="1")
    response = call(
        w["kepala"],
        R.KEPALA_UKPBJ,
        "post",
        f"/procurement-official-requests/{req.pk}/reject",
        {"note": "Tidak ada"},
    )
    assert response.status_code == 200
    req.refresh_from_db()
    assert req.status == ProcurementOfficialRequest.Status.REJECTED and req.decision_note == "Tidak ada"


@route("POST", "/api/v1/planning/selection-reports", allowed=True)
@route("GET", "/api/v1/planning/selection-reports", allowed=True)
def test_selection_report_submit_then_listed(w, team):
    pkg = package(w)
    services.package_assign_pokja(actor=w["kepala"], package=pkg, pokja=team)
    body = {"package_id": pkg.pk, "outcome": "FAILED", "summary": "Gagal"}
    response = call(w["pokja1"], R.POKJA, "post", "/selection-reports", body)
    assert response.status_code == 201
    report = SelectionReport.objects.get(pk=response.json()["id"])
    assert report.package == pkg and report.outcome == "FAILED" and report.submitted_by == w["pokja1"]
    listed = call(w["kepala"], R.KEPALA_UKPBJ, "get", "/selection-reports").json()
    assert [r["id"] for r in listed] == [report.pk]


@route("POST", "/api/v1/planning/selection-reports/{report_id}/acknowledge", allowed=True)
def test_selection_report_acknowledge_marks_it_read(w, team):
    pkg = package(w)
    services.package_assign_pokja(actor=w["kepala"], package=pkg, pokja=team)
    report = services.selection_report_submit(actor=w["pokja1"], package=pkg, outcome="AWARDED", summary="Ok")
    response = call(w["kepala"], R.KEPALA_UKPBJ, "post", f"/selection-reports/{report.pk}/acknowledge")
    assert response.status_code == 200 and response.json()["acknowledged_at"]
    report.refresh_from_db()
    assert report.acknowledged_at is not None


# --- calendar ---------------------------------------------------------------------------------------------


@route("GET", "/api/v1/planning/calendar/non-working-days", allowed=True)
@route("POST", "/api/v1/planning/calendar/non-working-days", allowed=True)
@route("DELETE", "/api/v1/planning/calendar/non-working-days/{day_id}", allowed=True)
def test_non_working_day_add_list_remove(w):
    body = {"date": "2026-12-24", "kind": "CUTI_BERSAMA", "name": "Cuti"}
    response = call(w["sysadmin"], R.SYSADMIN, "post", "/calendar/non-working-days", body)
    assert response.status_code == 201
    day = NonWorkingDay.objects.get(pk=response.json()["id"])
    assert day.date == dt.date(2026, 12, 24) and day.name == "Cuti"
    listed = call(w["sysadmin"], R.SYSADMIN, "get", "/calendar/non-working-days").json()
    assert [d["id"] for d in listed] == [day.pk]
    assert (
        call(w["sysadmin"], R.SYSADMIN, "delete", f"/calendar/non-working-days/{day.pk}").status_code == 204
    )
    assert not NonWorkingDay.objects.filter(pk=day.pk).exists()
