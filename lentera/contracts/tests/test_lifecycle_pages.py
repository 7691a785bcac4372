"""The lifecycle through the pages and the API, as the PPK and the provider use it: the provider accepts the
SPPBJ on its page and records the guarantee through the API; the PPK starts the work on the contract page; the
provider invoices through the API, the PPK approves on the page and pays through the API. A call by the wrong
party is refused with the error schema and changes nothing; another provider does not even see the contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lentera.contracts import services
from lentera.contracts.models import Payment
from lentera.contracts.states import AwardLetterState, ContractState, PaymentState
from lentera.contracts.tests.builders import signing_time, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import api_headers, db_fingerprint, login_client

pytestmark = pytest.mark.django_db
API = "/api/v1/contracts"


def test_the_lifecycle_through_the_pages_and_the_api(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider.account
    at = signing_time(tw)
    day = local_date(at)
    with clock(at):
        provider_web = login_client(winner, Role.PENYEDIA)
        ppk_web = login_client(tw.ppk, Role.PPK)
        provider_api = api_headers(winner, Role.PENYEDIA)
        ppk_api = api_headers(tw.ppk, Role.PPK)
        page = provider_web.get(reverse("contracts:letter", args=[letter.pk]))
        assert page.status_code == 200 and b'id="accept-submit"' in page.content
        assert b'id="reserve-submit"' not in page.content
        assert letter.number.encode() in provider_web.get(reverse("contracts:index")).content
        # the PPK cannot answer for the provider: refused, nothing changed
        before = db_fingerprint()
        r = ppk_web.post(reverse("contracts:letter_accept", args=[letter.pk]))
        assert r.status_code == 403 and db_fingerprint() == before
        r = provider_web.post(reverse("contracts:letter_accept", args=[letter.pk]))
        assert r.status_code == 302
        letter.refresh_from_db()
        assert letter.state == AwardLetterState.ACCEPTED
        body = {
            "issuer": "Bank Daerah",
            "number": "JP-9",
            "amount": "100000000",
            "valid_from": day.isoformat(),
            "valid_until": (day + dt.timedelta(days=200)).isoformat(),
        }
        before = db_fingerprint()
        r = api_call(
            provider_api | {"HTTP_ACCEPT_LANGUAGE": "en"},
            "put",
            f"/award-letters/{letter.pk}/guarantee",
            body | {"amount": "1"},
        )
        assert r.status_code == 400 and r.json()["error"] == {
            "code": "GUARANTEE_TOO_SMALL",
            "message": "The performance guarantee must be at least Rp100.000.000.",
        }
        assert db_fingerprint() == before
        r = api_call(provider_api, "put", f"/award-letters/{letter.pk}/guarantee", body)
        assert r.status_code == 200 and Decimal(r.json()["required_amount"]) == Decimal("100000000")
        contract = services.contract_record(
            actor=tw.ppk,
            tender=tw.tender,
            number="K/1",
            contract_type="LUMP_SUM",
            signed_on=day,
            start_on=day,
            end_on=day + dt.timedelta(days=150),
        )
        # another provider does not see the contract
        r = api_call(api_headers(tw.provider_user(1), Role.PENYEDIA), "get", f"/{contract.pk}")
        assert r.status_code == 404
        page = ppk_web.get(reverse("contracts:detail", args=[contract.pk]))
        assert page.status_code == 200 and b'id="start-submit"' in page.content
        r = ppk_web.post(
            reverse("contracts:start", args=[contract.pk]),
            {"number": "SPMK/1", "issued_on": day.isoformat(), "start_on": day.isoformat()},
        )
        assert r.status_code == 302
        contract.refresh_from_db()
        assert contract.state == ContractState.IN_PROGRESS
        r = api_call(
            provider_api,
            "post",
            f"/{contract.pk}/invoices",
            {"progress_percent": "25", "amount": "500000000"},
        )
        assert r.status_code == 201, r.content
        assert Decimal(r.json()["retention"]) == Decimal("25000000")
        payment = Payment.objects.get(pk=r.json()["id"])
        page = ppk_web.get(reverse("contracts:detail", args=[contract.pk]))
        assert b'id="approve-1"' in page.content
        assert (
            b'id="approve-1"' not in provider_web.get(reverse("contracts:detail", args=[contract.pk])).content
        )
        before = db_fingerprint()
        r = api_call(provider_api, "post", f"/invoices/{payment.pk}/approve", {})
        assert r.status_code == 403 and db_fingerprint() == before
        r = ppk_web.post(reverse("contracts:invoice_approve", args=[payment.pk]), {"note": ""})
        assert r.status_code == 302
        r = api_call(ppk_api, "post", f"/invoices/{payment.pk}/pay", {"paid_on": day.isoformat()})
        assert r.status_code == 200 and r.json()["state"] == PaymentState.PAID
        r = api_call(ppk_api, "get", f"/{contract.pk}")
        totals = r.json()["totals"]
        assert Decimal(totals["billed"]) == Decimal("500000000")
        assert Decimal(totals["paid"]) == Decimal("475000000")
        assert r.json()["start_order"]["kind"] == "SPMK"


def api_call(headers, method, path, body=None):
    fn = getattr(Client(), method)
    if method == "get":
        return fn(API + path, **headers)
    return fn(API + path, data=body or {}, content_type="application/json", **headers)
