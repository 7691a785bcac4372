"""The demo catalogue: a tree of etalase, ~200 live products findable in the public search, one product waiting
for the curator, two orders on the e-Purchasing package of Dinas Kesehatan (one a Surat Pesanan contract); loading twice adds nothing."""

import time

import pytest

from lentera.catalog import search
from lentera.catalog.models import Category, Order, Product
from lentera.catalog.search import ProductQuery
from lentera.core import audit
from lentera.core.demo import load_all


@pytest.mark.django_db
def test_demo_catalogue_and_idempotency(settings):
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert Category.objects.filter(parent__isnull=False).exists()
    assert search.listed().count() >= 200
    assert search.search(ProductQuery(q="paracetamol")).paginator.count > 0
    assert Product.objects.filter(status="PENDING").count() == 1
    contracted, waiting = Order.objects.order_by("pk")
    assert waiting.package.method == "E_PURCHASING" and waiting.status == "ORDERED"
    assert contracted.status == "CONTRACTED" and contracted.contract.state == "IN_PROGRESS"
    assert contracted.contract.kind == "ORDER"
    head, count = audit.head(), Product.objects.count()
    started = time.perf_counter()
    load_all(settings.LENTERA_DEMO_PASSWORD)
    assert time.perf_counter() - started < 60
    assert Product.objects.count() == count and audit.head() == head
