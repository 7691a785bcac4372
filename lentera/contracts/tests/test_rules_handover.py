"""The rule functions of the handover and the goods data, each tested by name against its dated rule data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import rules
from lentera.contracts.rules import CONSULTANCY, GOODS, OTHER, WORKS

ON = dt.date(2026, 6, 1)


def test_handover_stages_pho_and_fho_for_works_one_bast_for_the_rest():
    assert rules.handover_stages(procurement_type=WORKS, on=ON) == ("PHO", "FHO")
    for kind in (GOODS, CONSULTANCY, OTHER):
        assert rules.handover_stages(procurement_type=kind, on=ON) == ("BAST",)


def test_handover_stages_before_the_rule_is_in_force_is_an_error():
    with pytest.raises(rules.RuleError):
        rules.handover_stages(procurement_type=WORKS, on=dt.date(2020, 1, 1))


def test_handover_defects_allowed_only_at_the_pho():
    assert rules.handover_defects_allowed(stage=rules.STAGE_PHO, on=ON) is True
    assert rules.handover_defects_allowed(stage=rules.STAGE_FHO, on=ON) is False
    assert rules.handover_defects_allowed(stage=rules.STAGE_BAST, on=ON) is False


def test_retention_released_at_the_fho_and_the_bast_never_the_pho():
    assert rules.retention_released_at(stage=rules.STAGE_FHO, on=ON) is True
    assert rules.retention_released_at(stage=rules.STAGE_BAST, on=ON) is True
    assert rules.retention_released_at(stage=rules.STAGE_PHO, on=ON) is False


def test_delivered_total_allowed_up_to_the_contract_value():
    value = Decimal("1000000")
    assert rules.delivered_total_allowed(delivered_total=value, contract_value=value) is True
    assert rules.delivered_total_allowed(delivered_total=value + 1, contract_value=value) is False
