"""Tests of the sealed bidding room crypto core (no Django, no database)."""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lentera.bidding import crypto
from lentera.bidding.crypto import keys, receipts, shamir, stream

FAST_KDF = keys.KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PROJECT_ROOT = Path(__file__).resolve().parents[3]
AAD = b"tender=42|envelope=1|bidder=7|part=penawaran"


@pytest.fixture(scope="module")
def envelope() -> tuple[bytes, bytes]:
    return keys.generate_envelope_keypair()


# ------------------------------------------------------------------ Shamir


@pytest.mark.parametrize(("threshold", "count"), [(2, 3), (3, 5), (4, 7)])
def test_split_combine_every_quorum(threshold: int, count: int) -> None:
    private, public = keys.generate_envelope_keypair()
    shares = shamir.split_secret(private, threshold, count)
    assert [s.index for s in shares] == list(range(1, count + 1))
    for quorum in itertools.combinations(shares, threshold):
        assert shamir.combine_shares(quorum) == private
        assert shamir.rebuild_private_key(quorum, public) == private
    assert shamir.combine_shares(shares) == private  # more than threshold also works


@pytest.mark.parametrize(("threshold", "count"), [(2, 3), (3, 5), (4, 7)])
def test_fewer_than_threshold_gives_wrong_key(threshold: int, count: int) -> None:
    private, public = keys.generate_envelope_keypair()
    shares = shamir.split_secret(private, threshold, count)
    for subset in itertools.combinations(shares, threshold - 1):
        candidate = shamir.combine_shares(subset)
        assert candidate != private
        assert not keys.private_matches_public(candidate, public)
        with pytest.raises(shamir.ShareReconstructionFailed):
            shamir.rebuild_private_key(subset, public)


def test_split_rejects_unsafe_parameters() -> None:
    private, _ = keys.generate_envelope_keypair()
    with pytest.raises(ValueError):
        shamir.split_secret(private, 1, 3)  # a single share (e.g. the witness) must never suffice
    with pytest.raises(ValueError):
        shamir.split_secret(private, 4, 3)
    with pytest.raises(ValueError):
        shamir.split_secret(private[:16], 2, 3)
    shares = shamir.split_secret(private, 2, 3)
    with pytest.raises(ValueError):
        shamir.combine_shares([shares[0], shares[0]])


def test_share_sealed_to_member_key() -> None:
    private, public = keys.generate_envelope_keypair()
    member = keys.create_member_key("kunci pembuka pokja", FAST_KDF)
    share = shamir.split_secret(private, 2, 3)[1]
    sealed = shamir.seal_share(share, member.public_key, b"envelope-9")
    member_private = keys.unwrap_member_key(member, "kunci pembuka pokja")
    opened = shamir.open_share(member_private, sealed, b"envelope-9")
    assert opened == share and shamir.Share.from_bytes(share.to_bytes()) == share
    assert share.value.hex() not in repr(share) and repr(share.value) not in repr(share)
    with pytest.raises(keys.DecryptionFailed):
        shamir.open_share(member_private, sealed, b"envelope-10")


# ------------------------------------------------------------ single-shot HPKE


def test_seal_open_small_payload() -> None:
    private, public = keys.generate_envelope_keypair()
    sealed = keys.seal_to_public_key(public, b"harga penawaran", info=b"ctx")
    assert keys.open_with_private_key(private, sealed, info=b"ctx") == b"harga penawaran"
    other_private, _ = keys.generate_envelope_keypair()
    for key, info, data in [
        (other_private, b"ctx", sealed),
        (private, b"other", sealed),
        (private, b"ctx", sealed[:-1] + bytes([sealed[-1] ^ 1])),
        (private, b"ctx", bytes([sealed[0] ^ 1]) + sealed[1:]),
        (private, b"ctx", sealed[:20]),
    ]:
        with pytest.raises(keys.DecryptionFailed):
            keys.open_with_private_key(key, data, info=info)


# ------------------------------------------------------------- member keys


def test_member_key_round_trip_through_json() -> None:
    bundle = keys.create_member_key("Sandi-Pembuka 2025", FAST_KDF)
    stored = json.loads(json.dumps(bundle.to_dict()))
    private = keys.unwrap_member_key(stored, "Sandi-Pembuka 2025")
    assert keys.private_matches_public(private, bundle.public_key)
    assert keys.MemberKeyBundle.from_dict(stored) == bundle


def test_wrong_passphrase() -> None:
    bundle = keys.create_member_key("benar", FAST_KDF)
    with pytest.raises(keys.WrongPassphrase) as excinfo:
        keys.unwrap_member_key(bundle, "salah")
    assert str(excinfo.value) == "wrong passphrase"
    assert excinfo.value.__cause__ is None and excinfo.value.__context__ is None


def test_tampered_bundle_does_not_open() -> None:
    data = keys.create_member_key("benar", FAST_KDF).to_dict()
    lowered = json.loads(json.dumps(data))
    lowered["kdf"]["memory_cost_kib"] = 16 * 1024  # parameters are bound into the AAD
    with pytest.raises(keys.WrongPassphrase):
        keys.unwrap_member_key(lowered, "benar")
    swapped = dict(data, public_key=base64.b64encode(keys.generate_envelope_keypair()[1]).decode())
    with pytest.raises(keys.WrongPassphrase):
        keys.unwrap_member_key(swapped, "benar")
    for broken in [{}, dict(data, salt="***"), dict(data, version=99), dict(data, kdf={"name": "scrypt"})]:
        with pytest.raises(keys.InvalidKeyBundle):
            keys.unwrap_member_key(broken, "benar")
    huge = json.loads(json.dumps(data))
    huge["kdf"]["memory_cost_kib"] = 64 * 1024 * 1024  # refuse a 64 GiB KDF (DoS)
    with pytest.raises(keys.InvalidKeyBundle):
        keys.unwrap_member_key(huge, "benar")


def test_passphrase_is_unicode_normalised_and_rewrappable() -> None:
    bundle = keys.create_member_key("kata sandi caf\u00e9", FAST_KDF)
    private = keys.unwrap_member_key(bundle, "kata sandi cafe\u0301")  # NFD form of the same text
    new = keys.rewrap_member_key(bundle, "kata sandi caf\u00e9", "yang baru", keys.KdfParams(2, 16 * 1024, 1))
    assert new.public_key == bundle.public_key and new.kdf.time_cost == 2
    assert keys.unwrap_member_key(new, "yang baru") == private


def test_member_key_with_default_parameters() -> None:
    bundle = keys.create_member_key("parameter bawaan")
    assert bundle.kdf == keys.KdfParams(time_cost=3, memory_cost=64 * 1024, parallelism=1)
    assert bundle.to_dict()["kdf"]["memory_cost_kib"] == 65536
    assert keys.private_matches_public(
        keys.unwrap_member_key(bundle.to_dict(), "parameter bawaan"), bundle.public_key
    )


def test_package_reexports_public_api() -> None:
    for name in crypto.__all__:
        assert getattr(crypto, name) is not None
    assert crypto.SealingWriter is stream.SealingWriter and crypto.split_secret is shamir.split_secret


def test_module_default_kdf_is_overridable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "DEFAULT_KDF_PARAMS", FAST_KDF)
    assert keys.create_member_key("cepat").kdf == FAST_KDF


# ----------------------------------------------------------------- streams


def seal(
    public: bytes, data: bytes, chunk_size: int, pieces: int = 1, aad: bytes = AAD
) -> tuple[bytes, object]:
    sink = io.BytesIO()
    writer = stream.SealingWriter(public, sink, chunk_size, aad_context=aad)
    step = max(1, len(data) // pieces)
    for start in range(0, len(data), step):
        writer.write(data[start : start + step])
    info = writer.close()
    return sink.getvalue(), info


def unseal(private: bytes, sealed: bytes, aad: bytes = AAD) -> bytes:
    out = io.BytesIO()
    stream.open_sealed_stream(private, io.BytesIO(sealed), out, aad)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 3 * 1024 + 17])
def test_stream_round_trip_boundaries(envelope: tuple[bytes, bytes], size: int) -> None:
    private, public = envelope
    data = os.urandom(size)
    sealed, info = seal(public, data, 1024, pieces=3)
    assert info.plaintext_size == size
    assert info.sealed_size == len(sealed)
    assert info.chunk_count == max(1, -(-size // 1024))
    assert len(sealed) == stream.HEADER_SIZE + size + stream.TAG_SIZE * info.chunk_count
    out = io.BytesIO()
    opened = stream.open_sealed_stream(private, io.BytesIO(sealed), out, AAD)
    assert out.getvalue() == data
    assert opened == info
    assert stream.hash_sealed_stream(io.BytesIO(sealed)) == (info.sha256, info.sealed_size)


def test_stream_default_chunk_size(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    data = os.urandom(3 * 64 * 1024 + 17)
    sink = io.BytesIO()
    with stream.SealingWriter(public, sink, aad_context=AAD) as writer:
        writer.write(data)
    assert writer.info is not None and writer.info.chunk_count == 4
    assert unseal(private, sink.getvalue()) == data


@settings(max_examples=30, deadline=None)
@given(
    data=st.binary(max_size=600),
    chunk_size=st.integers(min_value=1, max_value=97),
    pieces=st.integers(min_value=1, max_value=7),
)
def test_stream_round_trip_random(
    envelope: tuple[bytes, bytes], data: bytes, chunk_size: int, pieces: int
) -> None:
    private, public = envelope
    sealed, info = seal(public, data, chunk_size, pieces)
    assert unseal(private, sealed) == data
    assert info.chunk_count == max(1, -(-len(data) // chunk_size))


def test_every_flipped_byte_is_caught(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    chunk = 64
    sealed, _ = seal(public, os.urandom(3 * chunk + 17), chunk)
    assert len(sealed) == stream.HEADER_SIZE + 3 * chunk + 17 + 4 * stream.TAG_SIZE
    for position in range(len(sealed)):  # header, chunk bodies, tags, last chunk
        tampered = bytearray(sealed)
        tampered[position] ^= 0x01
        with pytest.raises(stream.SealedDataCorrupt) as excinfo:
            unseal(private, bytes(tampered))
        if position < stream.HEADER_SIZE:
            assert excinfo.value.chunk_index in (None, 0)
        else:
            assert excinfo.value.chunk_index == (position - stream.HEADER_SIZE) // (chunk + stream.TAG_SIZE)


@settings(max_examples=30, deadline=None)
@given(size=st.integers(0, 300), chunk_size=st.integers(1, 64), where=st.floats(0, 1), bit=st.integers(0, 7))
def test_random_bit_flip_is_caught(
    envelope: tuple[bytes, bytes], size: int, chunk_size: int, where: float, bit: int
) -> None:
    private, public = envelope
    sealed, _ = seal(public, os.urandom(size), chunk_size)
    tampered = bytearray(sealed)
    tampered[min(int(where * len(sealed)), len(sealed) - 1)] ^= 1 << bit
    with pytest.raises(stream.SealedDataCorrupt):
        unseal(private, bytes(tampered))


def test_truncation_is_caught(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    chunk = 100
    for size in (3 * chunk, 3 * chunk + 17):
        sealed, info = seal(public, os.urandom(size), chunk)
        last_len = size - (info.chunk_count - 1) * chunk + stream.TAG_SIZE
        with pytest.raises(stream.SealedDataCorrupt, match="truncated") as excinfo:
            unseal(private, sealed[:-last_len])  # drop the whole final chunk
        assert excinfo.value.chunk_index == info.chunk_count - 2
        for cut in (1, stream.TAG_SIZE, last_len + 1, len(sealed) - stream.HEADER_SIZE, len(sealed) - 3):
            with pytest.raises(stream.SealedDataCorrupt):
                unseal(private, sealed[:-cut])
    with pytest.raises(stream.SealedDataCorrupt, match="without a final chunk"):
        unseal(private, sealed[: stream.HEADER_SIZE])


def test_swapped_and_duplicated_chunks_are_caught(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    chunk = 50
    sealed, _ = seal(public, os.urandom(4 * chunk + 5), chunk)
    body = sealed[stream.HEADER_SIZE :]
    block = chunk + stream.TAG_SIZE
    parts = [body[i : i + block] for i in range(0, len(body), block)]
    for order in ([1, 0, 2, 3, 4], [0, 2, 1, 3, 4], [0, 1, 2, 4, 3], [0, 0, 1, 2, 3, 4], [0, 1, 2, 4]):
        with pytest.raises(stream.SealedDataCorrupt):
            unseal(private, sealed[: stream.HEADER_SIZE] + b"".join(parts[i] for i in order))


def test_trailing_garbage_wrong_key_and_wrong_context(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    for size in (64, 70):  # final chunk full / partial
        sealed, _ = seal(public, os.urandom(size), 64)
        for garbage in (b"x", os.urandom(200)):
            with pytest.raises(stream.SealedDataCorrupt):
                unseal(private, sealed + garbage)
    sealed, _ = seal(public, b"data", 64)
    with pytest.raises(stream.SealedDataCorrupt) as excinfo:
        unseal(keys.generate_envelope_keypair()[0], sealed)
    assert excinfo.value.chunk_index == 0
    with pytest.raises(stream.SealedDataCorrupt):
        unseal(private, sealed, aad=AAD + b"|other-bidder")
    with pytest.raises(stream.SealedDataCorrupt, match="magic"):
        unseal(private, b"NOTSEALED" + sealed)


def test_reader_releases_only_verified_prefix(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    data = os.urandom(5 * 40)
    sealed, _ = seal(public, data, 40)
    tampered = bytearray(sealed)
    tampered[stream.HEADER_SIZE + 2 * (40 + stream.TAG_SIZE) + 3] ^= 0x80  # inside chunk 2
    reader = stream.SealingReader(private, io.BytesIO(bytes(tampered)), AAD)
    received = []
    with pytest.raises(stream.SealedDataCorrupt) as excinfo:
        for piece in reader.chunks():
            received.append(piece)
    assert excinfo.value.chunk_index == 2
    assert b"".join(received) == data[:80]
    assert reader.info is None


def test_aborted_writer_cannot_be_opened(envelope: tuple[bytes, bytes]) -> None:
    private, public = envelope
    sink = io.BytesIO()
    with pytest.raises(RuntimeError), stream.SealingWriter(public, sink, 16, aad_context=AAD) as writer:
        writer.write(os.urandom(100))
        raise RuntimeError("upload interrupted")
    with pytest.raises(stream.SealedDataCorrupt, match="truncated"):
        unseal(private, sink.getvalue())
    with pytest.raises(ValueError):
        writer.close()


class _DiscardSink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def test_sealing_50_mb_keeps_memory_flat(envelope: tuple[bytes, bytes]) -> None:
    _, public = envelope
    block = os.urandom(100 * 1024)  # 100 KiB pieces: deliberately not aligned with 64 KiB chunks
    upload = (block for _ in range(512))  # 50 MiB from a generator
    sink = _DiscardSink()
    tracemalloc.start()
    try:
        writer = stream.SealingWriter(public, sink, aad_context=AAD)  # type: ignore[arg-type]
        for piece in upload:
            writer.write(piece)
        info = writer.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.plaintext_size == 50 * 1024 * 1024 and sink.size == info.sealed_size
    assert peak < 2 * 1024 * 1024, f"tracemalloc peak {peak} bytes"


# ---------------------------------------------------------------- receipts


PAYLOAD = {
    "type": "lentera.bid-receipt.v1",
    "tender": "SPSE-2025-000123",
    "bidder": "PT Maju Jaya Sentosa",
    "received_at": "2025-03-04T10:15:00+07:00",
    "parts": [{"name": "penawaran harga", "sha256": "ab" * 32, "size": 123456}],
    "note": "Pengadaan jalan desa \u2013 Kabupaten Bantul",
}


def test_receipt_sign_verify_and_key_pem_round_trip() -> None:
    key = receipts.ServerSigningKey.generate()
    receipt = receipts.sign_receipt(key, PAYLOAD)
    assert set(receipt) == {"payload", "signature", "public_key", "algorithm", "canonical"}
    assert receipt["algorithm"] == "Ed25519" and receipt["canonical"] == "json-sorted-compact-utf8"
    assert receipts.verify_receipt(receipt)
    assert receipts.verify_receipt(json.loads(json.dumps(receipt, indent=2)), key.public_bytes())
    assert not receipts.verify_receipt(receipt, receipts.ServerSigningKey.generate().public_bytes())
    assert len(receipts.receipt_hash(receipt)) == 64
    assert receipts.receipt_hash(receipt) == receipts.receipt_hash(json.loads(json.dumps(receipt)))
    with pytest.raises(ValueError):
        receipts.sign_receipt(key, {"amount": 1.5})
    loaded = receipts.ServerSigningKey.from_pem(key.private_pem())
    assert loaded.public_bytes() == key.public_bytes()
    locked = receipts.ServerSigningKey.from_pem(key.private_pem(b"pw"), password=b"pw")
    assert receipts.verify_receipt(locked.sign_receipt(PAYLOAD), key.public_bytes())


def test_tampered_receipt_fails() -> None:
    key = receipts.ServerSigningKey.generate()
    receipt = receipts.sign_receipt(key, PAYLOAD)
    changed = json.loads(json.dumps(receipt))
    changed["payload"]["parts"][0]["size"] = 123457
    assert not receipts.verify_receipt(changed)
    assert receipts.receipt_hash(changed) != receipts.receipt_hash(receipt)
    for mutate in (
        lambda r: r["payload"].__setitem__("bidder", "PT Lain"),
        lambda r: r["payload"].__setitem__("extra", 1),
        lambda r: r.__setitem__("signature", base64.b64encode(b"\0" * 64).decode()),
        lambda r: r.__setitem__("public_key", base64.b64encode(key.public_bytes()[::-1]).decode()),
        lambda r: r.__setitem__("algorithm", "none"),
        lambda r: r.__setitem__("signature", "not base64!"),
        lambda r: r.pop("canonical"),
    ):
        copy = json.loads(json.dumps(receipt))
        mutate(copy)
        assert not receipts.verify_receipt(copy)
    assert not receipts.verify_receipt("not a receipt")


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lentera.bidding.receipt_verify", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )


def test_cli_valid_and_tampered(tmp_path: Path) -> None:
    key = receipts.ServerSigningKey.generate()
    receipt = receipts.sign_receipt(key, PAYLOAD)
    good = tmp_path / "receipt.json"
    good.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    pem = tmp_path / "server_pub.pem"
    pem.write_bytes(key.public_pem())

    result = _run_cli(str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("VALID") and "SPSE-2025-000123" in result.stdout
    assert "django" not in result.stderr.lower()  # importtime lists every module imported

    assert _run_cli(str(good), "--public-key", str(pem)).returncode == 0
    b64 = base64.b64encode(key.public_bytes()).decode()
    assert _run_cli(str(good), "--public-key", b64).returncode == 0
    other = base64.b64encode(receipts.ServerSigningKey.generate().public_bytes()).decode()
    assert _run_cli(str(good), "--public-key", other).returncode == 1

    receipt["payload"]["bidder"] = "PT Lain"
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(receipt), encoding="utf-8")
    result = _run_cli(str(bad))
    assert result.returncode == 1 and result.stdout.startswith("INVALID")
