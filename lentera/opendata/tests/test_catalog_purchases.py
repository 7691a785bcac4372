"""An e-purchasing Surat Pesanan is its own OCDS process: method ``direct`` with the e-purchasing details, the
award and the contract from the Surat Pesanan; the record package validates with 0 errors. The split-purchase
indicator groups one buyer's purchases from one supplier in one etalase (issue #15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from lentera.catalog import services as catalog
from lentera.catalog.tests import builders as cb
from lentera.contracts.models import Contract
from lentera.opendata import redflags, services
from lentera.opendata.ocds import validate
from lentera.opendata.redflags import TenderInput
from lentera.opendata.selectors import record_package
from lentera.tendering.tests.factories import SETUP_AT, clock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_watermark():
    with override_settings(LENTERA_FEED_WATERMARK_SECONDS=0):
        yield


def _purchase(cw, package, quantity: int, number: str, reason: str = ""):
    order = catalog.order_create(
        actor=cw.ppk,
        package=package,
        product=cw.product,
        quantity=quantity,
        delivery_address="SDN 1",
        split_reason=reason,
    )
    order = catalog.order_accept(actor=cw.provider.account, order=order)
    order = catalog.purchase_order_issue(actor=cw.ppk, order=order, number=number, issued_on=cb.TODAY)
    return Contract.objects.select_related("tender").get(pk=order.contract_id)


def test_a_surat_pesanan_is_a_process_with_award_and_contract_that_validates():
    with clock(SETUP_AT):
        cw = cb.catalog_world()
        contract = _purchase(cw, cw.package, 3, "SP/OCDS/1")
        services.opendata_sync()
    ocid = services.ocid_for(contract.tender.code)
    records = record_package(ocid, uri="http://testserver/x")
    assert validate.errors(records) == []
    compiled = records["records"][0]["compiledRelease"]
    assert compiled["tender"]["procurementMethod"] == "direct"
    assert compiled["tender"]["procurementMethodDetails"] == "E-Purchasing"
    (award,) = compiled["awards"]
    assert award["value"]["amount"] == 25500000 and award["suppliers"]
    (entry,) = compiled["contracts"]
    assert entry["awardID"] == award["id"] and entry["status"] == "active"
    assert entry["value"]["amount"] == 25500000


def test_split_purchases_flag_the_buyers_repeated_purchases_from_one_supplier_in_one_etalase():
    at = dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC)

    def sp(code, value, days, category="atk", supplier=7, buyer="wu-1", method="E_PURCHASING"):
        return TenderInput(
            code=code,
            buyer_id=buyer,
            method=method,
            award_date=at + dt.timedelta(days=days),
            contract_value=Decimal(value),
            supplier_id=supplier,
            catalog_category=category,
            contract_state="IN_PROGRESS",
        )

    tenders = [
        sp("a", "150000000", 0),
        sp("b", "60000000", 10),  # with a: 210 juta in 30 days
        sp("c", "150000000", 50),  # a and b are outside its window
        sp("d", "190000000", 51, category="komputer"),  # another etalase
        sp("e", "190000000", 52, supplier=8),  # another supplier
        sp("f", "190000000", 53, method="TENDER"),  # not e-purchasing: not computed
    ]
    flags = redflags.split_purchases(tenders)
    assert flags["b"].flagged and flags["b"].value == Decimal("210000000")
    assert not flags["a"].flagged and not flags["c"].flagged
    assert not flags["d"].flagged and not flags["e"].flagged
    assert "f" not in flags
    assert any(f.code == "split_purchase" and f.flagged for f in redflags.tender_flags(tenders)["b"])


def test_split_purchases_from_purchases_made_through_the_catalogue():
    with clock(SETUP_AT):
        cw = cb.catalog_world()
        package = cb.e_purchasing_package(cw.w, pagu="500000000")
        _purchase(cw, package, 12, "SP/SPLIT/1")
        second = _purchase(cw, package, 12, "SP/SPLIT/2", reason="Dua sekolah baru")
        inputs = redflags.tender_inputs()
    flags = redflags.split_purchases(inputs)
    assert flags[second.tender.code].flagged
    assert flags[second.tender.code].value == Decimal("204000000")
