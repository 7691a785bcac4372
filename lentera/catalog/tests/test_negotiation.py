"""E-purchasing by negotiation: the PPK proposes, the provider accepts, counters or refuses, every round kept and
audited; the price never above the listed one (checked again when agreed), the answer deadlines checked at the
database clock, the package budget held by the open negotiation, no direct-order limit."""

import datetime as dt
from decimal import Decimal

import pytest

from lentera.catalog import rules, services
from lentera.catalog.errors import CatalogError
from lentera.catalog.models import NegotiationRound, Order
from lentera.contracts.models import Contract
from lentera.core.models import AuditEvent
from lentera.tendering.tests.factories import SETUP_AT, clock

from . import builders as b

LATER = SETUP_AT + dt.timedelta(days=2)  # before every deadline below
LAPSED = SETUP_AT + dt.timedelta(days=4)  # after a 3-day deadline


def open_nego(cw, *, price="8000000", quantity=5, days=3, **kw):
    return services.negotiation_open(
        actor=kw.pop("actor", cw.ppk),
        package=kw.pop("package", cw.package),
        product=kw.pop("product", cw.product),
        quantity=quantity,
        unit_price=price,
        delivery_address="SDN 1 Contoh",
        respond_by=kw.pop("respond_by", SETUP_AT + dt.timedelta(days=days)),
        terms=kw.pop("terms", "Termasuk ongkos kirim"),
        **kw,
    )


def counter(cw, order, *, actor, price, quantity=5, respond_by=None, delivery_days=None):
    return services.negotiation_counter(
        actor=actor,
        order=order,
        unit_price=price,
        quantity=quantity,
        delivery_days=delivery_days,
        respond_by=respond_by or SETUP_AT + dt.timedelta(days=3),
    )


def refused(call) -> str:
    before = (Order.objects.count(), NegotiationRound.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CatalogError) as exc:
        call()
    assert (Order.objects.count(), NegotiationRound.objects.count(), AuditEvent.objects.count()) == before
    return exc.value.code


# --- the rules --------------------------------------------------------------------------------------------------


def test_negotiated_price_within_listed_never_above_the_listed_price():
    listed = Decimal("8500000")
    assert rules.negotiated_price_within_listed(price="8000000", listed=listed) == Decimal("8000000.00")
    assert rules.negotiated_price_within_listed(price="8500000", listed=listed) == listed
    for bad, code in (
        ("8500000.01", "NEGOTIATED_ABOVE_LISTED"),
        ("0", "PRICE_INVALID"),
        ("x", "PRICE_INVALID"),
    ):
        with pytest.raises(CatalogError) as exc:
            rules.negotiated_price_within_listed(price=bad, listed=listed)
        assert exc.value.code == code


def test_negotiation_deadline_valid_after_now_and_at_most_the_rule_days():
    now = SETUP_AT
    rules.negotiation_deadline_valid(respond_by=now + dt.timedelta(days=7), now=now, max_days=7)
    for respond_by in (now, now - dt.timedelta(hours=1), now + dt.timedelta(days=7, seconds=1)):
        with pytest.raises(CatalogError) as exc:
            rules.negotiation_deadline_valid(respond_by=respond_by, now=now, max_days=7)
        assert exc.value.code == "NEGOTIATION_DEADLINE_INVALID"


def test_negotiation_round_answerable_until_its_deadline():
    rules.negotiation_round_answerable(respond_by=SETUP_AT, now=SETUP_AT)
    with pytest.raises(CatalogError) as exc:
        rules.negotiation_round_answerable(respond_by=SETUP_AT, now=SETUP_AT + dt.timedelta(seconds=1))
    assert exc.value.code == "NEGOTIATION_LAPSED"


def test_negotiation_rule_is_dated_rule_data():
    assert rules.negotiation_rule(dt.date(2026, 7, 3)).max_response_days == 7
    with pytest.raises(CatalogError) as exc:
        rules.negotiation_rule(dt.date(2020, 1, 1))
    assert exc.value.code == "RULE_NOT_IN_FORCE"


# --- the rounds ---------------------------------------------------------------------------------------------------


def test_ppk_proposes_provider_counters_ppk_agrees_and_issues_the_surat_pesanan(cw):
    order = open_nego(cw)
    assert (order.status, order.method, order.listed_price) == (
        "NEGOTIATING",
        "NEGOTIATION",
        Decimal("8500000"),
    )
    assert order.total == Decimal("40000000") and order.delivery_days == 7
    with clock(LATER):
        order = counter(cw, order, actor=cw.provider.account, price="8250000", quantity=6, delivery_days=5)
        assert order.total == Decimal("49500000") and order.status == "NEGOTIATING"
        order = services.negotiation_accept(actor=cw.ppk, order=order)
    assert order.status == "ACCEPTED" and order.unit_price == Decimal("8250000") and order.quantity == 6
    rounds = list(order.rounds.order_by("number").values_list("number", "side", "unit_price", "outcome"))
    assert rounds == [
        (1, "PPK", Decimal("8000000"), "COUNTERED"),
        (2, "PROVIDER", Decimal("8250000"), "ACCEPTED"),
    ]
    cw.product.refresh_from_db()
    assert cw.product.stock == 34
    actions = list(AuditEvent.objects.filter(object_id=str(order.pk)).values_list("action", flat=True))
    assert [a for a in actions if a.startswith("catalog.negotiation")] == [
        "catalog.negotiation.open",
        "catalog.negotiation.counter",
        "catalog.negotiation.accept",
    ]
    with clock(LATER):
        issued = services.purchase_order_issue(
            actor=cw.ppk, order=order, number="SP/NEGO/1", issued_on=LATER.date()
        )
    contract = Contract.objects.get(pk=issued.contract_id)
    assert issued.status == "CONTRACTED" and contract.value == Decimal("49500000")
    assert contract.end_on == LATER.date() + dt.timedelta(days=5)  # the negotiated delivery days


def test_provider_accepts_the_ppks_proposal(cw):
    order = open_nego(cw, price="8100000")
    order = services.negotiation_accept(actor=cw.provider.account, order=order)
    assert order.status == "ACCEPTED" and order.total == Decimal("40500000")
    assert order.rounds.get().outcome == "ACCEPTED"


def test_a_side_does_not_answer_its_own_proposal_and_direct_accept_is_refused(cw):
    order = open_nego(cw)
    assert (
        refused(lambda: services.negotiation_accept(actor=cw.ppk, order=order)) == "NEGOTIATION_NOT_YOUR_TURN"
    )
    assert refused(lambda: counter(cw, order, actor=cw.ppk, price="7000000")) == "NEGOTIATION_NOT_YOUR_TURN"
    assert refused(lambda: services.order_accept(actor=cw.provider.account, order=order)) == (
        "TRANSITION_NOT_ALLOWED"
    )


def test_price_above_the_listed_one_refused_at_every_round(cw):
    assert refused(lambda: open_nego(cw, price="8500001")) == "NEGOTIATED_ABOVE_LISTED"
    order = open_nego(cw)
    assert refused(lambda: counter(cw, order, actor=cw.provider.account, price="8600000")) == (
        "NEGOTIATED_ABOVE_LISTED"
    )


def test_agreement_rechecks_the_listed_price_in_force(cw):
    order = open_nego(cw)
    order = counter(cw, order, actor=cw.provider.account, price="8400000")
    change = services.price_change_submit(
        actor=cw.provider.account,
        product=cw.product,
        price="8300000",
        valid_from=b.TODAY,
        valid_until=b.TODAY + dt.timedelta(days=60),
    )
    services.change_approve(actor=cw.ukpbj, change=change)
    assert (
        refused(lambda: services.negotiation_accept(actor=cw.ppk, order=order)) == "NEGOTIATED_ABOVE_LISTED"
    )


def test_deadlines_checked_at_the_database_clock(cw):
    assert refused(lambda: open_nego(cw, days=8)) == "NEGOTIATION_DEADLINE_INVALID"
    order = open_nego(cw, days=3)
    with clock(LAPSED):
        assert refused(lambda: services.negotiation_accept(actor=cw.provider.account, order=order)) == (
            "NEGOTIATION_LAPSED"
        )
        assert (
            refused(
                lambda: counter(
                    cw, order, actor=cw.provider.account, price="8400000", respond_by=LAPSED + dt.timedelta(1)
                )
            )
            == "NEGOTIATION_LAPSED"
        )
        # the PPK proposes anew after the lapse: the old round is kept as lapsed
        order = counter(cw, order, actor=cw.ppk, price="8100000", respond_by=LAPSED + dt.timedelta(days=2))
    assert list(order.rounds.values_list("outcome", flat=True)) == ["LAPSED", "OPEN"]


def test_open_negotiation_holds_the_budget_and_counters_recheck_it(cw):
    order = open_nego(cw, price="8000000", quantity=11)  # 88 juta of 100 juta held
    assert (
        refused(
            lambda: services.order_create(
                actor=cw.ppk, package=cw.package, product=cw.product, quantity=2, delivery_address="x"
            )
        )
        == "BUDGET_EXCEEDED"
    )
    assert refused(lambda: counter(cw, order, actor=cw.provider.account, price="8000000", quantity=13)) == (
        "BUDGET_EXCEEDED"
    )
    assert counter(cw, order, actor=cw.provider.account, price="8500000", quantity=11).total == Decimal(
        "93500000"
    )


def test_negotiation_is_not_capped_by_the_direct_order_limit(cw):
    package = b.e_purchasing_package(cw.w, pagu="300000000")
    direct = lambda: services.order_create(  # noqa: E731
        actor=cw.ppk, package=package, product=cw.product, quantity=25, delivery_address="x"
    )
    assert refused(direct) == "DIRECT_ORDER_LIMIT"  # 212.5 juta
    assert open_nego(cw, package=package, price="8400000", quantity=25).total == Decimal("210000000")


def test_provider_refuses_or_ppk_cancels_and_the_round_is_closed(cw):
    order = open_nego(cw)
    services.order_refuse(actor=cw.provider.account, order=order, reason="Harga di bawah modal")
    assert Order.objects.get(pk=order.pk).status == "REFUSED" and order.rounds.get().outcome == "CLOSED"
    second = open_nego(cw)
    services.order_cancel(actor=cw.ppk, order=second, reason="Kebutuhan berubah")
    assert Order.objects.get(pk=second.pk).status == "CANCELLED" and second.rounds.get().outcome == "CLOSED"
    assert refused(lambda: services.negotiation_accept(actor=cw.provider.account, order=second)) == (
        "TRANSITION_NOT_ALLOWED"
    )


def test_no_agreement_with_a_provider_blacklisted_meanwhile(cw):
    order = open_nego(cw)
    b.blacklist(cw.w, cw.provider, starts_on=b.TODAY, ends_on=b.TODAY + dt.timedelta(days=30))
    assert refused(lambda: services.negotiation_accept(actor=cw.provider.account, order=order)) == (
        "PROVIDER_BLACKLISTED"
    )


def test_dashboard_asks_the_side_whose_turn_it_is(cw):
    from lentera.core.dashboard import items_for
    from lentera.core.roles import Role

    def titles(user, role):
        return [i.title for i in items_for(user, role)]

    waiting = "Negosiasi katalog menunggu jawaban Anda"
    order = open_nego(cw)
    assert waiting in titles(cw.provider.account, Role.PENYEDIA) and waiting not in titles(cw.ppk, Role.PPK)
    counter(cw, order, actor=cw.provider.account, price="8400000")
    assert waiting in titles(cw.ppk, Role.PPK) and waiting not in titles(cw.provider.account, Role.PENYEDIA)
