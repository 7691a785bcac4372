"""contracts.services.contract_from_catalog_order: the Surat Pesanan of a catalogue order (the catalogue's own
tests drive it from an accepted order, lentera/catalog/tests/test_purchase_order.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts.errors import ContractsError
from lentera.contracts.models import Contract
from lentera.contracts.services import contract_from_catalog_order
from lentera.contracts.services.catalog_order import purchase_order_period_valid
from lentera.planning.tests import factories as pf
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import SETUP_AT, clock

DAY = dt.date(2026, 7, 3)


def test_purchase_order_period_valid_dates():
    purchase_order_period_valid(issued_on=DAY, accepted_on=DAY, deliver_by=DAY, today=DAY)
    for kw, code in (
        ({"issued_on": DAY + dt.timedelta(days=1)}, "DATE_IN_FUTURE"),
        ({"accepted_on": DAY + dt.timedelta(days=1)}, "ORDER_BEFORE_ACCEPTANCE"),
        ({"deliver_by": DAY - dt.timedelta(days=1)}, "PERIOD_INVALID"),
    ):
        args = {"issued_on": DAY, "accepted_on": DAY, "deliver_by": DAY, "today": DAY} | kw
        with pytest.raises(ContractsError) as exc:
            purchase_order_period_valid(**args)
        assert exc.value.code == code


def _e_purchasing_package(w):
    from lentera.planning import services as planning
    from lentera.planning.models import Method, ProcurementType

    item = pf.rup_item(
        w, pagu="100000000", ptype=ProcurementType.GOODS, method=Method.E_PURCHASING, name="Laptop"
    )
    pkg = planning.package_create(actor=w["ppk"], rup_items=[item], specification="Laptop")
    pkg = planning.package_update(actor=w["ppk"], package=pkg, catalogue_reference="Katalog lokal")
    pkg = planning.package_hps_set(
        actor=w["ppk"],
        package=pkg,
        lines=[planning.HpsLine("Laptop", "unit", 10, Decimal("10000000"), "CATALOGUE")],
        hps_set_on=DAY,
    )
    return planning.package_mark_ready(actor=w["ppk"], package=pkg)


@pytest.mark.django_db
def test_only_an_e_purchasing_package_and_its_ppk():
    with clock(SETUP_AT):
        w = pf.build_world()
        tender_package = pf.package(w, pagu="500000000", ptype="GOODS")
        provider = make_verified_provider()
        args = {
            "provider": provider,
            "order_number": "SP-1",
            "number": "SP/1",
            "value": Decimal("1000000"),
            "issued_on": DAY,
            "accepted_on": DAY,
            "deliver_by": DAY,
            "description": "",
        }
        with pytest.raises(ContractsError) as exc:
            contract_from_catalog_order(actor=w["ppk"], package=tender_package, **args)
        assert exc.value.code == "METHOD_NOT_E_PURCHASING"
        package = _e_purchasing_package(w)
        with pytest.raises(ContractsError) as exc:
            contract_from_catalog_order(actor=w["ppk2"], package=package, **args)
        assert exc.value.code == "NOT_A_PARTY" and exc.value.status == 403
        assert Contract.objects.count() == 0
        contract = contract_from_catalog_order(actor=w["ppk"], package=package, **args)
        assert contract.kind == "ORDER" and contract.state == "IN_PROGRESS"
