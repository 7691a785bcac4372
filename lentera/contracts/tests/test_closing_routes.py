"""Keadaan kahar, lateness and termination through the API and the contract page, as the PPK uses them and the
provider sees them. The refused side of every route is the access matrix (test_access.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lentera.contracts.models import ContractWarning, ForceMajeure, GraceDecision, Termination
from lentera.contracts.states import ContractState
from lentera.contracts.tests.test_closing import PDF, at_day, evidence, running
from lentera.core.roles import Role
from lentera.providers.models import BlacklistProposal
from lentera.tendering.tests.factories import clock
from lentera.testing import api_call, api_headers, db_fingerprint, login_client

pytestmark = pytest.mark.django_db
route = pytest.mark.route
API = "/api/v1/contracts"


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@route("GET", "/api/v1/contracts/{contract_id}/closing", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/force-majeure", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/warnings", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/grace", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/guarantee-extension", allowed=True)
@route("POST", "/api/v1/contracts/{contract_id}/termination", allowed=True)
def test_lateness_to_termination_through_the_api(at_setup):
    tw, letter, contract, at = running()
    end = contract.end_on
    ppk, winner = tw.ppk, letter.provider.account
    with clock(at + dt.timedelta(days=5)):
        body = {
            "event": "Banjir",
            "event_from": (at + dt.timedelta(days=3)).date().isoformat(),
            "event_until": (at + dt.timedelta(days=4)).date().isoformat(),
            "effect": "EXTEND",
            "evidence": evidence(),
        }
        r = Client().post(f"{API}/{contract.pk}/force-majeure", data=body, **api_headers(ppk, Role.PPK))
        fm = _ok(r, 201)
    assert fm["days"] == 2 and fm["end_after"] == (end + dt.timedelta(days=2)).isoformat()
    end = end + dt.timedelta(days=2)
    contract.refresh_from_db()
    assert contract.end_on == end
    with clock(at_day(contract, 10)):
        day = (end + dt.timedelta(days=10)).isoformat()
        w = {"number": "T/1", "issued_on": day, "text": "Segera selesaikan pekerjaan"}
        assert _ok(api_call(ppk, Role.PPK, "post", f"{API}/{contract.pk}/warnings", w), 201)["sequence"] == 1
        ext = {"valid_until": (end + dt.timedelta(days=60)).isoformat(), "number": "JP-001/A1"}
        g = _ok(api_call(winner, Role.PENYEDIA, "post", f"{API}/{contract.pk}/guarantee-extension", ext))
        assert g["valid_until"] == ext["valid_until"]
        grace = {"granted": True, "reason": "Mampu", "last_day": (end + dt.timedelta(days=30)).isoformat()}
        assert _ok(api_call(ppk, Role.PPK, "post", f"{API}/{contract.pk}/grace", grace), 201)["granted"]
        seen = _ok(api_call(winner, Role.PENYEDIA, "get", f"{API}/{contract.pk}/closing"))
    assert seen["lateness"]["days_late"] == 10 and Decimal(seen["lateness"]["penalty"]) == Decimal("20000000")
    assert (
        Decimal(seen["lateness"]["penalty_cap"]) == Decimal("100000000")
        and not seen["lateness"]["penalty_capped"]
    )
    assert [w["number"] for w in seen["warnings"]] == ["T/1"] and seen["grace"]["granted"]
    assert seen["force_majeures"][0]["evidence_sha256"] and seen["termination"] is None
    with clock(at_day(contract, 51)):
        last = (end + dt.timedelta(days=51)).isoformat()
        body = {"ground": "GRACE_EXPIRED", "explanation": "Tidak selesai", "terminated_on": last}
        t = _ok(api_call(ppk, Role.PPK, "post", f"{API}/{contract.pk}/termination", body), 201)
    assert (
        t["guarantee_claimed"]
        and t["sanction_proposal_id"]
        and Decimal(t["penalty_total"]) == Decimal("100000000")  # 51 days, capped at 5%
    )
    assert BlacklistProposal.objects.get(pk=t["sanction_proposal_id"]).status == BlacklistProposal.Status.OPEN


def test_the_ppk_acts_on_the_contract_page_and_the_provider_sees_it(at_setup):
    tw, letter, contract, at = running()
    end = contract.end_on
    url = reverse("contracts:detail", args=[contract.pk])
    with clock(at_day(contract, 8)):
        ppk = login_client(tw.ppk, Role.PPK)
        page = ppk.get(url).content.decode()
        assert 'id="days-late"' in page and "8 hari" in page and 'id="next-step"' in page
        for form in ('id="warn-submit"', 'id="grace-submit"', 'id="kahar-submit"', 'id="terminate-submit"'):
            assert form in page
        day = (end + dt.timedelta(days=8)).isoformat()
        ppk.post(
            reverse("contracts:warn", args=[contract.pk]), {"number": "T/1", "issued_on": day, "text": "x"}
        )
        ppk.post(
            reverse("contracts:grace", args=[contract.pk]), {"granted": "False", "reason": "Tidak mampu"}
        )
        ppk.post(
            reverse("contracts:force_majeure", args=[contract.pk]),
            {
                "event": "Longsor",
                "event_from": day,
                "event_until": day,
                "effect": "EXTEND",
                "evidence": evidence(PDF, "longsor.pdf"),
            },
        )
        assert ContractWarning.objects.filter(contract=contract).count() == 1
        assert GraceDecision.objects.get(contract=contract).granted is False
        fm = ForceMajeure.objects.get(contract=contract)
        provider = login_client(letter.provider.account, Role.PENYEDIA)
        seen = provider.get(url).content.decode()
        assert 'id="warning-1"' in seen and 'id="grace"' in seen and 'id="force-majeure-1"' in seen
        assert 'id="warn-submit"' not in seen and 'id="terminate-submit"' not in seen
        download = provider.get(reverse("contracts:force_majeure_evidence", args=[fm.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        before = db_fingerprint()
        provider.post(reverse("contracts:terminate", args=[contract.pk]), {"ground": "DEFAULT"})
        assert db_fingerprint() == before
        r = ppk.post(
            reverse("contracts:terminate", args=[contract.pk]),
            {"ground": "UNABLE_WITH_GRACE", "explanation": "Tidak mampu", "terminated_on": day},
        )
        assert r.status_code == 302
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED
    assert Termination.objects.get(contract=contract).sanction_proposal is not None
    with clock(at_day(contract, 9)):
        page = login_client(letter.provider.account, Role.PENYEDIA).get(url).content.decode()
    assert 'id="termination"' in page and 'id="sanction"' in page
