"""The 17 LPSE standards register (F18) and the internal review (standard 17): seed data, records, evidence, the
scored checklist updating the register; rules named after their functions; the access matrix."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.dated import RuleError
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.standards import rules, selectors, services
from lentera.governance.standards.models import Compliance, InternalReview, LpseStandard, StandardRecord
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

BASE = "/api/v1/governance"
EDITORS = frozenset(selectors.EDITOR_ROLES)
READERS = frozenset(selectors.READER_ROLES)


def test_check_review_complete_every_standard_rated():
    rules.check_review_complete(missing=[])
    with pytest.raises(GovernanceError) as e:
        rules.check_review_complete(missing=[3, 17])
    assert e.value.code == "REVIEW_INCOMPLETE" and "3, 17" in str(e.value)


def test_check_review_result_refuses_not_assessed():
    rules.check_review_result(result="PARTIAL")
    with pytest.raises(GovernanceError):
        rules.check_review_result(result="NOT_ASSESSED")


def test_review_score_two_one_zero():
    assert rules.review_score(["COMPLIANT", "PARTIAL", "NOT_COMPLIANT"]) == Decimal("50.0")
    assert rules.review_score(["COMPLIANT"] * 16 + ["PARTIAL"]) == Decimal("97.1")
    assert rules.review_score([]) == Decimal("0.0")


@pytest.mark.django_db
def test_the_seventeen_standards_are_seeded():
    names = list(LpseStandard.objects.values_list("name", flat=True))
    assert len(names) == 17 and names[0] == "Kebijakan Layanan" and names[-1] == "Penilaian Internal"


def test_review_completion_updates_the_register(at_setup, head, ukpbj, team_decree):
    kasubag = user_with_role(Role.KASUBAG_LPSE, work_unit=ukpbj)
    agency = ukpbj.agency
    std1 = selectors.standard(1)
    services.record_update(
        actor=kasubag,
        agency=agency,
        standard=std1,
        sop=None,
        coordinator_decree=team_decree,
        status="PARTIAL",
    )
    with pytest.raises(GovernanceError) as e:
        services.evidence_add(actor=kasubag, agency=agency, standard=std1, title="x")
    assert e.value.code == "EVIDENCE_REQUIRED"
    services.evidence_add(
        actor=kasubag, agency=agency, standard=std1, title="Register SOP", link="/tata-kelola/sop/"
    )
    services.evidence_add(
        actor=kasubag, agency=agency, standard=std1, title="Kebijakan",
        document=SimpleUploadedFile("k.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )  # fmt: skip
    review = services.review_start(actor=kasubag, agency=agency, held_on=dt.date(2026, 7, 1))
    services.review_rate(
        actor=kasubag, review=review, ratings=[(s, "COMPLIANT", "") for s in selectors.standards()[:16]]
    )
    with pytest.raises(GovernanceError) as e:
        services.review_complete(actor=kasubag, review=review)
    assert e.value.code == "REVIEW_INCOMPLETE"
    services.review_rate(
        actor=kasubag, review=review, ratings=[(selectors.standard(17), "PARTIAL", "belum rutin")]
    )
    services.review_complete(actor=kasubag, review=review)
    review.refresh_from_db()
    assert review.status == InternalReview.Status.COMPLETED and review.score == Decimal("97.1")
    rows = selectors.register(agency)
    assert rows[0].status == Compliance.COMPLIANT and rows[0].record.last_review_on == dt.date(2026, 7, 1)
    assert len(rows[0].evidence) == 2 and rows[16].status == Compliance.PARTIAL
    with pytest.raises(GovernanceError) as e:
        services.review_rate(actor=head, review=review, ratings=[(std1, "NOT_COMPLIANT", "")])
    assert e.value.code == "REVIEW_COMPLETED"
    other = user_with_role(Role.KASUBAG_LPSE)
    with pytest.raises(GovernanceError) as e:
        services.record_update(
            actor=other, agency=agency, standard=std1, sop=None, coordinator_decree=None, status="COMPLIANT"
        )
    assert e.value.code == "OUT_OF_SCOPE"


def test_web_register_and_review_checklist(at_setup, head, ukpbj):
    client = login_client(head, Role.KEPALA_UKPBJ)
    page = client.get(reverse("governance:standard_register")).content.decode()
    assert "Keamanan Server dan Jaringan" in page and "<svg" in page and "review-start" in page
    r = client.post(
        reverse("governance:review_start"), {"instansi": ukpbj.agency_id, "held_on": "2026-07-01"}
    )
    review = InternalReview.objects.get()
    assert r.status_code == 302 and r.url == reverse("governance:review_detail", args=[review.pk])
    data = {f"result-{n}": "COMPLIANT" for n in range(1, 18)} | {
        "result-4": "NOT_COMPLIANT",
        "finding-4": "Belum ada",
    }
    client.post(reverse("governance:review_rate", args=[review.pk]), data)
    client.post(reverse("governance:review_complete", args=[review.pk]))
    review.refresh_from_db()
    assert review.score == Decimal("94.1")
    assert StandardRecord.objects.get(standard__number=4).status == Compliance.NOT_COMPLIANT


@allowed(
    "GET /api/v1/governance/standards",
    "POST /api/v1/governance/standards/{number}",
    "POST /api/v1/governance/standards/{number}/evidence",
    "POST /api/v1/governance/internal-reviews",
    "GET /api/v1/governance/internal-reviews",
    "GET /api/v1/governance/internal-reviews/{review_id}",
    "POST /api/v1/governance/internal-reviews/{review_id}/ratings",
    "POST /api/v1/governance/internal-reviews/{review_id}/complete",
)
def test_api_standards(at_setup, head, ukpbj, team_decree):
    h = api_headers(head, Role.KEPALA_UKPBJ)
    c = Client()

    def js(path, body):
        return c.post(BASE + path, body, content_type="application/json", **h)

    aid = ukpbj.agency_id
    assert len(c.get(BASE + "/standards", **h).json()) == 17
    updated = js(
        "/standards/2", {"agency_id": aid, "status": "COMPLIANT", "coordinator_decree_id": team_decree.pk}
    )
    assert updated.status_code == 200 and updated.json()[1]["coordinator_decree_id"] == team_decree.pk
    ev = c.post(
        BASE + "/standards/2/evidence", {"agency_id": aid, "title": "SK", "link": "/tata-kelola/sk/"}, **h
    )
    assert ev.status_code == 201 and ev.json()[1]["evidence"][0]["title"] == "SK"
    review = js("/internal-reviews", {"agency_id": aid, "held_on": "2026-07-01"})
    assert review.status_code == 201
    rid = review.json()["id"]
    rated = js(
        f"/internal-reviews/{rid}/ratings",
        {"ratings": [{"number": n, "result": "PARTIAL"} for n in range(1, 18)]},
    )
    assert rated.status_code == 200 and len(rated.json()["items"]) == 17
    done = js(f"/internal-reviews/{rid}/complete", {})
    assert done.status_code == 200 and done.json()["score"] == "50.0"
    assert [r["id"] for r in c.get(BASE + "/internal-reviews", **h).json()] == [rid]
    assert c.get(f"{BASE}/internal-reviews/{rid}", **h).json()["status"] == "COMPLETED"


@denied(
    "GET /api/v1/governance/standards",
    "POST /api/v1/governance/standards/{number}",
    "POST /api/v1/governance/standards/{number}/evidence",
    "POST /api/v1/governance/internal-reviews",
    "GET /api/v1/governance/internal-reviews",
    "GET /api/v1/governance/internal-reviews/{review_id}",
    "POST /api/v1/governance/internal-reviews/{review_id}/ratings",
    "POST /api/v1/governance/internal-reviews/{review_id}/complete",
)
def test_standards_pages_and_operations_follow_the_matrix(at_setup, head, ukpbj, same_agency_users):
    aid = ukpbj.agency_id
    std = selectors.standard(1)
    services.evidence_add(actor=head, agency=ukpbj.agency, standard=std, title="x", link="/x/")
    evidence = selectors.register(ukpbj.agency)[0].evidence[0]
    review = services.review_start(actor=head, agency=ukpbj.agency, held_on=dt.date(2026, 7, 1))

    def get(name, *args, q=""):
        url = reverse(f"governance:{name}", args=args) + q
        return lambda c, h: c.get(url)

    def post(name, *args, data=None):
        url = reverse(f"governance:{name}", args=args)
        return lambda c, h: c.post(url, data or {})

    def api(method, path, body=None):
        return lambda c, h: getattr(c, method)(
            BASE + path, data=body or {}, content_type="application/json", **h
        )

    rid = review.pk
    actions = [
        Action("standard_register.get", READERS, get("standard_register")),
        Action("standard_detail.get", READERS, get("standard_detail", 1, q=f"?instansi={aid}")),
        Action("standard_update.post", EDITORS, post("standard_update", 1, data={"instansi": aid, "status": "PARTIAL"})),
        Action("standard_evidence_add.post", EDITORS, post("standard_evidence_add", 1, data={"instansi": aid})),
        Action("standard_evidence_file.get", READERS, get("standard_evidence_file", evidence.pk)),
        Action("review_start.post", EDITORS, post("review_start", data={"instansi": aid})),
        Action("review_detail.get", READERS, get("review_detail", rid)),
        Action("review_rate.post", EDITORS, post("review_rate", rid, data={"result-1": "PARTIAL"})),
        Action("review_complete.post", EDITORS, post("review_complete", rid)),
        Action("api.standards", READERS, api("get", "/standards"), api=True),
        Action("api.update", EDITORS, api("post", "/standards/1", {"agency_id": aid, "status": "COMPLIANT"}), api=True),
        Action("api.evidence", EDITORS, lambda c, h: c.post(BASE + "/standards/1/evidence", {"agency_id": aid, "title": ""}, **h), api=True),
        Action("api.reviews", READERS, api("get", "/internal-reviews"), api=True),
        Action("api.review", READERS, api("get", f"/internal-reviews/{rid}"), api=True),
        Action("api.review_start", EDITORS, api("post", "/internal-reviews", {"agency_id": aid, "held_on": "2026-07-01"}), api=True),
        Action("api.rate", EDITORS, api("post", f"/internal-reviews/{rid}/ratings", {"ratings": [{"number": 2, "result": "PARTIAL"}]}), api=True),
        Action("api.complete", EDITORS, api("post", f"/internal-reviews/{rid}/complete"), api=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []


def test_another_agency_cannot_read_or_change_the_register(at_setup, head, ukpbj):
    review = services.review_start(actor=head, agency=ukpbj.agency, held_on=dt.date(2026, 7, 1))
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, headers = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert client.get(reverse("governance:review_detail", args=[review.pk])).status_code == 404
    url = reverse("governance:standard_update", args=[1])
    assert client.post(url, {"instansi": ukpbj.agency_id, "status": "COMPLIANT"}).status_code == 404
    r = Client().get(f"{BASE}/standards?agency_id={ukpbj.agency_id}", **headers)
    assert r.status_code == 404
    assert db_fingerprint() == before


# ------------------------------------------------------------------------------------ risk register


def test_risk_scale_is_dated_rule_data():
    scale = rules.risk_scale(dt.date(2026, 7, 1))
    assert (scale.levels, scale.medium_from, scale.high_from) == (5, 5, 12)
    with pytest.raises(RuleError):
        rules.risk_scale(dt.date(2020, 1, 1))


def test_risk_exposure_bands_and_scale():
    on = dt.date(2026, 7, 1)
    assert rules.risk_exposure(likelihood=2, impact=2, on=on) == (4, "LOW")
    assert rules.risk_exposure(likelihood=5, impact=1, on=on) == (5, "MEDIUM")
    assert rules.risk_exposure(likelihood=4, impact=3, on=on) == (12, "HIGH")
    with pytest.raises(GovernanceError) as e:
        rules.risk_exposure(likelihood=6, impact=1, on=on)
    assert e.value.code == "RISK_RATING_INVALID"


@allowed("POST /api/v1/governance/risks", "GET /api/v1/governance/risks")
def test_api_and_heat_map(at_setup, head, ukpbj, staff):
    h = api_headers(head, Role.KEPALA_UKPBJ)
    body = {"agency_id": ukpbj.agency_id, "threat": "Server mati", "vulnerability": "Tanpa UPS", "likelihood": 4,
            "impact": 5, "treatment": "Pasang UPS", "owner_id": staff[0].pk, "review_on": "2026-12-01"}  # fmt: skip
    created = Client().post(BASE + "/risks", body, content_type="application/json", **h)
    assert created.status_code == 201 and created.json()["exposure"] == 20
    bad = Client().post(BASE + "/risks", body | {"impact": 9}, content_type="application/json", **h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "RISK_RATING_INVALID"
    assert [r["threat"] for r in Client().get(BASE + "/risks", **h).json()] == ["Server mati"]
    page = login_client(head, Role.KEPALA_UKPBJ).get(reverse("governance:risk_register")).content.decode()
    assert "<svg" in page and "Peta panas risiko" in page and "20 (HIGH)" in page


@denied("POST /api/v1/governance/risks", "GET /api/v1/governance/risks")
def test_risk_register_follows_the_matrix(at_setup, ukpbj, same_agency_users, staff):
    aid = ukpbj.agency_id
    body = {"agency_id": aid, "threat": "t", "vulnerability": "v", "likelihood": 2, "impact": 2, "treatment": "x",
            "owner_id": staff[0].pk, "review_on": "2026-12-01"}  # fmt: skip
    actions = [
        Action("risk_register.get", READERS, lambda c, h: c.get(reverse("governance:risk_register"))),
        Action(
            "risk_create.post",
            EDITORS,
            lambda c, h: c.post(reverse("governance:risk_create"), {"instansi": aid}),
        ),
        Action("api.risks", READERS, lambda c, h: c.get(BASE + "/risks", **h), api=True),
        Action(
            "api.risk_create",
            EDITORS,
            lambda c, h: c.post(BASE + "/risks", body, content_type="application/json", **h),
            api=True,
        ),
    ]
    assert run_matrix(actions, same_agency_users) == []
