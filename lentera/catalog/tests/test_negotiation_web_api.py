"""Negotiation through the pages and through the API: the PPK opens it from the product page, the provider
counters on the order page, the PPK agrees; the same through /api/v1/catalog with the rounds listed."""

import datetime as dt
import json
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from lentera.catalog.models import Order
from lentera.core.roles import Role
from lentera.tendering.tests.factories import SETUP_AT
from lentera.testing import api_headers, login_client
from lentera.testing_routes import allowed

API = "/api/v1/catalog"
DEADLINE = (SETUP_AT + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def test_negotiation_through_the_pages(cw):
    ppk = login_client(cw.ppk, Role.PPK)
    assert (
        reverse("catalog:negotiation_new", args=[cw.product.pk])
        in ppk.get(reverse("catalog:product", args=[cw.product.pk])).content.decode()
    )
    page = ppk.get(reverse("catalog:negotiation_new", args=[cw.product.pk]))
    assert page.status_code == 200 and 'name="respond_by"' in page.content.decode()
    form = {
        "package": cw.package.pk,
        "unit_price": "8000000",
        "quantity": 4,
        "delivery_days": 6,
        "terms": "Termasuk instalasi",
        "respond_by": DEADLINE,
        "delivery_address": "SDN 1 Contoh",
    }
    above = ppk.post(
        reverse("catalog:negotiation_new", args=[cw.product.pk]), form | {"unit_price": "9000000"}
    )
    assert above.status_code == 200 and "melebihi harga tayang" in above.content.decode()
    assert not Order.objects.exists()
    r = ppk.post(reverse("catalog:negotiation_new", args=[cw.product.pk]), form)
    order = Order.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("catalog:order", args=[order.pk])
    assert order.status == "NEGOTIATING" and order.total == Decimal("32000000")

    seller = login_client(cw.provider.account, Role.PENYEDIA)
    mine = seller.get(reverse("catalog:order", args=[order.pk])).content.decode()
    assert 'id="rounds"' in mine and 'id="counter"' in mine and 'id="agree"' in mine
    act = reverse("catalog:negotiation_act", args=[order.pk, "tawar"])
    seller.post(act, {"unit_price": "8200000", "quantity": 4, "respond_by": DEADLINE})
    order.refresh_from_db()
    assert order.unit_price == Decimal("8200000") and order.rounds.count() == 2
    waiting = seller.get(reverse("catalog:order", args=[order.pk])).content.decode()
    assert 'id="agree"' not in waiting and "Menunggu jawaban pihak lain" in waiting

    ppk.post(reverse("catalog:negotiation_act", args=[order.pk, "setuju"]))
    order.refresh_from_db()
    assert order.status == "ACCEPTED" and order.total == Decimal("32800000")
    assert "Terbitkan Surat Pesanan" in ppk.get(reverse("catalog:order", args=[order.pk])).content.decode()
    assert ppk.post(reverse("catalog:negotiation_act", args=[order.pk, "lain"])).status_code == 404


def call(method, path, headers, body=None):
    client = Client()
    if method == "get":
        return client.get(API + path, **headers)
    return client.post(API + path, data=json.dumps(body or {}), content_type="application/json", **headers)


@allowed(
    "POST /api/v1/catalog/orders/negotiations",
    "GET /api/v1/catalog/negotiations/{order_id}/rounds",
    "POST /api/v1/catalog/negotiations/{order_id}/counter",
    "POST /api/v1/catalog/negotiations/{order_id}/accept",
)
def test_negotiation_through_the_api(cw):
    ppk = api_headers(cw.ppk, Role.PPK)
    seller = api_headers(cw.provider.account, Role.PENYEDIA)
    deadline = (SETUP_AT + dt.timedelta(days=2)).isoformat()
    body = {
        "package_id": cw.package.pk,
        "product_id": cw.product.pk,
        "quantity": 3,
        "unit_price": "8000000",
        "respond_by": deadline,
        "delivery_address": "SDN 1 Contoh",
    }
    above = call("post", "/orders/negotiations", ppk, body | {"unit_price": "8500000.01"})
    assert above.status_code == 400 and above.json()["error"]["code"] == "NEGOTIATED_ABOVE_LISTED"
    opened = call("post", "/orders/negotiations", ppk, body)
    assert opened.status_code == 201, opened.content
    data = opened.json()
    assert data["status"] == "NEGOTIATING" and data["method"] == "NEGOTIATION" and data["delivery_days"] == 7
    order_id = data["id"]
    turn = call("post", f"/negotiations/{order_id}/accept", ppk)
    assert turn.status_code == 409 and turn.json()["error"]["code"] == "NEGOTIATION_NOT_YOUR_TURN"
    countered = call(
        "post",
        f"/negotiations/{order_id}/counter",
        seller,
        {"unit_price": "8300000", "quantity": 3, "respond_by": deadline, "terms": "Garansi 2 tahun"},
    )
    assert countered.status_code == 200 and countered.json()["terms"] == "Garansi 2 tahun"
    rounds = call("get", f"/negotiations/{order_id}/rounds", seller).json()
    assert [(r["side"], r["outcome"]) for r in rounds] == [("PPK", "COUNTERED"), ("PROVIDER", "OPEN")]
    agreed = call("post", f"/negotiations/{order_id}/accept", ppk)
    assert agreed.status_code == 200 and agreed.json()["status"] == "ACCEPTED"
    assert Decimal(agreed.json()["total"]) == Decimal("24900000")
    assert call("get", f"/negotiations/{order_id}/rounds", ppk).json()[-1]["outcome"] == "ACCEPTED"
