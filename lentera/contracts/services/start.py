"""The start of the work: the PPK issues the SPMK (works, consultancy, other services) or the Surat Pesanan
(goods); the contract's start date follows it, its period keeps its length, and it is in progress
(SIGNED -> IN_PROGRESS; Peraturan LKPP 12/2021 Lampiran; rules.start_order_kind)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.tendering.services.records import publish

from .. import rules
from ..errors import ContractsError
from ..models import Contract, StartOrder
from ..states import CONTRACT, Action
from ._base import lock_contract, role_for, step, text_required, today
from .guarantee import check_guarantee_covers

_FIELDS = ("state", "start_on", "end_on")


@transaction.atomic
def contract_start(
    *, actor: Any, contract: Contract, number: str, issued_on: dt.date, start_on: dt.date
) -> StartOrder:
    """Issue the SPMK / Surat Pesanan (its kind follows the procurement type) and start the contract on
    ``start_on``: not before the signing, not before the letter itself; the letter is dated today or earlier
    (the database clock). The planned end moves with the start; the jaminan pelaksanaan, where required, must
    still cover it (Perpres 16/2018 Pasal 33 ayat (4))."""
    contract = lock_contract(contract)
    tender = contract.tender
    role = role_for(actor=actor, ppk_id=tender.package.ppk_id, provider=contract.provider)
    before = audit.snapshot(contract, _FIELDS)
    new_state = step(CONTRACT, state=contract.state, action=Action.START, role=role)
    number = text_required(number, "NUMBER_REQUIRED")
    now = db_now()
    if issued_on > today(now):
        raise ContractsError("DATE_IN_FUTURE", _("Tanggal surat tidak boleh setelah hari ini."))
    if issued_on < contract.signed_on or start_on < issued_on:
        raise ContractsError(
            "START_BEFORE_SIGNING",
            _("Surat terbit setelah kontrak ditandatangani dan mulai kerja tidak sebelum suratnya."),
        )
    length = contract.end_on - contract.start_on
    end_on = start_on + length
    check_guarantee_covers(
        letter=contract.award_letter, contract_start=contract.signed_on, handover_due=end_on
    )
    order = StartOrder.objects.create(
        contract=contract,
        kind=rules.start_order_kind(procurement_type=tender.procurement_type, on=contract.signed_on),
        number=number,
        issued_on=issued_on,
        start_on=start_on,
        issued_by=actor,
        issued_at=now,
    )
    contract.state, contract.start_on, contract.end_on = new_state, start_on, end_on
    contract.save(update_fields=["state", "start_on", "end_on"])
    publish("contract", tender)
    audit.record(
        actor=actor,
        action="contracts.contract.start",
        obj=contract,
        before=before,
        after=audit.snapshot(contract, _FIELDS) | {"order": order.kind, "number": number},
    )
    return order
