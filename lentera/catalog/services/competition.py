"""E-purchasing by mini-competition: the PPK of an e-Purchasing package asks the admitted providers of an etalase
who list comparable products for a quotation (specification, quantity, deadline); each invited provider sends a
sealed quotation (one of its listed products in the etalase, a unit price at most its listed price, delivery
days) before the deadline; after it the PPK opens them and the lowest compliant quotation becomes an ACCEPTED
order, whose Surat Pesanan is issued as for a direct order.

Sealing: the quotation's product, price and delivery time are wrapped with the bidding app's server wrapping
(``lentera.bidding.serverkeys.server_wrap``, AES-256-GCM under a key derived from the server secret, bound to the
competition and the provider) and only the wrapped text is stored; the price columns stay empty until the
opening, which unwraps after the deadline inside its transaction. Every deadline is read at the database clock
in the write's transaction, the competition row locked.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from lentera.bidding.serverkeys import server_unwrap, server_wrap
from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.calendar import local_date
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.planning.models import Package
from lentera.providers.models import Provider

from .. import competition_rules as crules
from .. import rules, search, states
from ..errors import CatalogError
from ..models import Category, MiniCompetition, Order, Product, Quotation
from ..states import CompetitionStatus, OrderMethod, OrderStatus
from ._base import provider_of, required
from .negotiation import MAX_DELIVERY_DAYS
from .notices import notify
from .ordering import (
    ORDER_FIELDS,
    _next_number,
    committed_on,
    listed_price_in_force,
    locked_own_package,
    provider_may_sell,
    quantity_in_stock,
    take_stock,
)

COMPETITION_FIELDS = (
    "number",
    "package_id",
    "category_id",
    "quantity",
    "deadline",
    "status",
    "order_id",
    "reason",
)
_PURPOSE = b"catalog quotation"


def _aad(quotation: Quotation) -> bytes:
    return f"catalog-competition:{quotation.competition_id}|provider:{quotation.provider_id}".encode()


def _salt(quotation: Quotation) -> bytes:
    return f"catalog-quotation:{quotation.pk}".encode()


def invitable_providers(category: Category, day: dt.date | None = None) -> list[Provider]:
    """The providers the PPK may invite: those with at least one product listed today in the etalase (admitted,
    verified, not blacklisted: search.listed)."""
    ids = search.listed(day).filter(category=category).values_list("provider_id", flat=True).distinct()
    return list(Provider.objects.filter(pk__in=list(ids)).order_by("name", "pk"))


@transaction.atomic
def competition_create(
    *,
    actor: Any,
    package: Package,
    category: Category,
    provider_ids: list[int],
    specification: str,
    quantity: int,
    delivery_address: str,
    deadline: dt.datetime,
) -> MiniCompetition:
    """The PPK asks at least two providers listing comparable products in the etalase for a quotation by the
    deadline, on their own e-Purchasing package."""
    ensure_role(actor, Role.PPK)
    package = locked_own_package(actor, package)
    now = db_now()
    rule = crules.competition_rule(local_date(now))
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    crules.competition_deadline_valid(
        deadline=deadline, now=now, min_hours=rule.min_hours, max_days=rule.max_days
    )
    invitable = {p.pk: p for p in invitable_providers(category, local_date(now))}
    chosen = sorted({int(pk) for pk in provider_ids})
    outside = [pk for pk in chosen if pk not in invitable]
    if outside:
        raise CatalogError(
            "COMPETITION_PROVIDER_NOT_LISTED",
            _("Penyedia yang diundang harus menayangkan produk di etalase ini hari ini."),
        )
    crules.competition_invitees_enough(count=len(chosen), minimum=rule.min_providers)
    if int(quantity) < 1:
        raise CatalogError("QUANTITY_INVALID", _("Jumlah paling sedikit 1."))
    count = MiniCompetition.objects.filter(package=package).count()
    competition = MiniCompetition.objects.create(
        number=f"MK-{package.code}-{count + 1:03d}",
        package=package,
        category=category,
        ppk=actor,
        specification=required(specification, str(_("spesifikasi yang diminta")))[:5000],
        quantity=int(quantity),
        delivery_address=required(delivery_address, str(_("alamat pengiriman"))),
        deadline=deadline,
        created_at=now,
    )
    Quotation.objects.bulk_create(
        [Quotation(competition=competition, provider=invitable[pk], invited_at=now) for pk in chosen]
    )
    for q in Quotation.objects.filter(competition=competition).select_related("provider__account"):
        notify(
            [q.provider.account],
            "competition.invite",
            competition=competition,
            params={"number": competition.number, "quotation": q.pk},
        )
    after = audit.snapshot(competition, COMPETITION_FIELDS)
    after["invited"] = chosen
    audit.record(actor=actor, action="catalog.competition.create", obj=competition, after=after)
    return competition


def _locked(competition: MiniCompetition) -> MiniCompetition:
    return MiniCompetition.objects.select_for_update(of=("self",)).get(pk=competition.pk)


@transaction.atomic
def quotation_submit(
    *, actor: Any, quotation: Quotation, product: Product, unit_price: Any, delivery_days: int | None = None
) -> Quotation:
    """The invited provider sends (or replaces) its sealed quotation before the deadline: one of its products
    listed today in the etalase, a unit price at most the listed one, a delivery time. Only the wrapped text
    is stored until the opening."""
    provider = provider_of(actor)
    competition = _locked(quotation.competition)
    quotation = Quotation.objects.select_for_update().get(pk=quotation.pk)
    if quotation.provider_id != provider.pk:
        raise CatalogError("QUOTATION_NOT_FOUND", _("Undangan tidak ditemukan."), status=404)
    if competition.status != CompetitionStatus.OPEN:
        states.transition("competition", competition.status, "award")  # refused: 409
    now = db_now()
    crules.quotation_in_time(deadline=competition.deadline, now=now)
    product = Product.objects.select_related("provider__account").get(pk=product.pk)
    if product.provider_id != provider.pk or product.category_id != competition.category_id:
        raise CatalogError(
            "QUOTATION_PRODUCT_INVALID", _("Pilih produk Anda sendiri yang tayang di etalase ini.")
        )
    provider_may_sell(product, now)
    listed = listed_price_in_force(product, local_date(now))
    price = rules.negotiated_price_within_listed(price=unit_price, listed=listed)
    quantity_in_stock(competition.quantity, product.stock)
    days = product.delivery_days if delivery_days is None else int(delivery_days)
    if not 1 <= days <= MAX_DELIVERY_DAYS:
        raise CatalogError("DELIVERY_DAYS_INVALID", _("Waktu pengiriman antara 1 dan 365 hari."))
    payload = json.dumps({"product_id": product.pk, "unit_price": str(price), "delivery_days": days}).encode()
    replaced = quotation.submitted_at is not None
    quotation.sealed = server_wrap(payload, purpose=_PURPOSE, salt=_salt(quotation), aad=_aad(quotation))
    quotation.submitted_at = now
    quotation.save(update_fields=["sealed", "submitted_at"])
    audit.record(
        actor=actor,
        action="catalog.competition.quote",
        obj=competition,
        after={
            "quotation": quotation.pk,
            "provider_id": provider.pk,
            "replaced": replaced,
            "at": now.isoformat(),
        },
    )
    return quotation


def _open(quotation: Quotation) -> dict[str, Any]:
    return json.loads(
        server_unwrap(quotation.sealed, purpose=_PURPOSE, salt=_salt(quotation), aad=_aad(quotation))
    )


def _evaluate(quotation: Quotation, competition: MiniCompetition, now: dt.datetime) -> tuple[bool, str]:
    """Whether an opened quotation is compliant now: product still listed, price within the listing in force,
    provider still admitted and not blacklisted, enough stock."""
    assert quotation.product_id is not None and quotation.unit_price is not None
    product = Product.objects.select_related("provider__account").get(pk=quotation.product_id)
    try:
        provider_may_sell(product, now)
        listed = listed_price_in_force(product, local_date(now))
        rules.negotiated_price_within_listed(price=quotation.unit_price, listed=listed)
        quantity_in_stock(competition.quantity, product.stock)
    except LenteraError as exc:
        return False, str(exc)
    return True, _g("Memenuhi")


@transaction.atomic
def competition_award(*, actor: Any, competition: MiniCompetition) -> MiniCompetition:
    """After the deadline the PPK opens the quotations: each is evaluated at that moment, and the lowest
    compliant one becomes an ACCEPTED order on the package (the budget checked, the quantity leaves the stock).
    With none compliant the competition fails. The opened prices are kept on the quotations."""
    ensure_role(actor, Role.PPK)
    competition = _locked(competition)
    if competition.ppk_id != actor.pk:
        raise CatalogError("COMPETITION_NOT_FOUND", _("Mini-kompetisi tidak ditemukan."), status=404)
    package = locked_own_package(actor, competition.package)
    now = db_now()
    crules.quotations_openable(deadline=competition.deadline, now=now)
    before = audit.snapshot(competition, COMPETITION_FIELDS)
    offers: list[crules.Offer] = []
    quotations = list(Quotation.objects.select_for_update().filter(competition=competition))
    for q in quotations:
        if not q.sealed or q.submitted_at is None:
            q.compliant, q.evaluation = False, _g("Tidak mengirim penawaran")
        else:
            opened = _open(q)
            q.product_id = int(opened["product_id"])
            q.unit_price = Decimal(opened["unit_price"])
            q.delivery_days = int(opened["delivery_days"])
            q.compliant, q.evaluation = _evaluate(q, competition, now)
            offers.append(crules.Offer(q.pk, q.unit_price, q.submitted_at, q.compliant))
    winner = crules.competition_winner(offers)
    order = None
    if winner is not None:
        q = next(q for q in quotations if q.pk == winner.key)
        assert q.unit_price is not None and q.product is not None
        total = (q.unit_price * competition.quantity).quantize(Decimal("0.01"))
        rules.within_package_budget(pagu=package.pagu, committed=committed_on(package), amount=total)
        order = Order.objects.create(
            number=_next_number(package),
            package=package,
            product=q.product,
            provider_id=q.provider_id,
            ppk=actor,
            quantity=competition.quantity,
            unit_price=q.unit_price,
            listed_price=q.product.price,
            total=total,
            delivery_days=q.delivery_days,
            terms=competition.specification,
            delivery_address=competition.delivery_address,
            status=OrderStatus.ACCEPTED,
            method=OrderMethod.COMPETITION,
            ordered_at=now,
            decided_at=now,
        )
        take_stock(order)
        q.evaluation = _g("Pemenang: harga terendah yang memenuhi")
        competition.order = order
        competition.status = states.transition("competition", competition.status, "award")
        audit.record(
            actor=actor, action="catalog.order.create", obj=order, after=audit.snapshot(order, ORDER_FIELDS)
        )
    else:
        competition.status = states.transition("competition", competition.status, "fail")
        competition.reason = _g("Tidak ada penawaran yang memenuhi.")
    for q in quotations:
        q.save(update_fields=["product", "unit_price", "delivery_days", "compliant", "evaluation"])
    competition.closed_at = now
    competition.save()
    after = audit.snapshot(competition, COMPETITION_FIELDS)
    after["quotations"] = [
        {"provider_id": q.provider_id, "unit_price": str(q.unit_price or ""), "compliant": q.compliant}
        for q in quotations
    ]
    audit.record(actor=actor, action="catalog.competition.award", obj=competition, before=before, after=after)
    for q in quotations:
        won = order is not None and q.provider_id == order.provider_id
        if won or q.submitted_at is not None:
            notify(
                [Provider.objects.get(pk=q.provider_id).account],
                "competition.won" if won else "competition.lost",
                competition=competition,
                params={
                    "number": competition.number,
                    "quotation": q.pk,
                    "order": order.number if order else "",
                },
            )
    return competition


@transaction.atomic
def competition_cancel(*, actor: Any, competition: MiniCompetition, reason: str) -> MiniCompetition:
    """The PPK cancels an open mini-competition with a reason (the quotations stay sealed and are never opened)."""
    ensure_role(actor, Role.PPK)
    competition = _locked(competition)
    if competition.ppk_id != actor.pk:
        raise CatalogError("COMPETITION_NOT_FOUND", _("Mini-kompetisi tidak ditemukan."), status=404)
    before = audit.snapshot(competition, COMPETITION_FIELDS)
    competition.status = states.transition("competition", competition.status, "cancel")
    competition.reason = required(reason, str(_("alasan")))[:2000]
    competition.closed_at = db_now()
    competition.save()
    audit.record(
        actor=actor,
        action="catalog.competition.cancel",
        obj=competition,
        before=before,
        after=audit.snapshot(competition, COMPETITION_FIELDS),
    )
    for q in Quotation.objects.filter(competition=competition).select_related("provider__account"):
        notify(
            [q.provider.account],
            "competition.cancel",
            competition=competition,
            params={"number": competition.number, "quotation": q.pk},
        )
    return competition
