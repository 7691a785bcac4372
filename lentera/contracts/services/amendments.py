"""Adendum: the PPK approves a numbered change of a signed or running contract (scope, quantity, time or value)
with its justification (Perpres 16/2018 Pasal 54). The value may rise to at most the rules' cap on the original
contract (rules.amendment_value_allowed: 110%), never below what is already invoiced; a later end needs the
performance guarantee to cover it. The contract row carries the values in force, ``Amendment`` the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.tendering.services.records import publish

from .. import rules
from ..errors import ContractsError
from ..models import Amendment, Contract, Payment
from ..states import CONTRACT, Action, PaymentState
from ._base import lock_contract, money_in, role_for, step, text_required, today
from .guarantee import check_guarantee_covers

_FIELDS = ("value", "end_on", "original_value")


@transaction.atomic
def amendment_approve(
    *,
    actor: Any,
    contract: Contract,
    number: str,
    kind: str,
    justification: str,
    signed_on: dt.date,
    value: Decimal | None = None,
    end_on: dt.date | None = None,
) -> Amendment:
    """Approve adendum number ``sequence`` of the contract (Perpres 16/2018 Pasal 54 ayat (1)-(2)): dated today
    or earlier and not before the contract; the new value within rules.amendment_value_allowed of the original
    and not below the invoices so far; the new end not before the start and covered by the guarantee."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.AMEND, role=role)
    if kind not in Amendment.Kind.values:
        raise ContractsError("KIND_UNKNOWN", _("Pilih jenis perubahan."))
    number = text_required(number, "NUMBER_REQUIRED")
    justification = text_required(justification, "JUSTIFICATION_REQUIRED")
    before = audit.snapshot(contract, _FIELDS)
    new_value = contract.value if value in (None, "") else money_in(value)
    new_end = end_on or contract.end_on
    original = contract.original_value or contract.value
    if (
        new_value == contract.value
        and new_end == contract.end_on
        and kind in (Amendment.Kind.TIME, Amendment.Kind.VALUE)
    ):
        raise ContractsError("NOTHING_CHANGES", _("Adendum ini tidak mengubah nilai maupun waktu."))
    if new_value <= 0 or not rules.amendment_value_allowed(
        original_value=original, current_value=contract.value, new_value=new_value, on=contract.signed_on
    ):
        cap = original * (1 + rules.in_force(rules.AMENDMENT_VALUE_CAP_RULES, contract.signed_on).rate)
        raise ContractsError(
            "AMENDMENT_OVER_CAP",
            _("Nilai kontrak setelah perubahan paling tinggi %(v)s (110%% dari kontrak awal)."),
            v=format_rupiah(cap),
        )
    billed = Payment.objects.filter(contract=contract).exclude(state=PaymentState.REJECTED).aggregate(
        s=Sum("gross")
    )["s"] or Decimal("0")
    if new_value < billed:
        raise ContractsError(
            "VALUE_BELOW_INVOICED",
            _("Nilai kontrak tidak boleh di bawah jumlah yang sudah ditagih (%(v)s)."),
            status=409,
            v=format_rupiah(billed),
        )
    now = db_now()
    if signed_on > today(now) or signed_on < contract.signed_on:
        raise ContractsError(
            "AMENDMENT_DATE", _("Adendum bertanggal setelah kontrak dan tidak setelah hari ini.")
        )
    if new_end < contract.start_on:
        raise ContractsError("PERIOD_INVALID", _("Akhir pelaksanaan harus setelah awalnya."))
    if new_end > contract.end_on:
        check_guarantee_covers(
            letter=contract.award_letter, contract_start=contract.signed_on, handover_due=new_end
        )
    amendment = Amendment.objects.create(
        contract=contract,
        sequence=Amendment.objects.filter(contract=contract).count() + 1,
        number=number,
        kind=kind,
        justification=justification,
        value_before=contract.value,
        value_after=new_value,
        end_before=contract.end_on,
        end_after=new_end,
        signed_on=signed_on,
        approved_by=actor,
        approved_at=now,
    )
    contract.original_value, contract.value, contract.end_on = original, new_value, new_end
    contract.save(update_fields=["original_value", "value", "end_on"])
    publish("contract", contract.tender)
    audit.record(
        actor=actor,
        action="contracts.amendment.approve",
        obj=contract,
        before=before,
        after=audit.snapshot(contract, _FIELDS)
        | {"amendment": amendment.sequence, "number": number, "kind": kind, "justification": justification},
    )
    return amendment
