"""Keys the server itself holds: the Ed25519 receipt signing key and the secret behind opening-time wrapping.

Receipt signing key (``LENTERA_RECEIPT_SIGNING_KEY``):

* production: the environment variable holds the PEM text or the path of a PEM file (PKCS#8 Ed25519, optionally
  encrypted with ``LENTERA_RECEIPT_SIGNING_KEY_PASSWORD``). It is never read from the database or the file
  storage, so a database or storage backup cannot forge receipts. A production settings module without it
  refuses to sign (no silent fallback).
* development and tests: generated once into ``VAR_DIR/keys/receipt_signing_key.pem`` (mode 0600; ``var/`` is
  not committed).

Server wrapping secret (``LENTERA_OPENING_SECRET``, falling back to ``SECRET_KEY``): HKDF-SHA256 derives from it
the keys that protect (a) the shares members deposit into an opening session until the threshold is reached and
(b) the rebuilt envelope key after the opening, so the Pokja can read opened bids during evaluation. See
docs/sealing.md, "Django-level design", for what this does and does not protect.
"""

from __future__ import annotations

import base64
import functools
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .crypto import ServerSigningKey, public_key_fingerprint

DEV_KEY_NAME = "receipt_signing_key.pem"


def _configured_value() -> str:
    return str(
        getattr(settings, "LENTERA_RECEIPT_SIGNING_KEY", "")
        or os.environ.get("LENTERA_RECEIPT_SIGNING_KEY", "")
    ).strip()


def _is_production() -> bool:
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return module.endswith(".production") or bool(getattr(settings, "LENTERA_REQUIRE_RECEIPT_KEY", False))


def dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / "keys" / DEV_KEY_NAME


def _load_or_create_dev_key() -> ServerSigningKey:
    path = dev_key_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        key = ServerSigningKey.generate()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.private_pem())
                handle.flush()
                os.fsync(handle.fileno())
            return key
    return ServerSigningKey.from_pem(path.read_bytes())


@functools.cache
def receipt_signing_key() -> ServerSigningKey:
    """The server's Ed25519 receipt key (cached per process)."""
    value = _configured_value()
    password = os.environ.get("LENTERA_RECEIPT_SIGNING_KEY_PASSWORD", "").encode() or None
    if value:
        pem = value.encode() if "-----BEGIN" in value else Path(value).read_bytes()
        return ServerSigningKey.from_pem(pem, password=password)
    if _is_production():
        raise ImproperlyConfigured(
            "LENTERA_RECEIPT_SIGNING_KEY must hold the receipt signing key (PEM text or path) in production."
        )
    return _load_or_create_dev_key()


def receipt_public_key_info() -> dict[str, str]:
    """What the public page and API publish: PEM, raw base64 and fingerprint of the receipt key."""
    key = receipt_signing_key()
    return {
        "algorithm": "Ed25519",
        "public_key_pem": key.public_pem().decode("ascii"),
        "public_key_b64": base64.b64encode(key.public_bytes()).decode("ascii"),
        "fingerprint": public_key_fingerprint(key.public_bytes()),
    }


# ------------------------------------------------------------------ server-secret wrapping


def _server_secret() -> bytes:
    secret = getattr(settings, "LENTERA_OPENING_SECRET", "") or os.environ.get("LENTERA_OPENING_SECRET", "")
    secret = secret or settings.SECRET_KEY
    if not secret:
        raise ImproperlyConfigured("SECRET_KEY (or LENTERA_OPENING_SECRET) is required to open bids.")
    return secret.encode("utf-8")


def _derive(purpose: bytes, salt: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"lentera bidding v1|" + purpose
    ).derive(_server_secret())


class ServerUnwrapFailed(Exception):
    """A server-wrapped value does not open (wrong secret, wrong context, or edited)."""


def server_wrap(plaintext: bytes, *, purpose: bytes, salt: bytes, aad: bytes) -> str:
    """AES-256-GCM under a key derived from the server secret; returns base64(nonce || ciphertext)."""
    nonce = os.urandom(12)
    sealed = AESGCM(_derive(purpose, salt)).encrypt(nonce, plaintext, aad)
    return base64.b64encode(nonce + sealed).decode("ascii")


def server_unwrap(wrapped: str, *, purpose: bytes, salt: bytes, aad: bytes) -> bytes:
    """Reverse :func:`server_wrap`; raise :class:`ServerUnwrapFailed` on any mismatch."""
    try:
        raw = base64.b64decode(wrapped.encode("ascii"), validate=True)
        return AESGCM(_derive(purpose, salt)).decrypt(raw[:12], raw[12:], aad)
    except (InvalidTag, ValueError) as exc:
        raise ServerUnwrapFailed(str(exc)) from None
