"""The Surat Pesanan of an accepted catalogue order becomes a contract of the contracts app (delivery, BAST and
payment are the contract's), and the split-purchase warning the PPK confirms with a reason (issue #15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.catalog import rules, services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import Order
from lentera.contracts import services as contracts
from lentera.contracts.models import Contract, StartOrder
from lentera.core.errors import LenteraError
from lentera.tendering.tests.factories import clock

from . import builders as b

TODAY = b.TODAY


def accepted(cw, *, quantity: int = 2, package=None) -> Order:
    placed = services.order_create(
        actor=cw.ppk,
        package=package or cw.package,
        product=cw.product,
        quantity=quantity,
        delivery_address="SDN 1 Contoh",
    )
    return services.order_accept(actor=cw.provider.account, order=placed)


def issue(cw, order: Order, **kw) -> Order:
    return services.purchase_order_issue(
        actor=kw.pop("actor", cw.ppk),
        order=order,
        number=kw.pop("number", "SP/KAT/001"),
        **{"issued_on": TODAY} | kw,
    )


def test_the_surat_pesanan_is_a_contract_started_by_it_then_delivered_handed_over_and_paid(cw):
    order = issue(cw, accepted(cw, quantity=3))
    assert order.status == "CONTRACTED" and order.contract_id is not None
    contract = Contract.objects.select_related("tender").get(pk=order.contract_id)
    assert contract.kind == "ORDER" and contract.state == "IN_PROGRESS"
    assert contract.value == Decimal("25500000") and contract.provider_id == cw.provider.pk
    assert contract.signed_on == contract.start_on == TODAY
    assert contract.end_on == TODAY + dt.timedelta(days=7)  # the product's delivery days
    assert StartOrder.objects.get(contract=contract).kind == "ORDER"
    tender = contract.tender
    assert (
        tender.method == "E_PURCHASING"
        and tender.status == "COMPLETED"
        and tender.package_id == cw.package.pk
    )
    cw.package.refresh_from_db()
    assert cw.package.status == "CONTRACTED"
    # the package stays open: a second order, its own Surat Pesanan and process
    second = issue(cw, accepted(cw, quantity=1), number="SP/KAT/002")
    assert Contract.objects.get(pk=second.contract_id).tender.attempt == tender.attempt + 1
    # the contract's ordinary lifecycle: delivery, payment, BAST
    provider = cw.provider.account
    contracts.delivery_record(
        actor=provider,
        contract=contract,
        name=str(cw.product),
        quantity=Decimal(3),
        unit="unit",
        unit_price=order.unit_price,
        delivered_on=TODAY,
    )
    invoice = contracts.invoice_submit(
        actor=provider, contract=contract, progress_percent=Decimal(100), amount=contract.value
    )
    contracts.invoice_approve(actor=cw.ppk, payment=invoice)
    contracts.invoice_pay(actor=cw.ppk, payment=invoice, paid_on=TODAY)
    contracts.handover_record(
        actor=cw.ppk,
        contract=contract,
        number="BAST/KAT/001",
        handed_on=TODAY,
        inspectors="Tim PPHP",
        inspected_on=TODAY,
        result="ACCEPTED",
    )
    contract.refresh_from_db()
    assert contract.state == "COMPLETED"


def _unchanged(call) -> str:
    before = (Contract.objects.count(), list(Order.objects.values_list("status", flat=True)))
    with pytest.raises(LenteraError) as exc:
        call()
    assert (Contract.objects.count(), list(Order.objects.values_list("status", flat=True))) == before
    return exc.value.code


def test_only_the_ppk_of_an_accepted_order_issues_it(cw):
    order = accepted(cw)
    assert _unchanged(lambda: issue(cw, order, actor=cw.w["ppk2"])) == "ORDER_NOT_FOUND"
    assert _unchanged(lambda: issue(cw, order, actor=cw.provider.account)) == "ROLE_NOT_ALLOWED"
    pending = services.order_create(
        actor=cw.ppk, package=cw.package, product=cw.product, quantity=1, delivery_address="SDN 2"
    )
    assert _unchanged(lambda: issue(cw, pending)) == "TRANSITION_NOT_ALLOWED"
    issue(cw, order)
    assert _unchanged(lambda: issue(cw, order)) == "TRANSITION_NOT_ALLOWED"


def test_purchase_order_dates_checked(cw):
    order = accepted(cw)
    assert (
        _unchanged(lambda: issue(cw, order, issued_on=TODAY - dt.timedelta(days=1)))
        == "ORDER_BEFORE_ACCEPTANCE"
    )
    assert _unchanged(lambda: issue(cw, order, issued_on=TODAY + dt.timedelta(days=1))) == "DATE_IN_FUTURE"
    assert _unchanged(lambda: issue(cw, order, deliver_by=TODAY - dt.timedelta(days=1))) == "PERIOD_INVALID"


# --- split purchases ------------------------------------------------------------------------------------------


def test_split_purchase_rule_is_dated_rule_data():
    rule = rules.split_purchase_rule(TODAY)
    assert rule.threshold == Decimal("200000000") and rule.window_days == 30
    assert "Pasal 38" in rule.citation
    with pytest.raises(CatalogError) as exc:
        rules.split_purchase_rule(dt.date(2020, 1, 1))
    assert exc.value.code == "RULE_NOT_IN_FORCE"


def test_split_purchase_warning_needs_an_earlier_order_and_the_threshold_passed():
    t = Decimal("200000000")
    assert rules.split_purchase_warning(
        earlier_total=Decimal("150000000"), earlier_count=1, amount=Decimal("60000000"), threshold=t
    )
    assert not rules.split_purchase_warning(
        earlier_total=Decimal("150000000"), earlier_count=1, amount=Decimal("50000000"), threshold=t
    )
    assert not rules.split_purchase_warning(
        earlier_total=Decimal("0"), earlier_count=0, amount=Decimal("199000000"), threshold=t
    )


def test_split_purchase_confirmed_requires_a_reason_only_when_warned():
    t = Decimal("200000000")
    assert rules.split_purchase_confirmed(warned=False, reason="x", window_days=30, threshold=t) == ""
    assert (
        rules.split_purchase_confirmed(warned=True, reason=" Kebutuhan darurat ", window_days=30, threshold=t)
        == "Kebutuhan darurat"
    )
    with pytest.raises(CatalogError) as exc:
        rules.split_purchase_confirmed(warned=True, reason=" ", window_days=30, threshold=t)
    assert exc.value.code == "SPLIT_PURCHASE_CONFIRM" and exc.value.status == 409


def test_repeated_orders_above_the_tender_threshold_need_the_ppks_reason(cw):
    package = b.e_purchasing_package(cw.w, pagu="500000000")
    first = services.order_create(
        actor=cw.ppk, package=package, product=cw.product, quantity=12, delivery_address="SDN 1"
    )  # Rp102 juta
    assert not first.split_warning

    def second(reason: str = "") -> Order:
        return services.order_create(
            actor=cw.ppk,
            package=package,
            product=cw.product,
            quantity=12,
            delivery_address="SDN 2",
            split_reason=reason,
        )

    before = Order.objects.count()
    with pytest.raises(CatalogError) as exc:
        second()
    assert exc.value.code == "SPLIT_PURCHASE_CONFIRM" and Order.objects.count() == before
    warned = second("Dua sekolah baru dibuka di tengah tahun")
    assert warned.split_warning and warned.split_total == Decimal("204000000")
    assert warned.split_reason == "Dua sekolah baru dibuka di tengah tahun"
    # outside the window the earlier order no longer counts
    with clock(dt.datetime(2026, 8, 10, 2, 0, tzinfo=dt.UTC)):
        Order.objects.exclude(pk=first.pk).update(status="CANCELLED")
        later = services.order_create(
            actor=cw.ppk, package=package, product=cw.product, quantity=12, delivery_address="SDN 3"
        )
    assert not later.split_warning


# --- pages and API ----------------------------------------------------------------------------------------------


def test_order_page_issues_the_surat_pesanan_and_the_contract_page_names_the_order(cw):
    from django.urls import reverse

    from lentera.core.roles import Role
    from lentera.testing import login_client

    order = accepted(cw)
    ppk = login_client(cw.ppk, Role.PPK)
    page = ppk.get(reverse("catalog:order", args=[order.pk]))
    assert page.status_code == 200 and b'id="issue-order"' in page.content
    # the provider sees the order but cannot issue it; a POST by it changes nothing
    seller = login_client(cw.provider.account, Role.PENYEDIA)
    assert b'id="issue-order"' not in seller.get(reverse("catalog:order", args=[order.pk])).content
    assert (
        seller.post(
            reverse("catalog:order", args=[order.pk]), {"sp-number": "X", "sp-issued_on": "2026-07-03"}
        ).status_code
        == 404
    )
    assert Contract.objects.count() == 0
    done = ppk.post(
        reverse("catalog:order", args=[order.pk]), {"sp-number": "SP/WEB/1", "sp-issued_on": "2026-07-03"}
    )
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == "CONTRACTED"
    page = ppk.get(reverse("catalog:order", args=[order.pk]))
    assert b'id="contract-link"' in page.content
    contract_page = ppk.get(reverse("contracts:detail", args=[order.contract_id]))
    assert order.number.encode() in contract_page.content
    assert reverse("catalog:order", args=[order.pk]).encode() in contract_page.content


@pytest.mark.route("POST", "/api/v1/catalog/orders/{order_id}/purchase-order", allowed=True)
def test_api_purchase_order_makes_the_contract(cw):
    import json

    from django.test import Client

    from lentera.core.roles import Role
    from lentera.testing import api_headers

    order = accepted(cw)
    response = Client().post(
        f"/api/v1/catalog/orders/{order.pk}/purchase-order",
        data=json.dumps({"number": "SP/API/1", "issued_on": "2026-07-03", "deliver_by": "2026-07-20"}),
        content_type="application/json",
        **api_headers(cw.ppk, Role.PPK),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "CONTRACTED" and body["contract_id"]
    assert Contract.objects.get(pk=body["contract_id"]).end_on == dt.date(2026, 7, 20)


def test_the_purchase_has_a_public_page_with_its_contract(cw, django_capture_on_commit_callbacks):
    from django.test import Client
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        order = issue(cw, accepted(cw))
    tender = Contract.objects.get(pk=order.contract_id).tender
    page = Client().get(reverse("public:tender_detail", args=[tender.code]))
    assert page.status_code == 200
    assert b"SP/KAT/001" in page.content  # the Surat Pesanan number in the public contract section
