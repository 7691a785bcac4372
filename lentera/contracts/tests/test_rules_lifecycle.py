"""The rule functions the contract lifecycle added (SPPBJ refusal, advance payment, start order), each tested by
name against its dated rule data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import rules
from lentera.contracts.rules import CONSULTANCY, GOODS, OTHER, WORKS

ON = dt.date(2026, 6, 1)


def test_refusal_reason_accepted_pasal_78_only_force_majeure_escapes_the_sanction():
    assert rules.refusal_reason_accepted(reason=rules.REFUSAL_FORCE_MAJEURE, on=ON) is True
    assert rules.refusal_reason_accepted(reason=rules.REFUSAL_OTHER, on=ON) is False
    assert rules.refusal_reason_accepted(reason="PRICE_TOO_LOW", on=ON) is False


def test_refusal_reason_accepted_before_the_perpres_has_no_rule():
    with pytest.raises(LookupError):
        rules.refusal_reason_accepted(reason=rules.REFUSAL_FORCE_MAJEURE, on=dt.date(2010, 1, 1))


def test_advance_guarantee_required_pasal_34_is_the_whole_advance_rounded_to_the_rupiah():
    assert rules.advance_guarantee_required(advance=Decimal("400000000"), on=ON) == Decimal("400000000")
    assert rules.advance_guarantee_required(advance=Decimal("1000.50"), on=ON) == Decimal("1001")


def test_advance_repayment_pasal_34_in_proportion_and_the_rest_on_the_last_term():
    # Rp2 billion contract, Rp400 million advance: a Rp600 million term pays back 30% of the advance
    args = {"advance": Decimal("400000000"), "contract_value": Decimal("2000000000")}
    share = rules.advance_repayment(
        outstanding=Decimal("400000000"), gross=Decimal("600000000"), final=False, **args
    )
    assert share == Decimal("120000000")
    # never more than what is still outstanding
    capped = rules.advance_repayment(
        outstanding=Decimal("50000000"), gross=Decimal("600000000"), final=False, **args
    )
    assert capped == Decimal("50000000")
    # the last term pays back whatever is left
    last = rules.advance_repayment(outstanding=Decimal("80000000"), gross=Decimal("1000"), final=True, **args)
    assert last == Decimal("80000000")


def test_start_order_kind_surat_pesanan_for_goods_spmk_for_the_rest():
    assert rules.start_order_kind(procurement_type=GOODS, on=ON) == "ORDER"
    for kind in (WORKS, CONSULTANCY, OTHER):
        assert rules.start_order_kind(procurement_type=kind, on=ON) == "SPMK"
