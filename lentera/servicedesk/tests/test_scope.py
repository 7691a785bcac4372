"""Scope of answers (Permendagri 53/2021 Lampiran 2.3 d angka 7): the desk answers technical problems of the
application and the infrastructure only; any other question is closed as out of scope with a referral, which the
reporter sees and the statistics count."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lentera.core.audit import AuditEvent
from lentera.core.roles import Role
from lentera.servicedesk import rules, services, stats
from lentera.servicedesk.enums import AnswerScope, Category, Referral
from lentera.servicedesk.errors import ServiceDeskError
from lentera.servicedesk.models import Ticket
from lentera.servicedesk.states import Status
from lentera.testing import api_headers, db_fingerprint, login_client
from lentera.testing_routes import allowed, denied

DAY = dt.date(2026, 7, 3)


def test_answer_in_scope_only_technical_application_and_infrastructure():
    assert rules.answer_in_scope(scope=AnswerScope.APPLICATION)
    assert rules.answer_in_scope(scope=AnswerScope.INFRASTRUCTURE)
    assert not rules.answer_in_scope(scope=AnswerScope.OUT_OF_SCOPE)
    assert not rules.answer_in_scope(scope="")


def test_default_answer_scope_follows_the_category():
    assert rules.default_answer_scope(category=Category.TECH_INFRASTRUCTURE) == AnswerScope.INFRASTRUCTURE
    assert rules.default_answer_scope(category=Category.TECH_APPLICATION) == AnswerScope.APPLICATION
    assert rules.default_answer_scope(category=Category.FEATURE_INFO) == AnswerScope.APPLICATION


def test_referral_allowed_names_a_known_party_and_other_needs_a_note():
    assert rules.referral_allowed(referral_to=Referral.LKPP, note="", on=DAY)
    assert rules.referral_allowed(referral_to=Referral.PPK, note="", on=DAY)
    assert not rules.referral_allowed(referral_to="", note="", on=DAY)
    assert not rules.referral_allowed(referral_to="NOBODY", note="x", on=DAY)
    assert not rules.referral_allowed(referral_to=Referral.OTHER, note="  ", on=DAY)
    assert rules.referral_allowed(referral_to=Referral.OTHER, note="Dinas PUPR", on=DAY)


@pytest.fixture
def question(at_setup, provider):
    return services.ticket_create(
        actor=provider,
        category=Category.CONSULTATION,
        subject="Apakah syarat SBU ini sah?",
        description="Pokja meminta SBU; apakah sesuai Perpres?",
    )


def test_out_of_scope_closes_with_a_referral_the_reporter_sees(question, officer, provider):
    closed = services.ticket_close_out_of_scope(
        actor=officer,
        ticket=question,
        referral_to=Referral.POKJA,
        body="Ini penilaian persyaratan; silakan ajukan pada pemberian penjelasan kepada Pokja.",
    )
    assert closed.status == Status.CLOSED and closed.closed_at is not None
    assert (closed.answer_scope, closed.referral_to) == (AnswerScope.OUT_OF_SCOPE, Referral.POKJA)
    assert closed.first_response_at is not None  # the referral is the desk's answer
    assert AuditEvent.objects.filter(
        action="servicedesk.ticket.out_of_scope", object_id=str(closed.pk)
    ).exists()
    page = login_client(provider, Role.PENYEDIA).get(reverse("servicedesk:mine_detail", args=[closed.pk]))
    text = page.content.decode()
    assert "Di luar lingkup helpdesk" in text and "Pokja Pemilihan / Pejabat Pengadaan" in text
    assert "pemberian penjelasan kepada Pokja" in text
    # the desk may reopen it: the mark is taken back
    reopened = services.ticket_reopen(actor=officer, ticket=closed, body="Ternyata galat aplikasi")
    assert (reopened.status, reopened.answer_scope, reopened.referral_to) == (Status.ASSIGNED, "", "")


def test_out_of_scope_refusals_change_nothing(question, officer, provider):
    before = db_fingerprint()
    with pytest.raises(ServiceDeskError) as no_referral:
        services.ticket_close_out_of_scope(actor=officer, ticket=question, referral_to="", body="x")
    assert no_referral.value.code == "REFERRAL_REQUIRED"
    with pytest.raises(ServiceDeskError) as other:
        services.ticket_close_out_of_scope(actor=officer, ticket=question, referral_to="OTHER", body="x")
    assert other.value.code == "REFERRAL_REQUIRED"
    with pytest.raises(Exception):  # a reporter is not the desk
        services.ticket_close_out_of_scope(actor=provider, ticket=question, referral_to="LKPP", body="x")
    assert db_fingerprint() == before


def test_resolve_marks_the_scope_and_refuses_out_of_scope(question, officer):
    t = services.ticket_assign(actor=officer, ticket=question, assignee=officer)
    with pytest.raises(ServiceDeskError) as refused:
        services.ticket_resolve(actor=officer, ticket=t, body="x", scope=AnswerScope.OUT_OF_SCOPE)
    assert refused.value.code == "ANSWER_OUT_OF_SCOPE"
    done = services.ticket_resolve(actor=officer, ticket=t, body="Menu ada di sini", scope="INFRASTRUCTURE")
    assert done.answer_scope == AnswerScope.INFRASTRUCTURE


def test_desk_page_closes_out_of_scope_and_statistics_count_it(question, officer, kasubag):
    desk = login_client(officer, Role.HELPDESK)
    url = reverse("servicedesk:desk_detail", args=[question.pk])
    page = desk.get(url).content.decode()
    assert 'name="referral_to"' in page and "Lampiran 2.3 huruf d angka 7" in page
    answer = desk.post(
        reverse("servicedesk:desk_action", args=[question.pk, "out_of_scope"]),
        {"referral_to": "LKPP", "body": "Pertanyaan regulasi: LKPP (layanan konsultasi)"},
    )
    assert answer.status_code == 302
    assert Ticket.objects.get(pk=question.pk).referral_to == Referral.LKPP
    july = stats.desk_statistics(2026)["months"][6]
    assert july["out_of_scope"] == 1
    assert (
        "Di luar lingkup (dirujuk)"
        in login_client(kasubag, Role.KASUBAG_LPSE).get(reverse("servicedesk:stats")).content.decode()
    )


@allowed("POST /api/v1/servicedesk/desk/tickets/{ticket_id}/out-of-scope")
@denied("POST /api/v1/servicedesk/desk/tickets/{ticket_id}/out-of-scope")
def test_api_out_of_scope(question, officer, provider):
    path = f"/api/v1/servicedesk/desk/tickets/{question.pk}/out-of-scope"
    body = {"referral_to": "PPK", "body": "Soal kontrak: PPK paket ini"}
    reporter, desk = api_headers(provider, Role.PENYEDIA), api_headers(officer, Role.HELPDESK)
    before = db_fingerprint()
    refused = Client().post(path, body, content_type="application/json", **reporter)
    assert refused.status_code == 403 and db_fingerprint() == before
    done = Client().post(path, body, content_type="application/json", **desk)
    assert done.status_code == 200
    data = done.json()
    assert (data["status"], data["answer_scope"], data["referral_to"]) == ("CLOSED", "OUT_OF_SCOPE", "PPK")
    mine = Client().get(f"/api/v1/servicedesk/tickets/{question.pk}", **reporter).json()
    assert mine["referral_to"] == "PPK"
