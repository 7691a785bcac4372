"""The providers API end to end: sign-up, documents, verification, profile, status, blacklist."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from lentera.accounts.models import User
from lentera.accounts.tests.factories import WorkUnitFactory
from lentera.core.roles import Role
from lentera.providers.models import Document, Provider
from lentera.providers.tests.factories import (
    STRONG_PASSWORD,
    VALID_NIK,
    bad_check_digit,
    exe_bytes,
    make_npwp,
    make_verified_provider,
    png_bytes,
    stored_files,
    upload,
)
from lentera.testing import api_headers, db_fingerprint

pytestmark = pytest.mark.django_db
API = "/api/v1/providers"


def _post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def _signup(client, mailoutbox, capture, email="api@usaha.example.id", npwp=None):
    with capture(execute=True):
        assert _post(client, f"{API}/signup/email", {"email": email}).status_code == 202
    token = re.search(r"/penyedia/daftar/akun/([^/\s]+)/", mailoutbox[-1].body).group(1)
    payload = {
        "email_token": token,
        "user_id": "api.penyedia",
        "full_name": "Andi Wijaya",
        "password": STRONG_PASSWORD,
        "business_form": "PT",
        "name": "PT Api Sejahtera",
        "npwp": npwp or make_npwp(),
        "address": "Jl. Api 1",
        "city": "Kota",
        "province": "Prov",
        "representative_name": "Andi Wijaya",
    }
    return _post(client, f"{API}/signup", payload), payload


@pytest.mark.route("POST", API + "/signup/email", allowed=True)
@pytest.mark.route("POST", API + "/signup", allowed=True)
@pytest.mark.route("POST", API + "/application/documents", allowed=True)
@pytest.mark.route("GET", API + "/application/forms/{kind}", allowed=True)
@pytest.mark.route("POST", API + "/application/submit", allowed=True)
@pytest.mark.route("GET", API + "/application", allowed=True)
@pytest.mark.route("GET", API + "/verification/queue", allowed=True)
@pytest.mark.route("GET", API + "/verification/rounds/{round_id}", allowed=True)
@pytest.mark.route("GET", API + "/documents/{document_id}", allowed=True)
@pytest.mark.route("GET", API + "/documents/{document_id}", denied=True)
@pytest.mark.route("POST", API + "/verification/rounds/{round_id}/approve", allowed=True)
@pytest.mark.route("GET", API + "/me", allowed=True)
@pytest.mark.route("GET", API + "/me/eligibility", allowed=True)
def test_api_sign_up_documents_submit_and_verification(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    response, payload = _signup(client, mailoutbox, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["provider"]["status"] == "DRAFT" and len(body["provider"]["npwp"]) == 16
    applicant = {"HTTP_X_APPLICANT_TOKEN": body["applicant_token"]}

    before_db, before_files = db_fingerprint(), stored_files()
    bad = client.post(
        f"{API}/application/documents",
        {"kind": "NPWP", "number": payload["npwp"], "file": upload("npwp.pdf", exe_bytes())},
        **applicant,
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "FILE_TYPE_NOT_ALLOWED"
    assert (db_fingerprint(), stored_files()) == (before_db, before_files)

    uploads = [
        {"kind": "KTP", "number": VALID_NIK, "file": upload("ktp.png", png_bytes(), "image/png")},
        {"kind": "NPWP", "number": payload["npwp"], "file": upload("npwp.pdf")},
        {
            "kind": "AKTA_PENDIRIAN",
            "number": "3",
            "issued_on": "2019-01-02",
            "issuer": "Notaris",
            "file": upload(),
        },
    ]
    for data in uploads:
        response = client.post(f"{API}/application/documents", data, **applicant)
        assert response.status_code == 201, response.content
    pdf = client.get(f"{API}/application/forms/pendaftaran", **applicant)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    submitted = client.post(f"{API}/application/submit", **applicant)
    assert submitted.status_code == 201 and submitted.json()["outcome"] == "PENDING"
    application = client.get(f"{API}/application", **applicant).json()
    assert application["account_status"] == "PENDING" and len(application["documents"]) == 3
    assert client.get(f"{API}/application").status_code == 401  # no applicant token

    verifier = make_user(Role.VERIFIKATOR)
    vh = api_headers(verifier, Role.VERIFIKATOR)
    [queued] = client.get(f"{API}/verification/queue", **vh).json()
    detail = client.get(f"{API}/verification/rounds/{queued['id']}", **vh).json()
    assert detail["provider"]["name"] == "PT Api Sejahtera"
    doc_id = detail["documents"][0]["id"]
    assert client.get(f"{API}/documents/{doc_id}", **vh).status_code == 200
    checks = [{"document_id": d["id"], "matches_original": True} for d in detail["documents"]]
    incomplete = _post(
        client, f"{API}/verification/rounds/{queued['id']}/approve", {"checks": checks[:1]}, **vh
    )
    assert incomplete.json()["error"]["code"] == "CHECKLIST_INCOMPLETE"
    with django_capture_on_commit_callbacks(execute=True):
        approved = _post(
            client, f"{API}/verification/rounds/{queued['id']}/approve", {"checks": checks}, **vh
        )
    assert approved.status_code == 200 and approved.json()["outcome"] == "APPROVED"
    user = User.objects.get(user_id="api.penyedia")
    assert user.status == User.Status.ACTIVE
    assert client.get(f"{API}/application", **applicant).json()["error"]["code"] == "APPLICATION_CLOSED"

    ph = api_headers(user, Role.PENYEDIA)
    assert client.get(f"{API}/documents/{doc_id}", **ph).status_code == 200
    other = api_headers(make_user(Role.PENYEDIA), Role.PENYEDIA)
    assert client.get(f"{API}/documents/{doc_id}", **other).status_code == 403
    me = client.get(f"{API}/me", **ph).json()
    assert me["provider"]["status"] == "VERIFIED" and 0 <= me["completeness"]["percent"] < 100
    assert client.get(f"{API}/me/eligibility", **ph).json()["eligible"] is True


def test_api_duplicate_npwp_and_email_and_bad_check_digit(mailoutbox, django_capture_on_commit_callbacks):
    existing = make_verified_provider()
    client = Client()
    taken = _post(client, f"{API}/signup/email", {"email": existing.account.email})
    assert taken.status_code == 400 and taken.json()["error"]["code"] == "EMAIL_TAKEN"
    response, _payload = _signup(client, mailoutbox, django_capture_on_commit_callbacks, npwp=existing.npwp)
    assert response.json()["error"]["code"] == "NPWP_TAKEN"
    response, _payload = _signup(
        client,
        mailoutbox,
        django_capture_on_commit_callbacks,
        email="b@x.id",
        npwp=bad_check_digit(make_npwp()),
    )
    assert response.json()["error"]["code"] == "NPWP_CHECK_DIGIT"
    assert "digit pemeriksa" in response.json()["error"]["message"]
    assert not Provider.objects.exclude(pk=existing.pk).exists()


@pytest.mark.route("POST", API + "/me/sections/{section}", allowed=True)
@pytest.mark.route("PUT", API + "/me/sections/{section}/{row_id}", allowed=True)
@pytest.mark.route("GET", API + "/me/qualification", allowed=True)
@pytest.mark.route("DELETE", API + "/me/sections/{section}/{row_id}", allowed=True)
@pytest.mark.route("PATCH", API + "/me/identity", allowed=True)
@pytest.mark.route("POST", API + "/me/documents", allowed=True)
@pytest.mark.route("POST", API + "/me/submit", allowed=True)
def test_api_profile_sections_identity_and_document_versions():
    provider = make_verified_provider()
    client = Client()
    h = api_headers(provider.account, Role.PENYEDIA)
    nib = {
        "kind": "NIB",
        "number": "9120001234567",
        "issuer": "OSS",
        "issued_on": "2021-01-04",
        "kbli": "41011",
    }
    row = _post(client, f"{API}/me/sections/izin-usaha", nib, **h)
    assert row.status_code == 201, row.content
    row_id = row.json()["id"]
    edited = client.put(
        f"{API}/me/sections/izin-usaha/{row_id}",
        nib | {"kbli": "41011,42101"},
        content_type="application/json",
        **h,
    )
    assert edited.status_code == 200 and edited.json()["data"]["kbli"] == "41011,42101"
    bad = _post(client, f"{API}/me/sections/izin-usaha", nib | {"number": "1"}, **h)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "NIB_FORMAT"
    qualification = client.get(f"{API}/me/qualification", **h).json()
    assert qualification["licences"][0]["kbli"] == ["41011", "42101"]
    assert client.delete(f"{API}/me/sections/izin-usaha/{row_id}", **h).status_code == 204
    patched = client.patch(f"{API}/me/identity", {"phone": "0811"}, content_type="application/json", **h)
    assert patched.status_code == 200 and patched.json()["phone"] == "0811"
    new_doc = client.post(
        f"{API}/me/documents",
        {
            "kind": "AKTA_PERUBAHAN",
            "number": "9",
            "issued_on": "2025-02-03",
            "issuer": "Notaris",
            "file": upload(),
        },
        **h,
    )
    assert new_doc.status_code == 201
    assert client.post(f"{API}/me/submit", **h).json()["subject"] == "PROVIDER_UPDATE"
    assert Document.objects.filter(user=provider.account).count() == 1


@pytest.mark.route("POST", API + "/staff", allowed=True)
@pytest.mark.route("POST", API + "/accounts/{user_id}/deactivate", allowed=True)
@pytest.mark.route("POST", API + "/accounts/{user_id}/reactivate", allowed=True)
@pytest.mark.route("POST", API + "/blacklist", allowed=True)
@pytest.mark.route("GET", API + "/blacklist", allowed=True)
def test_api_staff_status_and_blacklist(make_user):
    unit = WorkUnitFactory()
    client = Client()
    admin = api_headers(make_user(Role.SYSADMIN), Role.SYSADMIN)
    staff = client.post(
        f"{API}/staff",
        {
            "user_id": "kpa.baru",
            "full_name": "KPA Baru",
            "email": "kpa.baru@kab.example.go.id",
            "role": Role.KPA,
            "work_unit_id": unit.pk,
            "decree_number": "900/1/SK/2026",
            "decree_date": "2026-01-02",
            "file": upload(),
        },
        **admin,
    )
    assert staff.status_code == 201 and staff.json()["status"] == "PENDING"

    target = make_verified_provider().account
    vh = api_headers(make_user(Role.VERIFIKATOR), Role.VERIFIKATOR)
    no_reason = _post(client, f"{API}/accounts/{target.user_id}/deactivate", {"reason": ""}, **vh)
    assert no_reason.json()["error"]["code"] == "REASON_REQUIRED"
    off = _post(client, f"{API}/accounts/{target.user_id}/deactivate", {"reason": "Pelanggaran"}, **vh)
    assert off.status_code == 200 and off.json()["status"] == "DEACTIVATED"
    on = _post(client, f"{API}/accounts/{target.user_id}/reactivate", {"reason": "Klarifikasi"}, **vh)
    assert on.json()["status"] == "ACTIVE"

    pa = make_user(Role.PA)
    today = dt.date.today().isoformat()
    entry = {
        "npwp": make_npwp(),
        "provider_name": "CV Lalai",
        "decree_number": "027/9/DH",
        "decree_date": today,
        "violation": "Tidak menyelesaikan pekerjaan",
        "category": "NON_PERFORMANCE",
        "starts_on": today,
    }
    refused = _post(client, f"{API}/blacklist", entry, **vh)
    assert refused.json()["error"]["code"] == "REQUESTER_REQUIRED"
    created = _post(client, f"{API}/blacklist", entry | {"requested_by_user_id": pa.user_id}, **vh)
    assert created.status_code == 201, created.content
    by_pa = _post(
        client, f"{API}/blacklist", entry | {"decree_number": "027/10/DH"}, **api_headers(pa, Role.PA)
    )
    assert by_pa.status_code == 201
    public = Client().get(f"{API}/blacklist").json()
    assert {e["decree_number"] for e in public} == {"027/9/DH", "027/10/DH"}
