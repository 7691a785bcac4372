"""Contracts API routes called by the package's PPK (#13 item 6): the SPPBJ, the signed contract and the
pencatatan of an emergency procurement, each with its effect in the database. The refused side is the access
matrix (test_access.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts.models import Contract
from lentera.contracts.tests.builders import signing_time, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.planning.models import Method, Package, ProcurementType
from lentera.tendering.enums import Stage, TenderStatus
from lentera.tendering.models import Tender
from lentera.tendering.tests.factories import build, clock, create_tender, inside
from lentera.tendering.tests.test_services import _to_announced_winner
from lentera.testing import api_call

pytestmark = pytest.mark.django_db
route = pytest.mark.route
API = "/api/v1/contracts"


@route("POST", "/api/v1/contracts/tenders/{tender_id}/award-letter", allowed=True)
@route("POST", "/api/v1/contracts/tenders/{tender_id}/contract", allowed=True)
def test_award_letter_then_contract(at_setup):
    tw = build(providers=3)
    t = create_tender(tw)
    _to_announced_winner(tw)
    with clock(inside(t, Stage.AWARD_LETTER)):
        body = {"number": "SPPBJ/1", "issued_on": "2026-08-20"}
        response = api_call(tw.ppk, Role.PPK, "post", f"{API}/tenders/{t.pk}/award-letter", body)
        assert response.status_code == 201, response.content
    t.refresh_from_db()
    letter = t.award_letter
    assert letter.number == "SPPBJ/1" and response.json()["value"] == str(letter.value)
    provider = letter.provider.account
    with clock(inside(t, Stage.CONTRACT_SIGNING)):
        _ok(api_call(provider, Role.PENYEDIA, "post", f"{API}/award-letters/{letter.pk}/accept"))
        if letter.performance_guarantee_amount:  # a value above the threshold needs the jaminan pelaksanaan
            guarantee = {
                "issuer": "Bank Lampung",
                "number": "JP-1",
                "amount": str(letter.performance_guarantee_amount),
                "valid_from": "2026-08-20",
                "valid_until": "2027-01-31",
            }
            _ok(
                api_call(
                    provider, Role.PENYEDIA, "put", f"{API}/award-letters/{letter.pk}/guarantee", guarantee
                )
            )
        body = {
            "number": "K/1",
            "contract_type": "UNIT_PRICE",
            "signed_on": "2026-08-27",
            "start_on": "2026-09-01",
            "end_on": "2026-12-20",
        }
        response = api_call(tw.ppk, Role.PPK, "post", f"{API}/tenders/{t.pk}/contract", body)
        assert response.status_code == 201, response.content
    contract = Contract.objects.get(pk=response.json()["id"])
    assert contract.number == "K/1" and contract.signed_on == dt.date(2026, 8, 27)
    assert contract.value == t.award_letter.value  # no value sent: the SPPBJ value
    assert (contract.contract_type, contract.multi_year) == ("UNIT_PRICE", False)


@route("POST", "/api/v1/contracts/packages/{package_id}/record", allowed=True)
def test_emergency_procurement_is_recorded(at_setup):
    tw = build(method=Method.DARURAT, ptype=ProcurementType.OTHER_SERVICES, pagu="300000000", providers=1)
    body = {
        "reason": "Penanganan banjir bandang (SK tanggap darurat 12/2026)",
        "value": "250000000",
        "start_on": "2026-07-03",
        "end_on": "2026-08-03",
        "number": "SPMK/01",
        "provider_npwp": tw.providers[0].npwp,
    }
    response = api_call(tw.ppk, Role.PPK, "post", f"{API}/packages/{tw.package.pk}/record", body)
    assert response.status_code == 201, response.content
    recorded = Tender.objects.get(pk=response.json()["tender_id"])
    assert recorded.status == TenderStatus.COMPLETED and recorded.contract.value == Decimal("250000000")
    assert Package.objects.get(pk=tw.package.pk).status == Package.Status.CONTRACTED


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@route("GET", "/api/v1/contracts/award-letters/{letter_id}", allowed=True)
@route("POST", "/api/v1/contracts/award-letters/{letter_id}/accept", allowed=True)
@route("PUT", "/api/v1/contracts/award-letters/{letter_id}/guarantee", allowed=True)
@route("GET", "/api/v1/contracts", allowed=True)
@route("GET", "/api/v1/contracts/{contract_id}", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/start", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/advance", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/invoices", allowed=True)
@route("POST", "/api/v1/contracts/invoices/{payment_id}/approve", allowed=True)
@route("POST", "/api/v1/contracts/invoices/{payment_id}/pay", allowed=True)
@route("POST", "/api/v1/contracts/invoices/{payment_id}/reject", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/amendments", allowed=True)
def test_the_contract_lifecycle_through_the_api(at_setup):
    """SPPBJ accepted and guaranteed by the provider, contract signed and started by the PPK, the advance paid,
    one termin approved and paid, another rejected, and an adendum: each call's effect read back."""
    tw, letter = world_with_letter()
    provider = letter.provider.account
    at = signing_time(tw)
    day = local_date(at)
    with clock(at):
        got = _ok(api_call(provider, Role.PENYEDIA, "get", f"{API}/award-letters/{letter.pk}"))
        assert (got["state"], got["guarantee"]) == ("ISSUED", None)
        body = {
            "number": "K/1",
            "contract_type": "LUMP_SUM",
            "signed_on": str(day),
            "start_on": str(day),
            "end_on": str(day),
        }
        refused = api_call(tw.ppk, Role.PPK, "post", f"{API}/tenders/{tw.tender.pk}/contract", body)
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "LETTER_NOT_ACCEPTED"
        assert (
            _ok(api_call(provider, Role.PENYEDIA, "post", f"{API}/award-letters/{letter.pk}/accept"))["state"]
            == "ACCEPTED"
        )
        guarantee = {
            "issuer": "Bank Lampung",
            "number": "JP-7",
            "amount": str(letter.performance_guarantee_amount),
            "valid_from": str(letter.issued_on),
            "valid_until": str(day + dt.timedelta(days=160)),
        }
        got = _ok(
            api_call(provider, Role.PENYEDIA, "put", f"{API}/award-letters/{letter.pk}/guarantee", guarantee)
        )
        assert got["issuer"] == "Bank Lampung" and got["required_amount"] == str(
            letter.performance_guarantee_amount
        )
        body = {
            "number": "K/1",
            "contract_type": "LUMP_SUM",
            "signed_on": str(day),
            "start_on": str(day + dt.timedelta(days=1)),
            "end_on": str(day + dt.timedelta(days=120)),
        }
        contract_id = _ok(
            api_call(tw.ppk, Role.PPK, "post", f"{API}/tenders/{tw.tender.pk}/contract", body), 201
        )["id"]
        mine = _ok(api_call(tw.ppk, Role.PPK, "get", f"{API}/"))
        assert [c["id"] for c in mine] == [contract_id] and mine[0]["state"] == "SIGNED"
    at = at + dt.timedelta(days=1)
    day = local_date(at)
    with clock(at):
        start = {"number": "SPMK/1", "issued_on": str(day), "start_on": str(day)}
        _ok(api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract_id}/start", start))
        advance = {
            "amount": "300000000",
            "guarantee_issuer": "Bank Lampung",
            "guarantee_number": "JUM-1",
            "guarantee_amount": "300000000",
            "guarantee_valid_until": str(day + dt.timedelta(days=120)),
            "paid_on": str(day),
        }
        totals = _ok(api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract_id}/advance", advance), 201)
        assert Decimal(totals["advance"]) == Decimal("300000000")
        invoice = {"progress_percent": "10", "amount": "200000000"}
        first = api_call(provider, Role.PENYEDIA, "post", f"{API}/{contract_id}/invoices", invoice)
        assert 200 <= first.status_code < 300, first.content
        first_id = first.json()["id"]
        approved = _ok(
            api_call(tw.ppk, Role.PPK, "post", f"{API}/invoices/{first_id}/approve", {"note": "Sesuai"})
        )
        assert approved["state"] == "APPROVED"
        paid = _ok(
            api_call(tw.ppk, Role.PPK, "post", f"{API}/invoices/{first_id}/pay", {"paid_on": str(day)})
        )
        assert paid["state"] == "PAID" and paid["paid_on"] == str(day)
        second = api_call(
            provider,
            Role.PENYEDIA,
            "post",
            f"{API}/{contract_id}/invoices",
            {"progress_percent": "20", "amount": "1"},
        )
        second_id = second.json()["id"]
        rejected = _ok(
            api_call(
                tw.ppk,
                Role.PPK,
                "post",
                f"{API}/invoices/{second_id}/reject",
                {"note": "Progres tidak sesuai"},
            )
        )
        assert rejected["state"] == "REJECTED" and rejected["decision_note"] == "Progres tidak sesuai"
        amendment = {
            "number": "ADD/1",
            "kind": "VALUE",
            "justification": "Tambahan volume drainase",
            "signed_on": str(day),
            "value": "2100000000",
        }
        assert (
            200
            <= (
                r := api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract_id}/amendments", amendment)
            ).status_code
            < 300
        ), r.content
        detail = _ok(api_call(provider, Role.PENYEDIA, "get", f"{API}/{contract_id}"))
    assert Decimal(detail["value"]) == Decimal("2100000000") and Decimal(detail["original_value"]) == Decimal(
        "2000000000"
    )
    assert [p["state"] for p in detail["payments"]] == ["PAID", "REJECTED"]
    assert detail["start_order"]["number"] == "SPMK/1" and len(detail["amendments"]) == 1
    contract = Contract.objects.get(pk=contract_id)
    assert contract.payments.get(pk=first_id).state == "PAID"


@route("POST", "/api/v1/contracts/award-letters/{letter_id}/refuse", allowed=True)
@route("POST", "/api/v1/contracts/award-letters/{letter_id}/reserve", allowed=True)
def test_a_refused_sppbj_goes_to_the_first_reserve_through_the_api(at_setup):
    tw, letter = world_with_letter()
    winner = letter.provider
    at = signing_time(tw)
    day = local_date(at)
    with clock(at):
        body = {"reason": "OTHER", "explanation": "Kapasitas produksi tidak cukup"}
        got = _ok(
            api_call(winner.account, Role.PENYEDIA, "post", f"{API}/award-letters/{letter.pk}/refuse", body),
            201,
        )
        assert got["provider_id"] == winner.pk and got["sanction_proposed"] is True
        body = {"number": "SPPBJ/02", "issued_on": str(day), "reason": "Pemenang menolak SPPBJ"}
        got = _ok(api_call(tw.ppk, Role.PPK, "post", f"{API}/award-letters/{letter.pk}/reserve", body))
    letter.refresh_from_db()
    assert (got["reserve_rank"], got["number"], got["state"]) == (1, "SPPBJ/02", "ISSUED")
    assert letter.reserve_rank == 1 and letter.provider_id != winner.pk
    assert Decimal(got["value"]) == Decimal("2100000000")
