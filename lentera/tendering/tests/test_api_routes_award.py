"""Tendering API routes from the qualification proof to the appeal and the re-evaluation, called as the role
allowed to; the answer and the database show the effect (#13 item 6). The refused side is the access matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.tendering import rules, services, states
from lentera.tendering.enums import Stage
from lentera.tendering.models import Appeal, FollowUp, Objection, QualificationProof, WinnerDecision
from lentera.testing import api_call, api_headers

from .factories import build, clock, create_tender, evaluate_all, inside, opened
from .test_services import _to_announced_winner

API = "/api/v1/tendering"
route = pytest.mark.route
pytestmark = pytest.mark.django_db


def post(user, role, path, body=None):
    return api_call(user, role, "post", API + path, body)


def _evaluated(tw):
    t = tw.tender
    offers = opened(tw, ["2000000000", "2100000000", "2200000000"])
    with clock(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=t)
    return offers


@route("POST", "/api/v1/tendering/tenders/{tender_id}/qualification-proofs", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/winner", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/winner/announce", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/objections", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/objections/{objection_id}/answer", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/appeals", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/appeals/{appeal_id}/answer", allowed=True)
def test_proof_winner_objection_and_appeal_through_the_api(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    offers = _evaluated(tw)
    first = tw.providers[0]
    with clock(inside(t, Stage.QUALIFICATION_PROOF)):
        proof = {
            "provider_id": first.pk,
            "held_at": inside(t, Stage.QUALIFICATION_PROOF).isoformat(),
            "attendees": "Direktur",
            "passed": True,
            "notes": "Dokumen asli sesuai",
        }
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/qualification-proofs", proof)
        assert response.status_code == 201, response.content
    recorded = QualificationProof.objects.get(pk=response.json()["id"])
    assert recorded.provider == first and recorded.passed and recorded.recorded_by == tw.chair

    with clock(inside(t, Stage.WINNER_DECISION)):
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/winner", {"summary": "Sepakat"})
        assert response.status_code == 201, response.content
    decision = WinnerDecision.objects.get(pk=response.json()["id"])
    assert decision.winner == offers[0] and response.json()["winner"] == first.name

    with clock(inside(t, Stage.WINNER_ANNOUNCEMENT)):
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/winner/announce")
        assert response.status_code == 200 and response.json()["announced_at"]
    decision.refresh_from_db()
    assert decision.announced_at is not None

    objector = tw.provider_user(1)
    with clock(inside(t, Stage.OBJECTION)):
        response = Client().post(
            f"{API}/tenders/{t.pk}/objections",
            {"text": "Harga tidak wajar"},
            **api_headers(objector, Role.PENYEDIA),
        )
        assert response.status_code == 201, response.content
    objection = Objection.objects.get(pk=response.json()["id"])
    assert objection.text == "Harga tidak wajar" and objection.provider == tw.providers[1]

    with clock(inside(t, Stage.OBJECTION_ANSWER)):
        body = {"answer": "Sanggahan tidak benar", "justified": False}
        path = f"/tenders/{t.pk}/objections/{objection.pk}/answer"
        assert post(tw.chair, Role.POKJA, path, body).status_code == 200
    objection.refresh_from_db()
    assert objection.answer == "Sanggahan tidak benar" and objection.justified is False

    guarantee = (t.hps_total * Decimal("0.01")).quantize(Decimal("1"))
    with clock(inside(t, Stage.APPEAL)):
        body = {
            "text": "Banding",
            "guarantee_amount": str(guarantee),
            "guarantee_number": "JB-1",
            "guarantee_issuer": "Bank Daerah",
            "guarantee_valid_until": "2026-12-31",
        }
        response = post(objector, Role.PENYEDIA, f"/tenders/{t.pk}/appeals", body)
        assert response.status_code == 201, response.content
    appeal = Appeal.objects.get(pk=response.json()["id"])
    assert appeal.objection == objection and appeal.guarantee_number == "JB-1"

    with clock(inside(t, Stage.APPEAL_ANSWER)):
        body = {"answer": "Sanggah banding tidak benar", "justified": False}
        assert post(tw.pa, Role.PA, f"/tenders/{t.pk}/appeals/{appeal.pk}/answer", body).status_code == 200
    appeal.refresh_from_db()
    assert appeal.guarantee_outcome == Appeal.GuaranteeOutcome.FORFEITED


@route("POST", "/api/v1/tendering/tenders/{tender_id}/reevaluation", allowed=True)
def test_reevaluation_after_a_justified_objection_opens_a_second_round(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw)
    with clock(inside(t, Stage.OBJECTION)):
        o = services.objection_file(actor=tw.provider_user(1), tender=t, text="Harga pemenang tidak wajar")
    now = inside(t, Stage.OBJECTION_ANSWER)
    with clock(now):
        services.objection_answer(
            actor=tw.chair, objection=o, answer="Benar", justified=True, follow_up=FollowUp.REEVALUATION
        )
        stages = states.machine_of(t).stages
        later = stages[stages.index(Stage.EVALUATION) :]
        new = rules.suggest_schedule(t, later, now + dt.timedelta(hours=1), tw.w.agency.pk)
        body = {
            "windows": [
                {"stage": s, "starts_at": a.isoformat(), "ends_at": b.isoformat()}
                for s, (a, b) in new.items()
            ],
            "reason": "Sanggahan benar: evaluasi ulang",
        }
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/reevaluation", body)
    assert response.status_code == 200, response.content
    t.refresh_from_db()
    assert t.evaluation_round == 2
    assert not WinnerDecision.objects.filter(tender=t, superseded_at__isnull=True).exists()
