"""Blacklist proposals (usulan daftar hitam): another process (a PPK terminating a contract for the provider's
fault, Perpres 16/2018 Pasal 93 ayat (2) huruf d) proposes; the verifier / UKPBJ admin enters the sanction from the
proposal on the PA/KPA's decree through the existing blacklist page, or dismisses it with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lentera.core.errors import LenteraError
from lentera.core.roles import Role
from lentera.providers import selectors, services
from lentera.providers.models import BlacklistEntry, BlacklistProposal
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import make_verified_provider
from lentera.testing import login_client

pytestmark = pytest.mark.django_db
NON_PERFORMANCE = BlacklistEntry.Category.NON_PERFORMANCE


def _propose(actor, provider, **kw):
    data = {
        "category": NON_PERFORMANCE,
        "violation": "Kontrak diputus: pekerjaan tidak selesai setelah 50 hari kesempatan",
        "source": "Pemutusan kontrak 027/K/2026",
        "source_url": "/kontrak/1/",
    } | kw
    return services.blacklist_propose(actor=actor, provider=provider, **data)


def test_blacklist_propose_pasal_93_a_ppk_proposes_and_nothing_is_blacklisted_yet(make_user):
    provider = make_verified_provider()
    ppk, outsider = make_user(Role.PPK), make_user(Role.PENYEDIA)
    refused(lambda: _propose(outsider, provider), "ROLE_NOT_ALLOWED", "tidak", error=LenteraError)
    refused(lambda: _propose(ppk, provider, category="NAP"), "BLACKLIST_CATEGORY_INVALID", "Kategori")
    refused(lambda: _propose(ppk, provider, violation=" "), "BLACKLIST_DATA_REQUIRED", "wajib")
    proposal = _propose(ppk, provider)
    assert proposal.status == BlacklistProposal.Status.OPEN and proposal.npwp == provider.npwp
    assert not BlacklistEntry.objects.exists()
    assert list(selectors.open_blacklist_proposals()) == [proposal]


def test_blacklist_proposal_dismiss_needs_a_reason_and_closes_it_once(make_user):
    provider = make_verified_provider()
    proposal = _propose(make_user(Role.PPK), provider)
    verifier = make_user(Role.VERIFIKATOR)
    refused(
        lambda: services.blacklist_proposal_dismiss(actor=verifier, proposal=proposal, note=""),
        "REASON_REQUIRED",
        "Alasan",
    )
    services.blacklist_proposal_dismiss(actor=verifier, proposal=proposal, note="PA tidak menetapkan sanksi")
    proposal.refresh_from_db()
    assert proposal.status == BlacklistProposal.Status.DISMISSED and proposal.decided_by == verifier
    refused(
        lambda: services.blacklist_proposal_dismiss(actor=verifier, proposal=proposal, note="x"),
        "PROPOSAL_DECIDED",
        "sudah diputuskan",
    )
    assert not selectors.open_blacklist_proposals().exists()


def test_the_blacklist_page_lists_proposals_and_enters_the_sanction_from_one(make_user):
    provider = make_verified_provider()
    proposal = _propose(make_user(Role.PPK), provider)
    verifier, kpa = make_user(Role.VERIFIKATOR), make_user(Role.KPA)
    web = login_client(verifier, Role.VERIFIKATOR)
    url = reverse("providers:blacklist_manage")
    page = web.get(url).content.decode()
    assert f'id="proposal-{proposal.pk}"' in page
    prefilled = web.get(f"{url}?usulan={proposal.pk}").content.decode()
    assert 'id="proposal-selected"' in prefilled and provider.npwp in prefilled
    today = dt.date.today().isoformat()
    r = web.post(
        url,
        {
            "npwp": provider.npwp,
            "decree_number": "SK/DH/7",
            "decree_date": today,
            "category": NON_PERFORMANCE,
            "violation": proposal.violation,
            "starts_on": today,
            "requested_by": kpa.pk,
            "proposal": proposal.pk,
        },
    )
    assert r.status_code == 302, r.content
    proposal.refresh_from_db()
    assert proposal.status == BlacklistProposal.Status.ENTERED and proposal.entry.decree_number == "SK/DH/7"
    assert f'id="proposal-{proposal.pk}"' not in web.get(url).content.decode()


def test_the_verifier_and_the_kpa_see_open_proposals_on_their_dashboard(make_user):
    from lentera.providers.dashboard import dashboard_items

    provider = make_verified_provider()
    verifier, kpa = make_user(Role.VERIFIKATOR), make_user(Role.KPA)
    assert not [i for i in dashboard_items(kpa, Role.KPA) if "daftar hitam" in i.title]
    _propose(make_user(Role.PPK), provider)
    for user, role in ((verifier, Role.VERIFIKATOR), (kpa, Role.KPA)):
        items = [i for i in dashboard_items(user, role) if "daftar hitam" in i.title]
        assert len(items) == 1 and items[0].count == 1 and provider.name in items[0].hint


def test_the_proposal_page_dismisses_with_a_reason_or_links_to_upholding_it(make_user):
    provider = make_verified_provider()
    proposal = _propose(make_user(Role.PPK), provider)
    kpa = make_user(Role.KPA)
    web = login_client(kpa, Role.KPA)
    listing = web.get(reverse("providers:blacklist_proposals")).content.decode()
    assert f'id="proposal-{proposal.pk}"' in listing
    url = reverse("providers:blacklist_proposal", args=[proposal.pk])
    page = web.get(url).content.decode()
    assert 'id="dismiss"' in page and f"?usulan={proposal.pk}" in page
    # a PPK (the proposer) does not decide; nothing changes
    ppk_web = login_client(make_user(Role.PPK), Role.PPK)
    assert ppk_web.post(url, {"reason": "x"}).status_code == 403
    web.post(url, {"reason": ""})  # refused: a reason is required
    proposal.refresh_from_db()
    assert proposal.status == BlacklistProposal.Status.OPEN
    assert web.post(url, {"reason": "PA menilai keterlambatan karena banjir"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == BlacklistProposal.Status.DISMISSED and proposal.decided_by == kpa
    assert proposal.decision_note == "PA menilai keterlambatan karena banjir"
    page = web.get(url).content.decode()
    assert 'id="dismiss"' not in page and "banjir" in page


@pytest.mark.route("GET", "/api/v1/providers/blacklist/proposals", allowed=True)
@pytest.mark.route("POST", "/api/v1/providers/blacklist/proposals/{proposal_id}/dismiss", allowed=True)
def test_api_lists_dismisses_and_upholds_proposals(make_user):
    import json

    from django.test import Client

    from lentera.testing import api_headers

    provider = make_verified_provider()
    first, second = _propose(make_user(Role.PPK), provider), _propose(make_user(Role.PPK), provider)
    verifier, kpa = make_user(Role.VERIFIKATOR), make_user(Role.KPA)
    h = api_headers(verifier, Role.VERIFIKATOR)
    listed = Client().get("/api/v1/providers/blacklist/proposals", **h).json()
    assert {p["id"] for p in listed} == {first.pk, second.pk}
    r = Client().post(
        f"/api/v1/providers/blacklist/proposals/{first.pk}/dismiss",
        data=json.dumps({"reason": "Tidak ditetapkan PA"}),
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["status"] == "DISMISSED"
    today = dt.date.today().isoformat()
    r = Client().post(
        "/api/v1/providers/blacklist",
        data=json.dumps(
            {
                "npwp": provider.npwp,
                "decree_number": "SK/DH/API",
                "decree_date": today,
                "violation": second.violation,
                "category": NON_PERFORMANCE,
                "starts_on": today,
                "requested_by_user_id": kpa.user_id,
                "proposal_id": second.pk,
            }
        ),
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201, r.content
    second.refresh_from_db()
    assert second.status == BlacklistProposal.Status.ENTERED


@pytest.mark.route("GET", "/api/v1/providers/blacklist/proposals", denied=True)
@pytest.mark.route("POST", "/api/v1/providers/blacklist/proposals/{proposal_id}/dismiss", denied=True)
def test_only_the_deciding_officials_see_and_dismiss_proposals(make_user):
    import json

    from django.test import Client

    from lentera.testing import api_headers, db_fingerprint

    proposal = _propose(make_user(Role.PPK), make_verified_provider())
    for role in (Role.PPK, Role.PENYEDIA, Role.AUDITOR):
        h = api_headers(make_user(role), role)
        before = db_fingerprint()
        assert Client().get("/api/v1/providers/blacklist/proposals", **h).status_code == 403
        r = Client().post(
            f"/api/v1/providers/blacklist/proposals/{proposal.pk}/dismiss",
            data=json.dumps({"reason": "x"}),
            content_type="application/json",
            **h,
        )
        assert r.status_code == 403 and db_fingerprint() == before
    web = login_client(make_user(Role.AUDITOR), Role.AUDITOR)
    assert web.get(reverse("providers:blacklist_proposals")).status_code == 403
