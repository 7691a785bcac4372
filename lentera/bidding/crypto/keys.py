"""Key material for the sealed bidding room.

* Tender envelope keys: one X25519 key pair per envelope; bids are sealed to the
  public half, the private half is split with Shamir (see :mod:`.shamir`).
* Member opening keys: an X25519 key pair per Pokja member whose private half is
  wrapped with AES-256-GCM under a key derived from a passphrase with argon2id.
* Single-shot HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
  AES-256-GCM) to seal small payloads such as Shamir shares to a public key.

Nothing here touches Django or the database: inputs and outputs are bytes and
JSON-serialisable dicts.
"""

from __future__ import annotations

import base64
import hmac
import os
import struct
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from pyhpke import AEADId, CipherSuite, KDFId, KEMId, PyHPKEError

KEY_SIZE = 32
"""Size in bytes of raw X25519 private and public keys."""

HPKE_ENC_SIZE = 32
"""Size of the HPKE encapsulated key for DHKEM(X25519)."""

DEFAULT_SEAL_INFO = b"lentera sealed payload v1"
MEMBER_KEY_VERSION = 1
_MEMBER_KEY_AAD_LABEL = b"lentera member key v1"


class CryptoError(Exception):
    """Base class of every error raised by :mod:`lentera.bidding.crypto`."""


class WrongPassphrase(CryptoError):
    """The passphrase does not open this member key (or the bundle was altered)."""

    def __init__(self) -> None:
        super().__init__("wrong passphrase")


class InvalidKeyBundle(CryptoError, ValueError):
    """A member key bundle is malformed or uses unsupported parameters."""


class DecryptionFailed(CryptoError):
    """Ciphertext failed authentication: wrong key, wrong context or tampered data."""


# --------------------------------------------------------------------------- HPKE


def hpke_suite() -> CipherSuite:
    """Return the HPKE suite used everywhere: DHKEM(X25519)/HKDF-SHA256/AES-256-GCM."""
    return CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES256_GCM)


def _check_key(key: bytes, what: str) -> bytes:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_SIZE:
        raise ValueError(f"{what} must be {KEY_SIZE} raw bytes")
    return bytes(key)


def generate_envelope_keypair() -> tuple[bytes, bytes]:
    """Generate a fresh X25519 key pair; return ``(private_32_bytes, public_32_bytes)``."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )


def public_key_from_private(private_key: bytes) -> bytes:
    """Derive the raw X25519 public key from a raw private key."""
    private = X25519PrivateKey.from_private_bytes(_check_key(private_key, "private key"))
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def private_matches_public(private_key: bytes, public_key: bytes) -> bool:
    """Return True if ``private_key`` is the private half of ``public_key``.

    Used after Shamir reconstruction: a key rebuilt from too few (or wrong)
    shares is a different, useless key, and this check says so.
    """
    try:
        derived = public_key_from_private(private_key)
        expected = _check_key(public_key, "public key")
    except ValueError:
        return False
    return hmac.compare_digest(derived, expected)


def seal_to_public_key(
    public_key: bytes, plaintext: bytes, info: bytes = DEFAULT_SEAL_INFO, aad: bytes = b""
) -> bytes:
    """Encrypt a small payload to an X25519 public key with single-shot HPKE base mode.

    Returns ``enc (32 bytes) || ciphertext``. ``info`` binds the result to a
    purpose; put the envelope / member identifiers in it so a sealed share
    cannot be replayed elsewhere. The same ``info`` and ``aad`` are needed to open.
    """
    suite = hpke_suite()
    pkr = suite.kem.deserialize_public_key(_check_key(public_key, "public key"))
    enc, ctx = suite.create_sender_context(pkr, info)
    return enc + ctx.seal(plaintext, aad)


def open_with_private_key(
    private_key: bytes, sealed: bytes, info: bytes = DEFAULT_SEAL_INFO, aad: bytes = b""
) -> bytes:
    """Open a payload produced by :func:`seal_to_public_key`.

    Raises :class:`DecryptionFailed` on a wrong key, wrong ``info``/``aad`` or
    any modification of ``sealed``.
    """
    suite = hpke_suite()
    skr = suite.kem.deserialize_private_key(_check_key(private_key, "private key"))
    if len(sealed) < HPKE_ENC_SIZE + 16:
        raise DecryptionFailed("sealed payload too short")
    enc, ct = bytes(sealed[:HPKE_ENC_SIZE]), bytes(sealed[HPKE_ENC_SIZE:])
    try:
        ctx = suite.create_recipient_context(enc, skr, info)
        return ctx.open(ct, aad)
    except (PyHPKEError, ValueError) as exc:
        raise DecryptionFailed("cannot open sealed payload") from exc


# ------------------------------------------------------------- member key bundle


@dataclass(frozen=True)
class KdfParams:
    """argon2id cost parameters; ``memory_cost`` is in KiB (argon2 convention)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 1

    def validate(self) -> None:
        """Raise :class:`InvalidKeyBundle` when a parameter is outside sane bounds."""
        if not 1 <= self.time_cost <= 16:
            raise InvalidKeyBundle("argon2 time_cost out of range 1..16")
        if not 1 <= self.parallelism <= 16:
            raise InvalidKeyBundle("argon2 parallelism out of range 1..16")
        if not 8 * 1024 <= self.memory_cost <= 4 * 1024 * 1024:
            raise InvalidKeyBundle("argon2 memory_cost out of range 8 MiB..4 GiB")


DEFAULT_KDF_PARAMS = KdfParams()
"""Module-level default (argon2id t=3, m=64 MiB, p=1). Tests may pass cheaper params."""


@dataclass(frozen=True)
class MemberKeyBundle:
    """A member's opening key: X25519 public key plus the passphrase-wrapped private key."""

    public_key: bytes
    salt: bytes
    nonce: bytes
    wrapped_private: bytes
    kdf: KdfParams
    version: int = MEMBER_KEY_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (binary fields base64)."""
        return {
            "version": self.version,
            "algorithm": "X25519",
            "public_key": _b64(self.public_key),
            "kdf": {
                "name": "argon2id",
                "time_cost": self.kdf.time_cost,
                "memory_cost_kib": self.kdf.memory_cost,
                "parallelism": self.kdf.parallelism,
            },
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped_private": _b64(self.wrapped_private),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MemberKeyBundle:
        """Parse :meth:`to_dict` output; raise :class:`InvalidKeyBundle` if malformed."""
        try:
            if data["version"] != MEMBER_KEY_VERSION or data.get("algorithm", "X25519") != "X25519":
                raise InvalidKeyBundle("unsupported member key version or algorithm")
            kdf = data["kdf"]
            if kdf.get("name") != "argon2id":
                raise InvalidKeyBundle("unsupported KDF")
            params = KdfParams(
                time_cost=int(kdf["time_cost"]),
                memory_cost=int(kdf["memory_cost_kib"]),
                parallelism=int(kdf["parallelism"]),
            )
            bundle = cls(
                public_key=_unb64(data["public_key"]),
                salt=_unb64(data["salt"]),
                nonce=_unb64(data["nonce"]),
                wrapped_private=_unb64(data["wrapped_private"]),
                kdf=params,
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, InvalidKeyBundle):
                raise
            raise InvalidKeyBundle(f"malformed member key bundle: {exc.__class__.__name__}") from exc
        bundle.validate()
        return bundle

    def validate(self) -> None:
        """Check field sizes and KDF bounds."""
        self.kdf.validate()
        if len(self.public_key) != KEY_SIZE or len(self.nonce) != 12 or len(self.salt) < 16:
            raise InvalidKeyBundle("bad field size in member key bundle")
        if len(self.wrapped_private) != KEY_SIZE + 16:
            raise InvalidKeyBundle("bad wrapped key size")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValueError("passphrase must be a non-empty string")
    # NFC so the same passphrase typed on different keyboards/OSes gives the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive_wrapping_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=_passphrase_bytes(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _wrap_aad(public_key: bytes, salt: bytes, params: KdfParams, version: int) -> bytes:
    # Binds the wrapped key to its public key and KDF parameters: editing any of
    # them in the stored bundle makes unwrapping fail.
    return (
        _MEMBER_KEY_AAD_LABEL
        + struct.pack(">IIII", version, params.time_cost, params.memory_cost, params.parallelism)
        + public_key
        + salt
    )


def wrap_private_key(
    private_key: bytes, passphrase: str, kdf_params: KdfParams | None = None
) -> MemberKeyBundle:
    """Wrap an existing X25519 private key under ``passphrase`` (argon2id + AES-256-GCM)."""
    params = kdf_params if kdf_params is not None else DEFAULT_KDF_PARAMS
    params.validate()
    public_key = public_key_from_private(private_key)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    key = _derive_wrapping_key(passphrase, salt, params)
    aad = _wrap_aad(public_key, salt, params, MEMBER_KEY_VERSION)
    wrapped = AESGCM(key).encrypt(nonce, private_key, aad)
    return MemberKeyBundle(public_key=public_key, salt=salt, nonce=nonce, wrapped_private=wrapped, kdf=params)


def create_member_key(passphrase: str, kdf_params: KdfParams | None = None) -> MemberKeyBundle:
    """Create a member opening key pair, the private half wrapped under ``passphrase``.

    ``kdf_params`` defaults to :data:`DEFAULT_KDF_PARAMS` (read at call time).
    """
    private_key, _public = generate_envelope_keypair()
    return wrap_private_key(private_key, passphrase, kdf_params)


def unwrap_member_key(bundle: MemberKeyBundle | Mapping[str, Any], passphrase: str) -> bytes:
    """Return the raw X25519 private key of a member bundle.

    Raises :class:`WrongPassphrase` when the passphrase is wrong (or the bundle
    was altered - the two cases are deliberately indistinguishable) and
    :class:`InvalidKeyBundle` when the bundle is structurally malformed.
    """
    if not isinstance(bundle, MemberKeyBundle):
        bundle = MemberKeyBundle.from_dict(bundle)
    else:
        bundle.validate()
    key = _derive_wrapping_key(passphrase, bundle.salt, bundle.kdf)
    aad = _wrap_aad(bundle.public_key, bundle.salt, bundle.kdf, bundle.version)
    private_key: bytes | None
    try:
        private_key = AESGCM(key).decrypt(bundle.nonce, bundle.wrapped_private, aad)
    except InvalidTag:
        private_key = None
    # Raised outside the except block so no chained exception carries details.
    if private_key is None or not private_matches_public(private_key, bundle.public_key):
        raise WrongPassphrase()
    return private_key


def rewrap_member_key(
    bundle: MemberKeyBundle | Mapping[str, Any],
    old_passphrase: str,
    new_passphrase: str,
    kdf_params: KdfParams | None = None,
) -> MemberKeyBundle:
    """Change the passphrase and/or raise the KDF parameters; the key pair is unchanged."""
    private_key = unwrap_member_key(bundle, old_passphrase)
    return wrap_private_key(private_key, new_passphrase, kdf_params)
