"""The role x action matrix for every planning page and API operation (lentera.testing.run_matrix): a role
not allowed is refused and changes nothing; an allowed role is not refused; anonymous is refused unless public."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.models import NonWorkingDay
from lentera.core.roles import Role
from lentera.planning import services
from lentera.planning.models import HpsItem
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

from .factories import build_world, package, pl_package, pokja, rup_item

R = Role
ALL = frozenset(Role.values)
TODAY = dt.date.today().isoformat()


@pytest.fixture
def state(db):
    w = build_world()
    k = pokja(w)  # pokja1..3 now also hold POKJA
    works = package(w)
    services.package_assign_pokja(actor=w["kepala"], package=works, pokja=k)
    ready = package(w, name="Pengadaan Alat Berat")
    draft = package(w, ready=False, name="Rehabilitasi Gedung SDN 3")
    req = services.procurement_official_request_create(
        actor=w["kpa"], work_unit=w.dinkes, letter_number="027/1"
    )
    services.procurement_official_assign(
        actor=w["kepala"], request=req, official=w["pokja4"], decree_number="027/PP"
    )
    pl = pl_package(w)
    services.package_assign_procurement_official(actor=w["kepala"], package=pl, official=w["pokja4"])
    pending = services.procurement_official_request_create(
        actor=w["kpa"], work_unit=w.dinkes, letter_number="027/2"
    )
    report = services.selection_report_submit(
        actor=w["pokja1"], package=works, outcome="AWARDED", summary="Selesai"
    )
    day = NonWorkingDay.objects.create(date=dt.date(2026, 3, 20), kind="CUTI_BERSAMA", name="Cuti bersama")
    item = rup_item(w, name="Pembangunan Jembatan Desa")
    users = {
        R.PA: w["pa"],
        R.KPA: w["kpa"],
        R.PPK: w["ppk"],
        R.POKJA: w["pokja1"],
        R.PROCUREMENT_OFFICIAL: w["pokja4"],
        R.PENGELOLA_PBJ: w["pokja5"],
        R.KEPALA_UKPBJ: w["kepala"],
        R.ADMIN_UKPBJ: w["admin_ukpbj"],
        R.KASUBAG_LPSE: w["kasubag"],
        R.SYSADMIN: w["sysadmin"],
        R.VERIFIKATOR: user_with_role(R.VERIFIKATOR, work_unit=w.lpse),
        R.HELPDESK: user_with_role(R.HELPDESK, work_unit=w.lpse),
        R.TRAINER: user_with_role(R.TRAINER, work_unit=w.lpse),
        R.AUDITOR: w["auditor"],
        R.PENYEDIA: user_with_role(R.PENYEDIA),
    }
    return {
        "w": w,
        "pokja": k,
        "works": works,
        "ready": ready,
        "draft": draft,
        "pl": pl,
        "pending": pending,
        "report": report,
        "day": day,
        "item": item,
        "users": users,
    }


def web(name, allowed, url, method="get", data=None, public=False):
    def call(client, headers):
        if method == "get":
            return client.get(url)
        return client.post(url, data or {})

    return Action(name, frozenset(allowed), call, anonymous_allowed=public, notes={"path": url})


def api(name, allowed, path, method="get", body=None, public=False):
    url = f"/api/v1/planning{path}"

    def call(client, headers):
        if method == "get":
            return client.get(url, **headers)
        data = body(headers.get("HTTP_X_LENTERA_ROLE")) if callable(body) else body
        return getattr(client, method)(
            url, data=json.dumps(data or {}), content_type="application/json", **headers
        )

    return Action(
        name,
        frozenset(allowed),
        call,
        api=True,
        anonymous_allowed=public,
        notes={"path": path, "method": method},
    )


RUP_WRITE = {R.PA, R.KPA, R.PPK}
RUP_READ = RUP_WRITE | {R.KEPALA_UKPBJ, R.ADMIN_UKPBJ, R.AUDITOR}
PKG_READ = RUP_READ | {R.POKJA, R.PROCUREMENT_OFFICIAL}
POKJA_READ = {R.KEPALA_UKPBJ, R.ADMIN_UKPBJ, R.AUDITOR, R.POKJA}
REQ_READ = {R.PA, R.KPA, R.KEPALA_UKPBJ, R.AUDITOR}
REPORT_READ = {R.KEPALA_UKPBJ, R.AUDITOR, R.POKJA, R.PROCUREMENT_OFFICIAL}
CAL = {R.SYSADMIN, R.ADMIN_UKPBJ}
HEAD = {R.KEPALA_UKPBJ}


def u(name, *args):
    return reverse(f"planning:{name}", args=args)


def web_actions(s):
    w, draft, ready, works = s["w"], s["draft"], s["ready"], s["works"]
    rup = {
        "work_unit": w.dpupr.pk,
        "fiscal_year": 2026,
        "name": "Pengadaan Laptop",
        "procurement_type": "GOODS",
        "pagu": "150000000",
        "funding_source": "APBD",
        "planned_method": "PENGADAAN_LANGSUNG",
    }
    member_ids = [w[f"pokja{i}"].pk for i in (1, 2, 3)]
    return [
        web("rup public", ALL, u("rup_public"), public=True),
        web("rup public detail", ALL, u("rup_public_detail", s["item"].code), public=True),
        web("rup manage", RUP_READ, u("rup_manage")),
        web("rup create form", RUP_WRITE, u("rup_create")),
        web("rup create", RUP_WRITE, u("rup_create"), "post", rup),
        web("rup edit form", RUP_WRITE, u("rup_edit", s["item"].pk)),
        web("rup edit", RUP_WRITE, u("rup_edit", s["item"].pk), "post", {**rup, "reason": "Revisi"}),
        web("rup cancel", RUP_WRITE, u("rup_cancel", s["item"].pk), "post", {"reason": "Batal"}),
        web("apbd", {R.SYSADMIN, R.ADMIN_UKPBJ, R.PA}, u("apbd")),
        web("apbd agree", {R.SYSADMIN, R.ADMIN_UKPBJ, R.PA}, u("apbd"), "post", {"fiscal_year": 2027}),
        web("package list", PKG_READ, u("package_list")),
        web("package create form", {R.PPK}, u("package_create")),
        web("package create", {R.PPK}, u("package_create"), "post", {"rup_items": [s["item"].pk]}),
        web("package detail", PKG_READ, u("package_detail", works.pk)),
        web("package edit form", {R.PPK}, u("package_edit", draft.pk)),
        web(
            "package edit",
            {R.PPK},
            u("package_edit", draft.pk),
            "post",
            {"name": "Rehab SDN 3", "method": "TENDER"},
        ),
        web("package hps form", {R.PPK}, u("package_hps", draft.pk)),
        web(
            "package hps",
            {R.PPK},
            u("package_hps", draft.pk),
            "post",
            {
                "hps_set_on": TODAY,
                "hps-TOTAL_FORMS": "1",
                "hps-INITIAL_FORMS": "0",
                "hps-0-description": "Beton",
                "hps-0-unit": "m3",
                "hps-0-quantity": "10",
                "hps-0-unit_price": "1000000",
                "hps-0-price_source": "MARKET",
            },
        ),
        web("package ready", {R.PPK}, u("package_ready", draft.pk), "post"),
        web("package reopen", {R.PPK}, u("package_reopen", ready.pk), "post", {"reason": "Revisi"}),
        web("package cancel", {R.PPK}, u("package_cancel", ready.pk), "post", {"reason": "Batal"}),
        web(
            "package officials",
            {R.PPK},
            u("package_officials", works.pk),
            "post",
            {"inspector": w["ppk2"].pk},
        ),
        web(
            "package change ppk",
            {R.PA, R.KPA},
            u("package_change_ppk", works.pk),
            "post",
            {"ppk": w["ppk2"].pk},
        ),
        web("package assign", HEAD, u("package_assign", ready.pk), "post", {"pokja": s["pokja"].pk}),
        web("report form", {R.POKJA, R.PROCUREMENT_OFFICIAL}, u("report_submit", works.pk)),
        web(
            "report submit",
            {R.POKJA, R.PROCUREMENT_OFFICIAL},
            u("report_submit", works.pk),
            "post",
            {"outcome": "FAILED", "summary": "Gagal"},
        ),
        web("package document", PKG_READ, u("package_document", works.pk, "kak")),
        web("pokja list", POKJA_READ, u("pokja_list")),
        web("pokja create form", HEAD, u("pokja_create")),
        web(
            "pokja create",
            HEAD,
            u("pokja_create"),
            "post",
            {
                "name": "Pokja 2",
                "decree_number": "027/9",
                "decree_date": TODAY,
                "members": member_ids,
                "cert-TOTAL_FORMS": "0",
                "cert-INITIAL_FORMS": "0",
            },
        ),
        web("pokja detail", POKJA_READ, u("pokja_detail", s["pokja"].pk)),
        web(
            "pokja members",
            HEAD,
            u("pokja_members", s["pokja"].pk),
            "post",
            {"decree_number": "027/10", "remove": [w["pokja3"].pk], "add": [w["pokja5"].pk]},
        ),
        web(
            "pokja dissolve",
            HEAD,
            u("pokja_dissolve", s["pokja"].pk),
            "post",
            {"decree_number": "1", "reason": "x"},
        ),
        web("official requests", REQ_READ, u("official_request_list")),
        web(
            "official request create",
            {R.PA, R.KPA},
            u("official_request_create"),
            "post",
            {"work_unit": w.dinkes.pk, "letter_number": "027/3"},
        ),
        web(
            "official request assign",
            HEAD,
            u("official_request_assign", s["pending"].pk),
            "post",
            {"official": w["pokja5"].pk, "decree_number": "027/PP/2"},
        ),
        web(
            "official request reject",
            HEAD,
            u("official_request_reject", s["pending"].pk),
            "post",
            {"reason": "x"},
        ),
        web("reports", REPORT_READ, u("report_list")),
        web("report acknowledge", HEAD, u("report_acknowledge", s["report"].pk), "post"),
        web("calendar", CAL, u("calendar")),
        web(
            "calendar add",
            CAL,
            u("calendar"),
            "post",
            {"date": "2026-12-24", "kind": "CUTI_BERSAMA", "name": "Cuti"},
        ),
        web("calendar remove", CAL, u("calendar_remove", s["day"].pk), "post"),
    ]


def api_actions(s):
    w, draft, ready, works = s["w"], s["draft"], s["ready"], s["works"]
    rup = {
        "work_unit_id": w.dpupr.pk,
        "fiscal_year": 2026,
        "name": "Pengadaan Printer",
        "procurement_type": "GOODS",
        "pagu": "50000000",
        "funding_source": "APBD",
        "planned_method": "PENGADAAN_LANGSUNG",
    }
    line = {
        "description": "Beton",
        "unit": "m3",
        "quantity": "10",
        "unit_price": "1000000",
        "price_source": "MARKET",
    }
    members = [{"user_id": w[f"pokja{i}"].user_id} for i in (1, 2, 3)]
    return [
        api("rup public", ALL, "/rup?q=jalan", public=True),
        api("rup public detail", ALL, f"/rup/{s['item'].code}", public=True),
        api("packages public", ALL, "/packages/public", public=True),
        api("days off", ALL, "/calendar/days-off?start=2026-03-01&end=2026-03-31", public=True),
        api("add working days", ALL, "/calendar/add-working-days?start=2026-03-18&n=1", public=True),
        api("staff rup", RUP_READ, "/staff/rup"),
        # each allowed role enters RUP / asks for a Pejabat Pengadaan for its own work unit
        api(
            "rup create",
            RUP_WRITE,
            "/staff/rup",
            "post",
            lambda role: {**rup, "work_unit_id": (w.dinkes if role == R.KPA else w.dpupr).pk},
        ),
        api(
            "rup update",
            RUP_WRITE,
            f"/staff/rup/{s['item'].pk}",
            "patch",
            {"location": "Desa X", "reason": "r"},
        ),
        api("rup cancel", RUP_WRITE, f"/staff/rup/{s['item'].pk}/cancel", "post", {"reason": "Batal"}),
        api(
            "apbd",
            {R.SYSADMIN, R.ADMIN_UKPBJ, R.PA},
            "/apbd-agreements",
            "post",
            {"agency_code": w.agency.code, "fiscal_year": 2028},
        ),
        api("packages", PKG_READ, "/packages"),
        api("package create", {R.PPK}, "/packages", "post", {"rup_item_ids": [s["item"].pk]}),
        api("package detail", PKG_READ, f"/packages/{works.pk}"),
        api("package update", {R.PPK}, f"/packages/{draft.pk}", "patch", {"name": "Rehab"}),
        api(
            "package hps", {R.PPK}, f"/packages/{draft.pk}/hps", "put", {"hps_set_on": TODAY, "lines": [line]}
        ),
        api("package ready", {R.PPK}, f"/packages/{draft.pk}/ready", "post"),
        api(
            "package officials",
            {R.PPK},
            f"/packages/{works.pk}/officials",
            "post",
            {"inspector": w["ppk2"].user_id},
        ),
        api(
            "package ppk", {R.PA, R.KPA}, f"/packages/{works.pk}/ppk", "post", {"user_id": w["ppk2"].user_id}
        ),
        api("assign pokja", HEAD, f"/packages/{ready.pk}/assign-pokja", "post", {"pokja_id": s["pokja"].pk}),
        api(
            "assign official",
            HEAD,
            f"/packages/{s['pl'].pk}/assign-official",
            "post",
            {"user_id": w["pokja4"].user_id},
        ),
        api("pokja list", POKJA_READ, "/pokja"),
        api(
            "pokja form",
            HEAD,
            "/pokja",
            "post",
            {"name": "Pokja 3", "decree_number": "027/11", "members": members},
        ),
        api("pokja detail", POKJA_READ, f"/pokja/{s['pokja'].pk}"),
        api(
            "pokja members",
            HEAD,
            f"/pokja/{s['pokja'].pk}/members",
            "post",
            {
                "decree_number": "027/12",
                "remove": [w["pokja3"].user_id],
                "add": [{"user_id": w["pokja5"].user_id}],
            },
        ),
        api(
            "pokja dissolve",
            HEAD,
            f"/pokja/{s['pokja'].pk}/dissolve",
            "post",
            {"decree_number": "1", "reason": "x"},
        ),
        api("official requests", REQ_READ, "/procurement-official-requests"),
        api(
            "official request create",
            {R.PA, R.KPA},
            "/procurement-official-requests",
            "post",
            lambda role: {
                "work_unit_id": (w.dpupr if role == R.PA else w.dinkes).pk,
                "letter_number": "027/4",
            },
        ),
        api(
            "official request assign",
            HEAD,
            f"/procurement-official-requests/{s['pending'].pk}/assign",
            "post",
            {"user_id": w["pokja5"].user_id, "decree_number": "027/PP/3"},
        ),
        api(
            "official request reject",
            HEAD,
            f"/procurement-official-requests/{s['pending'].pk}/reject",
            "post",
            {"note": "x"},
        ),
        api("reports", REPORT_READ, "/selection-reports"),
        api(
            "report submit",
            {R.POKJA, R.PROCUREMENT_OFFICIAL},
            "/selection-reports",
            "post",
            {"package_id": works.pk, "outcome": "FAILED", "summary": "Gagal"},
        ),
        api("report acknowledge", HEAD, f"/selection-reports/{s['report'].pk}/acknowledge", "post"),
        api("non-working days", CAL, "/calendar/non-working-days"),
        api(
            "non-working day add",
            CAL,
            "/calendar/non-working-days",
            "post",
            {"date": "2026-12-24", "kind": "CUTI_BERSAMA", "name": "Cuti"},
        ),
        api("non-working day remove", CAL, f"/calendar/non-working-days/{s['day'].pk}", "delete"),
    ]


def test_role_action_matrix_web(state):
    failures = run_matrix(web_actions(state), state["users"])
    assert not failures, "\n".join(failures)


API_ROUTES_REFUSED = [  # each refused in the matrix below, changing nothing (lentera.testing_routes)
    "POST /api/v1/planning/apbd-agreements",
    "POST /api/v1/planning/calendar/non-working-days",
    "GET /api/v1/planning/calendar/non-working-days",
    "DELETE /api/v1/planning/calendar/non-working-days/{day_id}",
    "POST /api/v1/planning/packages",
    "GET /api/v1/planning/packages",
    "GET /api/v1/planning/packages/{package_id}",
    "PATCH /api/v1/planning/packages/{package_id}",
    "POST /api/v1/planning/packages/{package_id}/assign-official",
    "POST /api/v1/planning/packages/{package_id}/assign-pokja",
    "PUT /api/v1/planning/packages/{package_id}/hps",
    "POST /api/v1/planning/packages/{package_id}/officials",
    "POST /api/v1/planning/packages/{package_id}/ppk",
    "POST /api/v1/planning/packages/{package_id}/ready",
    "POST /api/v1/planning/pokja",
    "GET /api/v1/planning/pokja",
    "GET /api/v1/planning/pokja/{pokja_id}",
    "POST /api/v1/planning/pokja/{pokja_id}/dissolve",
    "POST /api/v1/planning/pokja/{pokja_id}/members",
    "POST /api/v1/planning/procurement-official-requests",
    "GET /api/v1/planning/procurement-official-requests",
    "POST /api/v1/planning/procurement-official-requests/{request_id}/assign",
    "POST /api/v1/planning/procurement-official-requests/{request_id}/reject",
    "POST /api/v1/planning/selection-reports",
    "GET /api/v1/planning/selection-reports",
    "POST /api/v1/planning/selection-reports/{report_id}/acknowledge",
    "POST /api/v1/planning/staff/rup",
    "GET /api/v1/planning/staff/rup",
    "PATCH /api/v1/planning/staff/rup/{item_id}",
    "POST /api/v1/planning/staff/rup/{item_id}/cancel",
]


@denied(*API_ROUTES_REFUSED)
def test_role_action_matrix_api(state):
    from django.utils import timezone

    from lentera.accounts.models import ApiToken

    actions, failures = api_actions(state), []
    for start in range(0, len(actions), 15):  # each call mints a token; at most 20 live tokens per person
        ApiToken.objects.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        failures += run_matrix(actions[start : start + 15], state["users"])
    assert not failures, "\n".join(failures)


def test_every_planning_url_and_operation_is_in_the_matrix(state):
    import re

    from django.urls import get_resolver, resolve

    from lentera.core.api import api as ninja_api

    names = {p.name for p in get_resolver().namespace_dict["planning"][1].url_patterns}
    covered = {resolve(a.notes["path"]).url_name for a in web_actions(state)}
    assert names == covered, names ^ covered
    expected = set()
    for prefix, router in ninja_api._routers:
        if prefix.strip("/").startswith("planning"):
            for path, path_view in router.path_operations.items():
                for op in path_view.operations:
                    for method in op.methods:
                        expected.add((path, method.lower()))
    seen = set()
    for action in api_actions(state):
        bare = action.notes["path"].split("?")[0]
        for path, method in expected:
            if method == action.notes["method"] and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", path), bare):
                seen.add((path, method))
    assert expected and seen == expected, expected - seen


def test_allowed_calls_do_their_job(state):
    """Spot checks that the allowed side of the matrix really acts (not just 'not refused')."""
    from lentera.testing import api_headers, login_client

    w = state["w"]
    client = login_client(w["kepala"], R.KEPALA_UKPBJ)
    response = client.post(u("package_assign", state["ready"].pk), {"pokja": state["pokja"].pk})
    assert response.status_code == 302
    state["ready"].refresh_from_db()
    assert state["ready"].pokja == state["pokja"]
    headers = api_headers(w["ppk"], R.PPK)
    from django.test import Client

    response = Client().get(f"/api/v1/planning/packages/{state['works'].pk}", **headers)
    assert response.status_code == 200 and len(response.json()["hps_items"]) == 1
    # HPS lines are not in the public API
    public = Client().get("/api/v1/planning/packages/public").json()["items"]
    assert public and all("hps_items" not in p for p in public)
    assert {p["code"] for p in public} >= {state["works"].code}
    hps = {p["code"]: p["hps_total"] for p in public}
    assert hps[state["works"].code] == str(state["works"].hps_total)
    assert HpsItem.objects.filter(package=state["works"]).exists()
