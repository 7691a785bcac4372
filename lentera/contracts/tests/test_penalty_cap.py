"""The lateness penalty's cap (rules.late_penalty, rules.late_penalty_cap: 1 per mille a day of the contract value
or of the late part, never above 5% of the contract value; the cap is rule data, not confirmed in shared/seeds),
on its edges with hypothesis, and where it shows: the lateness facts of the contract page and the API, and the
termination's penalty."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lentera.contracts import rules

SIGNED = dt.date(2026, 8, 27)
values = st.integers(min_value=1, max_value=10**15).map(D)
days = st.integers(min_value=-5, max_value=2000)


@given(value=values, n=days)
def test_late_penalty_never_exceeds_the_cap_and_is_one_per_mille_a_day_below_it(value, n):
    penalty = rules.late_penalty(basis=value, days_late=n, on=SIGNED)
    cap = rules.late_penalty_cap(contract_value=value, on=SIGNED)
    assert D("0") <= penalty <= cap
    if n <= 0:
        assert penalty == 0
    elif n <= 50:  # 50 days x 1 per mille = 5%: the cap is reached on day 50, never before
        assert penalty == (value * D("0.001") * n).quantize(D("1"), rounding="ROUND_HALF_UP")
    else:
        assert penalty == cap


@given(value=values, n=st.integers(min_value=0, max_value=400))
def test_late_penalty_grows_with_each_day_until_the_cap(value, n):
    today = rules.late_penalty(basis=value, days_late=n, on=SIGNED)
    tomorrow = rules.late_penalty(basis=value, days_late=n + 1, on=SIGNED)
    assert today <= tomorrow
    if n >= 50:
        assert today == tomorrow


@given(
    value=values, share=st.integers(min_value=1, max_value=100), n=st.integers(min_value=1, max_value=2000)
)
def test_late_penalty_of_the_late_part_is_capped_on_the_whole_contract(value, share, n):
    part = (value * share / 100).quantize(D("1"))
    penalty = rules.late_penalty(basis=part, days_late=n, on=SIGNED, contract_value=value)
    assert penalty <= rules.late_penalty(basis=value, days_late=n, on=SIGNED)
    assert penalty <= rules.late_penalty_cap(contract_value=value, on=SIGNED)
    assert penalty == min(
        (part * D("0.001") * n).quantize(D("1"), rounding="ROUND_HALF_UP"),
        rules.late_penalty_cap(contract_value=value, on=SIGNED),
    )


def test_late_penalty_cap_is_five_percent_of_the_contract_value_from_the_rule_data():
    assert rules.late_penalty_cap(contract_value=D("2000000000"), on=SIGNED) == D("100000000")
    assert rules.late_penalty(basis=D("2000000000"), days_late=50, on=SIGNED) == D("100000000")
    assert rules.late_penalty(basis=D("2000000000"), days_late=49, on=SIGNED) == D("98000000")
    assert rules.late_penalty(basis=D("2000000000"), days_late=51, on=SIGNED) == D("100000000")
    with pytest.raises(rules.RuleError):
        rules.late_penalty_cap(contract_value=D("1"), on=dt.date(2018, 6, 30))


@pytest.mark.django_db
def test_the_contract_page_shows_the_penalty_cap_and_when_it_is_reached(at_setup):
    from django.urls import reverse

    from lentera.contracts import selectors
    from lentera.contracts.tests.test_closing import at_day, running
    from lentera.core.roles import Role
    from lentera.tendering.tests.factories import clock
    from lentera.testing import login_client

    tw, _letter, contract, _at = running()
    url = reverse("contracts:detail", args=[contract.pk])
    cap = rules.late_penalty_cap(contract_value=contract.value, on=contract.signed_on)
    with clock(at_day(contract, 10)):
        facts = selectors.lateness(contract, selectors.clock_day())
        assert facts["penalty"] == contract.value * D("0.01") and not facts["penalty_capped"]
        page = login_client(tw.ppk, Role.PPK).get(url).content.decode()
        assert 'id="penalty-cap"' in page and "batas tercapai" not in page
    with clock(at_day(contract, 70)):
        facts = selectors.lateness(contract, selectors.clock_day())
        assert facts["penalty"] == cap and facts["penalty_capped"]
        page = login_client(tw.ppk, Role.PPK).get(url).content.decode()
        assert "batas tercapai" in page
