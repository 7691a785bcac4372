"""The advance (uang muka) at termination (Perpres 16/2018 Pasal 93 ayat (2) huruf b): what the paid termins did
not repay is settled by claiming the jaminan uang muka (the provider's fault, the guarantee still valid) and the
rest is repaid by the provider; the termination records it and the contract page shows it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from lentera.contracts import closing_rules as cr
from lentera.contracts import services
from lentera.contracts.tests.builders import paid_invoice
from lentera.contracts.tests.test_closing import running
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import login_client

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


def test_advance_settlement_claims_the_guarantee_for_the_providers_fault_and_the_rest_is_repaid():
    s = cr.advance_settlement
    assert s(outstanding=300 * M, guarantee_amount=400 * M, guarantee_valid=True, provider_fault=True) == (
        300 * M,
        0,
    )
    assert s(outstanding=300 * M, guarantee_amount=200 * M, guarantee_valid=True, provider_fault=True) == (
        200 * M,
        100 * M,
    )
    assert s(outstanding=300 * M, guarantee_amount=400 * M, guarantee_valid=False, provider_fault=True) == (
        0,
        300 * M,
    )
    assert s(outstanding=300 * M, guarantee_amount=400 * M, guarantee_valid=True, provider_fault=False) == (
        0,
        300 * M,
    )
    assert s(
        outstanding=Decimal("-1"), guarantee_amount=400 * M, guarantee_valid=True, provider_fault=True
    ) == (0, 0)


def test_termination_settles_the_advance_not_repaid_by_the_paid_termins(at_setup, users_by_role):
    tw, letter, contract, at = running()
    day = local_date(at)
    with clock(at):
        services.advance_payment_record(
            actor=tw.ppk,
            contract=contract,
            amount=400 * M,
            guarantee_issuer="Bank Pembangunan Daerah",
            guarantee_number="JUM-9",
            guarantee_amount=400 * M,
            guarantee_valid_until=day + dt.timedelta(days=60),
            paid_on=day,
        )
        paid = paid_invoice(tw, contract, progress="25", amount=str(500 * M))
        # an invoice submitted but not paid does not count as repaid
        services.invoice_submit(
            actor=contract.provider.account, contract=contract, progress_percent=Decimal(40), amount=300 * M
        )
        done = services.contract_terminate(
            actor=tw.ppk,
            contract=contract,
            ground="DEFAULT",
            explanation="Pekerjaan dihentikan penyedia tanpa alasan",
            terminated_on=day,
        )
    outstanding = 400 * M - paid.advance_repayment
    assert paid.advance_repayment > 0 and done.advance_outstanding == outstanding
    assert done.advance_guarantee_claimed == outstanding and done.advance_to_repay == 0
    assert done.advance_guarantee_number == "JUM-9"
    event = AuditEvent.objects.get(action="contracts.contract.terminate")
    assert event.after["advance_to_repay"] == "Rp0"
    page = (
        login_client(tw.ppk, Role.PPK).get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    )
    assert 'id="advance-settlement"' in page and "JUM-9" in page
    decide = reverse("providers:blacklist_proposal", args=[done.sanction_proposal_id])
    assert decide not in page  # the PPK proposes; the officials of the blacklist decide
    admin = login_client(users_by_role[Role.ADMIN_UKPBJ], Role.ADMIN_UKPBJ)
    assert decide in admin.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
