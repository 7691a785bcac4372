"""Mini-competition through the pages and the API, and its role × action matrix (denied calls change nothing;
other parties' competitions and invitations answer like missing ones)."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from lentera.catalog import services
from lentera.catalog.models import MiniCompetition, Quotation
from lentera.core.roles import Role
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import SETUP_AT, clock
from lentera.testing import Action, api_headers, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from . import builders as b
from .test_access import PPK, PROVIDER, api, get, post, world  # noqa: F401  (fixture)

API = "/api/v1/catalog"
DEADLINE = SETUP_AT + dt.timedelta(days=2)


@pytest.fixture
def rival(cw):
    second = make_verified_provider()
    b.admitted(cw.ukpbj, cw.category, second)
    product = b.live_product(cw.ukpbj, cw.category, second, name="Laptop Saingan", price="9000000")
    return second, product


def _create(cw, second):
    return services.competition_create(
        actor=cw.ppk,
        package=cw.package,
        category=cw.category,
        provider_ids=[cw.provider.pk, second.pk],
        specification="Laptop 16 GB",
        quantity=1,
        delivery_address="Dinas",
        deadline=DEADLINE,
    )


def test_competition_pages_journey(cw, rival):
    second, product = rival
    ppk = login_client(cw.ppk, Role.PPK)
    assert reverse("catalog:competitions") in ppk.get(reverse("catalog:ppk_orders")).content.decode()
    assert "compete" in ppk.get(reverse("catalog:product", args=[cw.product.pk])).content.decode()
    page = ppk.get(reverse("catalog:competitions")).content.decode()
    assert reverse("catalog:competition_new", args=[cw.category.pk]) in page
    form = ppk.get(reverse("catalog:competition_new", args=[cw.category.pk])).content.decode()
    assert second.name in form and cw.provider.name in form
    r = ppk.post(
        reverse("catalog:competition_new", args=[cw.category.pk]),
        {
            "package": cw.package.pk,
            "providers": [cw.provider.pk, second.pk],
            "specification": "Laptop 16 GB",
            "quantity": 2,
            "delivery_address": "Dinas Pendidikan",
            "deadline": DEADLINE.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    c = MiniCompetition.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("catalog:competition", args=[c.pk])
    for provider, prod, price in ((cw.provider, cw.product, "8400000"), (second, product, "8200000")):
        web = login_client(provider.account, Role.PENYEDIA)
        q = Quotation.objects.get(competition=c, provider=provider)
        assert c.number in web.get(reverse("catalog:my_quotations")).content.decode()
        r = web.post(reverse("catalog:my_quotation", args=[q.pk]), {"product": prod.pk, "unit_price": price})
        assert r.status_code == 302
    page = ppk.get(reverse("catalog:competition", args=[c.pk])).content.decode()
    assert "terkirim (tersegel)" in page and "8.200.000" not in page
    ppk.post(reverse("catalog:competition_act", args=[c.pk, "buka"]))  # before the deadline: refused
    c.refresh_from_db()
    assert c.status == "OPEN"
    with clock(DEADLINE + dt.timedelta(minutes=5)):
        ppk = login_client(cw.ppk, Role.PPK)
        r = ppk.post(reverse("catalog:competition_act", args=[c.pk, "buka"]))
        assert r.status_code == 302
        c.refresh_from_db()
        assert c.status == "AWARDED" and c.order.provider_id == second.pk
        page = ppk.get(reverse("catalog:competition", args=[c.pk])).content.decode()
        assert "8.200.000" in page and c.order.number in page


@allowed(
    "POST /api/v1/catalog/competitions",
    "GET /api/v1/catalog/competitions",
    "GET /api/v1/catalog/competitions/{competition_id}",
    "POST /api/v1/catalog/competitions/{competition_id}/award",
    "POST /api/v1/catalog/competitions/{competition_id}/cancel",
    "GET /api/v1/catalog/my/quotations",
    "POST /api/v1/catalog/my/quotations/{quotation_id}",
)
def test_competition_api_journey(cw, client, rival):
    second, product = rival
    h = api_headers(cw.ppk, Role.PPK)
    body = {
        "package_id": cw.package.pk,
        "category_id": cw.category.pk,
        "provider_ids": [cw.provider.pk, second.pk],
        "specification": "Laptop",
        "quantity": 1,
        "delivery_address": "Dinas",
        "deadline": DEADLINE.isoformat(),
    }
    r = api("post", "/competitions", body)(client, h)
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert [c["id"] for c in api("get", "/competitions")(client, h).json()] == [cid]
    hp = api_headers(second.account, Role.PENYEDIA)
    mine = api("get", "/my/quotations")(client, hp).json()
    assert len(mine) == 1 and mine[0]["unit_price"] is None
    quote = {"product_id": product.pk, "unit_price": "8700000", "delivery_days": 4}
    r = api("post", f"/my/quotations/{mine[0]['id']}", quote)(client, hp)
    assert r.status_code == 200 and r.json()["unit_price"] is None  # sealed
    detail = api("get", f"/competitions/{cid}")(client, h).json()
    assert all(q["unit_price"] is None for q in detail["quotations"])
    r = api("post", f"/competitions/{cid}/award")(client, h)
    assert r.status_code == 409 and r.json()["error"]["code"] == "COMPETITION_NOT_CLOSED"
    with clock(DEADLINE + dt.timedelta(minutes=1)):
        r = api("post", f"/my/quotations/{mine[0]['id']}", quote)(client, hp)
        assert r.status_code == 409 and r.json()["error"]["code"] == "COMPETITION_CLOSED"
        won = api("post", f"/competitions/{cid}/award")(client, h).json()
    assert won["status"] == "AWARDED" and won["order_id"]
    assert {q["provider_id"]: q["compliant"] for q in won["quotations"]} == {
        cw.provider.pk: False,
        second.pk: True,
    }
    body["provider_ids"] = [cw.provider.pk, second.pk]
    other = api("post", "/competitions", body)(client, h).json()["id"]
    r = api("post", f"/competitions/{other}/cancel", {"reason": "Batal"})(client, h)
    assert r.json()["status"] == "CANCELLED"


@denied(
    "POST /api/v1/catalog/competitions",
    "GET /api/v1/catalog/competitions",
    "GET /api/v1/catalog/competitions/{competition_id}",
    "POST /api/v1/catalog/competitions/{competition_id}/award",
    "POST /api/v1/catalog/competitions/{competition_id}/cancel",
    "GET /api/v1/catalog/my/quotations",
    "POST /api/v1/catalog/my/quotations/{quotation_id}",
)
def test_competition_pages_and_operations_follow_the_matrix(world, rival):  # noqa: F811
    cw, users = world[0], world[1]
    second, product = rival
    c = _create(cw, second)
    q = Quotation.objects.get(competition=c, provider=cw.provider)
    body = {
        "package_id": cw.package.pk,
        "category_id": cw.category.pk,
        "provider_ids": [cw.provider.pk, second.pk],
        "specification": "Laptop",
        "quantity": 1,
        "delivery_address": "Dinas",
        "deadline": DEADLINE.isoformat(),
    }
    web_body = {
        "package": cw.package.pk,
        "providers": [cw.provider.pk, second.pk],
        "specification": "x",
        "quantity": 1,
        "delivery_address": "x",
        "deadline": DEADLINE.strftime("%Y-%m-%dT%H:%M"),
    }
    quote = {"product_id": cw.product.pk, "unit_price": "8000000"}
    actions = [
        Action("competitions", PPK, get("competitions")),
        Action("competition_new.get", PPK, get("competition_new", cw.category.pk)),
        Action("competition_new.post", PPK, post("competition_new", cw.category.pk, data=web_body)),
        Action("competition", PPK, get("competition", c.pk)),
        Action("competition.cancel", PPK, post("competition_act", c.pk, "batal", data={"reason": "x"})),
        Action("my_quotations", PROVIDER, get("my_quotations")),
        Action("my_quotation.get", PROVIDER, get("my_quotation", q.pk)),
        Action(
            "my_quotation.post",
            PROVIDER,
            post("my_quotation", q.pk, data={"product": cw.product.pk, "unit_price": "8000000"}),
        ),
        Action("api.competitions.post", PPK, api("post", "/competitions", body), api=True),
        Action("api.competitions", PPK, api("get", "/competitions"), api=True),
        Action("api.competition", PPK, api("get", f"/competitions/{c.pk}"), api=True),
        Action("api.competition.award", PPK, api("post", f"/competitions/{c.pk}/award"), api=True),
        Action(
            "api.competition.cancel",
            PPK,
            api("post", f"/competitions/{c.pk}/cancel", {"reason": "x"}),
            api=True,
        ),
        Action("api.my_quotations", PROVIDER, api("get", "/my/quotations"), api=True),
        Action("api.my_quotation", PROVIDER, api("post", f"/my/quotations/{q.pk}", quote), api=True),
    ]
    failures = run_matrix(actions, users)
    assert failures == [], "\n".join(failures)


@denied(
    "GET /api/v1/catalog/competitions/{competition_id}",
    "POST /api/v1/catalog/competitions/{competition_id}/award",
    "POST /api/v1/catalog/my/quotations/{quotation_id}",
)
def test_competition_of_other_parties_answers_like_a_missing_one(cw, client, rival):
    second, product = rival
    c = _create(cw, second)
    q = Quotation.objects.get(competition=c, provider=cw.provider)
    ppk2 = api_headers(cw.w["ppk2"], Role.PPK)
    assert api("get", f"/competitions/{c.pk}")(client, ppk2).status_code == 404
    assert api("post", f"/competitions/{c.pk}/award")(client, ppk2).status_code == 404
    # the rival provider cannot answer (or read) the first provider's invitation
    hp = api_headers(second.account, Role.PENYEDIA)
    quote = {"product_id": product.pk, "unit_price": "1"}
    assert api("post", f"/my/quotations/{q.pk}", quote)(client, hp).status_code == 404
    outsider = login_client(make_verified_provider().account, Role.PENYEDIA)
    assert outsider.get(reverse("catalog:my_quotation", args=[q.pk])).status_code == 404
    assert not Quotation.objects.exclude(sealed="").exists()
    assert json.dumps(True)
