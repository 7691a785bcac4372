"""Each rule function of lentera/catalog/rules.py, called directly (named after it for the rules index)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lentera.catalog import rules
from lentera.catalog.errors import CatalogError

D = dt.date(2026, 7, 3)
ATTRS = [
    SimpleNamespace(code="ram", label="RAM", kind="NUMBER", unit="GB", choices=[], required=True),
    SimpleNamespace(
        code="layar", label="Layar", kind="CHOICE", unit="", choices=["14 inci", "15 inci"], required=True
    ),
    SimpleNamespace(code="warna", label="Warna", kind="TEXT", unit="", choices=[], required=False),
]


def code_of(call) -> str:
    with pytest.raises(CatalogError) as exc:
        call()
    return exc.value.code


def test_attribute_values_clean_accepts_typed_values_and_normalises_numbers():
    clean = rules.attribute_values_clean(ATTRS, {"ram": "16,0", "layar": "14 inci", "warna": " hitam "})
    assert clean == {"ram": "16", "layar": "14 inci", "warna": "hitam"}
    assert rules.attribute_values_clean(ATTRS, {"ram": "1.5", "layar": "15 inci"}) == {
        "ram": "1.5",
        "layar": "15 inci",
    }


def test_attribute_values_clean_refuses_missing_wrong_type_unknown_and_off_list():
    assert code_of(lambda: rules.attribute_values_clean(ATTRS, {"layar": "14 inci"})) == "ATTRIBUTE_REQUIRED"
    assert (
        code_of(lambda: rules.attribute_values_clean(ATTRS, {"ram": "banyak", "layar": "14 inci"}))
        == "ATTRIBUTE_NOT_A_NUMBER"
    )
    assert (
        code_of(lambda: rules.attribute_values_clean(ATTRS, {"ram": "NaN", "layar": "14 inci"}))
        == "ATTRIBUTE_NOT_A_NUMBER"
    )
    assert (
        code_of(lambda: rules.attribute_values_clean(ATTRS, {"ram": "8", "layar": "17 inci"}))
        == "ATTRIBUTE_NOT_A_CHOICE"
    )
    assert (
        code_of(lambda: rules.attribute_values_clean(ATTRS, {"ram": "8", "layar": "14 inci", "gpu": "x"}))
        == "ATTRIBUTE_UNKNOWN"
    )


def test_tkdn_valid_between_0_and_100():
    assert rules.tkdn_valid("0") == Decimal("0.00")
    assert rules.tkdn_valid("100") == Decimal("100.00")
    assert rules.tkdn_valid("42.555") == Decimal("42.56")
    for bad in ("-1", "100.01", "abc", "Infinity"):
        assert code_of(lambda bad=bad: rules.tkdn_valid(bad)) == "TKDN_OUT_OF_RANGE"


def test_price_period_valid_needs_a_positive_price_and_a_period_not_over():
    assert rules.price_period_valid(price="1000", valid_from=D, valid_until=D, today=D) == Decimal("1000.00")
    assert (
        code_of(lambda: rules.price_period_valid(price="0", valid_from=D, valid_until=D, today=D))
        == "PRICE_INVALID"
    )
    assert (
        code_of(lambda: rules.price_period_valid(price="x", valid_from=D, valid_until=D, today=D))
        == "PRICE_INVALID"
    )
    yesterday = D - dt.timedelta(days=1)
    assert (
        code_of(
            lambda: rules.price_period_valid(price="1", valid_from=yesterday, valid_until=yesterday, today=D)
        )
        == "PRICE_PERIOD_INVALID"
    )
    assert (
        code_of(lambda: rules.price_period_valid(price="1", valid_from=D, valid_until=yesterday, today=D))
        == "PRICE_PERIOD_INVALID"
    )


def test_price_in_force_inside_the_period_only():
    end = D + dt.timedelta(days=10)
    assert rules.price_in_force(valid_from=D, valid_until=end, day=D)
    assert rules.price_in_force(valid_from=D, valid_until=end, day=end)
    assert not rules.price_in_force(valid_from=D, valid_until=end, day=end + dt.timedelta(days=1))
    assert not rules.price_in_force(valid_from=D, valid_until=end, day=D - dt.timedelta(days=1))
    assert not rules.price_in_force(valid_from=None, valid_until=None, day=D)


def test_admission_period_valid_bounds():
    rules.admission_period_valid(valid_from=D, valid_until=D + dt.timedelta(days=365), today=D)
    assert (
        code_of(
            lambda: rules.admission_period_valid(valid_from=D, valid_until=D - dt.timedelta(days=1), today=D)
        )
        == "ADMISSION_PERIOD_INVALID"
    )
    too_long = D + dt.timedelta(days=rules.ADMISSION_MAX_DAYS + 1)
    assert (
        code_of(lambda: rules.admission_period_valid(valid_from=D, valid_until=too_long, today=D))
        == "ADMISSION_PERIOD_TOO_LONG"
    )


def test_admission_in_force_only_admitted_and_inside_period():
    end = D + dt.timedelta(days=30)
    assert rules.admission_in_force(status="ADMITTED", valid_from=D, valid_until=end, day=D)
    assert not rules.admission_in_force(
        status="ADMITTED", valid_from=D, valid_until=end, day=end + dt.timedelta(days=1)
    )
    assert not rules.admission_in_force(status="SUBMITTED", valid_from=D, valid_until=end, day=D)
    assert not rules.admission_in_force(status="REFUSED", valid_from=None, valid_until=None, day=D)


def test_provider_not_blacklisted_refuses_a_sanctioned_provider():
    rules.provider_not_blacklisted(blacklisted=False)
    with pytest.raises(CatalogError) as exc:
        rules.provider_not_blacklisted(blacklisted=True)
    assert exc.value.code == "PROVIDER_BLACKLISTED" and exc.value.status == 403


def test_direct_order_limit_is_dated_rule_data():
    rule = rules.direct_order_limit(D)
    assert rule.max_value == Decimal("200000000") and "LKPP" in rule.citation
    assert code_of(lambda: rules.direct_order_limit(dt.date(2020, 1, 1))) == "RULE_NOT_IN_FORCE"


def test_within_package_budget_never_above_pagu():
    rules.within_package_budget(pagu=Decimal("100"), committed=Decimal("60"), amount=Decimal("40"))
    assert (
        code_of(
            lambda: rules.within_package_budget(
                pagu=Decimal("100"), committed=Decimal("60"), amount=Decimal("40.01")
            )
        )
        == "BUDGET_EXCEEDED"
    )


def test_e_purchasing_package_method_and_status():
    rules.e_purchasing_package(method="E_PURCHASING", status="READY")
    assert (
        code_of(lambda: rules.e_purchasing_package(method="TENDER", status="READY"))
        == "METHOD_NOT_E_PURCHASING"
    )
    assert (
        code_of(lambda: rules.e_purchasing_package(method="E_PURCHASING", status="DRAFT"))
        == "PACKAGE_NOT_READY"
    )
    assert (
        code_of(lambda: rules.e_purchasing_package(method="E_PURCHASING", status="CANCELLED"))
        == "PACKAGE_NOT_READY"
    )
