"""Reads of a catalogue order and its Surat Pesanan for the order page (the PPK who placed it, the provider it is
addressed to) and for the contract page of the contracts app (through the ``contract.detail`` panel point, so
contracts never imports the catalogue). Kept apart from ``selectors.py``, which other work extends at its end."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lentera.core.errors import NotFound
from lentera.core.panels import Panel
from lentera.core.roles import Role

from . import selectors
from .models import NegotiationRound, Order
from .states import OrderStatus, RoundOutcome, RoundSide


def order_for_party_or_404(*, user: Any, role: str | None, pk: int) -> Order:
    """The order, for the PPK who placed it (acting as PPK) or the provider it is addressed to; else 404."""
    if role == Role.PPK:
        found = selectors.ppk_orders(user).filter(pk=pk).first()
    elif role == Role.PENYEDIA:
        found = selectors.provider_orders(user).filter(pk=pk).first()
    else:
        found = None
    if found is None:
        raise NotFound("ORDER_NOT_FOUND", _("Pesanan tidak ditemukan."))
    return found


def rounds_of(order: Order) -> QuerySet[NegotiationRound]:
    """The negotiation's rounds, first to last (none for a direct order)."""
    return (
        NegotiationRound.objects.filter(order=order)
        .select_related("author", "answered_by")
        .order_by("number")
    )


def negotiations_awaiting(orders: QuerySet[Order], *, answered_by: str) -> int:
    """How many of these orders are negotiations whose open proposal, still within its deadline, waits for
    ``answered_by`` (the other side's proposal)."""
    proposer = RoundSide.PROVIDER if answered_by == RoundSide.PPK else RoundSide.PPK
    return (
        orders.filter(
            status=OrderStatus.NEGOTIATING,
            rounds__outcome=RoundOutcome.OPEN,
            rounds__side=proposer,
            rounds__respond_by__gte=timezone.now(),
        )
        .distinct()
        .count()
    )


def order_page(order: Order, role: str | None) -> dict[str, Any]:
    """What the order page shows and which actions the acting role has on it (the services decide again)."""
    side = RoundSide.PPK if role == Role.PPK else RoundSide.PROVIDER
    rounds = list(rounds_of(order))
    current = next((r for r in rounds if r.outcome == RoundOutcome.OPEN), None)
    negotiating = order.status == OrderStatus.NEGOTIATING and current is not None
    lapsed = negotiating and current is not None and timezone.now() > current.respond_by
    my_turn = negotiating and not lapsed and current is not None and current.side != side
    return {
        "order": order,
        "side": "ppk" if role == Role.PPK else "provider",
        "can_issue": role == Role.PPK and order.status == OrderStatus.ACCEPTED,
        "contract_url": reverse("contracts:detail", args=[order.contract_id]) if order.contract_id else "",
        "rounds": rounds,
        "current_round": current,
        "negotiating": negotiating,
        "lapsed": lapsed,
        "can_accept_round": my_turn,
        "can_counter": my_turn or (lapsed and side == RoundSide.PPK),
    }


def contract_panel(*, contract: Any, role: str | None) -> Panel | None:
    """On the contract page: the catalogue order the Surat Pesanan was issued for (product, quantity, price),
    linked to the order page for the two parties."""
    order = Order.objects.select_related("product").filter(contract_id=contract.pk).first()
    if order is None:
        return None
    text = _("%(qty)s × %(product)s, harga satuan Rp%(price)s") % {
        "qty": order.quantity,
        "product": order.product,
        "price": f"{order.unit_price:,.0f}".replace(",", "."),
    }
    if order.split_warning:
        text += " · " + _("dipesan dengan peringatan pemecahan pembelian")
    url = reverse("catalog:order", args=[order.pk]) if role in (Role.PPK, Role.PENYEDIA) else ""
    return Panel(
        _("Pesanan katalog %(number)s") % {"number": order.number}, text, url, warn=order.split_warning
    )


def category_of_contract(contract_pk: int) -> str:
    """The etalase code of the catalogue order a Surat Pesanan (contract) was issued for, or "" (open data's
    split-purchase red flag groups the purchases by it)."""
    code = (
        Order.objects.filter(contract_id=contract_pk)
        .values_list("product__category__code", flat=True)
        .first()
    )
    return code or ""
