"""Verified identity data changes only after re-verification (#12 1.4; Perbup PPU 2/2021 Pasal 4 d 3-4,
Permendagri 53/2021 Lampiran 2.5.1 b 2): a pending change, decided by the Verifikator, history kept."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lentera.accounts.tests.factories import user_with_role
from lentera.core.errors import AccessDenied
from lentera.core.models import AuditEvent, DomainEvent
from lentera.core.roles import Role
from lentera.providers import rules, selectors, services
from lentera.providers.models import Document, IdentityChange, Provider
from lentera.providers.sections import VERIFIED_IDENTITY_FIELDS
from lentera.providers.tests.conftest import refused
from lentera.providers.tests.factories import (
    VALID_NIK,
    VALID_NIK_2,
    exe_bytes,
    make_verified_provider,
    png_bytes,
    upload,
)
from lentera.testing import api_headers, db_fingerprint, login_client

pytestmark = pytest.mark.django_db
API = "/api/v1/providers"


@pytest.fixture
def provider():
    return make_verified_provider(name="PT Lama Jaya", representative_nik=VALID_NIK)


@pytest.fixture
def verifier():
    return user_with_role(Role.VERIFIKATOR)


def _patch(client, data, headers):
    return client.patch(f"{API}/me/identity", data, content_type="application/json", **headers)


def _request(provider, data=None, documents=None):
    return services.provider_update_identity(
        actor=provider.account,
        provider=provider,
        data=data or {"name": "PT Baru Jaya"},
        documents=[("AKTA_PERUBAHAN", upload("akta.pdf"))] if documents is None else documents,
    ).change


@pytest.mark.route("GET", API + "/me/identity-change", allowed=True)
def test_verified_provider_rename_needs_reverification(provider):
    """Today's main renamed a verified provider at once (PATCH 200, new name in force). Now: 202, a pending
    change; the name in force stays the old one until the Verifikator approves."""
    client, headers = Client(), api_headers(provider.account, Role.PENYEDIA)
    response = _patch(client, {"name": "PT Baru Jaya", "phone": "0819"}, headers)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "PENDING" and body["proposed"] == {"name": "PT Baru Jaya"}
    assert body["previous"] == {"name": "PT Lama Jaya"} and "dokumen" in body["message"]
    provider.refresh_from_db()
    assert provider.name == "PT Lama Jaya"  # the old value stays in force
    assert provider.phone == "0819"  # not verified data: written at once
    assert client.get(f"{API}/me", **headers).json()["provider"]["name"] == "PT Lama Jaya"
    pending = client.get(f"{API}/me/identity-change", **headers)
    assert pending.status_code == 200 and pending.json()["id"] == body["id"]
    assert selectors.qualification_data(provider).identity.name == "PT Lama Jaya"


def test_identity_change_needs_reverification(provider):
    assert rules.identity_change_needs_reverification(provider, ["name"])
    for field in VERIFIED_IDENTITY_FIELDS:
        assert rules.identity_change_needs_reverification(provider, [field]), field
    assert not rules.identity_change_needs_reverification(provider, ["phone", "email", "is_small_business"])
    provider.status = Provider.Status.SUBMITTED
    assert not rules.identity_change_needs_reverification(provider, ["name", "representative_nik"])


def test_unverified_provider_still_edits_directly():
    provider = make_verified_provider(status=Provider.Status.REJECTED)
    response = _patch(Client(), {"name": "PT Langsung"}, api_headers(provider.account, Role.PENYEDIA))
    assert response.status_code == 200 and response.json()["name"] == "PT Langsung"
    assert not IdentityChange.objects.exists()


def test_identity_change_approve_writes_the_new_values_audited_before_after(provider, verifier):
    change = _request(
        provider,
        {
            "name": "PT Baru Jaya",
            "business_form": "CV",
            "representative_nik": VALID_NIK_2,
            "address": "Jl. 2",
        },
    )
    assert change.proposed == {
        "name": "PT Baru Jaya",
        "business_form": "CV",
        "representative_nik": VALID_NIK_2,
        "address": "Jl. 2",
    }
    services.identity_change_approve(actor=verifier, change_id=change.pk, note="Sesuai akta perubahan")
    provider.refresh_from_db()
    assert (provider.name, provider.business_form, provider.representative_nik, provider.address) == (
        "PT Baru Jaya",
        "CV",
        VALID_NIK_2,
        "Jl. 2",
    )
    change.refresh_from_db()
    assert change.status == "APPROVED" and change.decided_by == verifier and change.decided_at is not None
    event = AuditEvent.objects.get(action="providers.provider.identity_approved")
    assert event.before["name"] == "PT Lama Jaya" and event.after["name"] == "PT Baru Jaya"
    assert (
        event.before["representative_nik"] == VALID_NIK and event.after["representative_nik"] == VALID_NIK_2
    )
    assert AuditEvent.objects.filter(
        action="providers.identity_change.approve", object_id=str(change.pk)
    ).exists()
    assert DomainEvent.objects.filter(
        name=services.IDENTITY_CHANGED_EVENT, object_id=str(provider.pk)
    ).exists()


def test_approval_needs_a_supporting_document(provider, verifier):
    change = _request(provider, documents=[])
    refused(
        lambda: services.identity_change_approve(actor=verifier, change_id=change.pk),
        "IDENTITY_DOCUMENTS_MISSING",
        "dokumen",
    )
    services.identity_change_add_document(
        actor=provider.account,
        provider=provider,
        kind="NPWP",
        file=upload("npwp.png", png_bytes(), "image/png"),
    )
    services.identity_change_approve(actor=verifier, change_id=change.pk)
    assert Provider.objects.get(pk=provider.pk).name == "PT Baru Jaya"


def test_supporting_documents_are_checked_by_content(provider):
    refused(
        lambda: _request(provider, documents=[("AKTA_PERUBAHAN", upload("akta.pdf", exe_bytes()))]),
        "FILE_TYPE_NOT_ALLOWED",
        "dinilai dari isinya",
    )
    refused(
        lambda: _request(provider, documents=[("AKTA_PERUBAHAN", upload("akta.pdf", b""))]),
        "EMPTY_FILE",
        "kosong",
    )
    assert not IdentityChange.objects.exists()


def test_identity_change_refuse_needs_a_reason_and_keeps_the_old_values(provider, verifier):
    change = _request(provider)
    refused(
        lambda: services.identity_change_refuse(actor=verifier, change_id=change.pk, reason=" "),
        "REASON_REQUIRED",
        "Alasan",
    )
    services.identity_change_refuse(actor=verifier, change_id=change.pk, reason="Akta belum disahkan")
    change.refresh_from_db()
    assert change.status == "REFUSED" and change.reason == "Akta belum disahkan"
    assert Provider.objects.get(pk=provider.pk).name == "PT Lama Jaya"
    refused(
        lambda: services.identity_change_approve(actor=verifier, change_id=change.pk),
        "IDENTITY_CHANGE_DECIDED",
        "sudah diputuskan",
    )


def test_withdraw_and_one_pending_change_per_provider(provider):
    first = _request(provider)
    refused(lambda: _request(provider, {"name": "PT Lain"}), "IDENTITY_CHANGE_PENDING", "tarik")
    services.identity_change_withdraw(actor=provider.account, provider=provider)
    first.refresh_from_db()
    assert first.status == "WITHDRAWN" and first.decided_by == provider.account
    second = _request(provider, {"name": "PT Lain"})
    assert second.number == 2 and Provider.objects.get(pk=provider.pk).name == "PT Lama Jaya"
    assert AuditEvent.objects.filter(action="providers.identity_change.withdraw").count() == 1


@pytest.mark.route("GET", API + "/me/identity-changes", allowed=True)
def test_history_is_kept(provider, verifier):
    services.identity_change_refuse(actor=verifier, change_id=_request(provider).pk, reason="Buram")
    _request(provider, {"name": "PT Kedua"})
    services.identity_change_withdraw(actor=provider.account, provider=provider)
    services.identity_change_approve(actor=verifier, change_id=_request(provider, {"name": "PT Ketiga"}).pk)
    history = (
        Client().get(f"{API}/me/identity-changes", **api_headers(provider.account, Role.PENYEDIA)).json()
    )
    assert [(c["number"], c["status"], c["proposed"]["name"]) for c in history] == [
        (3, "APPROVED", "PT Ketiga"),
        (2, "WITHDRAWN", "PT Kedua"),
        (1, "REFUSED", "PT Baru Jaya"),
    ]
    assert history[2]["reason"] == "Buram" and history[0]["previous"] == {"name": "PT Lama Jaya"}
    assert IdentityChange.objects.count() == 3


def test_access_only_verifiers_decide_only_the_provider_requests(provider, verifier):
    change = _request(provider)
    other = make_verified_provider()
    # The provider cannot approve its own change; another provider cannot touch it.
    for actor in (provider.account, other.account):
        refused(
            lambda actor=actor: services.identity_change_approve(actor=actor, change_id=change.pk),
            "ROLE_NOT_ALLOWED",
            "tidak diizinkan",
            error=AccessDenied,
        )
    refused(
        lambda: services.identity_change_withdraw(actor=other.account, provider=provider),
        "PROVIDER_NOT_OWNER",
        "Hanya penyedia",
    )
    refused(
        lambda: services.identity_change_withdraw(actor=verifier, provider=provider),
        "PROVIDER_NOT_OWNER",
        "Hanya penyedia",
    )
    refused(
        lambda: services.provider_update_identity(actor=verifier, provider=provider, data={"name": "PT V"}),
        "PROVIDER_NOT_OWNER",
        "Hanya penyedia",
    )
    # A verifier who answers for the provider may not verify its change.
    both = user_with_role(Role.VERIFIKATOR)
    own = make_verified_provider(user=both, name="PT Milik Verifikator")
    own_change = _request(own)
    refused(
        lambda: services.identity_change_approve(actor=both, change_id=own_change.pk),
        "SELF_VERIFICATION",
        "sendiri",
    )


@pytest.mark.route("GET", API + "/verification/identity-changes", allowed=True)
@pytest.mark.route("GET", API + "/identity-change-documents/{document_id}", allowed=True)
@pytest.mark.route("POST", API + "/verification/identity-changes/{change_id}/approve", allowed=True)
def test_api_access_matrix_denied_calls_change_nothing(provider, verifier):
    change = _request(provider)
    doc = change.documents.get()
    other = make_verified_provider()
    own_h = api_headers(provider.account, Role.PENYEDIA)
    other_h = api_headers(other.account, Role.PENYEDIA)
    verifier_h = api_headers(verifier, Role.VERIFIKATOR)
    client = Client()
    before = db_fingerprint()
    # The provider cannot approve or refuse, even its own change.
    for action, body in (("approve", {}), ("refuse", {"reason": "x"})):
        url = f"{API}/verification/identity-changes/{change.pk}/{action}"
        assert client.post(url, body, content_type="application/json", **own_h).status_code == 403
        assert client.post(url, body, content_type="application/json", **other_h).status_code == 403
    # Another provider sees no pending change of its own, and cannot read or withdraw this one.
    assert client.get(f"{API}/me/identity-change", **other_h).status_code == 404
    assert client.get(f"{API}/me/identity-changes", **other_h).json() == []
    assert client.get(f"{API}/identity-change-documents/{doc.pk}", **other_h).status_code == 403
    assert client.get(f"{API}/verification/identity-changes/{change.pk}", **own_h).status_code == 403
    assert client.post(f"{API}/me/identity-change/withdraw", **other_h).status_code == 404
    assert db_fingerprint() == before
    # The verifier reads it and its document, and decides.
    queue = client.get(f"{API}/verification/identity-changes", **verifier_h).json()
    assert [c["id"] for c in queue] == [change.pk] and queue[0]["documents"][0]["id"] == doc.pk
    assert client.get(f"{API}/identity-change-documents/{doc.pk}", **verifier_h).status_code == 200
    assert client.get(f"{API}/identity-change-documents/{doc.pk}", **own_h).status_code == 200
    response = client.post(
        f"{API}/verification/identity-changes/{change.pk}/approve",
        {"note": "ok"},
        content_type="application/json",
        **verifier_h,
    )
    assert response.status_code == 200 and response.json()["status"] == "APPROVED"
    assert client.get(f"{API}/me", **own_h).json()["provider"]["name"] == "PT Baru Jaya"


@pytest.mark.route("POST", API + "/me/identity-change/documents", allowed=True)
@pytest.mark.route("POST", API + "/me/identity-change/withdraw", allowed=True)
def test_api_documents_and_withdraw(provider):
    headers = api_headers(provider.account, Role.PENYEDIA)
    client = Client()
    assert _patch(client, {"name": "PT Baru Jaya"}, headers).status_code == 202
    assert _patch(client, {"name": "PT Lain"}, headers).json()["error"]["code"] == "IDENTITY_CHANGE_PENDING"
    bad = client.post(
        f"{API}/me/identity-change/documents",
        {"kind": "KTP", "file": upload("k.pdf", exe_bytes())},
        **headers,
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    ok = client.post(f"{API}/me/identity-change/documents", {"kind": "KTP", "file": upload()}, **headers)
    assert ok.status_code == 201 and len(ok.json()["documents"]) == 1
    withdrawn = client.post(f"{API}/me/identity-change/withdraw", **headers)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "WITHDRAWN"
    assert (
        client.get(f"{API}/me/identity-change", **headers).json()["error"]["code"] == "IDENTITY_CHANGE_NONE"
    )


def test_ktp_upload_does_not_change_a_verified_representatives_nik(provider):
    services.document_upload(
        actor=provider.account,
        user=provider.account,
        kind=Document.Kind.KTP,
        file=upload("ktp.png", png_bytes(), "image/png"),
        number=VALID_NIK_2,
    )
    assert Provider.objects.get(pk=provider.pk).representative_nik == VALID_NIK


def test_web_pending_change_review_and_approval(provider, verifier):
    change = _request(provider)
    own = login_client(provider.account, Role.PENYEDIA)
    assert 'id="identity-pending"' in own.get(reverse("providers:profile")).content.decode()
    page = own.get(reverse("providers:identity_changes")).content.decode()
    assert "Menunggu verifikasi".lower() in page.lower() and "PT Baru Jaya" in page and "PT Lama Jaya" in page
    staff = login_client(verifier, Role.VERIFIKATOR)
    dashboard = [i for i in services_dashboard(verifier) if i.url == reverse("providers:identity_queue")]
    assert dashboard and dashboard[0].count == 1
    assert "PT Lama Jaya" in staff.get(reverse("providers:identity_queue")).content.decode()
    review_url = reverse("providers:identity_review", args=[change.pk])
    review = staff.get(review_url).content.decode()
    assert 'data-field="name"' in review and "PT Baru Jaya" in review and 'id="approve"' in review
    assert reverse("providers:identity_document", args=[change.documents.get().pk]) in review
    refused_page = staff.post(review_url, {"refuse": "1", "reason": ""})
    assert refused_page.status_code == 400 and IdentityChange.objects.get(pk=change.pk).is_pending
    assert staff.post(review_url, {"approve": "1", "reason": ""}).status_code == 302
    assert Provider.objects.get(pk=provider.pk).name == "PT Baru Jaya"
    history = own.get(reverse("providers:identity_changes")).content.decode()
    assert 'data-status="APPROVED"' in history


def services_dashboard(user):
    from lentera.providers.dashboard import dashboard_items

    return dashboard_items(user, Role.VERIFIKATOR)


def test_web_identity_form_requests_a_change_with_documents(provider):
    client = login_client(provider.account, Role.PENYEDIA)
    url = reverse("providers:profile_identity")
    assert 'id="reverification-notice"' in client.get(url).content.decode()
    data = {
        "name": "PT Baru Jaya",
        "business_form": "PT",
        "address": provider.address,
        "city": provider.city,
        "province": provider.province,
        "representative_name": provider.representative_name,
        "representative_position": provider.representative_position,
        "representative_nik": VALID_NIK,
        "dok-note": "Perubahan nama sesuai akta No. 5",
        "dok-kind_1": "AKTA_PERUBAHAN",
        "dok-file_1": upload("akta.pdf"),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    change = IdentityChange.objects.get()
    assert change.proposed == {"name": "PT Baru Jaya"} and change.note.startswith("Perubahan nama")
    assert change.documents.get().kind == "AKTA_PERUBAHAN"
    again = client.post(url, {**data, "name": "PT Lain", "dok-file_1": upload("akta.pdf")})
    assert again.status_code == 400 and "menunggu verifikasi" in again.content.decode()
    assert IdentityChange.objects.count() == 1
