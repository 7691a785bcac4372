"""Tendering API routes of the other methods: Pengadaan Langsung's invitations, offers and negotiation, Tender
Cepat's e-reverse auction, the prequalification shortlist, and the public facts refusing a draft (#13 item 6).
Each is called as the role allowed to and the database shows the effect; the refused side is the access matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from lentera.core.roles import Role
from lentera.planning.models import Method, ProcurementType
from lentera.tendering import selectors, services
from lentera.tendering.enums import Qualification, Stage
from lentera.tendering.models import AuctionBid, Negotiation, ReverseAuction, TenderRegistration
from lentera.testing import api_call, db_fingerprint

from .factories import build, clock, create_tender, inside, window
from .test_methods import _register_and_open

API = "/api/v1/tendering"
route = pytest.mark.route
pytestmark = pytest.mark.django_db


def post(user, role, path, body=None):
    return api_call(user, role, "post", API + path, body)


@route("POST", "/api/v1/tendering/tenders/{tender_id}/invitations", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/direct-offers", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/offers/{offer_id}/negotiation", allowed=True)
def test_pengadaan_langsung_invitation_offer_and_negotiation(at_setup):
    tw = build(method=Method.PENGADAAN_LANGSUNG, ptype=ProcurementType.GOODS, pagu="150000000", providers=1)
    official, provider = tw.members[0], tw.providers[0]
    t = create_tender(tw)
    with clock(inside(t, Stage.INVITATION)):
        response = post(
            official, Role.PROCUREMENT_OFFICIAL, f"/tenders/{t.pk}/invitations", {"npwp": provider.npwp}
        )
        assert response.status_code == 201, response.content
    invited = TenderRegistration.objects.get(pk=response.json()["id"])
    assert invited.tender == t and invited.provider == provider and invited.invited
    with clock(inside(t, Stage.OFFER)):
        response = post(
            tw.provider_user(0), Role.PENYEDIA, f"/tenders/{t.pk}/direct-offers", {"price": "140000000"}
        )
        assert response.status_code == 201, response.content
    with clock(inside(t, Stage.CLARIFICATION_NEGOTIATION)):
        offer = selectors.offers_for_operator(t).get()
        assert offer.provider == provider and offer.read_price == Decimal("140000000")
        body = {"technical_notes": "Spesifikasi sesuai", "agreed_price": "132500000"}
        path = f"/tenders/{t.pk}/offers/{offer.pk}/negotiation"
        response = post(official, Role.PROCUREMENT_OFFICIAL, path, body)
        assert response.status_code == 201, response.content
    negotiation = Negotiation.objects.get(pk=response.json()["id"])
    assert negotiation.offer == offer and negotiation.technical_notes == "Spesifikasi sesuai"
    offer.refresh_from_db()
    assert offer.negotiated_price == Decimal("132500000")


@route("POST", "/api/v1/tendering/tenders/{tender_id}/auction", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/auction/bids", allowed=True)
@route("POST", "/api/v1/tendering/tenders/{tender_id}/auction/close", allowed=True)
def test_tender_cepat_reverse_auction(at_setup):
    tw = build(method=Method.TENDER_CEPAT, ptype=ProcurementType.GOODS, pagu="900000000", providers=3)
    t = create_tender(tw)
    _register_and_open(tw, ["850000000", "840000000", "830000000"])
    ev_start, _ = window(t, Stage.EVALUATION)
    r1 = (ev_start + dt.timedelta(hours=1), ev_start + dt.timedelta(hours=2))
    with clock(ev_start + dt.timedelta(minutes=5)):
        body = {
            "rounds": [{"starts_at": r1[0].isoformat(), "ends_at": r1[1].isoformat()}],
            "reason": "Tender Cepat",
        }
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/auction", body)
        assert response.status_code == 201, response.content
    auction = ReverseAuction.objects.get(pk=response.json()["id"])
    assert auction.tender == t and auction.rounds.count() == 1 and auction.participants.count() == 3
    with clock(r1[0] + dt.timedelta(minutes=1)):
        response = post(
            tw.provider_user(0), Role.PENYEDIA, f"/tenders/{t.pk}/auction/bids", {"price": "820000000"}
        )
        assert response.status_code == 201, response.content
    bid = AuctionBid.objects.get(pk=response.json()["id"])
    assert bid.participant.offer.provider == tw.providers[0] and bid.price == Decimal("820000000")
    with clock(r1[1]):
        assert post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/auction/close").status_code == 200
    auction.refresh_from_db()
    assert auction.closed_at is not None


@route("POST", "/api/v1/tendering/tenders/{tender_id}/shortlist", allowed=True)
def test_prequalification_shortlist(at_setup):
    tw = build(ptype=ProcurementType.WORKS, providers=2)
    t = create_tender(tw, qualification=Qualification.PRE)
    with clock(inside(t, Stage.QUALIFICATION_UPLOAD)):
        for i in range(2):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    body = {
        "results": [
            {"provider_id": tw.providers[0].pk, "passed": True},
            {"provider_id": tw.providers[1].pk, "passed": False, "reason": "SBU tidak sesuai"},
        ],
        "agreeing_member_ids": [m.pk for m in tw.members[:2]],
    }
    with clock(inside(t, Stage.QUALIFICATION_EVALUATION)):
        response = post(tw.chair, Role.POKJA, f"/tenders/{t.pk}/shortlist", body)
    assert response.status_code == 200, response.content
    shortlisted = dict(TenderRegistration.objects.filter(tender=t).values_list("provider_id", "shortlisted"))
    assert shortlisted == {tw.providers[0].pk: True, tw.providers[1].pk: False}


@route("GET", "/api/v1/tendering/tenders/{tender_id}", denied=True)
def test_public_facts_refuse_a_draft_tender(at_setup):
    tw = build(providers=1)
    draft = create_tender(tw, announce=False)
    before = db_fingerprint()
    assert Client().get(f"{API}/tenders/{draft.pk}").status_code == 404
    assert db_fingerprint() == before
