"""Every method end to end through the services: Pengadaan Langsung, Penunjukan Langsung, swakelola and
emergency recording, Tender Cepat with e-reverse auction, Seleksi with two files and merit points, prakualifikasi."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.core.errors import LenteraError
from lentera.planning.models import Method, ProcurementType
from lentera.tendering import selectors, services
from lentera.tendering.enums import Envelope, EvaluationMethod, Qualification, Stage
from lentera.tendering.errors import TenderingError
from lentera.tendering.models import AuctionParticipant, OfficialRecord

from .factories import build, clock, create_tender, evaluate_all, inside, window

pytestmark = pytest.mark.django_db


def travel(at):
    return clock(at)


def _register_and_open(tw, prices, *, envelope="ALL"):
    t = tw.tender
    with travel(inside(t, Stage.ANNOUNCEMENT)):
        for i in range(len(prices)):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    with travel(inside(t, Stage.OPENING)):
        return services.offers_record_opened(
            actor=tw.chair,
            tender=t,
            offers=[
                {
                    "provider": tw.providers[i],
                    "read_price": p,
                    "envelope": envelope,
                    "source_reference": f"b{i}",
                }
                for i, p in enumerate(prices)
            ],
        )


def test_fast_tender_with_reverse_auction(at_setup):
    tw = build(method=Method.TENDER_CEPAT, ptype=ProcurementType.GOODS, pagu="900000000", providers=3)
    t = create_tender(tw)
    assert t.reverse_auction
    offers = _register_and_open(tw, ["850000000", "840000000", "830000000"])
    ev_start, ev_end = window(t, Stage.EVALUATION)
    r1 = (ev_start + dt.timedelta(hours=1), ev_start + dt.timedelta(hours=2))
    r2 = (ev_start + dt.timedelta(hours=2), ev_start + dt.timedelta(hours=3))
    with travel(ev_start + dt.timedelta(minutes=5)):
        auction = services.auction_start(actor=tw.chair, tender=t, rounds=[r1, r2], reason="Tender Cepat")
        with pytest.raises(TenderingError) as exc:
            services.auction_bid(actor=tw.provider_user(0), tender=t, price=Decimal("820000000"))
        assert exc.value.code == "AUCTION_CLOSED"
    aliases = dict(
        AuctionParticipant.objects.filter(auction=auction).values_list("offer__provider_id", "alias")
    )
    assert sorted(aliases.values()) == ["Peserta 1", "Peserta 2", "Peserta 3"]
    with travel(r1[0] + dt.timedelta(minutes=1)):
        services.auction_bid(actor=tw.provider_user(0), tender=t, price=Decimal("820000000"))
        with pytest.raises(TenderingError) as exc:
            services.auction_bid(actor=tw.provider_user(0), tender=t, price=Decimal("820000000"))
        assert exc.value.code == "AUCTION_BID_NOT_LOWER"
    with travel(r2[1] - dt.timedelta(seconds=1)):
        services.auction_bid(actor=tw.provider_user(2), tender=t, price=Decimal("815000000"))
    with travel(r2[1]):
        with pytest.raises(TenderingError):
            services.auction_bid(actor=tw.provider_user(1), tender=t, price=Decimal("700000000"))
        services.auction_close(actor=tw.chair, tender=t)
        evaluate_all(tw, offers)
        decision = services.evaluation_decide(actor=tw.chair, tender=t)
    ranks = {r.offer.provider_id: (r.rank, r.offer.negotiated_price) for r in decision.results.all()}
    assert ranks[tw.providers[2].pk] == (1, Decimal("815000000.00"))
    assert ranks[tw.providers[0].pk] == (2, Decimal("820000000.00"))
    assert OfficialRecord.objects.filter(tender=t, kind="REVERSE_AUCTION").exists()
    with travel(inside(t, Stage.WINNER_DECISION)):
        wd = services.winner_decide(actor=tw.chair, tender=t)  # no qualification proof stage in Tender Cepat
    assert wd.winner.provider == tw.providers[2]


def test_auction_only_when_the_method_calls_for_it(at_setup):
    tw = build(ptype=ProcurementType.GOODS, pagu="1500000000", providers=3)
    t = create_tender(tw)
    offers = _register_and_open(tw, ["1300000000", "1350000000", "1400000000"])
    ev_start, _ = window(t, Stage.EVALUATION)
    rounds = [(ev_start + dt.timedelta(hours=1), ev_start + dt.timedelta(hours=2))]
    with travel(ev_start + dt.timedelta(minutes=5)):
        with pytest.raises(TenderingError) as exc:
            services.auction_start(actor=tw.chair, tender=t, rounds=rounds)
        assert exc.value.code == "AUCTION_NOT_APPLICABLE"
        # one offer fails technically: only two pass, the e-reverse auction applies
        fail = {"technical_pass": False, "notes": {"technical": "Spesifikasi tidak sesuai"}}
        evaluate_all(tw, offers, votes={(m, 2): fail for m in range(3)})
        services.evaluation_decide(actor=tw.chair, tender=t)
        auction = services.auction_start(actor=tw.chair, tender=t, rounds=rounds)
    assert auction.participants.count() == 2


def test_seleksi_two_files_merit_point(at_setup):
    tw = build(method=Method.SELEKSI, ptype=ProcurementType.CONSULTANCY, pagu="800000000", providers=3)
    t = create_tender(
        tw,
        envelope=Envelope.TWO_FILES,
        evaluation_method=EvaluationMethod.MERIT_POINT,
        technical_weight=Decimal("80"),
        price_weight=Decimal("20"),
        passing_technical_score=Decimal("70"),
    )
    offers = _register_and_open(tw, [None, None, None], envelope="TECHNICAL")
    assert all(o.read_price is None for o in offers)
    scores = {0: "90", 1: "75", 2: "60"}
    with travel(inside(t, Stage.EVALUATION)):
        for member in tw.members:
            for i, o in enumerate(offers):
                services.member_evaluation_submit(
                    actor=member,
                    offer=o,
                    administrative_pass=True,
                    qualification_pass=True,
                    technical_pass=True,
                    technical_score=Decimal(scores[i]),
                )
        assert not selectors.technical_evaluation_decided(t)
        d1 = services.evaluation_decide(actor=tw.chair, tender=t)
        assert d1.scope == "TECHNICAL" and selectors.technical_evaluation_decided(t)
        with pytest.raises(TenderingError):
            services.evaluation_decide(actor=tw.chair, tender=t)
    assert not d1.results.get(offer=offers[2]).passed  # 60 < 70
    with travel(inside(t, Stage.PRICE_OPENING)):
        services.offers_record_opened(
            actor=None,
            tender=t,
            offers=[
                {"provider": tw.providers[i], "read_price": p, "envelope": "PRICE"}
                for i, p in enumerate(["700000000", "600000000", "500000000"])
            ],
        )
    with travel(inside(t, Stage.PRICE_EVALUATION)):
        for member in tw.members:
            for o in offers:
                services.member_evaluation_submit(actor=member, offer=o, price_reasonable=True)
        d2 = services.evaluation_decide(actor=tw.chair, tender=t)
    r = {o.provider_id: d2.results.get(offer=o) for o in offers}
    # price scores: 600 is the lowest passed -> 100; 700 -> 85.71. final: 0.8x90 + 0.2x85.71 = 89.14; 0.8x75 + 0.2x100 = 80.00
    assert r[tw.providers[0].pk].final_score == Decimal("89.14") and r[tw.providers[0].pk].rank == 1
    assert r[tw.providers[1].pk].final_score == Decimal("80.00") and r[tw.providers[1].pk].rank == 2
    assert not r[tw.providers[2].pk].passed  # failed file I stays failed though its price is lowest


def test_prequalification_shortlist_decides_who_may_bid(at_setup):
    tw = build(ptype=ProcurementType.WORKS, providers=2)
    t = create_tender(tw, qualification=Qualification.PRE)
    assert Stage.SHORTLIST_ANNOUNCEMENT in [e.stage for e in t.schedule.all()]
    with travel(inside(t, Stage.QUALIFICATION_UPLOAD)):
        for i in range(2):
            services.registration_create(actor=tw.provider_user(i), tender=t)
    with travel(inside(t, Stage.EXPLANATION)), pytest.raises(TenderingError):
        services.registration_create(actor=tw.provider_user(1), tender=t)
    with travel(inside(t, Stage.QUALIFICATION_EVALUATION)):
        with pytest.raises(TenderingError) as exc:
            services.shortlist_decide(
                actor=tw.chair,
                tender=t,
                results={tw.providers[0].pk: (True, ""), tw.providers[1].pk: (False, "SBU tidak sesuai")},
                agreeing_member_ids=[tw.chair.pk],
            )
        assert exc.value.code == "MAJORITY_REQUIRED"
        regs = services.shortlist_decide(
            actor=tw.chair,
            tender=t,
            results={tw.providers[0].pk: (True, ""), tw.providers[1].pk: (False, "SBU tidak sesuai")},
            agreeing_member_ids=[m.pk for m in tw.members[:2]],
        )
    assert {r.provider_id: r.shortlisted for r in regs} == {
        tw.providers[0].pk: True,
        tw.providers[1].pk: False,
    }


def test_pa_cannot_create_and_pokja_cannot_create_for_other_packages(at_setup):
    tw = build(providers=1)
    with pytest.raises(LenteraError):
        services.tender_create(actor=tw.pa, package=tw.package)
    other = build(providers=1)
    with pytest.raises(LenteraError) as exc:
        services.tender_create(actor=tw.chair, package=other.package)
    assert exc.value.code == "NOT_POKJA_MEMBER"
