"""A tender driven to its SPPBJ, and on to a signed contract, for the lifecycle tests: three bidders (winner,
reserve 1, reserve 2) on a works package of Rp2.4 billion, so a performance guarantee is required."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lentera.contracts import services
from lentera.contracts.models import AwardLetter, Contract
from lentera.core.calendar import local_date
from lentera.tendering.enums import Stage
from lentera.tendering.tests.factories import build, clock, create_tender, inside
from lentera.tendering.tests.test_services import _to_announced_winner

PRICES = ("2000000000", "2100000000", "2200000000")


def world_with_letter(prices=PRICES, **build_kw):
    tw = build(providers=3, **build_kw)
    t = create_tender(tw)
    tw.tender = t
    _to_announced_winner(tw, prices=prices)
    at = inside(t, Stage.AWARD_LETTER)
    with clock(at):
        letter = services.award_letter_issue(
            actor=tw.ppk, tender=t, number="SPPBJ/01", issued_on=local_date(at)
        )
    return tw, letter


def signing_time(tw) -> dt.datetime:
    return inside(tw.tender, Stage.CONTRACT_SIGNING)


def record_guarantee(tw, letter: AwardLetter, *, until: dt.date, amount: Decimal | None = None):
    return services.performance_guarantee_record(
        actor=letter.provider.account,
        letter=letter,
        issuer="Bank Pembangunan Daerah",
        number="JP-001",
        amount=amount if amount is not None else letter.performance_guarantee_amount,
        valid_from=letter.issued_on,
        valid_until=until,
    )


def signed_contract(tw, letter: AwardLetter, *, days: int = 120) -> Contract:
    """Accepted, guaranteed and signed inside the contract-signing stage; the work lasts ``days``."""
    at = signing_time(tw)
    signed = local_date(at)
    with clock(at):
        services.award_letter_accept(actor=letter.provider.account, letter=letter)
        record_guarantee(tw, letter, until=signed + dt.timedelta(days=days + 30))
        return services.contract_record(
            actor=tw.ppk,
            tender=tw.tender,
            number="KONTRAK/01",
            contract_type="LUMP_SUM",
            signed_on=signed,
            start_on=signed + dt.timedelta(days=1),
            end_on=signed + dt.timedelta(days=days),
        )


def accept_with_guarantee(letter: AwardLetter, *, until: dt.date) -> None:
    """The provider accepts the SPPBJ and hands over the required jaminan pelaksanaan, valid until ``until``
    (call inside a clock at or after the letter's date)."""
    services.award_letter_accept(actor=letter.provider.account, letter=letter)
    services.performance_guarantee_record(
        actor=letter.provider.account,
        letter=letter,
        issuer="Bank Pembangunan Daerah",
        number="JP-001",
        amount=letter.performance_guarantee_amount or Decimal("1"),
        valid_from=letter.issued_on,
        valid_until=until,
    )


def running_contract(tw, letter: AwardLetter, *, days: int = 120) -> tuple[Contract, dt.datetime]:
    """Signed (``signed_contract``) and started by SPMK / surat pesanan the day after signing; returns the
    contract and the moment it started."""
    contract = signed_contract(tw, letter, days=days)
    at = signing_time(tw) + dt.timedelta(days=1)
    with clock(at):
        services.contract_start(
            actor=tw.ppk,
            contract=contract,
            number="SPMK/1",
            issued_on=local_date(at),
            start_on=local_date(at),
        )
    contract.refresh_from_db()
    return contract, at


def paid_invoice(tw, contract: Contract, *, progress: str, amount: str):
    """The provider invoices, the PPK approves and pays it (call inside a clock)."""
    payment = services.invoice_submit(
        actor=contract.provider.account,
        contract=contract,
        progress_percent=Decimal(progress),
        amount=Decimal(amount),
    )
    services.invoice_approve(actor=tw.ppk, payment=payment)
    return services.invoice_pay(actor=tw.ppk, payment=payment, paid_on=local_date(payment.submitted_at))
