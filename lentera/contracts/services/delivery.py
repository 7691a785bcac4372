"""Goods data: for goods contracts the items delivered (name, quantity, unit, unit price, date), recorded by the
provider or the PPK while the work runs, never above the contract value (rules.delivered_total_allowed); the
goods BAST needs them (services.handover), and other apps read them through selectors.delivered_items."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.planning.models import ProcurementType

from .. import rules
from ..errors import ContractsError
from ..models import Contract, DeliveredItem
from ..states import CONTRACT, Action
from ._base import lock_contract, money_in, role_for, step, text_required, today

_QUANTITY_MAX = Decimal("1e11")


def _quantity(value: Any) -> Decimal:
    try:
        quantity = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ContractsError("QUANTITY_INVALID", _("Jumlah barang tidak valid.")) from exc
    if not quantity.is_finite() or not 0 < quantity < _QUANTITY_MAX:
        raise ContractsError("QUANTITY_INVALID", _("Jumlah barang harus lebih dari nol."))
    return quantity


@transaction.atomic
def delivery_record(
    *,
    actor: Any,
    contract: Contract,
    name: str,
    quantity: Decimal,
    unit: str,
    unit_price: Decimal,
    delivered_on: dt.date,
) -> DeliveredItem:
    """The provider (or the PPK) records goods delivered under a running goods contract: dated from the start
    to today (database clock); the lines together never above the contract value (rules.delivered_total_allowed,
    read under the contract's lock)."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.RECORD_DELIVERY, role=role)
    if contract.tender.procurement_type != ProcurementType.GOODS:
        raise ContractsError(
            "NOT_GOODS", _("Barang yang dikirim dicatat untuk kontrak pengadaan barang."), status=409
        )
    name = text_required(name, "NAME_REQUIRED")
    unit = text_required(unit, "UNIT_REQUIRED")
    quantity = _quantity(quantity)
    unit_price = money_in(unit_price, "PRICE_INVALID")
    total = (quantity * unit_price).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    now = db_now()
    if delivered_on > today(now) or delivered_on < contract.start_on:
        raise ContractsError("DELIVERY_DATE", _("Tanggal pengiriman antara mulai kerja dan hari ini."))
    so_far = DeliveredItem.objects.filter(contract=contract).aggregate(s=Sum("total"))["s"] or Decimal("0")
    if not rules.delivered_total_allowed(delivered_total=so_far + total, contract_value=contract.value):
        raise ContractsError(
            "DELIVERY_OVER_VALUE",
            _("Jumlah harga barang melebihi nilai kontrak: sisa %(v)s."),
            status=409,
            v=format_rupiah(contract.value - so_far),
        )
    item = DeliveredItem.objects.create(
        contract=contract,
        name=name,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        total=total,
        delivered_on=delivered_on,
        recorded_by=actor,
        recorded_at=now,
    )
    audit.record(
        actor=actor,
        action="contracts.delivery.record",
        obj=item,
        after=audit.snapshot(item, ("name", "quantity", "unit", "unit_price", "total", "delivered_on"))
        | {"contract": contract.pk},
    )
    return item
