"""The catalogue's role × action matrix (lentera.testing.run_matrix): every page and API operation as every role
and anonymously; a role not allowed is refused and the database does not change. The PENYEDIA, PPK and UKPBJ
users are the catalogue world's (a verified, admitted provider; the package's PPK)."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.catalog import services
from lentera.core.roles import Role
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import SETUP_AT
from lentera.testing import Action, run_matrix
from lentera.testing_routes import denied

from . import builders as b

EVERYONE = frozenset(Role.values)
UKPBJ = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
PROVIDER = frozenset({Role.PENYEDIA})
PPK = frozenset({Role.PPK})
API = "/api/v1/catalog"


@pytest.fixture
def world(cw, users_by_role):
    users = dict(users_by_role)
    users.update(
        {
            Role.PPK: cw.ppk,
            Role.KEPALA_UKPBJ: cw.ukpbj,
            Role.ADMIN_UKPBJ: cw.w["admin_ukpbj"],
            Role.PENYEDIA: cw.provider.account,
        }
    )
    applicant = make_verified_provider()
    admission = services.admission_apply(
        actor=applicant.account, category=cw.category, documents={"Surat pernyataan": b.pdf_file()}
    )
    pending = services.product_submit(
        actor=cw.provider.account, category=cw.category, **b.product_fields(name="Baru")
    )
    order = services.order_create(
        actor=cw.ppk, package=cw.package, product=cw.product, quantity=1, delivery_address="x"
    )
    return cw, users, admission, pending.changes.get(), order


@pytest.fixture
def nego(world):
    cw = world[0]
    return services.negotiation_open(
        actor=cw.ppk,
        package=cw.package,
        product=cw.product,
        quantity=1,
        unit_price="8000000",
        delivery_address="x",
        respond_by=SETUP_AT + dt.timedelta(days=2),
    )


def get(name, *args, anonymous=False):
    url = reverse(f"catalog:{name}", args=args)
    return lambda c, h: c.get(url)


def post(name, *args, data=None):
    url = reverse(f"catalog:{name}", args=args)
    return lambda c, h: c.post(url, data or {})


def api(method, path, body=None):
    def run(c, h):
        if method == "get":
            return c.get(API + path, **h)
        return c.post(API + path, data=json.dumps(body or {}), content_type="application/json", **h)

    return run


def apply_files(category_id):
    def run(c, h):
        return c.post(API + "/my/admissions", {"category_id": category_id, "files": [b.pdf_file()]}, **h)

    return run


@denied(
    "POST /api/v1/catalog/categories",
    "POST /api/v1/catalog/categories/{category_id}/attributes",
    "GET /api/v1/catalog/admissions",
    "POST /api/v1/catalog/admissions/{admission_id}/admit",
    "POST /api/v1/catalog/admissions/{admission_id}/refuse",
    "GET /api/v1/catalog/curation",
    "POST /api/v1/catalog/curation/{change_id}/approve",
    "POST /api/v1/catalog/curation/{change_id}/reject",
    "GET /api/v1/catalog/my/admissions",
    "POST /api/v1/catalog/my/admissions",
    "GET /api/v1/catalog/my/products",
    "POST /api/v1/catalog/my/products",
    "POST /api/v1/catalog/my/products/{product_id}/price",
    "GET /api/v1/catalog/my/orders",
    "POST /api/v1/catalog/my/orders/{order_id}/accept",
    "POST /api/v1/catalog/my/orders/{order_id}/refuse",
    "GET /api/v1/catalog/orders",
    "POST /api/v1/catalog/orders",
    "POST /api/v1/catalog/orders/{order_id}/cancel",
    "POST /api/v1/catalog/orders/{order_id}/purchase-order",
)
def test_catalog_pages_and_operations_follow_the_matrix(world):
    cw, users, admission, change, order = world
    cat, product = cw.category, cw.product
    admit = {"valid_from": "2026-07-03", "valid_until": "2027-07-03", "criteria": "Lengkap"}
    price = {"price": "8000000", "valid_from": "2026-07-03", "valid_until": "2026-09-01"}
    product_body = {
        **b.product_fields(),
        "category_id": cat.pk,
        "valid_from": "2026-07-03",
        "valid_until": "2026-09-01",
    }
    order_body = {
        "package_id": cw.package.pk,
        "product_id": product.pk,
        "quantity": 1,
        "delivery_address": "x",
    }
    actions = [
        Action("search", EVERYONE, get("search"), anonymous_allowed=True),
        Action("product", EVERYONE, get("product", product.pk), anonymous_allowed=True),
        Action("categories.get", UKPBJ, get("categories")),
        Action(
            "categories.post",
            UKPBJ,
            post("categories", data={"code": "baru", "name": "Baru", "unit_of_sale": "unit"}),
        ),
        Action("category.get", UKPBJ, get("category", cat.pk)),
        Action(
            "category.post",
            UKPBJ,
            post(
                "category", cat.pk, data={"code": "berat", "label": "Berat", "kind": "NUMBER", "unit": "kg"}
            ),
        ),
        Action("admissions", UKPBJ, get("admissions")),
        Action("admission", UKPBJ, get("admission", admission.pk)),
        Action(
            "admission.document", UKPBJ, get("admission_document", admission.pk, admission.documents.get().pk)
        ),
        Action("admission.admit", UKPBJ, post("admission_decide", admission.pk, "terima", data=admit)),
        Action("curation", UKPBJ, get("curation")),
        Action("curation.approve", UKPBJ, post("curation_decide", change.pk, "setujui")),
        Action("my_admissions", PROVIDER, get("my_admissions")),
        Action("apply", PROVIDER, get("apply", cat.pk)),
        Action("my_products", PROVIDER, get("my_products")),
        Action("product_new", PROVIDER, get("product_new", cat.pk)),
        Action("my_product", PROVIDER, get("my_product", product.pk)),
        Action("my_product.price", PROVIDER, post("my_product", product.pk, data=price)),
        Action("provider_orders", PROVIDER, get("provider_orders")),
        Action("provider_order.accept", PROVIDER, post("provider_order_decide", order.pk, "terima")),
        Action("ppk_orders", PPK, get("ppk_orders")),
        Action("order_new", PPK, get("order_new", product.pk)),
        Action("order_cancel", PPK, post("ppk_order_cancel", order.pk, data={"reason": "x"})),
        Action("order.page", PPK | PROVIDER, get("order", order.pk)),
        Action(
            "api.categories.post",
            UKPBJ,
            api("post", "/categories", {"code": "api", "name": "Api", "unit_of_sale": "unit"}),
            api=True,
        ),
        Action(
            "api.attribute.post",
            UKPBJ,
            api("post", f"/categories/{cat.pk}/attributes", {"code": "w", "label": "W", "kind": "TEXT"}),
            api=True,
        ),
        Action("api.admissions", UKPBJ, api("get", "/admissions"), api=True),
        Action("api.admit", UKPBJ, api("post", f"/admissions/{admission.pk}/admit", admit), api=True),
        Action(
            "api.refuse", UKPBJ, api("post", f"/admissions/{admission.pk}/refuse", {"reason": "x"}), api=True
        ),
        Action("api.curation", UKPBJ, api("get", "/curation"), api=True),
        Action("api.approve", UKPBJ, api("post", f"/curation/{change.pk}/approve"), api=True),
        Action("api.reject", UKPBJ, api("post", f"/curation/{change.pk}/reject", {"reason": "x"}), api=True),
        Action("api.my_admissions", PROVIDER, api("get", "/my/admissions"), api=True),
        Action("api.my_admissions.post", PROVIDER, apply_files(cat.pk), api=True),
        Action("api.my_products", PROVIDER, api("get", "/my/products"), api=True),
        Action("api.my_products.post", PROVIDER, api("post", "/my/products", product_body), api=True),
        Action("api.price", PROVIDER, api("post", f"/my/products/{product.pk}/price", price), api=True),
        Action("api.my_orders", PROVIDER, api("get", "/my/orders"), api=True),
        Action("api.accept", PROVIDER, api("post", f"/my/orders/{order.pk}/accept"), api=True),
        Action(
            "api.refuse_order",
            PROVIDER,
            api("post", f"/my/orders/{order.pk}/refuse", {"reason": "x"}),
            api=True,
        ),
        Action("api.orders", PPK, api("get", "/orders"), api=True),
        Action("api.orders.post", PPK, api("post", "/orders", order_body), api=True),
        Action("api.cancel", PPK, api("post", f"/orders/{order.pk}/cancel", {"reason": "x"}), api=True),
        Action(
            "api.purchase_order",
            PPK,
            api("post", f"/orders/{order.pk}/purchase-order", {"number": "SP/1", "issued_on": "2026-07-03"}),
            api=True,
        ),
    ]
    failures = run_matrix(actions, users)
    assert failures == [], "\n".join(failures)


@denied(
    "GET /api/v1/catalog/products/{product_id}",
    "POST /api/v1/catalog/my/products/{product_id}/price",
    "POST /api/v1/catalog/my/orders/{order_id}/accept",
    "POST /api/v1/catalog/orders/{order_id}/cancel",
    "POST /api/v1/catalog/orders",
)
def test_scope_other_peoples_things_answer_like_missing_ones(world, client):
    from lentera.testing import api_headers

    cw, _users, _admission, change, order = world
    assert client.get(f"{API}/products/{change.product_id}").status_code == 404  # waiting for the curator
    other = make_verified_provider()
    h = api_headers(other.account, Role.PENYEDIA)
    price = {"price": "1", "valid_from": "2026-07-03", "valid_until": "2026-07-04"}
    assert api("post", f"/my/products/{cw.product.pk}/price", price)(client, h).status_code == 404
    assert api("post", f"/my/orders/{order.pk}/accept")(client, h).status_code == 404
    h2 = api_headers(cw.w["ppk2"], Role.PPK)
    assert api("post", f"/orders/{order.pk}/cancel", {"reason": "x"})(client, h2).status_code == 404
    body = {"package_id": cw.package.pk, "product_id": cw.product.pk, "quantity": 1, "delivery_address": "x"}
    assert api("post", "/orders", body)(client, h2).status_code == 404  # not their package
    order.refresh_from_db()
    assert order.status == "ORDERED"


@denied(
    "POST /api/v1/catalog/orders/negotiations",
    "GET /api/v1/catalog/negotiations/{order_id}/rounds",
    "POST /api/v1/catalog/negotiations/{order_id}/counter",
    "POST /api/v1/catalog/negotiations/{order_id}/accept",
)
def test_negotiation_pages_and_operations_follow_the_matrix(world, nego):
    cw, users = world[0], world[1]
    deadline = (SETUP_AT + dt.timedelta(days=2)).isoformat()
    proposal = {"unit_price": "8100000", "quantity": 1, "respond_by": deadline}
    open_body = proposal | {"package_id": cw.package.pk, "product_id": cw.product.pk, "delivery_address": "x"}
    web_proposal = proposal | {"respond_by": deadline[:16]}
    actions = [
        Action("negotiation_new.get", PPK, get("negotiation_new", cw.product.pk)),
        Action(
            "negotiation_new.post",
            PPK,
            post("negotiation_new", cw.product.pk, data=web_proposal | {"package": cw.package.pk}),
        ),
        Action(
            "negotiation.counter",
            PPK | PROVIDER,
            post("negotiation_act", nego.pk, "tawar", data=web_proposal),
        ),
        Action("negotiation.agree", PPK | PROVIDER, post("negotiation_act", nego.pk, "setuju")),
        Action("api.negotiation.open", PPK, api("post", "/orders/negotiations", open_body), api=True),
        Action(
            "api.negotiation.rounds", PPK | PROVIDER, api("get", f"/negotiations/{nego.pk}/rounds"), api=True
        ),
        Action(
            "api.negotiation.counter",
            PPK | PROVIDER,
            api("post", f"/negotiations/{nego.pk}/counter", proposal),
            api=True,
        ),
        Action(
            "api.negotiation.accept", PPK | PROVIDER, api("post", f"/negotiations/{nego.pk}/accept"), api=True
        ),
    ]
    failures = run_matrix(actions, users)
    assert failures == [], "\n".join(failures)


@denied(
    "GET /api/v1/catalog/negotiations/{order_id}/rounds",
    "POST /api/v1/catalog/negotiations/{order_id}/counter",
    "POST /api/v1/catalog/negotiations/{order_id}/accept",
)
def test_negotiation_of_other_parties_answers_like_a_missing_one(world, nego, client):
    from lentera.testing import api_headers, login_client

    cw = world[0]
    other = api_headers(make_verified_provider().account, Role.PENYEDIA)
    ppk2 = api_headers(cw.w["ppk2"], Role.PPK)
    deadline = (SETUP_AT + dt.timedelta(days=2)).isoformat()
    proposal = {"unit_price": "8100000", "quantity": 1, "respond_by": deadline}
    for h in (other, ppk2):
        assert api("get", f"/negotiations/{nego.pk}/rounds")(client, h).status_code == 404
        assert api("post", f"/negotiations/{nego.pk}/counter", proposal)(client, h).status_code == 404
        assert api("post", f"/negotiations/{nego.pk}/accept")(client, h).status_code == 404
    web = login_client(cw.w["ppk2"], Role.PPK)
    assert web.post(reverse("catalog:negotiation_act", args=[nego.pk, "setuju"])).status_code == 404
    nego.refresh_from_db()
    assert nego.status == "NEGOTIATING" and nego.rounds.count() == 1


def test_product_file_pages_follow_the_matrix(world):
    from lentera.providers.samples import png_bytes

    cw, users = world[0], world[1]
    item = services.product_file_add(
        actor=cw.provider.account,
        product=cw.product,
        kind="PHOTO",
        upload=SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png"),
    )

    def upload(c, h):
        url = reverse("catalog:my_product_file_add", args=[cw.product.pk])
        return c.post(url, {"kind": "PHOTO", "file": SimpleUploadedFile("f.png", png_bytes())})

    actions = [
        Action("product_file", EVERYONE, get("product_file", cw.product.pk, item.pk), anonymous_allowed=True),
        Action("product_file.add", PROVIDER, upload),
        Action("product_file.remove", PROVIDER, post("my_product_file_remove", cw.product.pk, item.pk)),
    ]
    failures = run_matrix(actions, users)
    assert failures == [], "\n".join(failures)
