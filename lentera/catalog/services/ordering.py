"""E-purchasing: the PPK's direct order of a listed product at its listed price on an e-Purchasing package,
and the provider's answer. Every rule is checked in the order's transaction, the package row locked (so two
orders at once cannot both spend the same budget) and the dates read from the database clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from lentera.accounts.models import User
from lentera.contracts.services import contract_from_catalog_order
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.roles import Role
from lentera.planning.models import Package
from lentera.providers.services.sanctions import active_blacklist_entry

from .. import rules, states
from ..errors import CatalogError
from ..models import Admission, NegotiationRound, Order, Product
from ..states import BUDGET_HOLDING, AdmissionStatus, ProductStatus, RoundOutcome
from ._base import provider_of, required
from .notices import notify_order

ORDER_FIELDS = (
    "number",
    "package_id",
    "product_id",
    "quantity",
    "unit_price",
    "total",
    "status",
    "reason",
    "split_warning",
    "split_reason",
    "contract_id",
    "method",
    "delivery_days",
    "terms",
)


def _next_number(package: Package) -> str:
    count = Order.objects.filter(package=package).count()
    return f"SP-{package.code}-{count + 1:03d}"


def provider_may_sell(product: Product, now: dt.datetime) -> None:
    provider = product.provider
    account = provider.account
    if (
        provider.status != provider.Status.VERIFIED
        or not account.is_active
        or account.status != User.Status.ACTIVE
    ):
        raise CatalogError(
            "PROVIDER_INACTIVE", _("Penyedia tidak aktif atau belum terverifikasi."), status=403
        )
    rules.provider_not_blacklisted(blacklisted=active_blacklist_entry(npwp=provider.npwp, at=now) is not None)
    day = local_date(now)
    admitted = any(
        rules.admission_in_force(status=a.status, valid_from=a.valid_from, valid_until=a.valid_until, day=day)
        for a in Admission.objects.filter(
            category_id=product.category_id, provider=provider, status=AdmissionStatus.ADMITTED
        )
    )
    if not admitted:
        raise CatalogError(
            "NOT_ADMITTED", _("Penyedia belum atau tidak lagi diterima di etalase ini."), status=403
        )


def listed_price_in_force(product: Product, day: dt.date) -> Decimal:
    """The product's listed unit price, refused unless it is live and its price valid on ``day``."""
    if product.status != ProductStatus.LIVE or not rules.price_in_force(
        valid_from=product.price_valid_from, valid_until=product.price_valid_until, day=day
    ):
        raise CatalogError(
            "PRICE_NOT_IN_FORCE", _("Produk tidak tayang atau harganya tidak berlaku hari ini.")
        )
    assert product.price is not None  # a live product has a price (catalog_live_has_price)
    return product.price


def quantity_in_stock(quantity: int, stock: int) -> int:
    quantity = int(quantity)
    if quantity < 1:
        raise CatalogError("QUANTITY_INVALID", _("Jumlah paling sedikit 1."))
    if quantity > stock:
        raise CatalogError(
            "STOCK_SHORT", _("Stok penyedia tidak mencukupi (tersedia %(stock)s)."), stock=stock
        )
    return quantity


def committed_on(package: Package, *, excluding: Order | None = None) -> Decimal:
    """What the package's orders holding budget add up to (without ``excluding``, an order being renegotiated)."""
    qs = Order.objects.filter(package=package, status__in=list(BUDGET_HOLDING))
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.aggregate(s=Sum("total"))["s"] or Decimal("0")


def locked_own_package(actor: Any, package: Package) -> Package:
    """The package row locked for the order's transaction; the PPK's own, E-Purchasing and ready."""
    package = Package.objects.select_for_update(of=("self",)).get(pk=package.pk)
    if package.ppk_id != actor.pk:
        raise CatalogError("PACKAGE_NOT_FOUND", _("Paket tidak ditemukan."), status=404)
    rules.e_purchasing_package(method=package.method, status=package.status)
    return package


@dataclass(frozen=True)
class SplitCheck:
    warned: bool
    total: Decimal  # the earlier orders in the window plus this one
    count: int  # the earlier orders in the window
    reason: str
    threshold: Decimal
    window_days: int


def split_orders_total(*, work_unit_id: int, product: Product, now: dt.datetime) -> tuple[int, Decimal, Any]:
    """The work unit's orders to the product's provider in its category inside the rule's window before
    ``now`` that hold budget (ordered, accepted, contracted): their count, total and the rule in force."""
    rule = rules.split_purchase_rule(local_date(now))
    earlier = Order.objects.filter(
        package__work_unit_id=work_unit_id,
        provider_id=product.provider_id,
        product__category_id=product.category_id,
        status__in=list(BUDGET_HOLDING),
        ordered_at__gte=now - dt.timedelta(days=rule.window_days),
    ).aggregate(n=Count("pk"), s=Sum("total"))
    return earlier["n"] or 0, earlier["s"] or Decimal("0"), rule


def split_purchase_check(
    *, work_unit_id: int, product: Product, amount: Decimal, now: dt.datetime, reason: str
) -> SplitCheck:
    """Whether this order is a possible split purchase, and the PPK's reason where it is (refused without)."""
    count, earlier_total, rule = split_orders_total(work_unit_id=work_unit_id, product=product, now=now)
    warned = rules.split_purchase_warning(
        earlier_total=earlier_total, earlier_count=count, amount=amount, threshold=rule.threshold
    )
    reason = rules.split_purchase_confirmed(
        warned=warned, reason=reason, window_days=rule.window_days, threshold=rule.threshold
    )
    return SplitCheck(warned, earlier_total + amount, count, reason, rule.threshold, rule.window_days)


@transaction.atomic
def order_create(
    *,
    actor: Any,
    package: Package,
    product: Product,
    quantity: int,
    delivery_address: str,
    split_reason: str = "",
) -> Order:
    """The PPK of an e-Purchasing package orders a listed product at its price in force now. A possible split
    purchase (rules.split_purchase_warning) goes ahead only with the PPK's reason (``split_reason``)."""
    ensure_role(actor, Role.PPK)
    package = locked_own_package(actor, package)
    product = Product.objects.select_related("provider__account", "category").get(pk=product.pk)
    now = db_now()
    day = local_date(now)
    price = listed_price_in_force(product, day)
    provider_may_sell(product, now)
    quantity = quantity_in_stock(quantity, product.stock)
    total = (price * quantity).quantize(Decimal("0.01"))
    limit = rules.direct_order_limit(day)
    if total > limit.max_value:
        raise CatalogError(
            "DIRECT_ORDER_LIMIT",
            _("Pemesanan langsung paling banyak %(max)s per pesanan (%(rule)s)."),
            max=f"Rp{limit.max_value:,.0f}".replace(",", "."),
            rule=limit.citation,
        )
    committed = committed_on(package)
    rules.within_package_budget(pagu=package.pagu, committed=committed, amount=total)
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
        listed_price=price,
        total=total,
        delivery_address=required(delivery_address, str(_("alamat pengiriman"))),
        ordered_at=now,
        split_warning=split.warned,
        split_total=split.total if split.warned else None,
        split_reason=split.reason,
    )
    audit.record(
        actor=actor, action="catalog.order.create", obj=order, after=audit.snapshot(order, ORDER_FIELDS)
    )
    return order


def locked_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("product__provider__account")
        .get(pk=order.pk)
    )


def close_open_round(order: Order, *, actor: Any, action: str, now: dt.datetime) -> NegotiationRound | None:
    """The negotiation's open round, answered by ``action`` (agree, counter, refuse, cancel, renew); None when the
    order has no open round (a direct order)."""
    current = (
        NegotiationRound.objects.select_for_update().filter(order=order, outcome=RoundOutcome.OPEN).first()
    )
    if current is None:
        return None
    current.outcome = states.transition("round", current.outcome, action)
    current.answered_at = now
    current.answered_by = actor
    current.save(update_fields=["outcome", "answered_at", "answered_by"])
    return current


def take_stock(order: Order) -> Product:
    """The accepted quantity leaves the provider's stock (the product row locked)."""
    product = Product.objects.select_for_update().get(pk=order.product_id)
    quantity_in_stock(order.quantity, product.stock)
    product.stock -= order.quantity
    product.save(update_fields=["stock", "updated_at"])
    return product


@transaction.atomic
def order_accept(*, actor: Any, order: Order) -> Order:
    """The provider accepts the order (its stock goes down by the quantity); refused if it is blacklisted now."""
    provider = provider_of(actor)
    order = locked_order(order)
    if order.provider_id != provider.pk:
        raise CatalogError("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."), status=404)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "accept")
    now = db_now()
    rules.provider_not_blacklisted(blacklisted=active_blacklist_entry(npwp=provider.npwp, at=now) is not None)
    take_stock(order)
    order.decided_at = now
    order.save()
    audit.record(
        actor=actor,
        action="catalog.order.accept",
        obj=order,
        before=before,
        after=audit.snapshot(order, ORDER_FIELDS),
    )
    return order


@transaction.atomic
def order_refuse(*, actor: Any, order: Order, reason: str) -> Order:
    """The provider refuses the order, or ends a negotiation, with a reason; the budget it held is free again."""
    provider = provider_of(actor)
    order = locked_order(order)
    if order.provider_id != provider.pk:
        raise CatalogError("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."), status=404)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "refuse")
    order.reason = required(reason, str(_("alasan")))
    order.decided_at = db_now()
    order.save()
    if close_open_round(order, actor=actor, action="refuse", now=order.decided_at) is not None:
        notify_order(order, "negotiation.refuse", to_provider=False)
    audit.record(
        actor=actor,
        action="catalog.order.refuse",
        obj=order,
        before=before,
        after=audit.snapshot(order, ORDER_FIELDS),
    )
    return order


@transaction.atomic
def order_cancel(*, actor: Any, order: Order, reason: str) -> Order:
    """The PPK withdraws an order the provider has not answered yet, or ends a negotiation."""
    ensure_role(actor, Role.PPK)
    order = locked_order(order)
    if order.ppk_id != actor.pk:
        raise CatalogError("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."), status=404)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "cancel")
    order.reason = required(reason, str(_("alasan")))
    order.decided_at = db_now()
    order.save()
    if close_open_round(order, actor=actor, action="cancel", now=order.decided_at) is not None:
        notify_order(order, "negotiation.cancel", to_provider=True)
    audit.record(
        actor=actor,
        action="catalog.order.cancel",
        obj=order,
        before=before,
        after=audit.snapshot(order, ORDER_FIELDS),
    )
    return order


@transaction.atomic
def purchase_order_issue(
    *, actor: Any, order: Order, number: str, issued_on: dt.date, deliver_by: dt.date | None = None
) -> Order:
    """The PPK issues the Surat Pesanan of an order the provider accepted: it becomes a contract of the contracts
    app (``contracts.services.contract_from_catalog_order``: form surat pesanan, started by it, ending on the
    delivery deadline, by default the order's date plus the product's delivery days). From then on delivery,
    BAST, payment and rating are the contract's."""
    ensure_role(actor, Role.PPK)
    order = locked_order(order)
    if order.ppk_id != actor.pk:
        raise CatalogError("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."), status=404)
    before = audit.snapshot(order, ORDER_FIELDS)
    order.status = states.transition("order", order.status, "issue")
    assert order.decided_at is not None  # an accepted order has its answer's moment
    if deliver_by is None:
        deliver_by = issued_on + dt.timedelta(days=order.delivery_days or order.product.delivery_days)
    contract = contract_from_catalog_order(
        actor=actor,
        package=order.package,
        provider=order.provider,
        order_number=order.number,
        number=number,
        value=order.total,
        issued_on=issued_on,
        accepted_on=local_date(order.decided_at),
        deliver_by=deliver_by,
        description=(
            f"{order.quantity} × {order.product} @ Rp{order.unit_price:,.0f}".replace(",", ".")
            + f" — {order.delivery_address}"
        ),
    )
    order.contract = contract
    order.save(update_fields=["status", "contract"])
    audit.record(
        actor=actor,
        action="catalog.order.issue",
        obj=order,
        before=before,
        after=audit.snapshot(order, ORDER_FIELDS),
    )
    return order
