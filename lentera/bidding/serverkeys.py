"""Keys the server itself holds: the Ed25519 receipt signing key and the secret behind opening-time wrapping.

Receipt signing key (``LENTERA_RECEIPT_SIGNING_KEY``):

* production: the environment variable holds the PEM text or the path of a PEM file (PKCS#8 Ed25519, optionally
  encrypted with ``LENTERA_RECEIPT_SIGNING_KEY_PASSWORD``). It is never read from the database or the file
  storage, so a database or storage backup cannot forge receipts. A production settings module without it
  refuses to sign (no silent fallback).
* development and tests: generated once into ``VAR_DIR/keys/receipt_signing_key.pem`` (mode 0600; ``var/`` is
  not committed).

Previous receipt keys (``LENTERA_RECEIPT_PREVIOUS_KEYS``): the PUBLIC halves of receipt keys used before a
rotation, separated by newlines or commas, each raw base64 (32 bytes), PEM SubjectPublicKeyInfo text or the path
of a PEM file. Receipts signed by them still verify at the opening and they are published next to the current
key. Like the signing key they come only from the settings / environment, so a database or storage backup cannot
add a trusted key. An entry that does not parse raises ``ImproperlyConfigured`` (never silently skipped).
See docs/sealing.md, "Rotating the receipt key".

Server wrapping secret (``LENTERA_OPENING_SECRET``, falling back to ``SECRET_KEY``): HKDF-SHA256 derives from it
the keys that protect (a) the shares members deposit into an opening session until the threshold is reached and
(b) the rebuilt envelope key after the opening, so the Pokja can read opened bids during evaluation. See
docs/sealing.md, "Django-level design", for what this does and does not protect.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import re
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .crypto import ServerSigningKey, load_public_key, public_key_fingerprint, public_key_pem

DEV_KEY_NAME = "receipt_signing_key.pem"
PREVIOUS_KEYS_SETTING = "LENTERA_RECEIPT_PREVIOUS_KEYS"
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.DOTALL)


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


def previous_keys_value() -> list[str]:
    value = getattr(settings, PREVIOUS_KEYS_SETTING, None)
    if value is None or value == "":
        value = os.environ.get(PREVIOUS_KEYS_SETTING, "")
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _pem_public_keys(text: str, where: str) -> list[bytes]:
    """Every PEM block of ``text``, each of which must be an Ed25519 SubjectPublicKeyInfo."""
    keys = []
    for block in _PEM_BLOCK.finditer(text):
        if block.group(1) != "PUBLIC KEY":
            raise ImproperlyConfigured(
                f"{PREVIOUS_KEYS_SETTING}: {where} is a '{block.group(1)}' PEM block; only the PUBLIC half of a "
                "previous receipt key belongs here (BEGIN PUBLIC KEY, e.g. `openssl pkey -pubout`)."
            )
        try:
            keys.append(load_public_key(block.group(0)))
        except (ValueError, TypeError, UnicodeError) as exc:
            raise ImproperlyConfigured(
                f"{PREVIOUS_KEYS_SETTING}: {where} is not an Ed25519 public key in PEM ({exc})."
            ) from None
    return keys


def _parse_entry(entry: str, number: int) -> list[bytes]:
    """One comma / newline separated entry: raw base64 of 32 bytes, or the path of a PEM file."""
    where = f"entry {number}"
    try:
        raw = base64.b64decode(entry, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) == 32:
        return [raw]
    path = Path(entry).expanduser()
    if not path.is_file():
        raise ImproperlyConfigured(
            f"{PREVIOUS_KEYS_SETTING}: {where} is neither the base64 of a 32-byte Ed25519 public key, nor PEM "
            "text, nor the path of a readable PEM file."
        )
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeError) as exc:
        raise ImproperlyConfigured(f"{PREVIOUS_KEYS_SETTING}: cannot read {path} ({where}): {exc}") from None
    keys = _pem_public_keys(text, f"{where} ({path})")
    if not keys:
        raise ImproperlyConfigured(f"{PREVIOUS_KEYS_SETTING}: {path} ({where}) holds no PEM public key.")
    return keys


def parse_previous_keys(values: list[str]) -> tuple[bytes, ...]:
    """Raw 32-byte public keys from the setting's text(s), in order, without duplicates.

    PEM blocks may stand anywhere (their own newlines do not split them); what remains is split on newlines and
    commas. Any entry that does not parse raises ``ImproperlyConfigured``.
    """
    keys: list[bytes] = []
    number = 0

    def plain(text: str) -> None:
        nonlocal number
        if "-----BEGIN" in text or "-----END" in text:
            raise ImproperlyConfigured(
                f"{PREVIOUS_KEYS_SETTING}: an incomplete PEM block (BEGIN without END)."
            )
        for entry in re.split(r"[,\r\n]+", text):
            entry = entry.strip()
            if entry:
                number += 1
                keys.extend(_parse_entry(entry, number))

    for value in values:
        end = 0
        for block in _PEM_BLOCK.finditer(value):
            plain(value[end : block.start()])
            number += 1
            keys.extend(_pem_public_keys(block.group(0), f"entry {number} (PEM text)"))
            end = block.end()
        plain(value[end:])
    return tuple(dict.fromkeys(keys))


@functools.cache
def previous_receipt_public_keys() -> tuple[bytes, ...]:
    """The public keys of earlier receipt signing keys (``LENTERA_RECEIPT_PREVIOUS_KEYS``), cached per process.

    The current key is left out even if it is listed (it is trusted anyway).
    """
    current = receipt_signing_key().public_bytes()
    return tuple(k for k in parse_previous_keys(previous_keys_value()) if k != current)


def trusted_receipt_public_keys() -> tuple[bytes, ...]:
    """Every key a receipt may be signed by: the current one first, then the previous ones."""
    return (receipt_signing_key().public_bytes(), *previous_receipt_public_keys())


def clear_key_caches() -> None:
    """Forget the cached keys (tests; a running server picks up new keys only by restarting)."""
    receipt_signing_key.cache_clear()
    previous_receipt_public_keys.cache_clear()


def _key_info(public: bytes) -> dict[str, str]:
    return {
        "public_key_pem": public_key_pem(public).decode("ascii"),
        "public_key_b64": base64.b64encode(public).decode("ascii"),
        "fingerprint": public_key_fingerprint(public),
    }


def receipt_public_key_info() -> dict[str, Any]:
    """What the public page and API publish: PEM, raw base64 and fingerprint of the receipt key, and the same
    for every previous key whose receipts are still accepted."""
    return {
        "algorithm": "Ed25519",
        **_key_info(receipt_signing_key().public_bytes()),
        "previous_keys": [_key_info(k) for k in previous_receipt_public_keys()],
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
