"""The handover, rating and goods-data API as the PPK, the provider and staff use it, each call's effect read back
(the refused side is the access matrix, test_access.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts.models import Contract, Handover
from lentera.contracts.tests.builders import running_contract, world_with_letter
from lentera.core.calendar import local_date
from lentera.core.roles import Role
from lentera.tendering.tests.factories import clock
from lentera.testing import api_call

pytestmark = pytest.mark.django_db
route = pytest.mark.route
API = "/api/v1/contracts"


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@route("POST", "/api/v1/contracts/{contract_id}/deliveries", allowed=True)
@route("GET", "/api/v1/contracts/{contract_id}/deliveries", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/handover", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/rating", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/rating/response", allowed=True)
@route("GET", "/api/v1/contracts/providers/{provider_id}/ratings", allowed=True)
def test_goods_delivered_handed_over_rated_and_answered_through_the_api(at_setup):
    tw, letter = world_with_letter(ptype="GOODS")
    contract, at = running_contract(tw, letter, days=60)
    provider = contract.provider.account
    at = at + dt.timedelta(days=15)
    day = str(local_date(at))
    with clock(at):
        item = {
            "name": "Meja guru",
            "quantity": "24",
            "unit": "unit",
            "unit_price": "2500000",
            "delivered_on": day,
        }
        got = _ok(api_call(provider, Role.PENYEDIA, "post", f"{API}/{contract.pk}/deliveries", item), 201)
        assert Decimal(got["total"]) == Decimal("60000000")
        listed = _ok(api_call(tw.ppk, Role.PPK, "get", f"{API}/{contract.pk}/deliveries"))
        assert [i["name"] for i in listed] == ["Meja guru"]
        bast = {
            "number": "BAST/01",
            "handed_on": day,
            "inspectors": "Tim Pemeriksa: A, B, C",
            "inspected_on": day,
            "result": "ACCEPTED",
        }
        got = _ok(api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract.pk}/handover", bast), 201)
        assert got["stage"] == "BAST" and got["maintenance_ends_on"] is None
        again = api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract.pk}/handover", bast)
        assert again.status_code == 409 and again.json()["error"]["code"] == "STATE_NOT_ALLOWED"
        assert Handover.objects.filter(contract=contract).count() == 1
        rating = {
            "scores": {"quality": 2, "cost": 1, "time": 2, "service": 1},
            "comments": "Pengiriman terlambat",
        }
        got = _ok(api_call(tw.ppk, Role.PPK, "post", f"{API}/{contract.pk}/rating", rating), 201)
        assert (got["average"], got["flagged"]) == ("1.50", True)
        response = {"response": "Keterlambatan karena jalan putus"}
        got = _ok(api_call(provider, Role.PENYEDIA, "post", f"{API}/{contract.pk}/rating/response", response))
        assert got["response"] == response["response"] and got["responded_at"]
        detail = _ok(api_call(provider, Role.PENYEDIA, "get", f"{API}/{contract.pk}"))
        history = _ok(
            api_call(tw.members[0], Role.POKJA, "get", f"{API}/providers/{contract.provider_id}/ratings")
        )
    assert detail["state"] == "COMPLETED" and detail["rating"]["average"] == "1.50"
    assert [h["stage"] for h in detail["handovers"]] == ["BAST"] and len(detail["deliveries"]) == 1
    assert history["summary"] == {"count": 1, "average": "1.50", "flagged": True, "flag_below": "2.0"}
    assert Contract.objects.get(pk=contract.pk).state == "COMPLETED"


def test_works_pho_through_the_api_needs_the_maintenance_period(at_setup):
    tw, letter = world_with_letter()
    contract, at = running_contract(tw, letter)
    day = str(local_date(at))
    pho = {
        "number": "PHO/1",
        "handed_on": day,
        "inspectors": "PPHP",
        "inspected_on": day,
        "result": "ACCEPTED",
    }
    with clock(at):
        short = api_call(
            tw.ppk, Role.PPK, "post", f"{API}/{contract.pk}/handover", pho | {"maintenance_days": 10}
        )
        assert short.status_code == 400 and short.json()["error"]["code"] == "MAINTENANCE_TOO_SHORT"
        got = _ok(
            api_call(
                tw.ppk, Role.PPK, "post", f"{API}/{contract.pk}/handover", pho | {"maintenance_days": 180}
            ),
            201,
        )
    assert got["stage"] == "PHO" and got["maintenance_ends_on"] == str(
        local_date(at) + dt.timedelta(days=180)
    )
    assert Handover.objects.get().contract.state == "HANDED_OVER"
