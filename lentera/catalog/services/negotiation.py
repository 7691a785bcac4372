"""E-purchasing by negotiation: the PPK proposes a unit price (at most the listed one), quantity, delivery time
and terms with an answer deadline; the provider accepts, counters or refuses; the PPK accepts a counter-offer,
counters again or cancels. Every round is kept (NegotiationRound) and audited; the agreed order is ACCEPTED and
its Surat Pesanan is issued as for a direct order. Each write locks the package and the order, re-reads the
listed price and the provider's standing, and checks the deadlines against the database clock.

Unlike a direct order a negotiated order is not capped by the direct-order limit (e-Katalog v6 leaves the
larger purchases to the PPK with negotiation); the package budget and the split-purchase warning still apply.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.planning.models import Package

from .. import rules, states
from ..errors import CatalogError
from ..models import NegotiationRound, Order, Product
from ..states import OrderMethod, OrderStatus, RoundOutcome, RoundSide
from ._base import provider_of, required
from .notices import notify_order
from .ordering import (
    ORDER_FIELDS,
    _next_number,
    close_open_round,
    committed_on,
    listed_price_in_force,
    locked_order,
    locked_own_package,
    provider_may_sell,
    quantity_in_stock,
    split_purchase_check,
    take_stock,
)

#: The longest delivery time a proposal may state (Kebijakan Lentera: a year; keeps the value a valid integer).
MAX_DELIVERY_DAYS = 365
ROUND_FIELDS = ("number", "side", "unit_price", "quantity", "delivery_days", "terms", "respond_by", "outcome")


def _terms(
    *, product: Product, unit_price: Any, quantity: int, delivery_days: int | None, now: dt.datetime
) -> tuple[Decimal, int, int]:
    """A proposal's price, quantity and delivery days checked against the product as listed now."""
    listed = listed_price_in_force(product, local_date(now))
    price = rules.negotiated_price_within_listed(price=unit_price, listed=listed)
    quantity = quantity_in_stock(quantity, product.stock)
    days = product.delivery_days if delivery_days is None else int(delivery_days)
    if not 1 <= days <= MAX_DELIVERY_DAYS:
        raise CatalogError("DELIVERY_DAYS_INVALID", _("Waktu pengiriman antara 1 dan 365 hari."))
    return price, quantity, days


def _new_round(
    order: Order,
    *,
    actor: Any,
    side: str,
    price: Decimal,
    quantity: int,
    days: int,
    terms: str,
    respond_by: dt.datetime,
    now: dt.datetime,
) -> NegotiationRound:
    if timezone.is_naive(respond_by):
        respond_by = timezone.make_aware(respond_by)
    rules.negotiation_deadline_valid(
        respond_by=respond_by, now=now, max_days=rules.negotiation_rule(local_date(now)).max_response_days
    )
    number = NegotiationRound.objects.filter(order=order).count() + 1
    return NegotiationRound.objects.create(
        order=order,
        number=number,
        side=side,
        author=actor,
        unit_price=price,
        quantity=quantity,
        delivery_days=days,
        terms=(terms or "").strip()[:5000],
        proposed_at=now,
        respond_by=respond_by,
    )


def _record(actor: Any, action: str, order: Order, before: dict | None, rnd: NegotiationRound | None) -> None:
    after = audit.snapshot(order, ORDER_FIELDS)
    if rnd is not None:
        after["round"] = audit.snapshot(rnd, ROUND_FIELDS)
    audit.record(actor=actor, action=action, obj=order, before=before, after=after)


@transaction.atomic
def negotiation_open(
    *,
    actor: Any,
    package: Package,
    product: Product,
    quantity: int,
    unit_price: Any,
    delivery_address: str,
    respond_by: dt.datetime,
    delivery_days: int | None = None,
    terms: str = "",
    split_reason: str = "",
) -> Order:
    """The PPK of an e-Purchasing package opens a negotiation with a listed product's provider: the first round
    proposes a unit price at most the listed one, a quantity, a delivery time and terms, answered by
    ``respond_by``. The order holds the package budget at the proposal's value from now on."""
    ensure_role(actor, Role.PPK)
    package = locked_own_package(actor, package)
    product = Product.objects.select_related("provider__account", "category").get(pk=product.pk)
    now = db_now()
    provider_may_sell(product, now)
    price, quantity, days = _terms(
        product=product, unit_price=unit_price, quantity=quantity, delivery_days=delivery_days, now=now
    )
    total = (price * quantity).quantize(Decimal("0.01"))
    rules.within_package_budget(pagu=package.pagu, committed=committed_on(package), amount=total)
    split = split_purchase_check(
        work_unit_id=package.work_unit_id, product=product, amount=total, now=now, reason=split_reason
    )
    order = Order.objects.create(
        number=_next_number(package),
        package=package,
        product=product,
        provider=product.provider,
        ppk=actor,
        quantity=quantity,
        unit_price=price,
        listed_price=product.price,
        total=total,
        delivery_days=days,
        terms=(terms or "").strip()[:5000],
        delivery_address=required(delivery_address, str(_("alamat pengiriman"))),
        status=OrderStatus.NEGOTIATING,
        method=OrderMethod.NEGOTIATION,
        ordered_at=now,
        split_warning=split.warned,
        split_total=split.total if split.warned else None,
        split_reason=split.reason,
    )
    rnd = _new_round(
        order,
        actor=actor,
        side=RoundSide.PPK,
        price=price,
        quantity=quantity,
        days=days,
        terms=terms,
        respond_by=respond_by,
        now=now,
    )
    _record(actor, "catalog.negotiation.open", order, None, rnd)
    notify_order(order, "negotiation.open", to_provider=True)
    return order


def _side_of(actor: Any, order: Order) -> str:
    """Which party of the order the actor is (the PPK who placed it, the provider it is addressed to), else 404."""
    if order.ppk_id == actor.pk:
        ensure_role(actor, Role.PPK)
        return RoundSide.PPK
    if order.provider_id == provider_of(actor).pk:
        return RoundSide.PROVIDER
    raise CatalogError("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."), status=404)


def _open_round(order: Order, side: str, now: dt.datetime) -> NegotiationRound:
    """The round the acting side answers: the other side's open proposal, before its deadline."""
    current = (
        NegotiationRound.objects.select_for_update().filter(order=order, outcome=RoundOutcome.OPEN).first()
    )
    if current is None:
        raise CatalogError(
            "TRANSITION_NOT_ALLOWED",
            _("Tindakan ini tidak dapat dilakukan pada status sekarang."),
            status=409,
        )
    if current.side == side:
        raise CatalogError(
            "NEGOTIATION_NOT_YOUR_TURN", _("Menunggu jawaban pihak lain atas usulan Anda."), status=409
        )
    rules.negotiation_round_answerable(respond_by=current.respond_by, now=now)
    return current


@transaction.atomic
def negotiation_counter(
    *,
    actor: Any,
    order: Order,
    unit_price: Any,
    quantity: int,
    respond_by: dt.datetime,
    delivery_days: int | None = None,
    terms: str = "",
) -> Order:
    """Either side answers the other's open proposal with a counter-offer (a new round). After a round lapsed
    unanswered, only the PPK proposes anew. The package budget is re-checked at the new value."""
    order = locked_order(order)
    side = _side_of(actor, order)
    package = Package.objects.select_for_update(of=("self",)).get(pk=order.package_id)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "counter")
    now = db_now()
    current = NegotiationRound.objects.filter(order=order, outcome=RoundOutcome.OPEN).first()
    lapsed = current is not None and now > current.respond_by
    if lapsed and side == RoundSide.PPK:
        close_open_round(order, actor=actor, action="renew", now=now)
    else:
        _open_round(order, side, now)
        close_open_round(order, actor=actor, action="counter", now=now)
    product = Product.objects.select_related("provider__account").get(pk=order.product_id)
    provider_may_sell(product, now)
    price, quantity, days = _terms(
        product=product, unit_price=unit_price, quantity=quantity, delivery_days=delivery_days, now=now
    )
    total = (price * quantity).quantize(Decimal("0.01"))
    rules.within_package_budget(
        pagu=package.pagu, committed=committed_on(package, excluding=order), amount=total
    )
    rnd = _new_round(
        order,
        actor=actor,
        side=side,
        price=price,
        quantity=quantity,
        days=days,
        terms=terms,
        respond_by=respond_by,
        now=now,
    )
    order.unit_price, order.quantity, order.total = price, quantity, total
    order.delivery_days, order.terms = days, rnd.terms
    order.save()
    _record(actor, "catalog.negotiation.counter", order, before, rnd)
    notify_order(order, "negotiation.counter", to_provider=side == RoundSide.PPK)
    return order


@transaction.atomic
def negotiation_accept(*, actor: Any, order: Order) -> Order:
    """Either side accepts the other's open proposal before its deadline: the order is ACCEPTED at the agreed
    terms (the price re-checked against the listing in force now, the provider still admitted and not
    blacklisted) and the quantity leaves the stock. The PPK then issues the Surat Pesanan."""
    order = locked_order(order)
    side = _side_of(actor, order)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "agree")
    now = db_now()
    current = _open_round(order, side, now)
    product = Product.objects.select_related("provider__account").get(pk=order.product_id)
    provider_may_sell(product, now)
    _terms(
        product=product,
        unit_price=current.unit_price,
        quantity=current.quantity,
        delivery_days=current.delivery_days,
        now=now,
    )
    rnd = close_open_round(order, actor=actor, action="agree", now=now)
    take_stock(order)
    order.decided_at = now
    order.save()
    _record(actor, "catalog.negotiation.accept", order, before, rnd)
    notify_order(order, "negotiation.accept", to_provider=side == RoundSide.PPK)
    return order
