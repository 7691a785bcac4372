"""Contract records at the end of each selection method (moved from tendering's method tests with the contract
records): Pengadaan Langsung's order, Penunjukan Langsung's SPPBJ, swakelola and emergency records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services as contract_services
from lentera.contracts.models import Contract
from lentera.core.errors import LenteraError
from lentera.planning.models import Method, Package, ProcurementType
from lentera.tendering import selectors, services
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.errors import TenderingError
from lentera.tendering.models import OfficialRecord
from lentera.tendering.tests.factories import build, clock, create_tender, evaluate_all, inside

pytestmark = pytest.mark.django_db


def travel(at):
    return clock(at)


def test_pengadaan_langsung_by_the_procurement_official(at_setup):
    tw = build(method=Method.PENGADAAN_LANGSUNG, ptype=ProcurementType.GOODS, pagu="150000000", providers=2)
    pp = tw.members[0]
    t = create_tender(tw)
    assert t.procurement_official == pp and t.pokja is None
    with travel(inside(t, Stage.INVITATION)):
        for p in tw.providers:
            services.provider_invite(actor=pp, tender=t, provider=p)
    with travel(inside(t, Stage.OFFER)):
        services.direct_offer_submit(actor=tw.provider_user(0), tender=t, price=Decimal("140000000"))
        services.direct_offer_submit(actor=tw.provider_user(1), tender=t, price=Decimal("137000000"))
        services.direct_offer_submit(
            actor=tw.provider_user(1), tender=t, price=Decimal("135000000")
        )  # replaced
        assert not selectors.offers_for_operator(
            t
        ).exists()  # hidden from the official until the stage closes
    with travel(inside(t, Stage.CLARIFICATION_NEGOTIATION)):
        offers = list(selectors.offers_for_operator(t))
        assert [o.read_price for o in offers] == [Decimal("140000000.00"), Decimal("135000000.00")]
        with pytest.raises(TenderingError) as exc:
            services.negotiation_record(
                actor=pp, offer=offers[1], technical_notes="Sesuai", agreed_price=Decimal("136000000")
            )
        assert exc.value.code == "NEGOTIATED_ABOVE_OFFER"
        services.negotiation_record(
            actor=pp, offer=offers[1], technical_notes="Spesifikasi sesuai", agreed_price=Decimal("132500000")
        )
    with travel(inside(t, Stage.ORDER)):
        wd = services.winner_decide(actor=pp, tender=t)
        assert wd.winner.provider == tw.providers[1] and wd.announced_at is not None
        c = contract_services.contract_record(
            actor=tw.ppk,
            tender=t,
            number="SPK/01",
            contract_type="LUMP_SUM",
            kind=Contract.Kind.SPK,
            signed_on=dt.date(2026, 7, 20),
            start_on=dt.date(2026, 7, 21),
            end_on=dt.date(2026, 8, 20),
        )
    t.refresh_from_db()
    assert (
        t.status == TenderStatus.COMPLETED and c.value == Decimal("132500000.00") and c.award_letter is None
    )
    assert OfficialRecord.objects.filter(tender=t, kind="NEGOTIATION").exists()


def test_penunjukan_langsung_one_invited_provider_with_reason(at_setup):
    tw = build(method=Method.PENUNJUKAN_LANGSUNG, ptype=ProcurementType.GOODS, pagu="500000000", providers=2)
    t = create_tender(tw)
    assert t.invited_provider == tw.providers[0] and t.invitation_reason
    assert list(t.registrations.values_list("provider_id", flat=True)) == [tw.providers[0].pk]
    with travel(inside(t, Stage.INVITATION)):
        with pytest.raises(TenderingError):
            services.provider_invite(actor=tw.chair, tender=t, provider=tw.providers[1])
        with pytest.raises(TenderingError):
            services.registration_create(actor=tw.provider_user(1), tender=t)
    with travel(inside(t, Stage.EXPLANATION)):
        q = services.question_ask(actor=tw.provider_user(0), tender=t, text="Kapan pengiriman?")
        services.question_answer(actor=tw.chair, question=q, answer="Paling lambat 30 hari.")
    with travel(inside(t, Stage.OFFER)):
        with pytest.raises(LenteraError):
            services.direct_offer_submit(actor=tw.provider_user(1), tender=t, price=Decimal("400000000"))
        services.direct_offer_submit(actor=tw.provider_user(0), tender=t, price=Decimal("470000000"))
    with travel(inside(t, Stage.EVALUATION)):
        offers = list(selectors.offers_for_operator(t))
        evaluate_all(tw, offers)
        services.evaluation_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.CLARIFICATION_NEGOTIATION)):
        services.negotiation_record(
            actor=tw.chair, offer=offers[0], technical_notes="Sesuai", agreed_price=Decimal("460000000")
        )
    with travel(inside(t, Stage.WINNER_DECISION)):
        services.winner_decide(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.WINNER_ANNOUNCEMENT)):
        services.winner_announce(actor=tw.chair, tender=t)
    with travel(inside(t, Stage.AWARD_LETTER)):
        letter = contract_services.award_letter_issue(
            actor=tw.ppk, tender=t, number="SPPBJ/PL/1", issued_on=dt.date(2026, 8, 10)
        )
    assert letter.value == Decimal("460000000.00")


@pytest.mark.parametrize("method", [Method.SWAKELOLA, Method.DARURAT])
def test_swakelola_and_emergency_are_recorded(at_setup, method):
    tw = build(method=method, ptype=ProcurementType.OTHER_SERVICES, pagu="300000000", providers=1)
    provider = tw.providers[0] if method == Method.DARURAT else None
    args = {
        "reason": "Penanganan banjir bandang (SK tanggap darurat 12/2026)",
        "value": Decimal("250000000"),
        "start_on": dt.date(2026, 7, 3),
        "end_on": dt.date(2026, 8, 3),
        "number": "SPMK/01",
        "provider": provider,
    }
    with pytest.raises(LenteraError):
        contract_services.procurement_record(actor=tw.w["ppk2"], package=tw.package, **args)
    t = contract_services.procurement_record(actor=tw.ppk, package=tw.package, **args)
    assert t.status == TenderStatus.COMPLETED and t.contract.value == Decimal("250000000")
    assert selectors.current_stage(t) == Stage.COMPLETED
    assert Package.objects.get(pk=tw.package.pk).status == Package.Status.CONTRACTED
    assert selectors.public_tender_facts(t)["contract"]["number"] == "SPMK/01"
