"""The role x action matrix of the governance pages and API operations (lentera.testing.run_matrix): a role not
allowed is refused and the database does not change; plus the agency scope (another agency's decree is a 404)."""

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.tendering.tests.factories import pdf_upload
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import denied

MANAGERS = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
READERS = MANAGERS | {Role.KASUBAG_LPSE, Role.AUDITOR}
BASE = "/api/v1/governance"


@denied(
    "GET /api/v1/governance/decrees",
    "POST /api/v1/governance/decrees",
    "GET /api/v1/governance/decrees/{decree_id}",
    "POST /api/v1/governance/decrees/{decree_id}/appointments",
    "POST /api/v1/governance/decrees/{decree_id}/revoke",
    "GET /api/v1/governance/certificates",
    "POST /api/v1/governance/certificates",
)
def test_governance_pages_and_operations_follow_the_matrix(team_decree, same_agency_users, staff, ukpbj):
    pk = team_decree.pk

    def get(name, *args):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    def api(method, path, body=None):
        def run(c, h):
            return getattr(c, method)(BASE + path, data=body or {}, content_type="application/json", **h)

        return run

    def api_decree(c, h):
        form = {"agency_id": ukpbj.agency_id, "kind": "OTHER", "number": "M/1", "title": "x",
                "signed_on": "2026-01-05", "valid_from": "2026-01-05", "scan": pdf_upload()}  # fmt: skip
        return c.post(BASE + "/decrees", form, **h)

    cert = {"agency_id": ukpbj.agency_id, "person_id": staff[0].pk, "level": "BASIC", "number": "C/1",
            "issued_on": "2024-01-01"}  # fmt: skip
    actions = [
        Action("decree_list.get", READERS, get("decree_list")),
        Action("decree_detail.get", READERS, get("decree_detail", pk)),
        Action("decree_scan.get", READERS, get("decree_scan", pk)),
        Action("decree_create.get", MANAGERS, get("decree_create")),
        Action("decree_create.post", MANAGERS, post("decree_create")),
        Action(
            "appointment_add.post",
            MANAGERS,
            post("appointment_add", pk, data={"person": staff[0].pk, "position": "LPSE_SECRETARIAT"}),
        ),
        Action("certificate_list.get", READERS, get("certificate_list")),
        Action("certificate_create.get", MANAGERS, get("certificate_create")),
        Action("certificate_create.post", MANAGERS, post("certificate_create")),
        Action("api.decrees", READERS, api("get", "/decrees"), api=True),
        Action("api.decree_create", MANAGERS, api_decree, api=True),
        Action("api.decree", READERS, api("get", f"/decrees/{pk}"), api=True),
        Action(
            "api.appoint",
            MANAGERS,
            api(
                "post",
                f"/decrees/{pk}/appointments",
                {"person_id": staff[1].pk, "position": "LPSE_SECRETARIAT"},
            ),
            api=True,
        ),
        Action("api.certificates", READERS, api("get", "/certificates"), api=True),
        Action("api.certificate_create", MANAGERS, api("post", "/certificates", cert), api=True),
        # last: it revokes the decree
        Action("decree_revoke.post", MANAGERS, post("decree_revoke", pk, data={"reason": "x"})),
        Action("api.revoke", MANAGERS, api("post", f"/decrees/{pk}/revoke", {"reason": "x"}), api=True),
    ]
    assert run_matrix(actions, same_agency_users) == []


def test_another_agencys_decree_is_not_found_and_cannot_be_changed(team_decree, staff):
    other = user_with_role(Role.KEPALA_UKPBJ)
    client = login_client(other, Role.KEPALA_UKPBJ)
    assert client.get(reverse("governance:decree_detail", args=[team_decree.pk])).status_code == 404
    assert team_decree.number not in client.get(reverse("governance:decree_list")).content.decode()
    headers = api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert Client().get(f"{BASE}/decrees/{team_decree.pk}", **headers).status_code == 404
    response = Client().post(
        f"{BASE}/decrees/{team_decree.pk}/revoke", {"reason": "x"}, content_type="application/json", **headers
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "DECREE_NOT_FOUND"
    assert (
        client.post(reverse("governance:decree_revoke", args=[team_decree.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert db_fingerprint() == before
    # the auditor reads every agency
    auditor = user_with_role(Role.AUDITOR)
    seen = Client().get(f"{BASE}/decrees", **api_headers(auditor, Role.AUDITOR)).json()
    assert [d["number"] for d in seen] == [team_decree.number]


@pytest.mark.parametrize("role", [Role.KASUBAG_LPSE, Role.AUDITOR])
def test_readers_do_not_see_the_forms(team_decree, role, ukpbj):
    client = login_client(user_with_role(role, work_unit=ukpbj), role)
    page = client.get(reverse("governance:decree_detail", args=[team_decree.pk])).content.decode()
    assert "appointment-submit" not in page and "revoke-submit" not in page
    assert "decree-new" not in client.get(reverse("governance:decree_list")).content.decode()
