"""The whole catalogue through the API: the UKPBJ makes an etalase, a provider applies and is admitted, lists a
product, the curator approves, the public finds it, the PPK orders it and the provider accepts."""

import json

from django.test import Client

from lentera.core.roles import Role
from lentera.providers.tests.factories import make_verified_provider
from lentera.testing import api_headers
from lentera.testing_routes import allowed

from . import builders as b

API = "/api/v1/catalog"


def call(method, path, headers=None, body=None):
    client = Client()
    if method == "get":
        return client.get(API + path, **(headers or {}))
    return client.post(
        API + path, data=json.dumps(body or {}), content_type="application/json", **(headers or {})
    )


@allowed(
    "POST /api/v1/catalog/categories",
    "POST /api/v1/catalog/categories/{category_id}/attributes",
    "GET /api/v1/catalog/categories",
    "POST /api/v1/catalog/my/admissions",
    "GET /api/v1/catalog/my/admissions",
    "GET /api/v1/catalog/admissions",
    "POST /api/v1/catalog/admissions/{admission_id}/admit",
    "POST /api/v1/catalog/admissions/{admission_id}/refuse",
    "POST /api/v1/catalog/my/products",
    "GET /api/v1/catalog/my/products",
    "GET /api/v1/catalog/curation",
    "POST /api/v1/catalog/curation/{change_id}/approve",
    "POST /api/v1/catalog/curation/{change_id}/reject",
    "POST /api/v1/catalog/my/products/{product_id}/price",
    "GET /api/v1/catalog/products",
    "GET /api/v1/catalog/products/{product_id}",
    "POST /api/v1/catalog/orders",
    "GET /api/v1/catalog/orders",
    "GET /api/v1/catalog/my/orders",
    "POST /api/v1/catalog/my/orders/{order_id}/accept",
    "POST /api/v1/catalog/my/orders/{order_id}/refuse",
    "POST /api/v1/catalog/orders/{order_id}/cancel",
)
def test_api_catalogue_journey(cw):
    ukpbj = api_headers(cw.ukpbj, Role.KEPALA_UKPBJ)
    seller = make_verified_provider()
    sh = api_headers(seller.account, Role.PENYEDIA)
    ppk = api_headers(cw.ppk, Role.PPK)

    made = call(
        "post",
        "/categories",
        ukpbj,
        {
            "code": "printer",
            "name": "Printer",
            "unit_of_sale": "unit",
            "required_documents": ["Surat distributor"],
        },
    )
    assert made.status_code == 201
    cat_id = made.json()["id"]
    attr = call(
        "post",
        f"/categories/{cat_id}/attributes",
        ukpbj,
        {"code": "ppm", "label": "Kecepatan", "kind": "NUMBER", "unit": "ppm"},
    )
    assert attr.status_code == 201 and attr.json()["attributes"][0]["unit"] == "ppm"
    assert "printer" in [c["code"] for c in call("get", "/categories").json()]

    applied = Client().post(API + "/my/admissions", {"category_id": cat_id, "files": [b.pdf_file()]}, **sh)
    assert applied.status_code == 201 and applied.json()["documents"] == ["Surat distributor"]
    assert [a["id"] for a in call("get", "/my/admissions", sh).json()] == [applied.json()["id"]]
    assert applied.json()["id"] in [a["id"] for a in call("get", "/admissions", ukpbj).json()]
    admitted = call(
        "post",
        f"/admissions/{applied.json()['id']}/admit",
        ukpbj,
        {"valid_from": "2026-07-03", "valid_until": "2027-07-02", "criteria": "Lengkap"},
    )
    assert admitted.json()["status"] == "ADMITTED"

    body = {
        "category_id": cat_id,
        "name": "Printer Laser",
        "brand": "Brother",
        "model": "HL-1",
        "attributes": {"ppm": "30"},
        "tkdn": "35",
        "price": "2500000",
        "valid_from": "2026-07-03",
        "valid_until": "2026-12-31",
        "delivery_areas": "Kabupaten Contoh",
        "delivery_days": 5,
        "stock": 10,
    }
    listed = call("post", "/my/products", sh, body)
    assert listed.status_code == 201 and listed.json()["status"] == "PENDING"
    pid = listed.json()["id"]
    assert [p["id"] for p in call("get", "/my/products", sh).json()] == [pid]
    assert call("get", "/products", body=None).json()["count"] == 1  # only cw's product so far
    queue = call("get", "/curation", ukpbj).json()
    change_id = next(c["id"] for c in queue if c["product_id"] == pid)
    assert call("post", f"/curation/{change_id}/approve", ukpbj).json()["status"] == "APPROVED"

    found = call("get", "/products?q=brother&sort=-tkdn")
    assert found.json()["count"] == 1 and found.json()["results"][0]["id"] == pid
    assert call("get", f"/products/{pid}").json()["price_history"][0]["price"] == "2500000.00"

    change = call(
        "post",
        f"/my/products/{pid}/price",
        sh,
        {"price": "2400000", "valid_from": "2026-07-03", "valid_until": "2026-12-31"},
    )
    assert change.status_code == 201
    assert (
        call("post", f"/curation/{change.json()['id']}/reject", ukpbj, {"reason": "Tidak wajar"}).json()[
            "status"
        ]
        == "REJECTED"
    )

    order = call(
        "post",
        "/orders",
        ppk,
        {"package_id": cw.package.pk, "product_id": pid, "quantity": 2, "delivery_address": "Kantor Dinas"},
    )
    assert order.status_code == 201 and order.json()["total"] == "5000000.00"
    oid = order.json()["id"]
    assert [o["id"] for o in call("get", "/orders", ppk).json()] == [oid]
    assert [o["id"] for o in call("get", "/my/orders", sh).json()] == [oid]
    assert call("post", f"/my/orders/{oid}/accept", sh).json()["status"] == "ACCEPTED"

    second = call(
        "post",
        "/orders",
        ppk,
        {"package_id": cw.package.pk, "product_id": pid, "quantity": 1, "delivery_address": "Kantor"},
    ).json()
    assert (
        call("post", f"/my/orders/{second['id']}/refuse", sh, {"reason": "Stok habis"}).json()["status"]
        == "REFUSED"
    )
    third = call(
        "post",
        "/orders",
        ppk,
        {"package_id": cw.package.pk, "product_id": pid, "quantity": 1, "delivery_address": "Kantor"},
    ).json()
    assert (
        call("post", f"/orders/{third['id']}/cancel", ppk, {"reason": "Salah"}).json()["status"]
        == "CANCELLED"
    )

    other = make_verified_provider()
    again = Client().post(
        API + "/my/admissions",
        {"category_id": cat_id, "files": [b.pdf_file()]},
        **api_headers(other.account, Role.PENYEDIA),
    )
    assert (
        call("post", f"/admissions/{again.json()['id']}/refuse", ukpbj, {"reason": "Tidak lengkap"}).json()[
            "status"
        ]
        == "REFUSED"
    )


def test_api_refusals_carry_a_code(cw):
    ppk = api_headers(cw.ppk, Role.PPK)
    too_many = call(
        "post",
        "/orders",
        ppk,
        {"package_id": cw.package.pk, "product_id": cw.product.pk, "quantity": 41, "delivery_address": "x"},
    )
    assert too_many.status_code == 400 and too_many.json()["error"]["code"] == "STOCK_SHORT"
    sh = api_headers(cw.provider.account, Role.PENYEDIA)
    bad = {
        **b.product_fields(),
        "category_id": cw.category.pk,
        "valid_from": "2026-07-03",
        "valid_until": "2026-09-01",
        "attributes": {"ram": "x", "layar": "14 inci"},
    }
    refused = call("post", "/my/products", sh, bad)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "ATTRIBUTE_NOT_A_NUMBER"


def test_api_search_attribute_filters_area_and_delivery_sort(cw):
    fast = b.live_product(
        cw.ukpbj,
        cw.category,
        cw.provider,
        name="Laptop Kilat",
        delivery_days=1,
        delivery_areas="Kecamatan Utara",
        attributes={"ram": "8", "layar": "15 inci"},
    )
    ids = lambda r: [p["id"] for p in r.json()["results"]]  # noqa: E731
    assert ids(call("get", "/products?attr=ram:..8")) == [fast.pk]
    assert ids(call("get", "/products?attr=ram:12..&attr=layar:14%20inci")) == [cw.product.pk]
    assert ids(call("get", "/products?attr=ram:8&attr=layar:14%20inci")) == []
    assert ids(call("get", "/products?area=utara")) == [fast.pk]
    assert ids(call("get", "/products?sort=delivery")) == [fast.pk, cw.product.pk]
    # an attr that is not code:value is refused with a validation error, not silently ignored
    assert call("get", "/products?attr=rubbish").status_code == 422
    assert call("get", "/products?attr=ram:").status_code == 422
