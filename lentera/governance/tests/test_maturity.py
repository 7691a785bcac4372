"""The maturity self-assessment (F20): the model as versioned data, answers with evidence and Lentera's own
figures, roadmap targets and actions, the head's submission freezing it; rules named after their functions; the
role x action matrix of its pages and API."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.governance import services as governance_services
from lentera.governance.enums import CertificateLevel
from lentera.governance.errors import GovernanceError
from lentera.governance.maturity import loader, rules, selectors, services
from lentera.governance.maturity.models import Answer, Assessment, MaturityModel, RoadmapAction, RoadmapTarget
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .conftest import TODAY

BASE = "/api/v1/governance"
MANAGERS = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
READERS = MANAGERS | {Role.KASUBAG_LPSE, Role.AUDITOR}


@pytest.fixture
def assessment(at_setup, head, ukpbj):
    return services.assessment_start(actor=head, agency=ukpbj.agency, year=TODAY.year)


def variables(a):
    return selectors.variables_of(a.model)


def answer_all(actor, a, level=2):
    for v in variables(a):
        services.answer_save(actor=actor, assessment=a, variable=v, level=level, justification="bukti ada")


# ------------------------------------------------------------------------------------ rules


def test_check_model_data_refuses_gaps_and_duplicates():
    data = loader.read(loader.FIRST_VERSION)
    rules.check_model_data(data)
    assert [lv["name"] for lv in data["levels"]] == ["Inisiasi", "Esensi", "Proaktif", "Strategis", "Unggul"]
    assert {d["name"] for d in data["domains"]} == {
        "Proses",
        "Kelembagaan",
        "Sumber Daya Manusia",
        "Sistem Informasi",
    }
    broken = json.loads(json.dumps(data))
    broken["levels"] = broken["levels"][1:]
    with pytest.raises(GovernanceError) as e:
        rules.check_model_data(broken)
    assert e.value.code == "MODEL_DATA_INVALID"
    dup = json.loads(json.dumps(data))
    dup["domains"][1]["variables"][0]["code"] = "1.1.1"
    with pytest.raises(GovernanceError):
        rules.check_model_data(dup)


def test_check_answer_level_needs_a_model_level_and_a_reason():
    rules.check_answer_level(level=3, ranks=[1, 2, 3, 4, 5], justification="x")
    with pytest.raises(GovernanceError) as e:
        rules.check_answer_level(level=6, ranks=[1, 2, 3, 4, 5], justification="x")
    assert e.value.code == "LEVEL_UNKNOWN"
    with pytest.raises(GovernanceError) as e:
        rules.check_answer_level(level=2, ranks=[1, 2, 3, 4, 5], justification="  ")
    assert e.value.code == "JUSTIFICATION_REQUIRED"


def test_check_assessment_open_refuses_a_submitted_one():
    rules.check_assessment_open(submitted=False)
    with pytest.raises(GovernanceError) as e:
        rules.check_assessment_open(submitted=True)
    assert e.value.code == "ASSESSMENT_FROZEN" and e.value.status == 409


def test_check_submission_only_the_head_and_only_complete():
    rules.check_submission(is_head=True, unanswered=[])
    with pytest.raises(GovernanceError) as e:
        rules.check_submission(is_head=False, unanswered=[])
    assert e.value.code == "SUBMIT_BY_HEAD"
    with pytest.raises(GovernanceError) as e:
        rules.check_submission(is_head=True, unanswered=["2.1"])
    assert e.value.code == "ASSESSMENT_INCOMPLETE"


def test_check_roadmap_target_raises_and_looks_ahead():
    ranks = [1, 2, 3, 4, 5]
    rules.check_roadmap_target(assessed=2, target=3, ranks=ranks, year=2027, base_year=2026)
    rules.check_roadmap_target(assessed=None, target=1, ranks=ranks, year=2027, base_year=2026)
    for kwargs, code in (
        ({"assessed": 3, "target": 2, "year": 2027}, "TARGET_BELOW_LEVEL"),
        ({"assessed": 2, "target": 3, "year": 2026}, "TARGET_YEAR_INVALID"),
        ({"assessed": 2, "target": 9, "year": 2027}, "LEVEL_UNKNOWN"),
    ):
        with pytest.raises(GovernanceError) as e:
            rules.check_roadmap_target(ranks=ranks, base_year=2026, **kwargs)
        assert e.value.code == code


def test_domain_score_is_the_mean_of_levels():
    assert rules.domain_score([2, 3, 3]) == Decimal("2.67")
    assert rules.domain_score([]) is None


# ------------------------------------------------------------------------------------ services


@pytest.mark.django_db
def test_the_seeded_model_and_a_new_version_leave_past_assessments_alone(assessment, tmp_path):
    first = assessment.model
    assert first.code == "LKPP-10-2021-lentera-1"
    assert [v.code for v in variables(assessment)][:2] == ["1.1.1", "2.1"]
    data = loader.read(loader.FIRST_VERSION)
    data["code"] = "LKPP-10-2021-koreksi"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data))
    call_command("governance_maturity_load", str(path))
    assert selectors.current_model().code == "LKPP-10-2021-koreksi"
    assessment.refresh_from_db()
    assert assessment.model == first
    with pytest.raises(GovernanceError) as e:
        services.model_version_load(actor=None, data=data)
    assert e.value.code == "MODEL_VERSION_EXISTS"
    with pytest.raises(Exception):  # noqa: B017,PT011 - only a system administrator loads a version
        services.model_version_load(actor=user_with_role(Role.ADMIN_UKPBJ), data={**data, "code": "x"})
    assert MaturityModel.objects.count() == 2


def test_answers_prefill_lentera_figures_and_submission_freezes(assessment, head, ukpbj, staff):
    admin = user_with_role(Role.ADMIN_UKPBJ, work_unit=ukpbj)
    governance_services.certificate_record(
        actor=head, agency=ukpbj.agency, person=head, level=CertificateLevel.BASIC, number="L1-1",
        issued_on=dt.date(2020, 1, 1), expires_on=None,
    )  # fmt: skip
    sheet = selectors.sheet(assessment, on=TODAY)
    sdm = next(r for d in sheet for r in d.rows if r.variable.indicator == "certified_staff_share")
    # head + admin + six Pengelola PBJ do procurement work; the head is certified
    assert sdm.indicator.value == "1/8 (12%)" and sdm.indicator.link == reverse("governance:certificate_list")
    with pytest.raises(GovernanceError) as e:
        services.answer_save(
            actor=admin, assessment=assessment, variable=sdm.variable, level=2, justification="x",
            evidence_link="https://example.com",
        )  # fmt: skip
    assert e.value.code == "LINK_NOT_LENTERA"
    answer = services.answer_save(
        actor=admin, assessment=assessment, variable=sdm.variable, level=2, justification="12% bersertifikat",
        evidence_link="/tata-kelola/sertifikat/",
    )  # fmt: skip
    assert answer.computed.startswith("1/8 (12%)")
    with pytest.raises(GovernanceError) as e:
        services.assessment_submit(actor=head, assessment=assessment)
    assert e.value.code == "ASSESSMENT_INCOMPLETE"
    answer_all(admin, assessment)
    services.target_set(
        actor=admin, assessment=assessment, variable=sdm.variable, year=TODAY.year + 1, level=3
    )
    action = services.action_add(
        actor=admin, assessment=assessment, variable=sdm.variable, description="Diklat level-1",
        owner=staff[0], due_on=dt.date(2027, 3, 31),
    )  # fmt: skip
    with pytest.raises(GovernanceError) as e:
        services.assessment_submit(actor=admin, assessment=assessment)
    assert e.value.code == "SUBMIT_BY_HEAD"
    services.assessment_submit(actor=head, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.submitted_by == head
    scores = {d.domain.name: d.score for d in selectors.sheet(assessment, on=TODAY)}
    assert scores["Sumber Daya Manusia"] == Decimal("2.00")
    before = db_fingerprint()
    for call in (
        lambda: services.answer_save(
            actor=head, assessment=assessment, variable=sdm.variable, level=3, justification="y"
        ),
        lambda: services.target_set(
            actor=head, assessment=assessment, variable=sdm.variable, year=2028, level=4
        ),
    ):
        with pytest.raises(GovernanceError) as e:
            call()
        assert e.value.code == "ASSESSMENT_FROZEN"
    assert db_fingerprint() == before
    services.action_done(actor=admin, action=action)  # progress still tracked
    assert RoadmapAction.objects.get().status == RoadmapAction.Status.DONE


# ------------------------------------------------------------------------------------ web and API


def test_web_flow_head_fills_and_submits(assessment, head):
    client = login_client(head, Role.KEPALA_UKPBJ)
    page = client.get(reverse("governance:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Pengorganisasian Kelembagaan" in page and "placeholder" in page and "assessment-submit" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    first = variables(assessment)[0]
    response = client.post(
        reverse("governance:answer_save", args=[assessment.pk, first.pk]),
        {f"v{first.pk}-level": 3, f"v{first.pk}-justification": "Perbup organisasi",
         f"v{first.pk}-evidence_file": SimpleUploadedFile("perbup.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    answer = Answer.objects.get(variable=first)
    assert answer.level == 3 and answer.evidence_type == "application/pdf"
    evidence = client.get(reverse("governance:answer_evidence", args=[assessment.pk, first.pk]))
    assert evidence.status_code == 200
    page = client.get(reverse("governance:assessment_detail", args=[assessment.pk])).content.decode()
    assert "<svg" in page and "Kelembagaan" in page


def test_another_agency_cannot_see_or_change_the_assessment(assessment):
    other = user_with_role(Role.KEPALA_UKPBJ)
    client = login_client(other, Role.KEPALA_UKPBJ)
    headers = api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:assessment_detail", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("governance:assessment_submit", args=[assessment.pk])).status_code == 404
    r = Client().get(f"{BASE}/assessments/{assessment.pk}", **headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "ASSESSMENT_NOT_FOUND"
    assert db_fingerprint() == before


@allowed(
    "GET /api/v1/governance/maturity-model",
    "POST /api/v1/governance/assessments",
    "GET /api/v1/governance/assessments",
    "GET /api/v1/governance/assessments/{assessment_id}",
    "POST /api/v1/governance/assessments/{assessment_id}/answers",
    "POST /api/v1/governance/assessments/{assessment_id}/targets",
    "POST /api/v1/governance/assessments/{assessment_id}/actions",
    "POST /api/v1/governance/roadmap-actions/{action_id}/done",
    "POST /api/v1/governance/assessments/{assessment_id}/submit",
)
def test_api_assessment_lifecycle(at_setup, head, ukpbj, staff):
    h = api_headers(head, Role.KEPALA_UKPBJ)

    def call(method, path, body=None):
        return getattr(Client(), method)(BASE + path, data=body or {}, content_type="application/json", **h)

    model = call("get", "/maturity-model").json()
    assert [lv["name"] for lv in model["levels"]][0] == "Inisiasi"
    created = call("post", "/assessments", {"agency_id": ukpbj.agency_id, "year": 2026})
    assert created.status_code == 201, created.content
    aid = created.json()["id"]
    assert [a["id"] for a in call("get", "/assessments").json()] == [aid]
    ids = [v["id"] for d in model["domains"] for v in d["variables"]]
    for vid in ids:
        r = call(
            "post", f"/assessments/{aid}/answers", {"variable_id": vid, "level": 2, "justification": "x"}
        )
        assert r.status_code == 200, r.content
    assert (
        call(
            "post", f"/assessments/{aid}/targets", {"variable_id": ids[0], "year": 2027, "level": 3}
        ).status_code
        == 200
    )
    action = call(
        "post", f"/assessments/{aid}/actions",
        {"variable_id": ids[0], "description": "Kajian", "owner_id": staff[0].pk, "due_on": "2027-06-30"},
    )  # fmt: skip
    assert action.status_code == 201
    action_id = action.json()["domains"][0]["variables"][0]["actions"][0]["id"]
    submitted = call("post", f"/assessments/{aid}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "SUBMITTED"
    assert submitted.json()["domains"][0]["score"] == "2.00"
    assert call("post", f"/roadmap-actions/{action_id}/done").status_code == 200
    detail = call("get", f"/assessments/{aid}").json()
    assert detail["domains"][0]["variables"][0]["targets"] == {"2027": 3}
    frozen = call(
        "post", f"/assessments/{aid}/answers", {"variable_id": ids[0], "level": 3, "justification": "y"}
    )
    assert frozen.status_code == 409 and frozen.json()["error"]["code"] == "ASSESSMENT_FROZEN"


@denied(
    "GET /api/v1/governance/maturity-model",
    "POST /api/v1/governance/assessments",
    "GET /api/v1/governance/assessments",
    "GET /api/v1/governance/assessments/{assessment_id}",
    "POST /api/v1/governance/assessments/{assessment_id}/answers",
    "POST /api/v1/governance/assessments/{assessment_id}/targets",
    "POST /api/v1/governance/assessments/{assessment_id}/actions",
    "POST /api/v1/governance/roadmap-actions/{action_id}/done",
    "POST /api/v1/governance/assessments/{assessment_id}/submit",
)
def test_maturity_pages_and_operations_follow_the_matrix(assessment, head, same_agency_users, staff):
    pk = assessment.pk
    v = variables(assessment)[0]
    action = services.action_add(
        actor=head,
        assessment=assessment,
        variable=v,
        description="x",
        owner=staff[0],
        due_on=dt.date(2027, 1, 1),
    )
    second = services.action_add(
        actor=head,
        assessment=assessment,
        variable=v,
        description="y",
        owner=staff[0],
        due_on=dt.date(2027, 1, 1),
    )

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

    answer = {f"v{v.pk}-level": 2, f"v{v.pk}-justification": "x"}
    actions = [
        Action("assessment_list.get", READERS, get("assessment_list")),
        Action("assessment_detail.get", READERS, get("assessment_detail", pk)),
        Action("assessment_start.post", MANAGERS, post("assessment_start", data={"year": 2020})),
        Action("answer_save.post", MANAGERS, post("answer_save", pk, v.pk, data=answer)),
        Action(
            "roadmap_target.post",
            MANAGERS,
            post("roadmap_target", pk, data={"variable": v.pk, "year": 2027, "level": 3}),
        ),
        Action("action_add.post", MANAGERS, post("action_add", pk)),
        Action("api.model", READERS, api("get", "/maturity-model"), api=True),
        Action("api.assessments", READERS, api("get", "/assessments"), api=True),
        Action("api.assessment", READERS, api("get", f"/assessments/{pk}"), api=True),
        Action("api.start", MANAGERS, api("post", "/assessments", {"agency_id": 0, "year": 2020}), api=True),
        Action(
            "api.answer",
            MANAGERS,
            api(
                "post", f"/assessments/{pk}/answers", {"variable_id": v.pk, "level": 2, "justification": "x"}
            ),
            api=True,
        ),
        Action(
            "api.target",
            MANAGERS,
            api("post", f"/assessments/{pk}/targets", {"variable_id": v.pk, "year": 2028, "level": 3}),
            api=True,
        ),
        Action(
            "api.action",
            MANAGERS,
            api(
                "post",
                f"/assessments/{pk}/actions",
                {"variable_id": v.pk, "description": "z", "owner_id": staff[0].pk, "due_on": "2027-01-01"},
            ),
            api=True,
        ),  # fmt: skip
        Action("action_done.post", MANAGERS, post("action_done", action.pk)),
        Action("api.action_done", MANAGERS, api("post", f"/roadmap-actions/{second.pk}/done"), api=True),
        # the head only; incomplete, so the head's call is refused by the rule (409) and changes nothing
        Action("assessment_submit.post", {Role.KEPALA_UKPBJ}, post("assessment_submit", pk)),
        Action("api.submit", {Role.KEPALA_UKPBJ}, api("post", f"/assessments/{pk}/submit"), api=True),
    ]
    assert run_matrix(actions, same_agency_users) == []
    assert RoadmapTarget.objects.filter(assessment=assessment).count() == 2
