"""Contracts API routes called by the package's PPK (#13 item 6): the SPPBJ, the signed contract and the
pencatatan of an emergency procurement, each with its effect in the database. The refused side is the access
matrix (test_access.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lentera.contracts.models import Contract
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
    assert t.award_letter.number == "SPPBJ/1" and response.json()["value"] == str(t.award_letter.value)
    with clock(inside(t, Stage.CONTRACT_SIGNING)):
        body = {"number": "K/1", "signed_on": "2026-08-27", "start_on": "2026-09-01", "end_on": "2026-12-20"}
        response = api_call(tw.ppk, Role.PPK, "post", f"{API}/tenders/{t.pk}/contract", body)
        assert response.status_code == 201, response.content
    contract = Contract.objects.get(pk=response.json()["id"])
    assert contract.number == "K/1" and contract.signed_on == dt.date(2026, 8, 27)
    assert contract.value == t.award_letter.value  # no value sent: the SPPBJ value


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
