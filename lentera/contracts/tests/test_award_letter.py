"""SPPBJ rules at the end of a tender (moved from tendering's service tests with the contract records): the
guarantee follows the evaluation, objections must be answered first, only the package's PPK issues it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services as contract_services
from lentera.core.errors import LenteraError
from lentera.tendering import services
from lentera.tendering.enums import Stage
from lentera.tendering.tests.factories import (
    build,
    clock,
    create_tender,
    evaluate_all,
    inside,
    opened,
)
from lentera.tendering.tests.test_services import _to_announced_winner

pytestmark = pytest.mark.django_db


def travel(at):
    return clock(at)


def test_low_bid_on_works_gets_reasonableness_and_larger_guarantee_through_to_sppbj(at_setup):
    tw = build(providers=2, pagu="2000000000", hps="2000000000")  # HPS = 1.900.000.000
    t = create_tender(tw)
    hps = t.hps_total
    low = (hps * Decimal("0.75")).quantize(Decimal("1"))
    offers = opened(tw, [str(low), str(hps + 1)])
    with travel(inside(t, Stage.EVALUATION)):
        evaluate_all(tw, offers)
        decision = services.evaluation_decide(actor=tw.chair, tender=t)
    r_low, r_high = (decision.results.get(offer=o) for o in offers)
    assert (
        r_low.passed
        and r_low.below_80_percent
        and r_low.performance_guarantee_amount == hps * Decimal("0.05")
    )
    assert not r_high.passed and r_high.above_hps
    _finish_to_award(tw, t, offers[0].provider)
    assert t.award_letter.performance_guarantee_amount == hps * Decimal("0.05")


def _finish_to_award(tw, t, provider):
    with travel(inside(t, Stage.QUALIFICATION_PROOF)):
        services.qualification_proof_record(
            actor=tw.chair,
            tender=t,
            provider=provider,
            held_at=inside(t, Stage.QUALIFICATION_PROOF),
            attendees="Direktur",
            passed=True,
            notes="Sesuai",
        )
    with travel(inside(t, Stage.WINNER_DECISION)):
        services.winner_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.AWARD_LETTER)):
        contract_services.award_letter_issue(
            actor=tw.ppk, tender=t, number="SPPBJ/1", issued_on=dt.date(2026, 8, 20)
        )
    t.refresh_from_db()


def test_sppbj_waits_for_answers_then_contract_completes(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw)
    with travel(inside(t, Stage.OBJECTION)):
        services.objection_file(actor=tw.provider_user(1), tender=t, text="Keberatan")
    with travel(inside(t, Stage.AWARD_LETTER)), pytest.raises(LenteraError) as exc:
        contract_services.award_letter_issue(
            actor=tw.ppk, tender=t, number="S/1", issued_on=dt.date(2026, 8, 20)
        )
    assert exc.value.code == "OBJECTIONS_PENDING"
    with travel(inside(t, Stage.AWARD_LETTER)), pytest.raises(LenteraError) as exc:
        contract_services.award_letter_issue(
            actor=tw.w["ppk2"], tender=t, number="S/1", issued_on=dt.date(2026, 8, 20)
        )
    assert exc.value.code == "NOT_PPK"
