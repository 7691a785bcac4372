"""The API end to end: resumable sealed upload, commit, receipt checked offline by the CLI, opening."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from lentera.bidding.models import BidSubmission, MemberOpeningKey
from lentera.bidding.services import tender_keys_create
from lentera.core.roles import Role
from lentera.testing import api_headers, pdf

from .factories import PASSPHRASE, clock_at, give_opening_keys, make_tender

pytestmark = pytest.mark.django_db
BASE = "/api/v1/bidding"
PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def world(media_root):
    w = make_tender(members=3, providers=2)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def _upload(client, headers, tender_id, data: bytes, chunk: int = 100_000) -> str:
    r = client.post(
        f"{BASE}/tenders/{tender_id}/uploads",
        {"envelope": "SINGLE", "file_name": "api.pdf", "size": len(data)},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    uid = r.json()["uid"]
    offset = 0
    while offset < len(data):
        body = data[offset : offset + chunk]
        r = client.put(
            f"{BASE}/uploads/{uid}/chunk?offset={offset}",
            body,
            content_type="application/octet-stream",
            **headers,
        )
        assert r.status_code == 200, r.content
        offset = r.json()["received"]
    return uid


@pytest.mark.route("GET", BASE + "/tenders/{tender_id}/room", allowed=True)
@pytest.mark.route("POST", BASE + "/tenders/{tender_id}/uploads", allowed=True)
@pytest.mark.route("PUT", BASE + "/uploads/{uid}/chunk", allowed=True)
@pytest.mark.route("GET", BASE + "/uploads/{uid}", allowed=True)
@pytest.mark.route("POST", BASE + "/tenders/{tender_id}/submission", allowed=True)
@pytest.mark.route("GET", BASE + "/submissions/{uid}/receipt", allowed=True)
@pytest.mark.route("GET", BASE + "/submissions/{uid}/receipt", denied=True)
@pytest.mark.route("GET", BASE + "/receipt-key", allowed=True)
def test_api_bid_flow_and_offline_receipt_check(world, tmp_path):
    client, headers = Client(), api_headers(world.provider_user(0), Role.PENYEDIA)
    room = client.get(f"{BASE}/tenders/{world.tender.pk}/room", **headers).json()
    assert room["open"] and room["envelopes"] == ["SINGLE"] and room["deadline"]
    data = pdf(b"API-RAHASIA" * 30_000)
    uid = _upload(client, headers, world.tender.pk, data)
    # resume protocol: a chunk at a stale offset is refused with the offset to resume from
    r = client.put(
        f"{BASE}/uploads/{uid}/chunk?offset=0", b"x", content_type="application/octet-stream", **headers
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "OFFSET_MISMATCH"
    assert client.get(f"{BASE}/uploads/{uid}", **headers).json()["received"] == len(data)
    r = client.post(
        f"{BASE}/tenders/{world.tender.pk}/submission",
        {"offer_price": "850000000", "validity_days": 60, "completion_days": 90, "uploads": [uid]},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    receipt = r.json()["receipt"]
    sub_uid = r.json()["submission"]["uid"]
    accepted = BidSubmission.objects.get(uid=sub_uid)
    assert accepted.status == BidSubmission.Status.ACCEPTED and accepted.provider == world.providers[0]
    assert client.get(f"{BASE}/submissions/{sub_uid}/receipt", **headers).json() == receipt
    other = api_headers(world.provider_user(1), Role.PENYEDIA)
    assert client.get(f"{BASE}/submissions/{sub_uid}/receipt", **other).status_code == 404
    key = client.get(f"{BASE}/receipt-key").json()
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    (tmp_path / "server.pub").write_text(key["public_key_pem"])
    cmd = [
        sys.executable,
        "-m",
        "lentera.bidding.receipt_verify",
        str(tmp_path / "receipt.json"),
        "--public-key",
        str(tmp_path / "server.pub"),
    ]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "VALID" in done.stdout
    receipt["payload"]["server_time"] = "2020-01-01T00:00:00Z"
    (tmp_path / "receipt.json").write_text(json.dumps(receipt))
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "INVALID" in done.stdout


def test_api_deadline_refusal_shows_server_time(world):
    client, headers = Client(), api_headers(world.provider_user(0), Role.PENYEDIA)
    uid = _upload(client, headers, world.tender.pk, pdf(b"isi"))
    with clock_at(world.deadline + dt.timedelta(seconds=1)):
        r = client.post(
            f"{BASE}/tenders/{world.tender.pk}/submission",
            {"offer_price": "1", "validity_days": 60, "completion_days": 90, "uploads": [uid]},
            content_type="application/json",
            **headers,
        )
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["code"] == "BID_DEADLINE_PASSED" and "WIB" in error["message"]


@pytest.mark.route("GET", BASE + "/tenders/{tender_id}/opening", allowed=True)
@pytest.mark.route("POST", BASE + "/tenders/{tender_id}/opening/{kind}/passphrase", allowed=True)
@pytest.mark.route("GET", BASE + "/parts/{uid}/content", allowed=True)
def test_api_opening(world):
    client, headers = Client(), api_headers(world.provider_user(0), Role.PENYEDIA)
    uid = _upload(client, headers, world.tender.pk, pdf(b"ISI-API-OPENING"))
    client.post(
        f"{BASE}/tenders/{world.tender.pk}/submission",
        {"offer_price": "Rp2.000.000", "validity_days": 60, "completion_days": 90, "uploads": [uid]},
        content_type="application/json",
        **headers,
    )
    with clock_at(world.deadline + dt.timedelta(minutes=1)):
        h0 = api_headers(world.members[0], Role.POKJA)
        before = client.get(f"{BASE}/tenders/{world.tender.pk}/opening", **h0).json()
        assert before["envelopes"][0]["bids_received"] == 1 and before["envelopes"][0]["bids"] == []
        r = client.post(
            f"{BASE}/tenders/{world.tender.pk}/opening/SINGLE/passphrase",
            {"passphrase": "salah-salah-salah"},
            content_type="application/json",
            **h0,
        )
        assert r.status_code == 400 and r.json()["error"]["code"] == "WRONG_PASSPHRASE"
        for member in world.members[:2]:
            r = client.post(
                f"{BASE}/tenders/{world.tender.pk}/opening/SINGLE/passphrase",
                {"passphrase": PASSPHRASE},
                content_type="application/json",
                **api_headers(member, Role.POKJA),
            )
            assert r.status_code == 200, r.content
        env = r.json()["envelopes"][0]
        assert env["opened_at"] and env["bids"][0]["offer_price"] == "2000000.00"
        file_check = next(c for c in env["bids"][0]["checks"] if c["kind"] == "FILE")
        content = client.get(f"{BASE}/parts/{file_check['part']}/content", **h0)
        assert b"".join(content.streaming_content) == pdf(b"ISI-API-OPENING")


@pytest.mark.route("POST", BASE + "/tenders/{tender_id}/withdrawal", allowed=True)
def test_api_withdrawal_ends_the_accepted_bid_with_a_receipt(world):
    client, headers = Client(), api_headers(world.provider_user(0), Role.PENYEDIA)
    uid = _upload(client, headers, world.tender.pk, pdf(b"DITARIK"))
    r = client.post(
        f"{BASE}/tenders/{world.tender.pk}/submission",
        {"offer_price": "900000000", "validity_days": 60, "completion_days": 90, "uploads": [uid]},
        content_type="application/json",
        **headers,
    )
    sub_uid = r.json()["submission"]["uid"]
    r = client.post(f"{BASE}/tenders/{world.tender.pk}/withdrawal", **headers)
    assert r.status_code == 200, r.content
    assert r.json()["receipt"] and r.json()["submission"]["uid"] == sub_uid
    withdrawn = BidSubmission.objects.get(uid=sub_uid)
    assert withdrawn.status == BidSubmission.Status.WITHDRAWN and withdrawn.ended_at is not None


@pytest.mark.route("POST", BASE + "/opening-key", allowed=True)
def test_api_opening_key_is_created_for_the_member(world):
    from lentera.accounts.tests.factories import user_with_role

    member = user_with_role(Role.POKJA)
    body = {"passphrase": "Kunci-Baru-API-2026", "passphrase_confirm": "Kunci-Baru-API-2026"}
    r = Client().post(
        f"{BASE}/opening-key", body, content_type="application/json", **api_headers(member, Role.POKJA)
    )
    assert r.status_code == 201, r.content
    key = MemberOpeningKey.objects.get(user=member)
    assert r.json()["fingerprint"] == key.fingerprint and key.generation == 1
