"""Providers API routes not walked by the flows of test_api.py and test_identity_change.py (#13 item 6): a
verifier reads one identity change and refuses it, and rejects a verification round; the answer and the
database show the effect. The refused side is the access matrix (test_access_matrix.py)."""

from __future__ import annotations

import pytest

from lentera.accounts.models import User
from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role
from lentera.providers import services
from lentera.providers.models import Provider, VerificationRound
from lentera.testing import api_call

from .factories import make_verified_provider, submitted_applicant, upload

pytestmark = pytest.mark.django_db
route = pytest.mark.route
API = "/api/v1/providers"


@pytest.fixture
def verifier():
    return user_with_role(Role.VERIFIKATOR)


@route("GET", "/api/v1/providers/verification/identity-changes/{change_id}", allowed=True)
@route("POST", "/api/v1/providers/verification/identity-changes/{change_id}/refuse", allowed=True)
def test_verifier_reads_and_refuses_an_identity_change(verifier):
    provider = make_verified_provider(name="PT Lama Jaya")
    change = services.provider_update_identity(
        actor=provider.account,
        provider=provider,
        data={"name": "PT Baru Jaya"},
        documents=[("AKTA_PERUBAHAN", upload("akta.pdf"))],
    ).change
    path = f"{API}/verification/identity-changes/{change.pk}"
    detail = api_call(verifier, Role.VERIFIKATOR, "get", path).json()
    assert detail["id"] == change.pk and detail["proposed"] == {"name": "PT Baru Jaya"}
    response = api_call(
        verifier, Role.VERIFIKATOR, "post", f"{path}/refuse", {"reason": "Akta belum disahkan"}
    )
    assert response.status_code == 200 and response.json()["status"] == "REFUSED"
    change.refresh_from_db()
    assert change.status == "REFUSED" and change.reason == "Akta belum disahkan"
    assert Provider.objects.get(pk=provider.pk).name == "PT Lama Jaya"


@route("POST", "/api/v1/providers/verification/rounds/{round_id}/reject", allowed=True)
def test_verifier_rejects_a_round_with_reasons(verifier):
    provider, round_ = submitted_applicant()
    checks = [
        {"document_id": d.pk, "matches_original": False, "note": "Buram"} for d in round_.documents.all()
    ]
    path = f"{API}/verification/rounds/{round_.pk}/reject"
    response = api_call(verifier, Role.VERIFIKATOR, "post", path, {"checks": checks, "note": "Unggah ulang"})
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "REJECTED"
    assert VerificationRound.objects.get(pk=round_.pk).outcome == "REJECTED"
    assert User.objects.get(pk=provider.account.pk).status != User.Status.ACTIVE
