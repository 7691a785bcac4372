"""The handover (Perpres 16/2018 Pasal 57): PHO with its defects and maintenance period, FHO only after it (the
database clock) and only without open defects or pending invoices, releasing the retention (Pasal 53); the goods
BAST only after the delivered items are recorded. Every refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import dashboards, selectors, services
from lentera.contracts.models import Handover, RetentionRelease
from lentera.contracts.states import ContractState
from lentera.contracts.tests.builders import paid_invoice, running_contract, world_with_letter
from lentera.contracts.tests.test_acceptance import refused
from lentera.core.calendar import local_date
from lentera.core.models import AuditEvent
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


def _handover(actor, contract, day, **kw):
    args = {
        "actor": actor,
        "contract": contract,
        "number": "BA/1",
        "handed_on": day,
        "inspectors": "PPHP: Ir. Sari, Budi",
        "inspected_on": day,
        "result": Handover.Result.ACCEPTED,
    } | kw
    return services.handover_record(**args)


def test_works_pho_then_fho_after_the_maintenance_period_releases_the_retention(at_setup):
    tw, letter = world_with_letter()
    contract, at = running_contract(tw, letter, days=120)
    provider = contract.provider.account
    at = at + dt.timedelta(days=100)
    day = local_date(at)
    with clock(at):
        paid_invoice(tw, contract, progress="95", amount=str(1900 * M))
        assert selectors.payment_totals(contract)["retention_held"] == 95 * M
        refused(lambda: _handover(provider, contract, day, maintenance_days=180), "ACTION_NOT_FOR_ROLE", 403)
        refused(lambda: _handover(tw.ppk, contract, day, maintenance_days=30), "MAINTENANCE_TOO_SHORT", 400)
        refused(
            lambda: _handover(tw.ppk, contract, day, maintenance_days=180, result="WITH_DEFECTS"),
            "DEFECTS_REQUIRED",
        )
        refused(
            lambda: _handover(tw.ppk, contract, day + dt.timedelta(days=1), maintenance_days=180),
            "DATE_IN_FUTURE",
        )
        pho = _handover(
            tw.ppk,
            contract,
            day,
            number="BA-PHO/1",
            maintenance_days=180,
            result="WITH_DEFECTS",
            defects="Cat dinding ruang 2 mengelupas",
        )
    contract.refresh_from_db()
    assert contract.state == ContractState.HANDED_OVER and pho.stage == Handover.Stage.PHO
    assert pho.maintenance_ends_on == day + dt.timedelta(days=180)
    assert dashboards.items(tw.ppk, Role.PPK)  # the rating is due now
    # the last termin after the PHO (the table allows it while handed over), not yet paid
    at = at + dt.timedelta(days=2)
    with clock(at):
        last = services.invoice_submit(
            actor=provider, contract=contract, progress_percent=Decimal("100"), amount=100 * M
        )
        fho = {"number": "BA-FHO/1"}
        refused(lambda: _handover(tw.ppk, contract, local_date(at), **fho), "MAINTENANCE_NOT_OVER", 409)
    at = at + dt.timedelta(days=180)
    fho_day = local_date(at)
    with clock(at):
        titles = [i.title for i in dashboards.items(tw.ppk, Role.PPK)]
        assert any("FHO" in t for t in titles), titles
        refused(lambda: _handover(tw.ppk, contract, fho_day, **fho), "INVOICES_PENDING", 409)
        services.invoice_approve(actor=tw.ppk, payment=last)
        services.invoice_pay(actor=tw.ppk, payment=last, paid_on=fho_day)
        refused(
            lambda: _handover(tw.ppk, contract, fho_day, result="WITH_DEFECTS", defects="Retak", **fho),
            "DEFECTS_OPEN",
            409,
        )
        refused(
            lambda: _handover(tw.ppk, contract, pho.maintenance_ends_on - dt.timedelta(days=1), **fho),
            "MAINTENANCE_NOT_OVER",
            409,
        )
        final = _handover(tw.ppk, contract, fho_day, **fho)
    contract.refresh_from_db()
    assert contract.state == ContractState.COMPLETED and final.stage == Handover.Stage.FHO
    release = RetentionRelease.objects.get(contract=contract)
    assert release.amount == 100 * M and release.handover == final and release.released_on == fho_day
    totals = selectors.payment_totals(contract)
    assert (totals["retention"], totals["retention_released"], totals["retention_held"]) == (
        100 * M,
        100 * M,
        0,
    )
    assert AuditEvent.objects.filter(action="contracts.retention.release").count() == 1
    assert AuditEvent.objects.filter(action="contracts.handover.record").count() == 2
    with clock(at):
        refused(lambda: _handover(tw.ppk, contract, fho_day, number="BA/3"), "STATE_NOT_ALLOWED", 409)


def test_goods_bast_needs_the_delivered_items_and_no_open_defects(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = running_contract(tw, letter, days=60)
    provider = contract.provider.account
    at = at + dt.timedelta(days=20)
    day = local_date(at)
    item = {
        "contract": contract,
        "name": "Meja siswa",
        "quantity": Decimal("500"),
        "unit": "unit",
        "unit_price": Decimal("1500000"),
        "delivered_on": day,
    }
    with clock(at):
        refused(lambda: _handover(tw.ppk, contract, day), "DELIVERIES_MISSING", 409)
        refused(
            lambda: services.delivery_record(actor=provider, **item | {"unit_price": Decimal("4000001")}),
            "DELIVERY_OVER_VALUE",
            409,
        )
        refused(
            lambda: services.delivery_record(
                actor=provider, **item | {"delivered_on": day + dt.timedelta(days=1)}
            ),
            "DELIVERY_DATE",
        )
        refused(
            lambda: services.delivery_record(actor=provider, **item | {"quantity": 0}), "QUANTITY_INVALID"
        )
        first = services.delivery_record(actor=provider, **item)
        services.delivery_record(actor=tw.ppk, **item | {"name": "Kursi siswa", "quantity": Decimal("2.5")})
        assert first.total == 750 * M
        refused(
            lambda: _handover(tw.ppk, contract, day, result="WITH_DEFECTS", defects="5 meja rusak"),
            "DEFECTS_OPEN",
            409,
        )
        refused(
            lambda: _handover(tw.ppk, contract, day, defects="catatan tanpa cacat"), "DEFECTS_WITH_ACCEPTED"
        )
        bast = _handover(tw.ppk, contract, day, number="BAST/1")
        refused(lambda: services.delivery_record(actor=provider, **item), "STATE_NOT_ALLOWED", 409)
    contract.refresh_from_db()
    assert contract.state == ContractState.COMPLETED and bast.stage == Handover.Stage.BAST
    assert not RetentionRelease.objects.exists()  # goods retain nothing
    items = selectors.delivered_items(contract)
    assert [(i.name, i.total) for i in items] == [
        ("Meja siswa", 750 * M),
        ("Kursi siswa", Decimal("3750000")),
    ]
    assert [i.name for i in selectors.delivered_goods(name="kursi")] == ["Kursi siswa"]


def test_goods_data_only_for_goods_contracts(at_setup):
    tw, letter = world_with_letter()
    contract, at = running_contract(tw, letter)
    with clock(at):
        refused(
            lambda: services.delivery_record(
                actor=tw.ppk,
                contract=contract,
                name="Semen",
                quantity=1,
                unit="sak",
                unit_price=Decimal("1"),
                delivered_on=local_date(at),
            ),
            "NOT_GOODS",
            409,
        )


def test_the_ppk_is_told_when_the_handover_is_due(at_setup):
    tw, letter = world_with_letter()
    contract, at = running_contract(tw, letter, days=30)
    with clock(at):
        assert not any("serah terima" in i.title for i in dashboards.items(tw.ppk, Role.PPK))
    with clock(at + dt.timedelta(days=31)):
        titles = [i.title for i in dashboards.items(tw.ppk, Role.PPK)]
    assert any("serah terima (BAST / PHO)" in t for t in titles), titles
