"""The SOP register (F22): versions draft -> approved by the head with the decree -> published -> superseded,
the public page and API, staff acknowledgements; rules named after their functions; the access matrix."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.sops import rules, selectors, services, states
from lentera.governance.sops.models import SopAcknowledgement, SopVersion
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

BASE = "/api/v1/governance"
MANAGERS = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
STAFF = frozenset(selectors.STAFF_ROLES)
READERS = frozenset(selectors.READER_ROLES)


def pdf(name="sop.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% sop\n%%EOF\n", "application/pdf")


@pytest.fixture
def sop(at_setup, head, ukpbj):
    return services.sop_create(
        actor=head, agency=ukpbj.agency, code="SOP-LPSE-01", title="Registrasi dan verifikasi", item="A"
    )


@pytest.fixture
def published(sop, head, team_decree):
    v = services.version_draft(actor=head, sop=sop, change_summary="Versi awal", document=pdf())
    services.version_approve(actor=head, version=v, decree=team_decree, effective_on=dt.date(2026, 2, 1))
    return services.version_publish(actor=head, version=v)


def test_check_sop_approval_head_decree_and_date():
    ok = {
        "is_head": True,
        "decree_same_agency": True,
        "decree_in_force": True,
        "effective_on": dt.date(2026, 1, 1),
    }
    rules.check_sop_approval(**ok)
    for change, code in (
        ({"is_head": False}, "SOP_APPROVED_BY_HEAD"),
        ({"effective_on": None}, "EFFECTIVE_DATE_REQUIRED"),
        ({"decree_same_agency": False}, "SOP_DECREE_INVALID"),
        ({"decree_in_force": False}, "SOP_DECREE_INVALID"),
    ):
        with pytest.raises(GovernanceError) as e:
            rules.check_sop_approval(**(ok | change))
        assert e.value.code == code


def test_check_sop_acknowledgement_staff_and_current_only():
    rules.check_sop_acknowledgement(is_current=True, is_staff=True)
    with pytest.raises(GovernanceError) as e:
        rules.check_sop_acknowledgement(is_current=True, is_staff=False)
    assert e.value.code == "NOT_AGENCY_STAFF"
    with pytest.raises(GovernanceError) as e:
        rules.check_sop_acknowledgement(is_current=False, is_staff=True)
    assert e.value.code == "SOP_NOT_CURRENT"


def test_transition_table_refuses_skipping_approval():
    assert (
        states.transition(states.Status.DRAFT, states.Action.APPROVE, states.HEAD) == states.Status.APPROVED
    )
    assert not states.allowed(states.Status.DRAFT, states.Action.APPROVE, states.MANAGER)
    with pytest.raises(GovernanceError) as e:
        states.transition(states.Status.DRAFT, states.Action.PUBLISH, states.MANAGER)
    assert e.value.code == "TRANSITION_NOT_ALLOWED"


def test_versions_supersede_and_acknowledgements_follow_the_current(
    published, sop, head, ukpbj, staff, team_decree
):
    admin = user_with_role(Role.ADMIN_UKPBJ, work_unit=ukpbj)
    services.acknowledge(actor=staff[0], version=published)
    with pytest.raises(GovernanceError) as e:
        services.acknowledge(actor=staff[0], version=published)
    assert e.value.code == "ALREADY_ACKNOWLEDGED"
    readers = selectors.readership(published)
    assert [a.person for a in readers.read] == [staff[0]] and staff[1] in readers.not_yet
    outsider = user_with_role(Role.POKJA)
    with pytest.raises(GovernanceError) as e:
        services.acknowledge(actor=outsider, version=published)
    assert e.value.code == "NOT_AGENCY_STAFF"
    v2 = services.version_draft(
        actor=admin, sop=sop, change_summary="Tambah verifikasi daring", document=pdf()
    )
    with pytest.raises(GovernanceError) as e:
        services.version_draft(actor=admin, sop=sop, change_summary="x", document=pdf())
    assert e.value.code == "SOP_DRAFT_OPEN"
    with pytest.raises(GovernanceError) as e:
        services.version_approve(
            actor=admin, version=v2, decree=team_decree, effective_on=dt.date(2026, 7, 1)
        )
    assert e.value.code == "SOP_APPROVED_BY_HEAD"
    with pytest.raises(GovernanceError) as e:
        services.version_publish(actor=admin, version=v2)
    assert e.value.code == "TRANSITION_NOT_ALLOWED"
    with pytest.raises(GovernanceError) as e:  # the decree ends on 31 December 2026
        services.version_approve(actor=head, version=v2, decree=team_decree, effective_on=dt.date(2027, 1, 1))
    assert e.value.code == "SOP_DECREE_INVALID"
    services.version_approve(actor=head, version=v2, decree=team_decree, effective_on=dt.date(2026, 7, 1))
    services.version_publish(actor=admin, version=v2)
    published.refresh_from_db()
    assert published.status == states.Status.SUPERSEDED and published.superseded_at is not None
    assert [v.number for v in selectors.published_versions()] == [2]
    with pytest.raises(GovernanceError) as e:
        services.acknowledge(actor=staff[1], version=published)
    assert e.value.code == "SOP_NOT_CURRENT"
    assert staff[0] in selectors.readership(SopVersion.objects.get(number=2)).not_yet


def test_a_non_pdf_is_refused(sop, head):
    with pytest.raises(GovernanceError) as e:
        services.version_draft(
            actor=head,
            sop=sop,
            change_summary="x",
            document=SimpleUploadedFile("x.pdf", b"GIF89a..", "image/gif"),
        )
    assert e.value.code == "FILE_TYPE_NOT_ALLOWED"


def test_public_page_lists_only_versions_in_force(published, sop, head):
    services.version_draft(actor=head, sop=sop, change_summary="draft v2", document=pdf())
    page = Client().get(reverse("governance:sop_public")).content.decode()
    assert "SOP-LPSE-01" in page and "v1" in page and "v2" not in page
    assert Client().get(reverse("governance:sop_public_file", args=[published.pk])).status_code == 200
    draft = SopVersion.objects.get(number=2)
    assert Client().get(reverse("governance:sop_public_file", args=[draft.pk])).status_code == 404


def test_web_staff_acknowledges_and_head_sees_who_read(published, head, staff):
    client = login_client(staff[0], Role.PENGELOLA_PBJ)
    page = client.get(reverse("governance:sop_detail", args=[published.sop_id])).content.decode()
    assert "sop-ack" in page
    assert client.post(reverse("governance:sop_acknowledge", args=[published.pk])).status_code == 302
    assert SopAcknowledgement.objects.filter(person=staff[0]).exists()
    page = login_client(head, Role.KEPALA_UKPBJ).get(
        reverse("governance:sop_detail", args=[published.sop_id])
    )
    html = page.content.decode()
    assert staff[0].full_name in html.split('id="sop-read"')[1].split("</table>")[0]
    assert staff[1].full_name in html.split('id="sop-unread"')[1]


@allowed(
    "POST /api/v1/governance/sops",
    "GET /api/v1/governance/sops",
    "GET /api/v1/governance/sops/{sop_id}",
    "POST /api/v1/governance/sops/{sop_id}/versions",
    "POST /api/v1/governance/sop-versions/{version_id}/approve",
    "POST /api/v1/governance/sop-versions/{version_id}/publish",
    "POST /api/v1/governance/sop-versions/{version_id}/acknowledge",
    "GET /api/v1/governance/sops/published",
)
def test_api_sop_lifecycle(at_setup, head, ukpbj, team_decree, staff):
    h = api_headers(head, Role.KEPALA_UKPBJ)
    c = Client()
    created = c.post(
        BASE + "/sops", {"agency_id": ukpbj.agency_id, "code": "SOP-2", "title": "Layanan", "item": "B"},
        content_type="application/json", **h,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    sop_id = created.json()["id"]
    draft = c.post(f"{BASE}/sops/{sop_id}/versions", {"change_summary": "awal", "document": pdf()}, **h)
    assert draft.status_code == 201, draft.content
    vid = draft.json()["id"]
    approved = c.post(
        f"{BASE}/sop-versions/{vid}/approve", {"decree_id": team_decree.pk, "effective_on": "2026-07-10"},
        content_type="application/json", **h,
    )  # fmt: skip
    assert approved.status_code == 200 and approved.json()["status"] == "APPROVED"
    assert c.post(f"{BASE}/sop-versions/{vid}/publish", **h).json()["status"] == "PUBLISHED"
    public = Client().get(BASE + "/sops/published").json()
    assert [p["code"] for p in public] == ["SOP-2"] and public[0]["decree_number"] == team_decree.number
    ack = c.post(f"{BASE}/sop-versions/{vid}/acknowledge", **api_headers(staff[0], Role.PENGELOLA_PBJ))
    assert ack.status_code == 201 and ack.json()["read_by"] == [staff[0].pk]
    assert [s["code"] for s in c.get(BASE + "/sops", **h).json()] == ["SOP-2"]
    assert staff[1].pk in c.get(f"{BASE}/sops/{sop_id}", **h).json()["not_yet_read_by"]


@denied(
    "POST /api/v1/governance/sops",
    "GET /api/v1/governance/sops",
    "GET /api/v1/governance/sops/{sop_id}",
    "POST /api/v1/governance/sops/{sop_id}/versions",
    "POST /api/v1/governance/sop-versions/{version_id}/approve",
    "POST /api/v1/governance/sop-versions/{version_id}/publish",
    "POST /api/v1/governance/sop-versions/{version_id}/acknowledge",
)
def test_sop_pages_and_operations_follow_the_matrix(published, sop, head, team_decree, same_agency_users):
    pk, vid = sop.pk, published.pk

    def get(name, *args):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    def api(method, path, body=None):
        return lambda c, h: getattr(c, method)(
            BASE + path, data=body or {}, content_type="application/json", **h
        )

    approve = {"decree_id": team_decree.pk, "effective_on": "2026-07-10"}
    actions = [
        Action("sop_list.get", READERS, get("sop_list")),
        Action("sop_detail.get", READERS, get("sop_detail", pk)),
        Action("sop_version_file.get", READERS, get("sop_version_file", vid)),
        Action("sop_create.post", MANAGERS, post("sop_create")),
        Action("sop_version_draft.post", MANAGERS, post("sop_version_draft", pk)),
        Action("sop_version_approve.post", {Role.KEPALA_UKPBJ}, post("sop_version_approve", vid)),
        Action("sop_version_publish.post", MANAGERS, post("sop_version_publish", vid)),
        Action("sop_acknowledge.post", STAFF, post("sop_acknowledge", vid)),
        Action("sop_public.get", frozenset(Role.values), get("sop_public"), anonymous_allowed=True),
        Action("api.sops", READERS, api("get", "/sops"), api=True),
        Action("api.sop", READERS, api("get", f"/sops/{pk}"), api=True),
        Action(
            "api.sop_create",
            MANAGERS,
            api("post", "/sops", {"agency_id": 0, "code": "", "title": "", "item": "A"}),
            api=True,
        ),
        Action(
            "api.draft",
            MANAGERS,
            lambda c, h: c.post(f"{BASE}/sops/{pk}/versions", {"change_summary": "", "document": pdf()}, **h),
            api=True,
        ),
        Action(
            "api.approve", {Role.KEPALA_UKPBJ}, api("post", f"/sop-versions/{vid}/approve", approve), api=True
        ),
        Action("api.publish", MANAGERS, api("post", f"/sop-versions/{vid}/publish"), api=True),
        Action("api.acknowledge", STAFF, api("post", f"/sop-versions/{vid}/acknowledge"), api=True),
    ]
    assert run_matrix(actions, same_agency_users) == []


def test_another_agency_cannot_see_or_publish(published):
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, headers = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:sop_detail", args=[published.sop_id])).status_code == 404
    assert client.post(reverse("governance:sop_version_publish", args=[published.pk])).status_code == 404
    r = Client().post(f"{BASE}/sop-versions/{published.pk}/acknowledge", **headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "SOP_VERSION_NOT_FOUND"
    assert db_fingerprint() == before
