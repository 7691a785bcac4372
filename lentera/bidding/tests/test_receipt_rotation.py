"""Receipt key rotation: receipts signed by a previous key stay valid at the opening and stay verifiable offline.

The signing key and the previous public keys come from settings / the environment only
(LENTERA_RECEIPT_SIGNING_KEY, LENTERA_RECEIPT_PREVIOUS_KEYS); docs/sealing.md, "Rotating the receipt key".
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from lentera.bidding import integration, receipt_verify
from lentera.bidding.crypto import ServerSigningKey, public_key_fingerprint, receipt_hash
from lentera.bidding.models import BidSubmission, OpenedBid, OpeningProblem
from lentera.bidding.serverkeys import (
    clear_key_caches,
    previous_receipt_public_keys,
    receipt_public_key_info,
    receipt_signing_key,
    trusted_receipt_public_keys,
)
from lentera.bidding.services import tender_keys_create
from lentera.bidding.services.decrypt import check_receipt

from .factories import clock_at, give_opening_keys, make_tender, open_envelope, submit_bid

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(settings, monkeypatch):
    """Three fresh Ed25519 keys; the server starts on A with no previous keys. Caches cleared both ways."""
    monkeypatch.delenv("LENTERA_RECEIPT_SIGNING_KEY", raising=False)
    monkeypatch.delenv("LENTERA_RECEIPT_PREVIOUS_KEYS", raising=False)
    a, b, c = (ServerSigningKey.generate() for _ in range(3))
    settings.LENTERA_RECEIPT_SIGNING_KEY = a.private_pem().decode("ascii")
    settings.LENTERA_RECEIPT_PREVIOUS_KEYS = ""
    clear_key_caches()
    yield a, b, c
    clear_key_caches()


def _serve(settings, current: ServerSigningKey, previous: str = "") -> None:
    """What an operator does: new key in the environment, previous keys listed, every app server restarted."""
    settings.LENTERA_RECEIPT_SIGNING_KEY = current.private_pem().decode("ascii")
    settings.LENTERA_RECEIPT_PREVIOUS_KEYS = previous
    clear_key_caches()


def _b64(key: ServerSigningKey) -> str:
    return base64.b64encode(key.public_bytes()).decode("ascii")


@pytest.fixture
def world(media_root, monkeypatch):
    monkeypatch.setattr(integration, "offers_record_opened", lambda **kw: None)
    w = make_tender(members=3, providers=2)
    give_opening_keys(w.members)
    tender_keys_create(actor=w.members[0], tender=w.tender)
    return w


def _open(world):
    with clock_at(world.deadline + dt.timedelta(minutes=5)):
        progress = open_envelope(world, members=world.members[:2])
    assert progress is not None and progress.opened
    return {o.submission_id: o for o in OpenedBid.objects.all()}


def test_bid_accepted_under_old_key_is_ok_after_rotation_with_old_key_as_previous(world, keys, settings):
    a, b, _c = keys
    first = submit_bid(world, 0, price="900000000")
    assert first.receipt["public_key"] == _b64(a)
    _serve(settings, b, previous=_b64(a))
    second = submit_bid(world, 1, price="800000000")
    assert second.receipt["public_key"] == _b64(b), "new receipts are signed with the new key"
    assert check_receipt(BidSubmission.objects.get(pk=first.pk)) == (True, "")
    bids = _open(world)
    assert bids[first.pk].receipt_ok and bids[second.pk].receipt_ok
    assert all(o.all_parts_ok for o in bids.values())
    assert not OpeningProblem.objects.exists()


def test_rotation_without_listing_the_old_key_refuses_and_names_its_fingerprint(world, keys, settings):
    a, b, _c = keys
    first = submit_bid(world, 0)
    _serve(settings, b)
    ok, detail = check_receipt(BidSubmission.objects.get(pk=first.pk))
    assert not ok
    assert public_key_fingerprint(a.public_bytes()) in detail
    assert "LENTERA_RECEIPT_PREVIOUS_KEYS" in detail
    bids = _open(world)
    assert not bids[first.pk].receipt_ok
    problem = OpeningProblem.objects.get(opened_bid=bids[first.pk])
    assert public_key_fingerprint(a.public_bytes()) in problem.description


def test_validly_signed_receipt_from_an_untrusted_key_is_refused(world, keys, settings):
    a, b, c = keys
    sub = submit_bid(world, 0)
    _serve(settings, b, previous=_b64(a))
    forged = c.sign_receipt(sub.receipt["payload"])  # same payload, valid signature, key nobody trusts
    BidSubmission.objects.filter(pk=sub.pk).update(receipt=forged, receipt_sha256=receipt_hash(forged))
    ok, detail = check_receipt(BidSubmission.objects.get(pk=sub.pk))
    assert not ok
    assert public_key_fingerprint(c.public_bytes()) in detail
    assert "tidak dipercaya" in detail
    assert not _open(world)[sub.pk].receipt_ok


def test_previous_keys_accept_base64_pem_text_and_pem_files_separated_by_commas_and_newlines(
    keys, settings, tmp_path
):
    a, b, c = keys
    d = ServerSigningKey.generate()
    path = tmp_path / "old-receipt-key.pem"
    path.write_bytes(c.public_pem())
    value = f"{_b64(a)},\n{b.public_pem().decode()}\n{path}, {_b64(d)}\n\n"
    _serve(settings, ServerSigningKey.generate(), previous=value)
    assert previous_receipt_public_keys() == tuple(k.public_bytes() for k in (a, b, c, d))
    assert trusted_receipt_public_keys()[0] == receipt_signing_key().public_bytes()
    assert len(trusted_receipt_public_keys()) == 5


def test_previous_keys_are_read_from_the_environment(keys, settings, monkeypatch):
    a, b, _c = keys
    del settings.LENTERA_RECEIPT_PREVIOUS_KEYS
    monkeypatch.setenv("LENTERA_RECEIPT_PREVIOUS_KEYS", _b64(a))
    _serve_without_setting = b.private_pem().decode("ascii")
    settings.LENTERA_RECEIPT_SIGNING_KEY = _serve_without_setting
    clear_key_caches()
    assert trusted_receipt_public_keys() == (b.public_bytes(), a.public_bytes())


def test_cache_holds_until_cleared(keys, settings):
    a, b, _c = keys
    assert previous_receipt_public_keys() == ()
    settings.LENTERA_RECEIPT_PREVIOUS_KEYS = _b64(b)
    assert previous_receipt_public_keys() == (), "cached per process, like the signing key"
    clear_key_caches()
    assert previous_receipt_public_keys() == (b.public_bytes(),)
    assert a.public_bytes() == receipt_signing_key().public_bytes()


@pytest.mark.parametrize(
    "value",
    [
        "not-a-key",
        base64.b64encode(b"x" * 31).decode(),  # base64, wrong length
        "/nonexistent/old-receipt-key.pem",
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----",  # truncated PEM
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA",  # BEGIN without END
    ],
)
def test_malformed_previous_keys_raise_improperly_configured(keys, settings, value):
    a, _b, _c = keys
    _serve(settings, ServerSigningKey.generate(), previous=f"{_b64(a)},{value}")
    with pytest.raises(ImproperlyConfigured, match="LENTERA_RECEIPT_PREVIOUS_KEYS"):
        trusted_receipt_public_keys()


def test_a_private_key_among_previous_keys_is_refused_without_echoing_it(keys, settings, tmp_path):
    a, b, _c = keys
    pem = a.private_pem().decode("ascii")
    _serve(settings, b, previous=pem)
    with pytest.raises(ImproperlyConfigured, match="PUBLIC half") as exc:
        previous_receipt_public_keys()
    body = pem.splitlines()[1]
    assert body not in str(exc.value)
    path = tmp_path / "oops.pem"
    path.write_text(pem)
    _serve(settings, b, previous=str(path))
    with pytest.raises(ImproperlyConfigured, match="PUBLIC half") as exc:
        previous_receipt_public_keys()
    assert body not in str(exc.value)


def test_non_ed25519_public_key_is_refused(keys, settings):
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    ec_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    _serve(settings, keys[1], previous=ec_pem)
    with pytest.raises(ImproperlyConfigured, match="Ed25519"):
        previous_receipt_public_keys()


def test_public_page_pem_and_api_list_previous_keys(client, keys, settings):
    a, b, c = keys
    _serve(settings, b, previous=f"{_b64(a)},{_b64(c)}")
    fa, fb, fc = (public_key_fingerprint(k.public_bytes()) for k in (a, b, c))
    page = client.get(reverse("bidding:receipt_key"))
    assert page.status_code == 200
    html = page.content.decode()
    assert fb in html and fa in html and fc in html
    assert html.index(fb) < html.index(fa) < html.index(fc), "current key first, then previous ones in order"
    assert a.public_pem().decode() in html and c.public_pem().decode() in html

    api = client.get("/api/v1/bidding/receipt-key").json()
    assert api["fingerprint"] == fb and api["public_key_pem"] == b.public_pem().decode()
    assert [k["fingerprint"] for k in api["previous_keys"]] == [fa, fc]
    assert api["previous_keys"][0] == {
        "public_key_pem": a.public_pem().decode(),
        "public_key_b64": _b64(a),
        "fingerprint": fa,
    }
    assert receipt_public_key_info()["previous_keys"] == api["previous_keys"]

    url = reverse("bidding:receipt_key_pem")
    assert client.get(url).content == b.public_pem()
    old = client.get(url, {"sidik": fa})
    assert old.status_code == 200 and old.content == a.public_pem()
    assert "lentera-receipt-key-" in old["Content-Disposition"]
    assert client.get(url, {"sidik": "0000:0000"}).status_code == 404


def test_page_without_previous_keys_has_no_previous_section(client, keys):
    page = client.get(reverse("bidding:receipt_key"))
    assert b"previous-keys" not in page.content
    assert client.get("/api/v1/bidding/receipt-key").json()["previous_keys"] == []


def test_offline_verifier_accepts_an_old_receipt_with_repeated_public_key(world, keys, settings, tmp_path):
    a, b, _c = keys
    sub = submit_bid(world, 0)
    _serve(settings, b, previous=_b64(a))
    receipt = tmp_path / "tanda-terima.json"
    receipt.write_text(json.dumps(sub.receipt))
    current, old = tmp_path / "current.pem", tmp_path / "old.pem"
    current.write_bytes(b.public_pem())
    old.write_bytes(a.public_pem())

    def run(*args: str) -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out):
            status = receipt_verify.main([str(receipt), *args])
        return status, out.getvalue()

    status, out = run("--public-key", str(current))
    assert status == 1 and "INVALID" in out
    status, out = run("--public-key", str(current), "--public-key", str(old))
    assert status == 0 and out.startswith("VALID")
    assert public_key_fingerprint(a.public_bytes()) in out


def test_system_check_reports_malformed_previous_keys(keys, settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.LENTERA_RECEIPT_PREVIOUS_KEYS = "bukan-kunci"
    with pytest.raises(SystemCheckError, match="bidding.E001"):
        call_command("check")
    settings.LENTERA_RECEIPT_PREVIOUS_KEYS = _b64(keys[1])
    call_command("check")
