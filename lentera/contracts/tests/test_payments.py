"""Advance payment with its guarantee, and termin invoices against progress: retention, lateness penalty and
advance repayment deducted; the running total never above the contract value; the provider submits, the PPK
approves and pays; every refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import dashboards, services
from lentera.contracts.models import Payment
from lentera.contracts.states import PaymentState
from lentera.contracts.tests.builders import signed_contract, signing_time, world_with_letter
from lentera.contracts.tests.test_acceptance import refused
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


@pytest.fixture
def running(at_setup):
    """A Rp2 billion works contract of 120 days, started by SPMK on the day after signing."""
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=120)
    at = signing_time(tw) + dt.timedelta(days=1)
    with clock(at):
        invoice = {
            "actor": letter.provider.account,
            "contract": contract,
            "progress_percent": 10,
            "amount": M,
        }
        refused(lambda: services.invoice_submit(**invoice), "STATE_NOT_ALLOWED", 409)  # not started yet
        services.contract_start(
            actor=tw.ppk,
            contract=contract,
            number="SPMK/1",
            issued_on=local_date(at),
            start_on=local_date(at),
        )
    contract.refresh_from_db()
    return tw, contract, at


def advance(tw, contract, at, amount, guarantee):
    return services.advance_payment_record(
        actor=tw.ppk,
        contract=contract,
        amount=amount,
        guarantee_issuer="Bank",
        guarantee_number="JUM-1",
        guarantee_amount=guarantee,
        guarantee_valid_until=local_date(at) + dt.timedelta(days=120),
        paid_on=local_date(at),
    )


def test_the_advance_is_capped_by_the_rules_and_needs_a_guarantee_of_its_value(running):
    tw, contract, at = running
    assert contract.value == 2000 * M
    with clock(at):
        refused(lambda: advance(tw, contract, at, 400 * M + 1, 500 * M), "ADVANCE_OVER_CAP")  # 20%: non-small
        refused(lambda: advance(tw, contract, at, 300 * M, 300 * M - 1), "ADVANCE_GUARANTEE_TOO_SMALL")
        refused(
            lambda: services.advance_payment_record(
                actor=contract.provider.account,
                contract=contract,
                amount=M,
                guarantee_issuer="Bank",
                guarantee_number="1",
                guarantee_amount=M,
                guarantee_valid_until=local_date(at),
                paid_on=local_date(at),
            ),
            "ACTION_NOT_FOR_ROLE",
            403,
        )
        a = advance(tw, contract, at, 400 * M, 400 * M)
        assert a.cap_rate == Decimal("0.2000")
        refused(lambda: advance(tw, contract, at, M, M), "ADVANCE_EXISTS", 409)


def test_termin_invoices_deduct_retention_penalty_and_advance_and_never_exceed_the_contract(running):
    tw, contract, at = running
    provider = contract.provider.account
    with clock(at):
        advance(tw, contract, at, 300 * M, 300 * M)
        submit = lambda pct, amount, who=provider: services.invoice_submit(  # noqa: E731
            actor=who, contract=contract, progress_percent=pct, amount=amount
        )
        refused(lambda: submit(30, 600 * M, tw.ppk), "ACTION_NOT_FOR_ROLE", 403)
        refused(lambda: submit(30, 2001 * M), "OVER_CONTRACT_VALUE", 409)
        refused(lambda: submit(30, 601 * M), "OVER_PROGRESS")
        refused(lambda: submit(101, 600 * M), "PROGRESS_INVALID")
        first = submit(30, 600 * M)
        assert (first.sequence, first.retention, first.advance_repayment, first.penalty, first.net) == (
            1,
            30 * M,  # 5% retention on works
            90 * M,  # 300 x 600/2000
            0,
            480 * M,
        )
        refused(lambda: submit(30, 100 * M), "PROGRESS_INVALID")  # progress must move on
        waiting = [i for i in dashboards.items(tw.ppk, Role.PPK) if i.count]
        assert [(i.count, i.hint) for i in waiting] == [(1, contract.number)]
        refused(lambda: services.invoice_approve(actor=provider, payment=first), "ACTION_NOT_FOR_ROLE", 403)
        refused(
            lambda: services.invoice_pay(actor=tw.ppk, payment=first, paid_on=local_date(at)),
            "STATE_NOT_ALLOWED",
        )
        services.invoice_approve(actor=tw.ppk, payment=first)
        services.invoice_pay(actor=tw.ppk, payment=first, paid_on=local_date(at))
        second = submit(50, 400 * M)
        refused(lambda: services.invoice_reject(actor=tw.ppk, payment=second, note=""), "REASON_REQUIRED")
        services.invoice_reject(actor=tw.ppk, payment=second, note="Kemajuan belum sesuai laporan pengawas")
    late = dt.datetime.combine(contract.end_on + dt.timedelta(days=10), dt.time(10), tzinfo=at.tzinfo)
    with clock(late):
        last = submit(100, 1400 * M)  # the rejected one no longer counts
        assert last.sequence == 3 and last.days_late == 10
        assert last.penalty == 20 * M  # 1 per mille of Rp2 billion for 10 days
        assert last.advance_repayment == 210 * M  # what was still outstanding
        assert last.net == 1400 * M - 70 * M - 20 * M - 210 * M
        refused(lambda: submit(100, M), "PROGRESS_INVALID")
        services.invoice_approve(actor=tw.ppk, payment=last)
    states = list(Payment.objects.filter(contract=contract).values_list("state", flat=True))
    assert states == [PaymentState.PAID, PaymentState.REJECTED, PaymentState.APPROVED]
    live = Payment.objects.filter(contract=contract).exclude(state=PaymentState.REJECTED)
    assert sum(p.gross for p in live) == contract.value
    assert AuditEvent.objects.filter(action__startswith="contracts.invoice.").count() == 7


def test_amounts_and_progress_outside_what_money_holds_are_refused(running):
    tw, contract, at = running
    provider = contract.provider.account
    with clock(at):
        for bad in ("NaN", Decimal(10) ** 17, 0, -5):
            refused(lambda bad=bad: advance(tw, contract, at, bad, M), "AMOUNT_INVALID")
            refused(
                lambda bad=bad: services.invoice_submit(
                    actor=provider, contract=contract, progress_percent=10, amount=bad
                ),
                "AMOUNT_INVALID",
            )
        refused(
            lambda: services.invoice_submit(
                actor=provider, contract=contract, progress_percent="NaN", amount=M
            ),
            "PROGRESS_INVALID",
        )
