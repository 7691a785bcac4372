"""Adendum: numbered, with history; the value within 110% of the original contract and never below what is
invoiced; a longer period needs the guarantee to cover it; the invoices' cap follows the amended value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts import services
from lentera.contracts.models import Amendment
from lentera.contracts.tests.builders import signed_contract, signing_time, world_with_letter
from lentera.contracts.tests.test_acceptance import refused
from lentera.core.calendar import local_date
from lentera.tendering.tests.factories import clock

pytestmark = pytest.mark.django_db
M = Decimal("1000000")


def test_amendments_are_capped_numbered_and_raise_the_invoice_ceiling(at_setup):
    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=120)  # Rp2 billion, guarantee until signing + 150 days
    at = signing_time(tw) + dt.timedelta(days=1)
    day = local_date(at)
    end = contract.end_on

    def amend(value=None, end_on=None, who=None, kind="VALUE", number="ADD/1"):
        return services.amendment_approve(
            actor=who or tw.ppk,
            contract=contract,
            number=number,
            kind=kind,
            justification="Tambahan volume pekerjaan drainase",
            signed_on=day,
            value=value,
            end_on=end_on,
        )

    with clock(at):
        refused(lambda: amend(2100 * M, who=letter.provider.account), "ACTION_NOT_FOR_ROLE", 403)
        refused(lambda: amend(2200 * M + 1), "AMENDMENT_OVER_CAP")
        first = amend(2150 * M)
        refused(
            lambda: amend(2201 * M, number="ADD/2"), "AMENDMENT_OVER_CAP"
        )  # 110% of the original, not 2150
        refused(lambda: amend(end_on=end + dt.timedelta(days=60), kind="TIME"), "GUARANTEE_PERIOD")
        second = amend(2200 * M, end_on=end + dt.timedelta(days=20), number="ADD/2")
        services.contract_start(actor=tw.ppk, contract=contract, number="SPMK/1", issued_on=day, start_on=day)
        contract.refresh_from_db()
        assert (contract.original_value, contract.value) == (2000 * M, 2200 * M)
        services.invoice_submit(
            actor=letter.provider.account, contract=contract, progress_percent=100, amount=2200 * M
        )
        refused(lambda: amend(2100 * M, number="ADD/3"), "VALUE_BELOW_INVOICED", 409)
    assert (first.sequence, second.sequence) == (1, 2)
    history = list(Amendment.objects.filter(contract=contract).values_list("value_before", "value_after"))
    assert history == [(2000 * M, 2150 * M), (2150 * M, 2200 * M)]


def test_amendment_through_the_page_and_the_api(at_setup):
    from django.urls import reverse

    from lentera.contracts.tests.test_lifecycle_pages import api_call
    from lentera.core.roles import Role
    from lentera.testing import api_headers, db_fingerprint, login_client

    tw, letter = world_with_letter()
    contract = signed_contract(tw, letter, days=120)
    at = signing_time(tw) + dt.timedelta(days=1)
    day = local_date(at).isoformat()
    with clock(at):
        ppk = login_client(tw.ppk, Role.PPK)
        assert b'id="amend-submit"' in ppk.get(reverse("contracts:detail", args=[contract.pk])).content
        r = ppk.post(
            reverse("contracts:amend", args=[contract.pk]),
            {
                "number": "ADD/1",
                "kind": "VALUE",
                "justification": "Tambah volume",
                "signed_on": day,
                "value": "2.100.000.000",
            },
        )
        assert r.status_code == 302
        body = {
            "number": "ADD/2",
            "kind": "VALUE",
            "justification": "x",
            "signed_on": day,
            "value": "2150000000",
        }
        provider_api = api_headers(letter.provider.account, Role.PENYEDIA)
        before = db_fingerprint()
        r = api_call(provider_api, "post", f"/{contract.pk}/amendments", body)
        assert r.status_code == 403 and db_fingerprint() == before
        r = api_call(api_headers(tw.ppk, Role.PPK), "post", f"/{contract.pk}/amendments", body)
        assert r.status_code == 201 and r.json()["sequence"] == 2
        detail = api_call(api_headers(tw.ppk, Role.PPK), "get", f"/{contract.pk}").json()
    assert [a["number"] for a in detail["amendments"]] == ["ADD/1", "ADD/2"]
    assert Decimal(detail["value"]) == 2150 * M and Decimal(detail["original_value"]) == 2000 * M
