"""Ethics cases, the later steps (Permendagri 53/2021 Pasal 22): anonymous public reports (no login, rate limited,
public statistics only), hearing records, appeals and their decision; rules named after their functions, pages,
API and the access matrix; the cases stay confidential (head of UKPBJ and auditor, every read audited)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.governance.errors import GovernanceError
from lentera.governance.ethics import rules, selectors, services
from lentera.governance.ethics.models import EthicsCase, Hearing
from lentera.tendering.tests.factories import clock
from lentera.testing import Action, api_headers, db_fingerprint, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from .matrix import api, post

BASE = "/api/v1/governance"
HEAD = frozenset(selectors.HEAD_ROLES)
D = dt.date
MAJELIS = [("Inspektur Pembantu", "INSPECTORATE", True), ("Kabid Kepegawaian", "PERSONNEL", False),
           ("Kabag Hukum", "LEGAL", False)]  # fmt: skip
ALLEGATION = "Meminta imbalan untuk mempercepat verifikasi dokumen penyedia."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _code(call) -> str:
    with pytest.raises(GovernanceError) as e:
        call()
    return e.value.code


def test_public_report_limit_dated_rule_data():
    assert rules.public_report_limit(D(2026, 7, 3)) == (5, dt.timedelta(hours=1))


def test_check_public_report_needs_subject_and_allegation():
    rules.check_public_report(subject_name="Budi, verifikator", allegation=ALLEGATION)
    assert (
        _code(lambda: rules.check_public_report(subject_name=" ", allegation=ALLEGATION))
        == "SUBJECT_REQUIRED"
    )
    assert _code(lambda: rules.check_public_report(subject_name="Budi", allegation="singkat")) == (
        "ALLEGATION_TOO_SHORT"
    )


def test_check_hearing_during_examination_on_a_day_that_has_come():
    ok = {
        "status": "EXAMINATION",
        "held_on": D(2026, 7, 3),
        "today": D(2026, 7, 3),
        "attendees": "a",
        "minutes": "m",
    }
    rules.check_hearing(**ok)
    assert _code(lambda: rules.check_hearing(**ok | {"status": "REPORTED"})) == "CASE_NOT_IN_EXAMINATION"
    assert _code(lambda: rules.check_hearing(**ok | {"held_on": D(2026, 7, 4)})) == "HEARING_DATE_FUTURE"
    assert _code(lambda: rules.check_hearing(**ok | {"minutes": ""})) == "HEARING_FIELDS_REQUIRED"


def test_check_appeal_inside_the_window_with_grounds():
    rules.check_appeal(decided_on=D(2026, 7, 1), today=D(2026, 7, 15), grounds="Saksi tidak didengar")
    assert _code(lambda: rules.check_appeal(decided_on=D(2026, 7, 1), today=D(2026, 7, 16), grounds="x")) == (
        "APPEAL_TOO_LATE"
    )
    assert _code(lambda: rules.check_appeal(decided_on=D(2026, 7, 1), today=D(2026, 7, 2), grounds=" ")) == (
        "APPEAL_GROUNDS_REQUIRED"
    )


def test_check_appeal_decision_outcomes_and_sanction():
    rules.check_appeal_decision(outcome="UPHELD", reasoning="r", sanction="", first_decision="VIOLATION")
    rules.check_appeal_decision(
        outcome="AMENDED", reasoning="r", sanction="teguran lisan", first_decision="VIOLATION"
    )
    rules.check_appeal_decision(outcome="OVERTURNED", reasoning="r", sanction="", first_decision="VIOLATION")
    assert _code(
        lambda: rules.check_appeal_decision(outcome="X", reasoning="r", sanction="", first_decision="")
    ) == ("APPEAL_OUTCOME_UNKNOWN")
    amended_without = {"outcome": "AMENDED", "reasoning": "r", "sanction": "", "first_decision": "VIOLATION"}
    assert _code(lambda: rules.check_appeal_decision(**amended_without)) == "APPEAL_SANCTION_REQUIRED"
    upheld_with = {"outcome": "UPHELD", "reasoning": "r", "sanction": "x", "first_decision": "VIOLATION"}
    assert _code(lambda: rules.check_appeal_decision(**upheld_with)) == "SANCTION_MISMATCH"


@pytest.fixture
def decided(at_setup, head, ukpbj, staff):
    case = services.case_report(actor=staff[0], agency=ukpbj.agency, subject=staff[1], allegation=ALLEGATION)
    services.case_examine(actor=head, case=case, members=MAJELIS)
    services.hearing_record(actor=head, case=case, held_on=D(2026, 7, 3), attendees="Majelis, terlapor",
                            minutes="Terlapor mengakui.")  # fmt: skip
    return services.case_decide(actor=head, case=case, decision="VIOLATION", reasoning="Terbukti",
                                sanction="Teguran tertulis")  # fmt: skip


def test_hearings_and_appeal_lifecycle(decided, head):
    assert Hearing.objects.filter(case=decided).count() == 1
    assert _code(lambda: services.hearing_record(actor=head, case=decided, held_on=D(2026, 7, 3), attendees="a",
                                                 minutes="m")) == "CASE_NOT_IN_EXAMINATION"  # fmt: skip
    with clock(dt.datetime(2026, 7, 20, 9, tzinfo=dt.UTC)):
        assert _code(lambda: services.case_appeal(actor=head, case=decided, grounds="x")) == "APPEAL_TOO_LATE"
    case = services.case_appeal(actor=head, case=decided, grounds="Sanksi terlalu berat")
    assert case.status == "APPEALED"
    case = services.case_decide_appeal(actor=head, case=case, outcome="AMENDED", reasoning="Pertama kali",
                                       sanction="Teguran lisan")  # fmt: skip
    assert (case.status, case.sanction, case.appeal_outcome) == ("APPEAL_DECIDED", "Teguran lisan", "AMENDED")
    other = user_with_role(Role.KEPALA_UKPBJ)
    assert _code(
        lambda: services.case_decide_appeal(actor=other, case=case, outcome="UPHELD", reasoning="r")
    ) == ("OUT_OF_SCOPE")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "governance.ethics.hearing",
        "governance.ethics.case_appeal",
        "governance.ethics.case_decide_appeal",
    } <= actions
    assert selectors.public_statistics() | {} == {"received": 1, "in_progress": 0, "dismissed": 0, "violation": 1,
                                                  "no_violation": 0, "appealed": 1}  # fmt: skip


def test_public_report_page_anonymous_rate_limited_and_confidential(at_setup, head, ukpbj):
    anon = Client()
    url = reverse("governance:ethics_public_report")
    page = anon.get(url).content.decode()
    assert "public-report-send" in page and "ethics-stats" in page
    assert url in anon.get(reverse("governance:sop_public")).content.decode()  # the public menu
    data = {"agency": ukpbj.agency_id, "subject_name": "Petugas verifikasi", "allegation": ALLEGATION,
            "contact": "warga@example.com"}  # fmt: skip
    sent = anon.post(url, data)
    assert sent.status_code == 200 and "public-report-received" in sent.content.decode()
    case = EthicsCase.objects.get()
    assert (case.channel, case.reporter_id, case.subject_id, case.subject_name) == (
        "PUBLIC",
        None,
        None,
        "Petugas verifikasi",
    )
    assert "warga@example.com" not in sent.content.decode()
    reported = AuditEvent.objects.get(action="governance.ethics.case_report_public", object_id=str(case.pk))
    assert (reported.actor_user_id, reported.client_ip) == (None, None)  # not traceable through the audit log
    assert "Uraikan" in anon.post(url, data | {"allegation": "pendek"}).content.decode()
    for _ in range(3):
        anon.post(url, data)
    limited = anon.post(url, data).content.decode()
    # five submissions per address and hour, the refused short one included; the sixth is refused
    assert "Terlalu banyak permintaan" in limited and EthicsCase.objects.count() == 4
    # confidential: the head reads it (audited), the contact is never shown
    client = login_client(head, Role.KEPALA_UKPBJ)
    detail = client.get(reverse("governance:ethics_case_detail", args=[case.pk])).content.decode()
    assert "Petugas verifikasi" in detail and "warga@example.com" not in detail
    assert (
        AuditEvent.objects.filter(action="governance.ethics.case_read", object_id=str(case.pk)).count() == 1
    )
    assert ALLEGATION not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_web_hearing_appeal_forms(at_setup, head, ukpbj, staff):
    case = services.case_report(actor=staff[0], agency=ukpbj.agency, subject=staff[1], allegation=ALLEGATION)
    services.case_examine(actor=head, case=case, members=MAJELIS)
    client = login_client(head, Role.KEPALA_UKPBJ)
    detail = reverse("governance:ethics_case_detail", args=[case.pk])
    assert "case-hearing" in client.get(detail).content.decode()
    r = client.post(reverse("governance:ethics_case_hearing", args=[case.pk]),
                    {"held_on": "2026-07-03", "attendees": "Majelis", "minutes": "Sidang pertama"})  # fmt: skip
    assert r.url == detail and Hearing.objects.get().minutes == "Sidang pertama"
    client.post(reverse("governance:ethics_case_decide", args=[case.pk]),
                {"decision": "NO_VIOLATION", "reasoning": "Tidak terbukti", "sanction": ""})  # fmt: skip
    assert "case-appeal" in client.get(detail).content.decode()
    client.post(reverse("governance:ethics_case_appeal", args=[case.pk]), {"grounds": "Pelapor keberatan"})
    client.post(reverse("governance:ethics_case_decide_appeal", args=[case.pk]),
                {"outcome": "UPHELD", "reasoning": "Bukti tidak cukup", "sanction": ""})  # fmt: skip
    page = client.get(detail).content.decode()
    assert "Putusan dikuatkan" in page and "Sidang pertama" in page


@allowed(
    "POST /api/v1/governance/ethics-reports",
    "GET /api/v1/governance/ethics-statistics",
    "POST /api/v1/governance/ethics-cases/{case_id}/hearings",
    "POST /api/v1/governance/ethics-cases/{case_id}/appeal",
    "POST /api/v1/governance/ethics-cases/{case_id}/appeal-decision",
)
def test_api_public_report_hearing_appeal(at_setup, head, ukpbj, staff):
    c = Client()
    body = {"agency_id": ukpbj.agency_id, "subject_name": "Petugas helpdesk", "allegation": ALLEGATION}
    sent = c.post(BASE + "/ethics-reports", body, content_type="application/json")
    assert sent.status_code == 201 and sent.json() == {"received": True}
    unknown = c.post(BASE + "/ethics-reports", body | {"agency_id": 999999}, content_type="application/json")
    assert unknown.status_code == 404
    assert c.get(BASE + "/ethics-statistics").json()["received"] == 1
    case = EthicsCase.objects.get()
    services.case_examine(actor=head, case=case, members=MAJELIS)
    h = api_headers(head, Role.KEPALA_UKPBJ)

    def js(path, b):
        return c.post(BASE + path, b, content_type="application/json", **h)

    heard = js(
        f"/ethics-cases/{case.pk}/hearings", {"held_on": "2026-07-03", "attendees": "Majelis", "minutes": "M"}
    )
    assert heard.status_code == 200 and heard.json()["hearings"][0]["minutes"] == "M"
    assert heard.json()["channel"] == "PUBLIC" and heard.json()["subject_name"] == "Petugas helpdesk"
    services.case_decide(actor=head, case=case, decision="VIOLATION", reasoning="r", sanction="Teguran")
    appealed = js(f"/ethics-cases/{case.pk}/appeal", {"grounds": "Keberatan"})
    assert appealed.json()["status"] == "APPEALED"
    done = js(
        f"/ethics-cases/{case.pk}/appeal-decision", {"outcome": "OVERTURNED", "reasoning": "Salah orang"}
    )
    assert done.json()["status"] == "APPEAL_DECIDED" and done.json()["sanction"] == ""
    for _ in range(4):
        c.post(BASE + "/ethics-reports", body, content_type="application/json")
    limited = c.post(BASE + "/ethics-reports", body, content_type="application/json")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "RATE_LIMITED"


@denied(
    "POST /api/v1/governance/ethics-cases/{case_id}/hearings",
    "POST /api/v1/governance/ethics-cases/{case_id}/appeal",
    "POST /api/v1/governance/ethics-cases/{case_id}/appeal-decision",
)
def test_hearing_and_appeal_follow_the_matrix(at_setup, head, ukpbj, staff, same_agency_users):
    case = services.case_report(actor=staff[0], agency=ukpbj.agency, subject=staff[1], allegation=ALLEGATION)
    services.case_examine(actor=head, case=case, members=MAJELIS)
    cid = case.pk
    actions = [
        Action("hearing.post", HEAD, post("ethics_case_hearing", cid)),
        Action("appeal.post", HEAD, post("ethics_case_appeal", cid)),
        Action("decide_appeal.post", HEAD, post("ethics_case_decide_appeal", cid)),
        Action("api.hearing", HEAD, api("post", f"/ethics-cases/{cid}/hearings", {"held_on": "2030-01-01", "attendees": "a", "minutes": "m"}), api=True),
        Action("api.appeal", HEAD, api("post", f"/ethics-cases/{cid}/appeal", {"grounds": "g"}), api=True),
        Action("api.decide_appeal", HEAD, api("post", f"/ethics-cases/{cid}/appeal-decision", {"outcome": "UPHELD", "reasoning": "r"}), api=True),
        Action("public_report.get", frozenset(same_agency_users), lambda c, h: c.get(reverse("governance:ethics_public_report")), anonymous_allowed=True),
    ]  # fmt: skip
    assert run_matrix(actions, same_agency_users) == []
    assert EthicsCase.objects.get(pk=cid).status == "EXAMINATION" and Hearing.objects.count() == 0


def test_another_agency_head_cannot_record_hearings_or_appeals(decided):
    other = user_with_role(Role.KEPALA_UKPBJ)
    client, h = login_client(other, Role.KEPALA_UKPBJ), api_headers(other, Role.KEPALA_UKPBJ)
    before = db_fingerprint()
    assert (
        client.post(reverse("governance:ethics_case_appeal", args=[decided.pk]), {"grounds": "g"}).status_code
        == 404
    )
    r = Client().post(
        f"{BASE}/ethics-cases/{decided.pk}/appeal", {"grounds": "g"}, content_type="application/json", **h
    )
    assert r.status_code == 404
    assert db_fingerprint() == before


@denied("POST /api/v1/governance/ethics-reports")
def test_public_report_to_an_unknown_agency_is_refused_and_changes_nothing(at_setup, ukpbj):
    before = db_fingerprint()
    body = {"agency_id": 999999, "subject_name": "Petugas helpdesk", "allegation": ALLEGATION}
    unknown = Client().post(BASE + "/ethics-reports", body, content_type="application/json")
    assert unknown.status_code == 404 and db_fingerprint() == before and EthicsCase.objects.count() == 0
