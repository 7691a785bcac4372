"""Side-by-side comparison of 2 to 4 listed products (page and API) and the price-history chart on the product
page (core.charts: SVG with its data table)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lentera.catalog import compare, services
from lentera.catalog.errors import CatalogError
from lentera.core.errors import NotFound
from lentera.testing import db_fingerprint

from . import builders as b


@pytest.fixture
def three(cw):
    cheaper = b.live_product(cw.ukpbj, cw.category, cw.provider, name="Laptop Guru", price="7900000")
    other = b.live_product(
        cw.ukpbj,
        cw.category,
        cw.provider,
        name="Laptop Kantor",
        price="9100000",
        attributes={"ram": "8", "layar": "15 inci", "warna": "Hitam"},
    )
    pending = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru")
    )
    return cw.product, cheaper, other, pending


def test_comparison_lines_up_two_to_four_listed_products(three):
    first, cheaper, other, pending = three
    result = compare.comparison([first.pk, cheaper.pk, other.pk])
    assert [p.pk for p in result.products] == [first.pk, cheaper.pk, other.pk]
    assert result.cheapest == cheaper.pk
    rows = dict(result.rows)
    assert rows["RAM"] == ["16 GB", "16 GB", "8 GB"] and rows["Warna"] == ["—", "—", "Hitam"]
    assert rows["Harga satuan"][1].startswith("Rp7.900.000")
    for ids in ([first.pk], [first.pk] * 1, [first.pk, cheaper.pk, other.pk, 990001, 990002]):
        with pytest.raises(CatalogError) as exc:
            compare.comparison(ids)
        assert exc.value.code == "COMPARE_COUNT"
    with pytest.raises(NotFound):
        compare.comparison([first.pk, pending.pk])  # not listed (waiting for the curator)
    assert compare.parse_ids(["3,1", "3", "x"]) == [3, 1]


def test_compare_page_search_checkboxes_and_price_chart(three):
    first, cheaper, other, pending = three
    client = Client()
    search = client.get(reverse("catalog:search")).content.decode()
    assert f'id="cmp-{first.pk}"' in search and 'id="compare-submit"' in search
    page = client.get(reverse("catalog:compare"), {"produk": [first.pk, cheaper.pk]})
    assert page.status_code == 200 and b'id="comparison"' in page.content and b'id="cheapest"' in page.content
    assert client.get(reverse("catalog:compare"), {"produk": [first.pk]}).status_code == 400
    assert client.get(reverse("catalog:compare"), {"produk": [first.pk, pending.pk]}).status_code == 404
    product = client.get(reverse("catalog:product", args=[first.pk])).content.decode()
    assert "<svg" in product and 'role="img"' in product and "Rp8.500.000" in product


@pytest.mark.route("GET", "/api/v1/catalog/compare", allowed=True)
@pytest.mark.route("GET", "/api/v1/catalog/compare", denied=True)
def test_api_compare(three):
    first, cheaper, other, pending = three
    ok = Client().get("/api/v1/catalog/compare", {"ids": f"{first.pk},{other.pk}"})
    assert ok.status_code == 200
    body = ok.json()
    assert [p["id"] for p in body["products"]] == [first.pk, other.pk] and body["cheapest_id"] == first.pk
    assert Client().get("/api/v1/catalog/compare", {"ids": str(first.pk)}).status_code == 400
    before = db_fingerprint()
    assert Client().get("/api/v1/catalog/compare", {"ids": f"{first.pk},{pending.pk}"}).status_code == 404
    assert db_fingerprint() == before
