"""Payments of a running contract (Perpres 16/2018 Pasal 53; Pasal 34 for the advance's guarantee): the PPK pays
the uang muka against its guarantee; the provider submits termin invoices against its cumulative progress; the
PPK approves (or rejects) and pays them. Each invoice holds back the retention the rules require, deducts the
lateness penalty due so far and repays the advance in proportion. The running total of the invoices never
exceeds the contract's value (which approved amendments change): every check reads and writes under the
contract's row lock (select_for_update), in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.clock import db_now
from lentera.core.money import format_rupiah
from lentera.planning.models import ProcurementType
from lentera.tendering.services.records import publish

from .. import rules
from ..errors import ContractsError
from ..models import AdvancePayment, Contract, Payment
from ..states import CONTRACT, PAYMENT, Action, PaymentState
from ._base import lock_contract, money_in, role_for, step, text_required, today

_PAYMENT_FIELDS = (
    "state",
    "sequence",
    "progress_percent",
    "gross",
    "retention",
    "penalty",
    "advance_repayment",
    "net",
)
HUNDRED = Decimal("100")


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _not_after_today(day: dt.date, now: dt.datetime) -> None:
    if day > today(now):
        raise ContractsError("DATE_IN_FUTURE", _("Tanggal tidak boleh setelah hari ini."))


def contract_ceiling(contract: Contract) -> Decimal:
    """What may be invoiced in all: the contract's value, which approved amendments change (within
    rules.amendment_value_allowed)."""
    return contract.value


def _live(contract: Contract):
    return Payment.objects.filter(contract=contract).exclude(state=PaymentState.REJECTED)


@transaction.atomic
def advance_payment_record(
    *,
    actor: Any,
    contract: Contract,
    amount: Decimal,
    guarantee_issuer: str,
    guarantee_number: str,
    guarantee_amount: Decimal,
    guarantee_valid_until: dt.date,
    paid_on: dt.date,
) -> AdvancePayment:
    """The PPK pays the uang muka once, before the first termin: at most the rules' share of the contract value
    (rules.advance_payment_cap: 30% small business, 20% otherwise, Perpres 16/2018 Pasal 53), against a jaminan
    uang muka of at least its value, valid today (rules.advance_guarantee_required, Pasal 34 ayat (1))."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.PAY_ADVANCE, role=role)
    if AdvancePayment.objects.filter(contract=contract).exists():
        raise ContractsError("ADVANCE_EXISTS", _("Uang muka sudah dibayarkan."), status=409)
    if Payment.objects.filter(contract=contract).exists():
        raise ContractsError(
            "ADVANCE_AFTER_TERMIN", _("Uang muka dibayar sebelum tagihan termin pertama."), status=409
        )
    amount = money_in(amount)
    guarantee_amount = money_in(guarantee_amount, "GUARANTEE_AMOUNT_INVALID")
    provider = contract.provider
    cap_rate = rules.advance_payment_cap(
        small_business=bool(provider and provider.is_small_business),
        consultancy=contract.tender.procurement_type == ProcurementType.CONSULTANCY,
        multi_year=False,
        on=contract.signed_on,
    )
    cap = _rupiah(contract_ceiling(contract) * cap_rate)
    if amount > cap:
        raise ContractsError(
            "ADVANCE_OVER_CAP",
            _("Uang muka paling tinggi %(p)s%% dari nilai kontrak (%(v)s)."),
            p=f"{cap_rate * HUNDRED:.0f}",
            v=format_rupiah(cap),
        )
    required = rules.advance_guarantee_required(advance=amount, on=contract.signed_on)
    if guarantee_amount < required:
        raise ContractsError(
            "ADVANCE_GUARANTEE_TOO_SMALL",
            _("Jaminan uang muka paling sedikit %(v)s."),
            v=format_rupiah(required),
        )
    now = db_now()
    _not_after_today(paid_on, now)
    if paid_on < contract.start_on or guarantee_valid_until < today(now):
        raise ContractsError(
            "ADVANCE_DATES", _("Uang muka dibayar setelah mulai kerja, dengan jaminan yang masih berlaku.")
        )
    advance = AdvancePayment.objects.create(
        contract=contract,
        amount=amount,
        cap_rate=cap_rate,
        guarantee_issuer=text_required(guarantee_issuer, "ISSUER_REQUIRED"),
        guarantee_number=text_required(guarantee_number, "NUMBER_REQUIRED"),
        guarantee_amount=guarantee_amount,
        guarantee_valid_until=guarantee_valid_until,
        paid_on=paid_on,
        paid_by=actor,
        paid_at=now,
    )
    publish("contract", contract.tender)  # the advance is a public transaction (OCDS implementation)
    audit.record(
        actor=actor,
        action="contracts.advance.pay",
        obj=advance,
        after={
            "contract": contract.pk,
            "amount": str(amount),
            "cap": str(cap),
            "guarantee": str(guarantee_amount),
        },
    )
    return advance


def _deductions(contract: Contract, *, gross: Decimal, progress: Decimal, now: dt.datetime) -> dict[str, Any]:
    """Retention, lateness penalty and advance repayment of a new invoice (read under the contract's lock)."""
    live = _live(contract)
    ptype = contract.tender.procurement_type
    rate = rules.retention_rate(
        procurement_type=ptype,
        has_maintenance_period=ptype == ProcurementType.WORKS,
        maintenance_guarantee=False,
        on=contract.signed_on,
    )
    retention = _rupiah(gross * rate)
    days_late = max(0, (today(now) - contract.end_on).days)
    due = rules.late_penalty(basis=contract_ceiling(contract), days_late=days_late, on=contract.signed_on)
    already = live.aggregate(s=Sum("penalty"))["s"] or Decimal("0")
    repayment = Decimal("0")
    advance = AdvancePayment.objects.filter(contract=contract).first()
    if advance is not None:
        repaid = live.aggregate(s=Sum("advance_repayment"))["s"] or Decimal("0")
        repayment = rules.advance_repayment(
            advance=advance.amount,
            outstanding=advance.amount - repaid,
            gross=gross,
            contract_value=contract_ceiling(contract),
            final=progress == HUNDRED,
        )
    repayment = min(repayment, gross - retention)
    penalty = min(max(Decimal("0"), due - already), gross - retention - repayment)
    return {
        "retention": retention,
        "penalty": penalty,
        "days_late": days_late,
        "advance_repayment": repayment,
        "net": gross - retention - penalty - repayment,
    }


@transaction.atomic
def invoice_submit(
    *, actor: Any, contract: Contract, progress_percent: Decimal, amount: Decimal, note: str = ""
) -> Payment:
    """The provider submits a termin invoice for its cumulative progress (Perpres 16/2018 Pasal 53 ayat (1)):
    progress beyond the last invoice's, at most 100%; the invoices together never above the contract value
    nor above the progress reached (value x progress). Deductions: rules.retention_rate, rules.late_penalty
    (days after the planned end, by the database clock), rules.advance_repayment."""
    contract = lock_contract(contract)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=contract.state, action=Action.INVOICE, role=role)
    gross = money_in(amount)
    try:
        progress = Decimal(str(progress_percent)).quantize(Decimal("0.01"))
        if not progress.is_finite():
            raise ArithmeticError(progress_percent)
    except ArithmeticError as exc:
        raise ContractsError("PROGRESS_INVALID", _("Kemajuan pekerjaan tidak valid.")) from exc
    live = _live(contract)
    last = live.aggregate(m=Max("progress_percent"))["m"] or Decimal("0")
    if not last < progress <= HUNDRED:
        raise ContractsError(
            "PROGRESS_INVALID",
            _("Kemajuan kumulatif harus lebih dari %(p)s%% dan paling tinggi 100%%."),
            p=f"{last}",
        )
    billed = live.aggregate(s=Sum("gross"))["s"] or Decimal("0")
    ceiling = contract_ceiling(contract)
    if billed + gross > ceiling:
        raise ContractsError(
            "OVER_CONTRACT_VALUE",
            _("Jumlah tagihan melebihi nilai kontrak: sisa yang dapat ditagih %(v)s."),
            status=409,
            v=format_rupiah(ceiling - billed),
        )
    earned = _rupiah(ceiling * progress / HUNDRED)
    if billed + gross > earned:
        raise ContractsError(
            "OVER_PROGRESS",
            _("Tagihan melebihi prestasi pekerjaan: paling tinggi %(v)s untuk kemajuan ini."),
            v=format_rupiah(max(Decimal("0"), earned - billed)),
        )
    now = db_now()
    payment = Payment.objects.create(
        contract=contract,
        sequence=Payment.objects.filter(contract=contract).count() + 1,
        progress_percent=progress,
        gross=gross,
        note=(note or "").strip(),
        submitted_by=actor,
        submitted_at=now,
        **_deductions(contract, gross=gross, progress=progress, now=now),
    )
    audit.record(
        actor=actor,
        action="contracts.invoice.submit",
        obj=payment,
        after=audit.snapshot(payment, _PAYMENT_FIELDS),
    )
    return payment


def _lock_payment(payment: Payment) -> tuple[Contract, Payment, str]:
    contract = lock_contract(payment.contract)  # the contract first, as every payment service does
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    return contract, locked, contract.state


def _decide(
    *,
    actor: Any,
    payment: Payment,
    action: str,
    audit_action: str,
    note: str = "",
    paid_on: dt.date | None = None,
) -> Payment:
    contract, payment, state = _lock_payment(payment)
    role = role_for(actor=actor, ppk_id=contract.tender.package.ppk_id, provider=contract.provider)
    step(CONTRACT, state=state, action=Action.PAY, role=role)  # the provider: refused by the table (403)
    before = audit.snapshot(payment, _PAYMENT_FIELDS)
    new_state = step(PAYMENT, state=payment.state, action=action, role=role)
    now = db_now()
    if action == Action.APPROVE_INVOICE:
        others = _live(contract).exclude(pk=payment.pk).aggregate(s=Sum("gross"))["s"] or Decimal("0")
        if others + payment.gross > contract_ceiling(contract):
            raise ContractsError(
                "OVER_CONTRACT_VALUE", _("Jumlah tagihan melebihi nilai kontrak."), status=409
            )
        payment.decided_by, payment.decided_at, payment.decision_note = actor, now, (note or "").strip()
    elif action == Action.REJECT_INVOICE:
        payment.decided_by, payment.decided_at = actor, now
        payment.decision_note = text_required(note, "REASON_REQUIRED")
    else:
        assert paid_on is not None
        _not_after_today(paid_on, now)
        if payment.decided_at is not None and paid_on < today(payment.decided_at):
            raise ContractsError("PAID_BEFORE_APPROVAL", _("Tanggal bayar tidak boleh sebelum persetujuan."))
        payment.paid_on, payment.paid_at = paid_on, now
    payment.state = new_state
    payment.save()
    if new_state == PaymentState.PAID:
        publish("contract", contract.tender)  # a paid termin is a public transaction (OCDS implementation)
    audit.record(
        actor=actor,
        action=audit_action,
        obj=payment,
        before=before,
        after=audit.snapshot(payment, _PAYMENT_FIELDS) | {"note": payment.decision_note},
    )
    return payment


@transaction.atomic
def invoice_approve(*, actor: Any, payment: Payment, note: str = "") -> Payment:
    """The PPK approves a submitted termin invoice (Perpres 16/2018 Pasal 53); the running total is checked
    again under the contract's lock (an amendment may have lowered the value)."""
    return _decide(
        actor=actor,
        payment=payment,
        action=Action.APPROVE_INVOICE,
        audit_action="contracts.invoice.approve",
        note=note,
    )


@transaction.atomic
def invoice_reject(*, actor: Any, payment: Payment, note: str) -> Payment:
    """The PPK rejects a submitted termin invoice with the reason; its amount no longer counts in the totals."""
    return _decide(
        actor=actor,
        payment=payment,
        action=Action.REJECT_INVOICE,
        audit_action="contracts.invoice.reject",
        note=note,
    )


@transaction.atomic
def invoice_pay(*, actor: Any, payment: Payment, paid_on: dt.date) -> Payment:
    """The PPK records the payment of an approved invoice (the net after retention, penalty and advance
    repayment), dated today or earlier and not before the approval."""
    return _decide(
        actor=actor, payment=payment, action=Action.PAY, audit_action="contracts.invoice.pay", paid_on=paid_on
    )
