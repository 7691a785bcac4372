"""The code of ethics, integrity pacts and confidential ethics cases (Permendagri 53/2021 Pasal 22): rules named
after their functions, the case lifecycle, audited reads, the pages, the API and the access matrix."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.ethics import rules, selectors, services
from lentera.governance.ethics.models import EthicsCase, IntegrityPact
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .matrix import api, get, post

BASE = "/api/v1/governance"
STAFF = frozenset(selectors.STAFF_ROLES)
CODE_READERS = frozenset(selectors.CODE_READER_ROLES)
CASE_READERS = frozenset(selectors.CASE_READER_ROLES)
HEAD = frozenset(selectors.HEAD_ROLES)
MAJELIS = [("Inspektur Pembantu", "INSPECTORATE", True), ("Kabid Kepegawaian", "PERSONNEL", False),
           ("Kabag Hukum", "LEGAL", False)]  # fmt: skip


def _code(call) -> str:
    with pytest.raises(GovernanceError) as e:
        call()
    return e.value.code


def test_check_pact_signer_staff_and_version_in_force():
    rules.check_pact_signer(is_staff=True, in_force=True)
    assert _code(lambda: rules.check_pact_signer(is_staff=False, in_force=True)) == "NOT_AGENCY_STAFF"
    assert _code(lambda: rules.check_pact_signer(is_staff=True, in_force=False)) == "CODE_NOT_IN_FORCE"


def test_check_majelis_composition_odd_three_units_inspectorate_chair():
    three = [("INSPECTORATE", True), ("PERSONNEL", False), ("LEGAL", False)]
    rules.check_majelis_composition(members=three)
    rules.check_majelis_composition(members=[*three, ("LEGAL", False), ("PERSONNEL", False)])
    assert (
        _code(lambda: rules.check_majelis_composition(members=[*three, ("LEGAL", False)]))
        == "MAJELIS_SIZE_EVEN"
    )
    assert _code(lambda: rules.check_majelis_composition(members=three[:1])) == "MAJELIS_SIZE_EVEN"
    no_legal = [("INSPECTORATE", True), ("PERSONNEL", False), ("PERSONNEL", False)]
    assert _code(lambda: rules.check_majelis_composition(members=no_legal)) == "MAJELIS_UNITS_MISSING"
    legal_chair = [("INSPECTORATE", False), ("PERSONNEL", False), ("LEGAL", True)]
    assert _code(lambda: rules.check_majelis_composition(members=legal_chair)) == "MAJELIS_CHAIR"
    two_chairs = [("INSPECTORATE", True), ("PERSONNEL", True), ("LEGAL", False)]
    assert _code(lambda: rules.check_majelis_composition(members=two_chairs)) == "MAJELIS_CHAIR"


def test_check_case_decision_sanction_follows_the_finding():
    rules.check_case_decision(decision="VIOLATION", reasoning="terbukti", sanction="teguran tertulis")
    rules.check_case_decision(decision="NO_VIOLATION", reasoning="tidak terbukti", sanction="")
    assert _code(lambda: rules.check_case_decision(decision="VIOLATION", reasoning="x", sanction="")) == (
        "SANCTION_MISMATCH"
    )
    assert _code(lambda: rules.check_case_decision(decision="NO_VIOLATION", reasoning="x", sanction="s")) == (
        "SANCTION_MISMATCH"
    )
    assert (
        _code(lambda: rules.check_case_decision(decision="X", reasoning="x", sanction=""))
        == "DECISION_UNKNOWN"
    )
    assert _code(lambda: rules.check_case_decision(decision="VIOLATION", reasoning=" ", sanction="s")) == (
        "REASONING_REQUIRED"
    )


@pytest.fixture
def code(at_setup, head, ukpbj):
    return services.code_publish(
        actor=head, agency=ukpbj.agency, title="Kode Etik UKPBJ", body="Dilarang menerima gratifikasi.",
        effective_on=dt.date(2026, 7, 1),
    )  # fmt: skip


def test_code_pacts_and_case_lifecycle(code, head, ukpbj, staff):
    helpdesk = user_with_role(Role.HELPDESK, work_unit=ukpbj)
    services.pact_sign(actor=helpdesk, code=code)
    assert _code(lambda: services.pact_sign(actor=helpdesk, code=code)) == "ALREADY_SIGNED"
    assert (
        _code(lambda: services.pact_sign(actor=user_with_role(Role.HELPDESK), code=code))
        == "NOT_AGENCY_STAFF"
    )
    later = services.code_publish(actor=head, agency=ukpbj.agency, title="Kode Etik v2", body="…",
                                  effective_on=dt.date(2026, 8, 1))  # fmt: skip
    assert (
        later.version == 2
        and _code(lambda: services.pact_sign(actor=staff[0], code=later)) == "CODE_NOT_IN_FORCE"
    )
    assert _code(lambda: services.code_publish(actor=head, agency=ukpbj.agency, title="v3", body="x",
                                               effective_on=dt.date(2026, 7, 15))) == "CODE_EFFECTIVE_ORDER"  # fmt: skip
    sig = selectors.signatures(code)
    assert (
        [p.person for p in sig.signed] == [helpdesk] and head in sig.not_yet and helpdesk not in sig.not_yet
    )

    case = services.case_report(
        actor=helpdesk, agency=ukpbj.agency, subject=staff[0], allegation="Minta imbalan"
    )
    assert _code(
        lambda: services.case_decide(actor=head, case=case, decision="NO_VIOLATION", reasoning="x")
    ) == ("TRANSITION_NOT_ALLOWED")
    assert (
        _code(lambda: services.case_examine(actor=head, case=case, members=MAJELIS[:2]))
        == "MAJELIS_SIZE_EVEN"
    )
    other_head = user_with_role(Role.KEPALA_UKPBJ)
    assert (
        _code(lambda: services.case_examine(actor=other_head, case=case, members=MAJELIS)) == "OUT_OF_SCOPE"
    )
    services.case_examine(actor=head, case=case, members=MAJELIS, note="Layak diperiksa")
    services.case_decide(
        actor=head, case=case, decision="VIOLATION", reasoning="Terbukti", sanction="Teguran"
    )
    case.refresh_from_db()
    assert (
        case.status == "DECIDED" and [m.name for m in selectors.majelis_of(case)][0] == "Inspektur Pembantu"
    )
    assert _code(lambda: services.case_dismiss(actor=head, case=case, reason="x")) == "TRANSITION_NOT_ALLOWED"
    second = services.case_report(
        actor=staff[1], agency=ukpbj.agency, subject=staff[0], allegation="Dugaan lain"
    )
    services.case_dismiss(actor=head, case=second, reason="Tidak cukup bukti awal")
    assert list(selectors.cases_visible_to(other_head)) == []
    assert set(selectors.cases_visible_to(user_with_role(Role.AUDITOR))) == {case, second}
    actions = list(
        AuditEvent.objects.filter(action__startswith="governance.ethics.").values_list("action", flat=True)
    )
    assert actions.count("governance.ethics.pact") == 1 and "governance.ethics.case_decide" in actions
    assert not AuditEvent.objects.filter(after__icontains="imbalan").exists()  # no case content in the chain


def test_web_code_report_and_audited_case_read(code, head, ukpbj, staff):
    pokja = user_with_role(Role.POKJA, work_unit=ukpbj)
    client = login_client(pokja, Role.POKJA)
    page = client.get(reverse("governance:ethics_code")).content.decode()
    assert "Dilarang menerima gratifikasi." in page and "pact-sign" in page and "code-publish" not in page
    client.post(reverse("governance:ethics_pact_sign", args=[code.pk]))
    assert IntegrityPact.objects.filter(person=pokja).exists()
    client.post(reverse("governance:ethics_case_report"),
                {"instansi": ukpbj.agency_id, "subject": staff[0].pk, "allegation": "Bocorkan HPS"})  # fmt: skip
    case = EthicsCase.objects.get()
    assert client.get(reverse("governance:ethics_case_detail", args=[case.pk])).status_code == 403
    head_client = login_client(head, Role.KEPALA_UKPBJ)
    assert "KE-" in head_client.get(reverse("governance:ethics_case_list")).content.decode()
    before = AuditEvent.objects.filter(action="governance.ethics.case_read").count()
    detail = head_client.get(reverse("governance:ethics_case_detail", args=[case.pk])).content.decode()
    assert "Bocorkan HPS" in detail and pokja.full_name not in detail  # the reporter is not shown
    assert AuditEvent.objects.filter(action="governance.ethics.case_read").count() == before + 1
    data = {"name-0": "Inspektur", "unit-0": "INSPECTORATE", "name-1": "Kepegawaian", "unit-1": "PERSONNEL",
            "name-2": "Hukum", "unit-2": "LEGAL", "chair": "0"}  # fmt: skip
    head_client.post(reverse("governance:ethics_case_examine", args=[case.pk]), data)
    head_client.post(reverse("governance:ethics_case_decide", args=[case.pk]),
                     {"decision": "NO_VIOLATION", "reasoning": "Tidak terbukti"})  # fmt: skip
    case.refresh_from_db()
    assert case.status == "DECIDED" and case.decision == "NO_VIOLATION" and case.majelis.count() == 3


@allowed(
    "GET /api/v1/governance/ethics-codes",
    "POST /api/v1/governance/ethics-codes",
    "POST /api/v1/governance/ethics-codes/{code_id}/pacts",
    "POST /api/v1/governance/ethics-cases",
    "GET /api/v1/governance/ethics-cases",
    "GET /api/v1/governance/ethics-cases/{case_id}",
    "POST /api/v1/governance/ethics-cases/{case_id}/examine",
    "POST /api/v1/governance/ethics-cases/{case_id}/dismiss",
    "POST /api/v1/governance/ethics-cases/{case_id}/decide",
)
def test_api_code_and_cases(at_setup, head, ukpbj, staff):
    h = api_headers(head, Role.KEPALA_UKPBJ)
    c = Client()

    def js(path, body, headers=h):
        return c.post(BASE + path, body, content_type="application/json", **headers)

    aid = ukpbj.agency_id
    made = js(
        "/ethics-codes", {"agency_id": aid, "title": "Kode Etik", "body": "Isi", "effective_on": "2026-07-01"}
    )
    assert made.status_code == 201 and made.json()["in_force"] is True
    signed = js(f"/ethics-codes/{made.json()['id']}/pacts", {})
    assert signed.status_code == 201 and signed.json()["signed_by"] == [head.pk]
    assert [x["version"] for x in c.get(BASE + "/ethics-codes", **h).json()] == [1]
    sh = api_headers(staff[0], Role.PENGELOLA_PBJ)
    reported = js(
        "/ethics-cases", {"agency_id": aid, "subject_id": staff[1].pk, "allegation": "Gratifikasi"}, sh
    )
    assert reported.status_code == 201 and "reporter_id" not in reported.json()
    cid = reported.json()["id"]
    assert [x["id"] for x in c.get(BASE + "/ethics-cases", **h).json()] == [cid]
    detail = c.get(f"{BASE}/ethics-cases/{cid}", **h).json()
    assert detail["allegation"] == "Gratifikasi" and "reporter_id" not in detail
    bad = js(f"/ethics-cases/{cid}/examine", {"members": [{"name": "A", "unit": "LEGAL", "is_chair": True}]})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "MAJELIS_SIZE_EVEN"
    members = [{"name": n, "unit": u, "is_chair": ch} for n, u, ch in MAJELIS]
    assert js(f"/ethics-cases/{cid}/examine", {"members": members}).json()["status"] == "EXAMINATION"
    decided = js(
        f"/ethics-cases/{cid}/decide", {"decision": "VIOLATION", "reasoning": "r", "sanction": "teguran"}
    )
    assert decided.status_code == 200 and decided.json()["sanction"] == "teguran"
    other = js(
        "/ethics-cases", {"agency_id": aid, "subject_id": staff[1].pk, "allegation": "Lain"}, sh
    ).json()["id"]
    assert js(f"/ethics-cases/{other}/dismiss", {"reason": "Tanpa bukti"}).json()["status"] == "DISMISSED"


@denied(
    "GET /api/v1/governance/ethics-codes",
    "POST /api/v1/governance/ethics-codes",
    "POST /api/v1/governance/ethics-codes/{code_id}/pacts",
    "POST /api/v1/governance/ethics-cases",
    "GET /api/v1/governance/ethics-cases",
    "GET /api/v1/governance/ethics-cases/{case_id}",
    "POST /api/v1/governance/ethics-cases/{case_id}/examine",
    "POST /api/v1/governance/ethics-cases/{case_id}/dismiss",
    "POST /api/v1/governance/ethics-cases/{case_id}/decide",
)
def test_ethics_pages_and_operations_follow_the_matrix(code, head, ukpbj, staff, same_agency_users):
    case = services.case_report(actor=head, agency=ukpbj.agency, subject=staff[0], allegation="x")
    aid, cid = ukpbj.agency_id, case.pk

    members = [
        {"name": n, "unit": u, "is_chair": False} for n, u, _ch in MAJELIS
    ]  # no chair: refused by rule
    actions = [
        Action("ethics_code.get", CODE_READERS, get("ethics_code")),
        Action("code_publish.post", HEAD, post("ethics_code_publish", data={"instansi": aid})),
        Action("pact_sign.post", STAFF, post("ethics_pact_sign", code.pk)),
        Action("case_report.post", STAFF, post("ethics_case_report", data={"instansi": aid})),
        Action("case_list.get", CASE_READERS, get("ethics_case_list")),
        Action("case_detail.get", CASE_READERS, get("ethics_case_detail", cid)),
        Action("case_examine.post", HEAD, post("ethics_case_examine", cid)),
        Action("case_decide.post", HEAD, post("ethics_case_decide", cid)),
        Action("case_dismiss.post", HEAD, post("ethics_case_dismiss", cid)),
        Action("api.codes", CODE_READERS, api("get", "/ethics-codes"), api=True),
        Action("api.code_publish", HEAD, api("post", "/ethics-codes", {"agency_id": aid, "title": "t", "body": "b", "effective_on": "2026-06-01"}), api=True),
        Action("api.pact", STAFF, api("post", f"/ethics-codes/{code.pk}/pacts"), api=True),
        Action("api.case_report", STAFF, api("post", "/ethics-cases", {"agency_id": aid, "subject_id": staff[0].pk, "allegation": "y"}), api=True),
        Action("api.cases", CASE_READERS, api("get", "/ethics-cases"), api=True),
        Action("api.case", CASE_READERS, api("get", f"/ethics-cases/{cid}"), api=True),
        Action("api.examine", HEAD, api("post", f"/ethics-cases/{cid}/examine", {"members": members}), api=True),
        Action("api.decide", HEAD, api("post", f"/ethics-cases/{cid}/decide", {"decision": "VIOLATION", "reasoning": "r"}), api=True),
        Action("api.dismiss", HEAD, api("post", f"/ethics-cases/{cid}/dismiss", {"reason": " "}), api=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []


def test_another_agency_cannot_read_or_change_a_case(code, head, ukpbj, staff):
    case = services.case_report(actor=head, agency=ukpbj.agency, subject=staff[0], allegation="x")
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, headers = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:ethics_case_detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("governance:ethics_pact_sign", args=[code.pk])).status_code == 404
    r = Client().post(f"{BASE}/ethics-cases/{case.pk}/dismiss", {"reason": "x"}, content_type="application/json",
                      **headers)  # fmt: skip
    assert r.status_code == 404 and Client().get(f"{BASE}/ethics-cases", **headers).json() == []
    assert db_fingerprint() == before
