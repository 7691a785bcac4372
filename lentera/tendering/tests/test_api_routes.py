"""Tendering API routes called as a role allowed to, the answer and the database showing the effect (#13 item
6). The refused side of every route is the access matrix (test_access.py); the draft-to-announced flow is in
test_api.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import MemberEvaluation, ScheduleChange, Tender
from lentera.testing import api_call, api_headers

from .factories import build, clock, create_tender, evaluate_all, inside, opened, window

API = "/api/v1/tendering"
route = pytest.mark.route
pytestmark = pytest.mark.django_db


def post(user, role, path, body=None):
    return api_call(user, role, "post", API + path, body)


@route("POST", "/api/v1/tendering/tenders/{tender_id}/extensions", allowed=True)
def test_extension_moves_the_stage_end_and_is_recorded(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    start, end = window(t, Stage.BID_UPLOAD)
    new_end = end + dt.timedelta(days=7)
    body = {
        "stage": Stage.BID_UPLOAD,
        "new_ends_at": new_end.isoformat(),
        "reason": "Server LPSE tidak dapat diakses",
        "outage_reference": "HD-1",
    }
    with clock(end - dt.timedelta(minutes=30)):
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/extensions", body)
    assert response.status_code == 200, response.content
    assert window(t, Stage.BID_UPLOAD) == (start, new_end)
    assert ScheduleChange.objects.get(tender=t).outage_reference == "HD-1"


@route("POST", "/api/v1/tendering/tenders/{tender_id}/fail", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/retender", allowed=True)
def test_fail_then_retender_makes_a_new_draft(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/fail", {"reason": "Tidak ada peserta"})
    assert response.status_code == 200 and response.json()["status"] == TenderStatus.FAILED
    t.refresh_from_db()
    assert t.status == TenderStatus.FAILED
    response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/retender")
    assert response.status_code == 201
    again = Tender.objects.get(pk=response.json()["id"])
    assert again.previous == t and again.status == TenderStatus.DRAFT and again.package == t.package


@route("POST", "/api/v1/tendering/tenders/{tender_id}/cancel", allowed=True)
def test_cancel_by_the_pa_closes_the_tender(at_setup):
    tw = build(providers=1)
    t = create_tender(tw)
    response = post(tw.pa, Role.PA, f"/tenders/{t.pk}/cancel", {"reason": "Anggaran dialihkan"})
    assert response.status_code == 200, response.content
    t.refresh_from_db()
    assert t.status == TenderStatus.CANCELLED


@route("GET", "/api/v1/tendering/tenders/{tender_id}/offers", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/offers/{offer_id}/evaluations", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/evaluation-decisions", allowed=True)
def test_offers_evaluation_and_decision(at_setup):
    tw = build(providers=2)
    t = create_tender(tw)
    offers = opened(tw, ["2000000000", "2100000000"])
    with clock(inside(t, Stage.EVALUATION)):
        listed = Client().get(f"{API}/tenders/{t.pk}/offers", **api_headers(tw.chair, Role.POKJA)).json()
        assert sorted(o["id"] for o in listed) == sorted(o.pk for o in offers)
        assert {o["read_price"] for o in listed} == {"2000000000.00", "2100000000.00"}
        evaluate_all(tw, offers, members=tw.members[1:])
        vote = {
            "administrative_pass": True,
            "qualification_pass": True,
            "technical_pass": True,
            "price_reasonable": True,
        }
        for offer in offers:
            path = f"/tenders/{t.pk}/offers/{offer.pk}/evaluations"
            assert post(tw.chair, Role.POKJA, path, vote).status_code == 201
        assert MemberEvaluation.objects.filter(member=tw.chair, offer__in=offers).count() == 2
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/evaluation-decisions", {"summary": "Sepakat"})
    assert response.status_code == 201, response.content
    ranks = {r["offer_id"]: r["rank"] for r in response.json()["results"]}
    assert ranks == {offers[0].pk: 1, offers[1].pk: 2}
