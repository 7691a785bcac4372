"""E-purchasing notices: each move of a negotiation or a mini-competition leaves an in-app notice for the other side
(and an e-mail copy through django-tasks); the page and the API list the reader's own; the matrix."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from lentera.catalog import services
from lentera.catalog.models import Notice, Quotation
from lentera.core.roles import Role
from lentera.providers.tests.factories import make_verified_provider
from lentera.tendering.tests.factories import SETUP_AT, clock
from lentera.testing import Action, api_headers, login_client, run_matrix
from lentera.testing_routes import allowed, denied

from . import builders as b
from .test_access import PPK, PROVIDER, api, get, post, world  # noqa: F401  (fixture)

DEADLINE = SETUP_AT + dt.timedelta(days=2)


def _nego(cw):
    return services.negotiation_open(
        actor=cw.ppk,
        package=cw.package,
        product=cw.product,
        quantity=1,
        unit_price="8000000",
        delivery_address="x",
        respond_by=DEADLINE,
    )


def test_negotiation_moves_notify_the_other_side(cw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _nego(cw)
    assert [n.kind for n in Notice.objects.filter(recipient=cw.provider.account)] == ["negotiation.open"]
    assert any(order.number in m.body for m in mail.outbox)
    provider = cw.provider.account
    services.negotiation_counter(
        actor=provider, order=order, unit_price="8200000", quantity=1, respond_by=DEADLINE
    )
    assert Notice.objects.filter(recipient=cw.ppk, kind="negotiation.counter", order=order).exists()
    services.negotiation_accept(actor=cw.ppk, order=order)
    assert Notice.objects.filter(recipient=provider, kind="negotiation.accept").exists()
    second = _nego(cw)
    services.order_refuse(actor=provider, order=second, reason="Stok habis")
    assert Notice.objects.filter(recipient=cw.ppk, kind="negotiation.refuse", order=second).exists()
    third = _nego(cw)
    services.order_cancel(actor=cw.ppk, order=third, reason="Tidak jadi")
    assert Notice.objects.filter(recipient=provider, kind="negotiation.cancel", order=third).exists()
    # a direct order's refusal is not a negotiation notice
    direct = services.order_create(
        actor=cw.ppk, package=cw.package, product=cw.product, quantity=1, delivery_address="x"
    )
    services.order_refuse(actor=provider, order=direct, reason="x")
    assert not Notice.objects.filter(order=direct).exists()


def test_competition_invite_and_result_notices(cw):
    second = make_verified_provider()
    b.admitted(cw.ukpbj, cw.category, second)
    rival = b.live_product(cw.ukpbj, cw.category, second, name="Saingan", price="9000000")
    c = services.competition_create(
        actor=cw.ppk,
        package=cw.package,
        category=cw.category,
        provider_ids=[cw.provider.pk, second.pk],
        specification="x",
        quantity=1,
        delivery_address="x",
        deadline=DEADLINE,
    )
    assert Notice.objects.filter(kind="competition.invite").count() == 2
    for p, prod, price in ((cw.provider, cw.product, "8400000"), (second, rival, "8300000")):
        q = Quotation.objects.get(competition=c, provider=p)
        services.quotation_submit(actor=p.account, quotation=q, product=prod, unit_price=price)
    with clock(DEADLINE + dt.timedelta(minutes=1)):
        services.competition_award(actor=cw.ppk, competition=c)
    assert Notice.objects.get(recipient=second.account, kind="competition.won").params["order"]
    assert Notice.objects.filter(recipient=cw.provider.account, kind="competition.lost").exists()


@allowed("GET /api/v1/catalog/my/notices", "POST /api/v1/catalog/my/notices/read")
def test_notices_page_and_api_list_own_and_mark_read(cw, client):
    order = _nego(cw)
    web = login_client(cw.provider.account, Role.PENYEDIA)
    menu = web.get(reverse("catalog:my_products")).content.decode()
    assert reverse("catalog:notices") in menu
    page = web.get(reverse("catalog:notices")).content.decode()
    assert (
        order.number in page
        and reverse("catalog:order", args=[order.pk]) in page
        and "1 belum dibaca" in page
    )
    h = api_headers(cw.provider.account, Role.PENYEDIA)
    listed = api("get", "/my/notices")(client, h).json()
    assert listed[0]["kind"] == "negotiation.open" and listed[0]["read_at"] is None
    assert api("post", "/my/notices/read")(client, h).json() == {"marked": 1}
    assert api("get", "/my/notices")(client, h).json()[0]["read_at"] is not None
    # the PPK sees none of the provider's notices
    assert api("get", "/my/notices")(client, api_headers(cw.ppk, Role.PPK)).json() == []


@denied("GET /api/v1/catalog/my/notices", "POST /api/v1/catalog/my/notices/read")
def test_notices_follow_the_matrix(world):  # noqa: F811
    cw, users = world[0], world[1]
    _nego(cw)
    both = PPK | PROVIDER
    actions = [
        Action("notices", both, get("notices")),
        Action("notices.read", both, post("notices_read")),
        Action("api.notices", both, api("get", "/my/notices"), api=True),
        Action("api.notices.read", both, api("post", "/my/notices/read"), api=True),
    ]
    failures = run_matrix(actions, users)
    assert failures == [], "\n".join(failures)


@pytest.fixture(autouse=True)
def _mail_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@allowed("GET /api/v1/catalog/statistics")
@denied("GET /api/v1/catalog/statistics")
def test_statistics_page_for_the_ukpbj_only(world, client):  # noqa: F811
    cw, users = world[0], world[1]
    order = _nego(cw)
    services.negotiation_accept(actor=cw.provider.account, order=order)
    page = login_client(cw.ukpbj, Role.KEPALA_UKPBJ).get(reverse("catalog:statistics")).content.decode()
    assert cw.provider.name in page and "1 pesanan" in page and "8.000.000" in page
    assert (
        reverse("catalog:statistics")
        in login_client(cw.ukpbj, Role.KEPALA_UKPBJ).get(reverse("catalog:curation")).content.decode()
    )
    data = api("get", "/statistics")(client, api_headers(cw.ukpbj, Role.KEPALA_UKPBJ)).json()
    assert data["orders"] == 1 and data["per_provider"][0]["name"] == cw.provider.name
    ukpbj = frozenset({Role.KEPALA_UKPBJ, Role.ADMIN_UKPBJ})
    failures = run_matrix(
        [
            Action("statistics", ukpbj, get("statistics")),
            Action("api.statistics", ukpbj, api("get", "/statistics"), api=True),
        ],
        users,
    )
    assert failures == [], "\n".join(failures)
