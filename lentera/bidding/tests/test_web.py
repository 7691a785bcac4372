"""Web pages: the bid form seals files through the upload handler, receipts, the opening room, scoping."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lentera.bidding.crypto import verify_receipt
from lentera.bidding.models import BidSubmission, OpeningDeposit
from lentera.bidding.serverkeys import receipt_signing_key
from lentera.bidding.services import tender_keys_create
from lentera.core.roles import Role
from lentera.testing import login_client, pdf

from .factories import PASSPHRASE, clock_at, give_opening_keys, make_tender, submit_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(media_root):
    w = make_tender(members=3, providers=2)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def _post_bid(client, world, **extra):
    data = {
        "offer_price": "876.543.210",
        "validity_days": "60",
        "completion_days": "120",
        "files": [
            SimpleUploadedFile("teknis.pdf", b"%PDF RAHASIA-WEB " * 1000, content_type="application/pdf")
        ],
    } | extra
    return client.post(reverse("bidding:bid_submit", args=[world.tender.pk]), data)


def test_bid_form_without_javascript_seals_and_gives_receipt(world, settings):
    spool = Path(tempfile.mkdtemp())
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # Django's own handlers would spool anything: ours must not
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    page = client.get(reverse("bidding:bid_room", args=[world.tender.pk]))
    assert page.status_code == 200
    assert b"data-countdown" in page.content and b"data-server-now" in page.content
    response = _post_bid(client, world)
    assert response.status_code == 302, response.content[:500]
    sub = BidSubmission.objects.get(status="ACCEPTED")
    assert f"diterima={sub.uid}" in response["Location"]
    assert not list(spool.iterdir()), "no plaintext temp file"
    page = client.get(response["Location"])
    assert sub.receipt_sha256.encode() in page.content
    receipt = client.get(reverse("bidding:receipt", args=[sub.uid]))
    assert receipt.status_code == 200
    assert verify_receipt(json.loads(receipt.content), receipt_signing_key().public_bytes())


def test_refused_form_keeps_nothing(world, media_root):
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    response = _post_bid(client, world, offer_price="bukan angka")
    assert response.status_code == 400
    assert "Harga penawaran harus" in response.content.decode()  # the sentence, never the code
    assert "INVALID_PRICE" not in response.content.decode()
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()], (
        "sealed files of a refused form are removed"
    )
    assert not BidSubmission.objects.filter(status="ACCEPTED").exists()


def test_late_form_shows_server_time(world):
    client = login_client(world.provider_user(0), Role.PENYEDIA)
    with clock_at(world.deadline - dt.timedelta(minutes=1)):
        client.get(reverse("bidding:bid_room", args=[world.tender.pk]))
    with clock_at(world.deadline + dt.timedelta(seconds=1)):
        response = _post_bid(client, world)
    assert response.status_code in (302, 409)
    if response.status_code == 302:
        page = client.get(response["Location"])
        text = page.content.decode()
    else:
        text = response.content.decode()
    assert "WIB" in text and ("sudah lewat" in text or "tidak sedang dibuka" in text)


def test_provider_never_sees_another_providers_bid(world):
    sub = submit_bid(world, 0)
    other = login_client(world.provider_user(1), Role.PENYEDIA)
    assert other.get(reverse("bidding:receipt", args=[sub.uid])).status_code == 404
    page = other.get(reverse("bidding:bid_room", args=[world.tender.pk]))
    assert sub.receipt_sha256.encode() not in page.content
    assert str(sub.uid).encode() not in page.content


def test_pokja_sees_no_bid_before_opening(world):
    sub = submit_bid(world, 0, price="777666555")
    pokja = login_client(world.members[0], Role.POKJA)
    page = pokja.get(reverse("bidding:opening_room", args=[world.tender.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "777" not in text and world.providers[0].name not in text
    assert pokja.get(reverse("bidding:receipt", args=[sub.uid])).status_code in (403, 404)
    part = sub.parts.filter(kind="FILE").first()
    assert pokja.get(reverse("bidding:part_download", args=[part.uid])).status_code == 404


def test_opening_through_the_web(world):
    sub = submit_bid(world, 0, price="777666555", files={"teknis.pdf": pdf(b"ISI-TEKNIS-WEB")})
    with clock_at(world.deadline + dt.timedelta(minutes=1)):
        for member in world.members[:2]:
            client = login_client(member, Role.POKJA)
            r = client.post(
                reverse("bidding:opening_passphrase", args=[world.tender.pk, "SINGLE"]),
                {"passphrase": PASSPHRASE},
            )
            assert r.status_code == 302
        assert not OpeningDeposit.objects.exists()
        page = client.get(reverse("bidding:opening_room", args=[world.tender.pk]))
        text = page.content.decode()
        assert "Rp777.666.555" in text and world.providers[0].name in text
        part = sub.parts.get(kind="FILE")
        download = client.get(reverse("bidding:part_download", args=[part.uid]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == pdf(b"ISI-TEKNIS-WEB")
        session = sub.opened.get().session
        record = client.get(reverse("bidding:opening_record", args=[world.tender.pk, session.pk]))
        assert record.status_code == 200 and b"".join(record.streaming_content).startswith(b"%PDF")
        # the third member, a provider and an unrelated Pokja member
        assert (
            login_client(world.members[2], Role.POKJA)
            .get(reverse("bidding:part_download", args=[part.uid]))
            .status_code
            == 200
        )
        assert (
            login_client(world.provider_user(0), Role.PENYEDIA)
            .get(reverse("bidding:part_download", args=[part.uid]))
            .status_code
            == 403
        )


def test_wrong_passphrase_on_the_web(world):
    submit_bid(world, 0)
    client = login_client(world.members[0], Role.POKJA)
    with clock_at(world.deadline + dt.timedelta(minutes=1)):
        r = client.post(
            reverse("bidding:opening_passphrase", args=[world.tender.pk, "SINGLE"]),
            {"passphrase": "keliru-keliru-keliru"},
            follow=True,
        )
    assert "Kata sandi pembukaan salah" in r.content.decode()


def test_opening_key_page(make_user):
    user = make_user(Role.POKJA)
    client = login_client(user, Role.POKJA)
    assert client.get(reverse("bidding:opening_key")).status_code == 200
    r = client.post(
        reverse("bidding:opening_key"), {"new-passphrase": PASSPHRASE, "new-passphrase_confirm": PASSPHRASE}
    )
    assert r.status_code == 302
    assert user.opening_key.fingerprint
    r = client.post(
        reverse("bidding:opening_key"),
        {"new-passphrase": "pendek", "new-passphrase_confirm": "pendek", "new-replace": "on"},
    )
    assert r.status_code == 400


def test_receipt_key_is_public(client):
    page = client.get(reverse("bidding:receipt_key"))
    assert page.status_code == 200 and b"BEGIN PUBLIC KEY" in page.content
    pem = client.get(reverse("bidding:receipt_key_pem"))
    assert pem.content == receipt_signing_key().public_pem()
    api = client.get("/api/v1/bidding/receipt-key")
    assert api.json()["public_key_pem"] == receipt_signing_key().public_pem().decode()
