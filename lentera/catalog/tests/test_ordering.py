"""Direct orders (e-purchasing): the PPK's own e-Purchasing package, the listed price in force at the database
clock, the provider admitted and not blacklisted, the package budget never exceeded across orders; the
provider accepts (stock goes down) or refuses (the budget is free again)."""

import datetime as dt
from decimal import Decimal

import pytest

from lentera.catalog import services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import Order
from lentera.core.errors import AccessDenied
from lentera.planning.tests import factories as pf
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import clock

from . import builders as b


def order(cw, quantity=2, **kw):
    return services.order_create(
        actor=kw.pop("actor", cw.ppk),
        package=kw.pop("package", cw.package),
        product=kw.pop("product", cw.product),
        quantity=quantity,
        delivery_address="SDN 1 Contoh",
    )


def refused(call) -> str:
    before = Order.objects.count()
    with pytest.raises(CatalogError) as exc:
        call()
    assert Order.objects.count() == before
    return exc.value.code


def test_order_at_the_listed_price_and_accept(cw):
    placed = order(cw, quantity=3)
    assert placed.unit_price == Decimal("8500000") and placed.total == Decimal("25500000")
    assert placed.number == f"SP-{cw.package.code}-001" and placed.status == "ORDERED"
    accepted = services.order_accept(actor=cw.provider.account, order=placed)
    assert accepted.status == "ACCEPTED"
    cw.product.refresh_from_db()
    assert cw.product.stock == 37
    with pytest.raises(CatalogError) as exc:
        services.order_refuse(actor=cw.provider.account, order=accepted, reason="x")
    assert exc.value.code == "TRANSITION_NOT_ALLOWED"


def test_budget_never_exceeded_across_orders(cw):
    order(cw, quantity=11)  # 93.5 juta of 100 juta
    assert refused(lambda: order(cw, quantity=1)) == "BUDGET_EXCEEDED"
    first = Order.objects.get()
    services.order_refuse(actor=cw.provider.account, order=first, reason="Stok sedang kosong")
    assert order(cw, quantity=1).total == Decimal("8500000")  # a refused order frees its budget


def test_cancelled_order_frees_the_budget(cw):
    placed = order(cw, quantity=11)
    services.order_cancel(actor=cw.ppk, order=placed, reason="Salah jumlah")
    assert order(cw, quantity=11).status == "ORDERED"


def test_only_the_packages_own_ppk_and_an_e_purchasing_package(cw):
    assert refused(lambda: order(cw, actor=cw.w["ppk2"])) == "PACKAGE_NOT_FOUND"
    with pytest.raises(AccessDenied):
        order(cw, actor=cw.ukpbj)
    tender_pkg = pf.package(cw.w, pagu="500000000", ptype="GOODS")
    assert refused(lambda: order(cw, package=tender_pkg)) == "METHOD_NOT_E_PURCHASING"


def test_price_validity_checked_at_the_database_clock(cw):
    with clock(dt.datetime(2026, 10, 2, 9, 0, tzinfo=dt.UTC)):  # the price held until 1 October 2026
        assert refused(lambda: order(cw)) == "PRICE_NOT_IN_FORCE"


def test_pending_product_cannot_be_ordered(cw):
    pending = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru")
    )
    assert refused(lambda: order(cw, product=pending)) == "PRICE_NOT_IN_FORCE"


def test_no_order_to_a_blacklisted_provider(cw):
    b.blacklist(cw.w, cw.provider, starts_on=b.TODAY, ends_on=b.TODAY + dt.timedelta(days=30))
    assert refused(lambda: order(cw)) == "PROVIDER_BLACKLISTED"


def test_blacklisted_after_the_order_cannot_accept(cw):
    placed = order(cw)
    b.blacklist(cw.w, cw.provider, starts_on=b.TODAY, ends_on=b.TODAY + dt.timedelta(days=30))
    with pytest.raises(CatalogError) as exc:
        services.order_accept(actor=cw.provider.account, order=placed)
    assert exc.value.code == "PROVIDER_BLACKLISTED"
    placed.refresh_from_db()
    assert placed.status == "ORDERED"


def test_no_order_after_the_admission_ended(cw):
    short = make_verified_provider()
    b.admitted(cw.ukpbj, cw.category, short, days=10)
    product = b.live_product(cw.ukpbj, cw.category, short, name="Laptop Singkat")
    with clock(dt.datetime(2026, 7, 20, 2, 0, tzinfo=dt.UTC)):
        assert refused(lambda: order(cw, product=product)) == "NOT_ADMITTED"


def test_stock_and_quantity_and_direct_order_limit(cw):
    assert refused(lambda: order(cw, quantity=0)) == "QUANTITY_INVALID"
    assert refused(lambda: order(cw, quantity=41)) == "STOCK_SHORT"
    big = b.e_purchasing_package(cw.w, pagu="5000000000")
    assert refused(lambda: order(cw, package=big, quantity=24)) == "DIRECT_ORDER_LIMIT"  # 204 juta > 200 juta


def test_another_provider_cannot_answer_the_order(cw):
    placed = order(cw)
    other = make_verified_provider()
    with pytest.raises(CatalogError) as exc:
        services.order_accept(actor=other.account, order=placed)
    assert exc.value.code == "ORDER_NOT_FOUND"


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_cannot_both_spend_the_budget(at_setup):
    """On PostgreSQL two orders race for the last budget; the package row lock serialises them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    import threading

    cw = b.catalog_world()
    results: list[str] = []

    def place():
        try:
            order(cw, quantity=6)  # 51 juta each, 100 juta pagu: only one fits
            results.append("ok")
        except CatalogError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=place) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["BUDGET_EXCEEDED", "ok"]


def test_dashboard_asks_each_side_for_its_next_step(cw):
    from lentera.core.dashboard import items_for
    from lentera.core.roles import Role

    def titles(user, role):
        return [i.title for i in items_for(user, role) if "atalog" in i.title or "etalase" in i.title]

    services.product_submit(actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru"))
    assert "Produk katalog menunggu kurasi" in titles(cw.ukpbj, Role.KEPALA_UKPBJ)
    order(cw)
    assert "Pesanan katalog menunggu jawaban Anda" in titles(cw.provider.account, Role.PENYEDIA)
    assert "Pesanan katalog menunggu jawaban penyedia" in titles(cw.ppk, Role.PPK)
