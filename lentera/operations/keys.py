"""The backup key pair (age X25519) and how its private half is kept.

* The PUBLIC key (``LENTERA_BACKUP_PUBLIC_KEY``, ``age1...``) is all the app servers hold: they can write
  backups but never read one.
* The private key (``AGE-SECRET-KEY-1...``) is made once by ``manage.py backup_keygen`` on an offline machine
  and either written as one age identity file (usable with the ``age`` tool too) or split into two shares, one
  per official: share 1 is random, share 2 is the key XOR share 1, so each share alone says nothing about the
  key (a one-time pad) and a restore needs both officials. See docs/operations.md, "Key custody".
* The manifest of every backup carries an HMAC made with a key derived from this install's opening secret
  (the one sealed bids are read with after an opening), so a restore refuses another install's archive.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

import pyrage
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import BackupError

SHARE_PREFIX = "LENTERA-BACKUP-KEY-SHARE"


def generate() -> tuple[str, str]:
    """A new key pair: (public recipient ``age1...``, private identity ``AGE-SECRET-KEY-1...``)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity.to_public()), str(identity)


def public_key() -> pyrage.x25519.Recipient:
    value = (getattr(settings, "LENTERA_BACKUP_PUBLIC_KEY", "") or "").strip()
    if not value:
        raise BackupError(
            "BACKUP_KEY_MISSING",
            _(
                "Kunci publik cadangan belum diatur (LENTERA_BACKUP_PUBLIC_KEY). "
                "Buat pasangan kunci dengan: manage.py backup_keygen"
            ),
        )
    try:
        return pyrage.x25519.Recipient.from_str(value)
    except Exception as exc:  # pyrage raises its own RecipientError / ValueError
        raise BackupError(
            "BACKUP_KEY_INVALID", _("Kunci publik cadangan tidak sah (harus diawali age1).")
        ) from exc


def split(identity: str) -> tuple[str, str]:
    """Two shares of the private key; both are needed to rebuild it (XOR, 2 of 2)."""
    raw = identity.encode()
    pad = secrets.token_bytes(len(raw))
    other = bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    recipient = str(pyrage.x25519.Identity.from_str(identity).to_public())
    return (f"{SHARE_PREFIX} 1/2 {recipient} {pad.hex()}", f"{SHARE_PREFIX} 2/2 {recipient} {other.hex()}")


def _bad_key() -> BackupError:
    return BackupError(
        "BACKUP_KEY_UNREADABLE",
        _("Kunci privat cadangan atau bagiannya tidak dapat dibaca. Tidak ada yang dipulihkan."),
    )


def combine(share_texts: list[str]) -> str:
    parsed = []
    for text in share_texts:
        parts = text.strip().split()
        if len(parts) != 4 or parts[0] != SHARE_PREFIX:
            raise _bad_key()
        parsed.append(parts)
    numbers = sorted(p[1] for p in parsed)
    if numbers != ["1/2", "2/2"] or parsed[0][2] != parsed[1][2]:
        raise BackupError(
            "BACKUP_KEY_SHARES",
            _("Diperlukan kedua bagian kunci (1/2 dan 2/2) dari pasangan kunci yang sama."),
        )
    try:
        a, b = (bytes.fromhex(p[3]) for p in parsed)
        identity = bytes(x ^ y for x, y in zip(a, b, strict=True)).decode()
        rebuilt = pyrage.x25519.Identity.from_str(identity)
    except Exception as exc:
        raise _bad_key() from exc
    if str(rebuilt.to_public()) != parsed[0][2]:
        raise _bad_key()
    return identity


def load_identity(*, identity_file: str | None = None, share_files: list[str] | None = None):
    """The private key from an age identity file, or from the two officials' share files."""
    try:
        if share_files:
            text = combine([Path(p).read_text() for p in share_files])
        elif identity_file:
            lines = Path(identity_file).read_text().splitlines()
            text = next(line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-"))
        else:
            raise _bad_key()
        return pyrage.x25519.Identity.from_str(text)
    except BackupError:
        raise
    except Exception as exc:
        raise _bad_key() from exc


def install_mac_key() -> bytes:
    from lentera.bidding.serverkeys import _server_secret

    return hmac.new(_server_secret(), b"lentera-backup-manifest-v1", hashlib.sha256).digest()


def manifest_mac(body: bytes) -> str:
    return hmac.new(install_mac_key(), body, hashlib.sha256).hexdigest()
