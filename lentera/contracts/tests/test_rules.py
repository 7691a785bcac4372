"""Contract rules, one test (or more) named after each rule function; the edges with hypothesis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lentera.contracts import rules
from lentera.contracts.rules import CONSULTANCY, GOODS, OTHER, WORKS

D = Decimal
SIGNED = dt.date(2026, 3, 2)


def test_in_force_picks_the_row_of_the_day_and_refuses_a_day_without_one():
    old = rules.RateRule(D("0.01"), dt.date(2020, 1, 1), dt.date(2024, 12, 31), "old")
    new = rules.RateRule(D("0.02"), dt.date(2025, 1, 1), None, "new")
    assert rules.in_force((old, new), dt.date(2024, 12, 31)) is old
    assert rules.in_force((old, new), dt.date(2025, 1, 1)) is new
    with pytest.raises(rules.RuleError):
        rules.in_force((old, new), dt.date(2019, 12, 31))


def test_performance_guarantee_required_above_200_million_for_goods_works_and_other_services():
    big = D("200000001")
    for kind in (GOODS, WORKS, OTHER):
        assert rules.performance_guarantee_required(
            procurement_type=kind, contract_value=big, on=SIGNED
        ) == D("0.05")
        assert (
            rules.performance_guarantee_required(
                procurement_type=kind, contract_value=D("200000000"), on=SIGNED
            )
            is None
        )
    assert (
        rules.performance_guarantee_required(procurement_type=CONSULTANCY, contract_value=big, on=SIGNED)
        is None
    )
    assert (
        rules.performance_guarantee_required(
            procurement_type=GOODS, contract_value=big, on=SIGNED, e_purchasing=True
        )
        is None
    )


def test_performance_guarantee_amount_is_5_percent_of_the_value_or_of_the_hps_below_80_percent():
    assert rules.performance_guarantee_amount(
        contract_value=D("900000000"), hps_total=D("1000000000"), on=SIGNED
    ) == D("45000000")
    # exactly 80% of the HPS: still the contract value
    assert rules.performance_guarantee_amount(
        contract_value=D("800000000"), hps_total=D("1000000000"), on=SIGNED
    ) == D("40000000")
    # under 80%: 5% of the HPS
    assert rules.performance_guarantee_amount(
        contract_value=D("799999999"), hps_total=D("1000000000"), on=SIGNED
    ) == D("50000000")
    assert rules.performance_guarantee_amount(contract_value=D("333333333"), hps_total=None, on=SIGNED) == D(
        "16666667"
    )


def test_guarantee_covers_period_from_signing_to_the_handover():
    start, handover = dt.date(2026, 3, 2), dt.date(2026, 9, 30)
    assert rules.guarantee_covers_period(
        valid_from=start, valid_until=handover, contract_start=start, handover_due=handover
    )
    assert not rules.guarantee_covers_period(
        valid_from=start,
        valid_until=handover - dt.timedelta(days=1),
        contract_start=start,
        handover_due=handover,
    )
    assert not rules.guarantee_covers_period(
        valid_from=start + dt.timedelta(days=1),
        valid_until=handover,
        contract_start=start,
        handover_due=handover,
    )


def test_advance_payment_cap_30_small_20_other_15_multi_year():
    assert rules.advance_payment_cap(
        small_business=True, consultancy=False, multi_year=False, on=SIGNED
    ) == D("0.30")
    assert rules.advance_payment_cap(
        small_business=False, consultancy=False, multi_year=False, on=SIGNED
    ) == D("0.20")
    assert rules.advance_payment_cap(small_business=True, consultancy=True, multi_year=False, on=SIGNED) == D(
        "0.20"
    )
    assert rules.advance_payment_cap(small_business=True, consultancy=False, multi_year=True, on=SIGNED) == D(
        "0.15"
    )


def test_retention_rate_5_percent_for_works_and_maintained_services_unless_a_maintenance_guarantee():
    r = rules.retention_rate
    assert r(
        procurement_type=WORKS, has_maintenance_period=True, maintenance_guarantee=False, on=SIGNED
    ) == D("0.05")
    assert r(procurement_type=WORKS, has_maintenance_period=True, maintenance_guarantee=True, on=SIGNED) == 0
    assert r(
        procurement_type=OTHER, has_maintenance_period=True, maintenance_guarantee=False, on=SIGNED
    ) == D("0.05")
    assert (
        r(procurement_type=OTHER, has_maintenance_period=False, maintenance_guarantee=False, on=SIGNED) == 0
    )
    assert r(procurement_type=GOODS, has_maintenance_period=True, maintenance_guarantee=False, on=SIGNED) == 0


def test_late_penalty_one_per_mille_per_day():
    assert rules.late_penalty(basis=D("1000000000"), days_late=1, on=SIGNED) == D("1000000")
    assert rules.late_penalty(basis=D("1000000000"), days_late=50, on=SIGNED) == D("50000000")
    assert rules.late_penalty(basis=D("1000000000"), days_late=0, on=SIGNED) == 0
    assert rules.late_penalty(basis=D("1000000000"), days_late=-3, on=SIGNED) == 0


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=10**13))
def test_late_penalty_grows_with_each_day_and_never_with_nothing(days, basis):
    a = rules.late_penalty(basis=D(basis), days_late=days, on=SIGNED)
    b = rules.late_penalty(basis=D(basis), days_late=days + 1, on=SIGNED)
    assert 0 <= a <= b
    # 1 per mille a day up to the cap (5% of the value, reached on day 50: test_penalty_cap.py)
    assert abs(a - min(D(basis) * days / 1000, D(basis) * D("0.05"))) <= D("0.5")


def test_amendment_value_allowed_up_to_110_percent_of_the_original():
    ok = rules.amendment_value_allowed
    assert ok(original_value=D("1000"), current_value=D("1000"), new_value=D("1100"), on=SIGNED)
    assert not ok(original_value=D("1000"), current_value=D("1000"), new_value=D("1100.01"), on=SIGNED)
    # the cap is on the original value, whatever earlier changes did
    assert not ok(original_value=D("1000"), current_value=D("1080"), new_value=D("1101"), on=SIGNED)
    assert ok(original_value=D("1000"), current_value=D("1080"), new_value=D("500"), on=SIGNED)


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=300))
def test_amendment_value_allowed_never_above_the_cap(original, percent):
    new = D(original) * (100 + percent) / 100
    allowed = rules.amendment_value_allowed(
        original_value=D(original), current_value=D(original), new_value=new, on=SIGNED
    )
    assert allowed == (percent <= 10)


def test_late_completion_last_day_is_50_days_after_the_planned_end():
    end = dt.date(2026, 10, 31)
    assert rules.late_completion_last_day(planned_end=end, signed_on=SIGNED) == dt.date(2026, 12, 20)


def test_termination_allowed_for_lateness_only_after_the_50_days():
    end = dt.date(2026, 10, 31)
    allowed = rules.termination_allowed_for_lateness
    assert not allowed(planned_end=end, signed_on=SIGNED, today=dt.date(2026, 12, 20))
    assert allowed(planned_end=end, signed_on=SIGNED, today=dt.date(2026, 12, 21))


def test_is_critical_10_points_behind_until_70_percent_then_5():
    c = rules.is_critical
    assert not c(planned=D("0.50"), actual=D("0.40"), on=SIGNED)
    assert c(planned=D("0.50"), actual=D("0.3999"), on=SIGNED)
    assert not c(planned=D("0.80"), actual=D("0.75"), on=SIGNED)
    assert c(planned=D("0.80"), actual=D("0.7499"), on=SIGNED)
    assert not c(planned=D("0.30"), actual=D("0.60"), on=SIGNED)  # ahead of plan


def test_minimum_maintenance_days_6_months_permanent_3_semi_permanent():
    assert rules.minimum_maintenance_days(permanent=True, on=SIGNED) == 180
    assert rules.minimum_maintenance_days(permanent=False, on=SIGNED) == 90


def test_rating_scale_has_four_criteria_on_a_1_to_4_scale():
    scale = rules.rating_scale(SIGNED)
    assert scale.criteria == ("quality", "cost", "time", "service")
    assert (scale.lowest, scale.highest) == (1, 4)


def test_rating_average_needs_every_criterion_within_the_scale():
    assert rules.rating_average({"quality": 4, "cost": 3, "time": 2, "service": 4}, SIGNED) == D("3.25")
    with pytest.raises(ValueError):
        rules.rating_average({"quality": 4, "cost": 3, "time": 2}, SIGNED)
    with pytest.raises(ValueError):
        rules.rating_average({"quality": 5, "cost": 3, "time": 2, "service": 4}, SIGNED)
    with pytest.raises(ValueError):
        rules.rating_average({"quality": 0, "cost": 3, "time": 2, "service": 4}, SIGNED)


def test_rating_is_flagged_below_2():
    assert rules.rating_is_flagged(D("1.99"), SIGNED)
    assert not rules.rating_is_flagged(D("2.00"), SIGNED)
