"""The jaminan pelaksanaan (amount and validity against the rule data, required before signing) and the start
of the work by SPMK / Surat Pesanan (the start date follows it; SIGNED -> IN_PROGRESS)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services
from lentera.contracts.models import StartOrder
from lentera.contracts.states import ContractState
from lentera.contracts.tests.builders import (
    record_guarantee,
    signed_contract,
    signing_time,
    world_with_letter,
)
from lentera.contracts.tests.test_acceptance import refused
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db


def test_the_guarantee_must_reach_the_required_amount_and_cover_the_contract_before_signing(at_setup):
    tw, letter = world_with_letter()
    assert letter.performance_guarantee_amount == Decimal("100000000.00")  # 5% of Rp2 billion
    at = signing_time(tw)
    day = local_date(at)
    sign = {
        "actor": tw.ppk,
        "tender": tw.tender,
        "number": "K/1",
        "contract_type": "LUMP_SUM",
        "signed_on": day,
        "start_on": day,
        "end_on": day + dt.timedelta(days=90),
    }
    with clock(at):
        refused(
            lambda: record_guarantee(tw, letter, until=day + dt.timedelta(days=120)), "STATE_NOT_ALLOWED", 409
        )
        services.award_letter_accept(actor=letter.provider.account, letter=letter)
        refused(lambda: services.contract_record(**sign), "GUARANTEE_MISSING", 409)
        refused(
            lambda: record_guarantee(
                tw, letter, until=day + dt.timedelta(days=120), amount=Decimal("99999999")
            ),
            "GUARANTEE_TOO_SMALL",
        )
        refused(lambda: record_guarantee(tw, letter, until=day - dt.timedelta(days=1)), "GUARANTEE_EXPIRED")
        refused(
            lambda: services.performance_guarantee_record(
                actor=tw.provider_user(1),
                letter=letter,
                issuer="Bank",
                number="1",
                amount=Decimal("100000000"),
                valid_from=day,
                valid_until=day + dt.timedelta(days=120),
            ),
            "NOT_A_PARTY",
            403,
        )
        record_guarantee(tw, letter, until=day + dt.timedelta(days=60))  # too short for the 90-day contract
        refused(lambda: services.contract_record(**sign), "GUARANTEE_PERIOD")
        g = record_guarantee(tw, letter, until=day + dt.timedelta(days=90))  # replaced until signing
        contract = services.contract_record(**sign)
    assert contract.state == ContractState.SIGNED and g.required_amount == Decimal("100000000.00")
    assert AuditEvent.objects.filter(action="contracts.guarantee.record").count() == 2
    with clock(at):
        refused(
            lambda: record_guarantee(tw, letter, until=day + dt.timedelta(days=200)), "CONTRACT_SIGNED", 409
        )


def test_no_guarantee_is_required_up_to_the_threshold(at_setup):
    tw, letter = world_with_letter(pagu="250000000", prices=("190000000", "195000000", "199000000"))
    at = signing_time(tw)
    day = local_date(at)
    with clock(at):
        services.award_letter_accept(actor=letter.provider.account, letter=letter)
        contract = services.contract_record(
            actor=tw.ppk,
            tender=tw.tender,
            number="K/1",
            contract_type="LUMP_SUM",
            signed_on=day,
            start_on=day,
            end_on=day,
        )
    assert contract.state == ContractState.SIGNED


def test_the_spmk_starts_the_work_and_moves_the_period(at_setup):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=120)  # guarantee valid until signing + 150 days
    length = contract.end_on - contract.start_on
    at = signing_time(tw) + dt.timedelta(days=5)
    day = local_date(at)
    with clock(at):
        refused(
            lambda: services.contract_start(
                actor=letter.provider.account, contract=contract, number="SPMK/1", issued_on=day, start_on=day
            ),
            "ACTION_NOT_FOR_ROLE",
            403,
        )
        refused(
            lambda: services.contract_start(
                actor=tw.ppk,
                contract=contract,
                number="SPMK/1",
                issued_on=day + dt.timedelta(days=1),
                start_on=day,
            ),
            "DATE_IN_FUTURE",
        )
        refused(
            lambda: services.contract_start(
                actor=tw.ppk,
                contract=contract,
                number="SPMK/1",
                issued_on=day,
                start_on=day + dt.timedelta(days=60),  # the period would outlast the guarantee
            ),
            "GUARANTEE_PERIOD",
        )
        order = services.contract_start(
            actor=tw.ppk,
            contract=contract,
            number="SPMK/1",
            issued_on=day,
            start_on=day + dt.timedelta(days=2),
        )
        contract.refresh_from_db()
        assert order.kind == StartOrder.Kind.SPMK  # works
        assert contract.state == ContractState.IN_PROGRESS
        assert (
            contract.start_on == day + dt.timedelta(days=2) and contract.end_on - contract.start_on == length
        )
        refused(
            lambda: services.contract_start(
                actor=tw.ppk, contract=contract, number="SPMK/2", issued_on=day, start_on=day
            ),
            "STATE_NOT_ALLOWED",
            409,
        )


def test_goods_start_with_a_surat_pesanan(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract = signed_contract(tw, letter, days=30)
    at = signing_time(tw) + dt.timedelta(days=1)
    with clock(at):
        order = services.contract_start(
            actor=tw.ppk, contract=contract, number="SP/1", issued_on=local_date(at), start_on=local_date(at)
        )
    assert order.kind == StartOrder.Kind.ORDER
