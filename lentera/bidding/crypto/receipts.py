"""Ed25519-signed receipts that bidders can verify offline.

A receipt is a JSON object::

    {"payload": {...}, "signature": "<base64>", "public_key": "<base64 raw 32 bytes>",
     "algorithm": "Ed25519", "canonical": "json-sorted-compact-utf8"}

The signature covers the canonical JSON of ``payload`` only: keys sorted,
separators ``(",", ":")``, ``ensure_ascii=False``, UTF-8. To keep the encoding
reproducible in any language, payload values may be strings, integers,
booleans, null, lists and objects with string keys - floats are refused (write
amounts as integer Rupiah or decimal strings). Put a ``"type"`` field in the
payload and use the signing key for receipts only.

This module must stay importable without Django (the offline CLI uses it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Collection, Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

ALGORITHM = "Ed25519"
CANONICAL = "json-sorted-compact-utf8"
RECEIPT_FIELDS = frozenset({"payload", "signature", "public_key", "algorithm", "canonical"})


class ServerSigningKey:
    """The server's Ed25519 receipt-signing key, with PEM load/save helpers."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            raise TypeError("an Ed25519 private key is required")
        self.private_key = private_key

    @classmethod
    def generate(cls) -> ServerSigningKey:
        """Create a new random signing key."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: bytes, password: bytes | None = None) -> ServerSigningKey:
        """Load a PKCS#8 PEM private key; raise ``TypeError`` if it is not Ed25519."""
        key = load_pem_private_key(pem, password=password)
        if not isinstance(key, Ed25519PrivateKey):
            raise TypeError("PEM does not hold an Ed25519 private key")
        return cls(key)

    def private_pem(self, password: bytes | None = None) -> bytes:
        """Serialise the private key as PKCS#8 PEM, encrypted if ``password`` is given."""
        encryption = BestAvailableEncryption(password) if password else NoEncryption()
        return self.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)

    def public_bytes(self) -> bytes:
        """Raw 32-byte public key (what receipts embed)."""
        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def public_pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM of the public key, for publication."""
        return self.private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)

    def sign_receipt(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Shortcut for :func:`sign_receipt` with this key."""
        return sign_receipt(self, payload)


def _reject_unstable(value: Any, path: str = "payload") -> None:
    if isinstance(value, float):
        raise ValueError(f"{path}: floats are not allowed in signed JSON; use int or str")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: object keys must be strings")
            _reject_unstable(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _reject_unstable(item, f"{path}[{i}]")


def canonical_json(value: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, compact separators, UTF-8, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def public_key_fingerprint(public_key: bytes) -> str:
    """Short human-comparable fingerprint: first 32 hex chars of sha256, in groups of 4."""
    digest = hashlib.sha256(public_key).hexdigest()[:32]
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def sign_receipt(
    private_key: Ed25519PrivateKey | ServerSigningKey, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """Sign ``payload`` and return the receipt dict (see module docstring)."""
    key = private_key.private_key if isinstance(private_key, ServerSigningKey) else private_key
    if not isinstance(payload, Mapping):
        raise TypeError("payload must be a mapping")
    _reject_unstable(payload)
    payload_dict = json.loads(canonical_json(dict(payload)))  # detached copy, JSON types only
    signature = key.sign(canonical_json(payload_dict))
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {
        "payload": payload_dict,
        "signature": base64.b64encode(signature).decode("ascii"),
        "public_key": base64.b64encode(public).decode("ascii"),
        "algorithm": ALGORITHM,
        "canonical": CANONICAL,
    }


TrustedKeys = bytes | Collection[bytes] | None


def _trusted_set(trusted: TrustedKeys) -> frozenset[bytes] | None:
    if trusted is None:
        return None
    if isinstance(trusted, bytes | bytearray | memoryview):
        return frozenset({bytes(trusted)})
    return frozenset(bytes(k) for k in trusted)


def receipt_error(receipt: Any, trusted_public_key: TrustedKeys = None) -> str | None:
    """Return ``None`` if the receipt verifies, else a short reason. Never raises.

    ``trusted_public_key`` is one raw public key or a collection of them (the current and previous server keys
    after a rotation); the receipt must be signed by one of them.
    """
    trusted = _trusted_set(trusted_public_key)
    try:
        if not isinstance(receipt, Mapping) or set(receipt) != RECEIPT_FIELDS:
            return "not a receipt (unexpected fields)"
        if receipt["algorithm"] != ALGORITHM:
            return "unsupported algorithm"
        if receipt["canonical"] != CANONICAL:
            return "unsupported canonicalisation"
        if not isinstance(receipt["payload"], Mapping):
            return "payload is not an object"
        public = base64.b64decode(receipt["public_key"], validate=True)
        signature = base64.b64decode(receipt["signature"], validate=True)
        if len(public) != 32 or len(signature) != 64:
            return "bad key or signature length"
        if trusted is not None and public not in trusted:
            return "signed by a key other than the trusted server key"
        _reject_unstable(receipt["payload"])
        Ed25519PublicKey.from_public_bytes(public).verify(signature, canonical_json(receipt["payload"]))
    except InvalidSignature:
        return "signature does not match the payload"
    except (binascii.Error, TypeError, ValueError, KeyError):
        return "malformed receipt"
    return None


def verify_receipt(receipt: Any, trusted_public_key: TrustedKeys = None) -> bool:
    """True if the signature is valid (and, if given, made by ``trusted_public_key`` or one of them).

    Without ``trusted_public_key`` this only proves the receipt is consistent with
    the key embedded in it; compare that key with the one LPSE publishes.
    """
    return receipt_error(receipt, trusted_public_key) is None


def receipt_hash(receipt: Mapping[str, Any]) -> str:
    """sha256 hex of the canonical JSON of the whole receipt (for the audit chain)."""
    return hashlib.sha256(canonical_json(dict(receipt))).hexdigest()


def public_key_pem(public_key: bytes) -> bytes:
    """SubjectPublicKeyInfo PEM of a raw 32-byte Ed25519 public key."""
    key = Ed25519PublicKey.from_public_bytes(bytes(public_key))
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)


def load_public_key(data: bytes | str) -> bytes:
    """Parse an Ed25519 public key given as PEM or base64 of the raw 32 bytes."""
    text = data.decode("ascii", "strict") if isinstance(data, bytes) else data
    text = text.strip()
    if "BEGIN PUBLIC KEY" in text:
        key = load_pem_public_key(text.encode("ascii"))
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("PEM does not hold an Ed25519 public key")
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = base64.b64decode(text, validate=True)
    if len(raw) != 32:
        raise ValueError("raw Ed25519 public key must be 32 bytes")
    return raw
