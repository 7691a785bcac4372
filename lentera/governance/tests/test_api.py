"""The governance API: decrees (multipart, with the scan), appointments, revocation, certificates."""

import pytest
from django.test import Client

from lentera.accounts.models import RoleAssignment
from lentera.core.roles import Role
from lentera.governance.models import Decree
from lentera.tendering.tests.factories import pdf_upload
from lentera.testing import api_headers
from lentera.testing_routes import allowed

BASE = "/api/v1/governance"


def call(method, path, headers, body=None):
    return getattr(Client(), method)(BASE + path, data=body or {}, content_type="application/json", **headers)


@pytest.fixture
def head_headers(at_setup, head):
    return api_headers(head, Role.KEPALA_UKPBJ)


@allowed(
    "POST /api/v1/governance/decrees",
    "GET /api/v1/governance/decrees",
    "GET /api/v1/governance/decrees/{decree_id}",
    "POST /api/v1/governance/decrees/{decree_id}/appointments",
    "POST /api/v1/governance/decrees/{decree_id}/revoke",
)
def test_api_decree_lifecycle(head_headers, ukpbj, lpse_unit, staff):
    form = {
        "agency_id": ukpbj.agency_id,
        "kind": "LPSE_TEAM",
        "number": "188.45/7/KEP-BUP/2026",
        "title": "Tim Pengelolaan LPSE",
        "signed_on": "2026-01-05",
        "valid_from": "2026-01-05",
        "valid_until": "2026-12-31",
        "scan": pdf_upload("kep.pdf"),
    }
    created = Client().post(BASE + "/decrees", form, **head_headers)
    assert created.status_code == 201, created.content
    decree_id = created.json()["id"]
    assert created.json()["scan_type"] == "application/pdf" and created.json()["appointments"] == []
    assert [d["id"] for d in call("get", "/decrees", head_headers).json()] == [decree_id]
    appointed = call(
        "post",
        f"/decrees/{decree_id}/appointments",
        head_headers,
        {"person_id": staff[0].pk, "position": "LPSE_MEMBER", "lpse_field": "SERVICE", "role": "HELPDESK",
         "work_unit_id": lpse_unit.pk},
    )  # fmt: skip
    assert appointed.status_code == 201, appointed.content
    row = appointed.json()["appointments"][0]
    assert row["role"] == "HELPDESK" and row["role_ends_on"] == "2026-12-31"
    detail = call("get", f"/decrees/{decree_id}", head_headers).json()
    assert detail["appointments"][0]["person_id"] == staff[0].pk
    revoked = call("post", f"/decrees/{decree_id}/revoke", head_headers, {"reason": "Diganti"})
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert not RoleAssignment.objects.active().filter(user=staff[0], role=Role.HELPDESK).exists()


def test_api_refusals_use_the_error_schema(head_headers, ukpbj, team_decree, staff):
    fake = Client().post(
        BASE + "/decrees",
        {"agency_id": ukpbj.agency_id, "kind": "OTHER", "number": "X/1", "title": "x", "signed_on": "2026-01-05",
         "valid_from": "2026-01-05", "scan": pdf_upload("x.pdf", text="y").__class__("x.pdf", b"GIF89a", "image/gif")},
        **head_headers,
    )  # fmt: skip
    assert fake.status_code == 400 and fake.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    for person in staff[:4]:
        call("post", f"/decrees/{team_decree.pk}/appointments", head_headers,
             {"person_id": person.pk, "position": "LPSE_MEMBER", "lpse_field": "SYSTEM"})  # fmt: skip
    full = call(
        "post",
        f"/decrees/{team_decree.pk}/appointments",
        head_headers,
        {"person_id": staff[4].pk, "position": "LPSE_MEMBER", "lpse_field": "SYSTEM"},
    )
    assert full.status_code == 409 and full.json()["error"]["code"] == "LPSE_FIELD_FULL"
    extra = call("post", f"/decrees/{team_decree.pk}/revoke", head_headers, {"reason": "x", "z": 1})
    assert extra.status_code == 422
    assert Decree.objects.count() == 1


@allowed("POST /api/v1/governance/certificates", "GET /api/v1/governance/certificates")
def test_api_certificates(head_headers, ukpbj, staff):
    created = call(
        "post",
        "/certificates",
        head_headers,
        {"agency_id": ukpbj.agency_id, "person_id": staff[0].pk, "level": "POKJA", "number": "LKPP-OKP-1",
         "issued_on": "2024-07-01", "expires_on": "2026-08-01"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["valid"] is True and body["days_left"] == 29 and body["needs_attention"] is True
    listed = call("get", "/certificates", head_headers).json()
    assert [c["number"] for c in listed] == ["LKPP-OKP-1"]
    taken = call(
        "post",
        "/certificates",
        head_headers,
        {"agency_id": ukpbj.agency_id, "person_id": staff[1].pk, "level": "POKJA", "number": "LKPP-OKP-1",
         "issued_on": "2024-07-01"},
    )  # fmt: skip
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "CERTIFICATE_NUMBER_TAKEN"
