"""t-of-n Shamir sharing of a 32-byte tender envelope private key.

A thin wrapper over pycryptodome's :class:`Crypto.Protocol.SecretSharing.Shamir`,
which shares 16-byte secrets over GF(2^128). The 32-byte key is shared as two
16-byte halves, each with its own random polynomial but the same threshold and
the same share indices; member ``i`` receives both values (32 bytes).

Security notes:

* Any ``threshold`` shares rebuild the key; fewer carry no information about it
  (each half is information-theoretically hidden).
* Combining fewer than ``threshold`` shares does not fail loudly: interpolation
  simply yields a *different* 32-byte value. It is never the real key (except
  with negligible probability, about 2^-128 per half), so always confirm the
  result with :func:`~.keys.private_matches_public` against the envelope's
  stored public key - :func:`rebuild_private_key` does this for you.
* ``threshold`` must be at least 2: no single share (e.g. the LPSE witness
  share) can ever open an envelope on its own.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from Crypto.Protocol.SecretSharing import Shamir

from .keys import (
    KEY_SIZE,
    CryptoError,
    DecryptionFailed,
    open_with_private_key,
    private_matches_public,
    seal_to_public_key,
)

MAX_SHARES = 255
_SHARE_FORMAT = 1
_SHARE_INFO = b"lentera envelope key share v1|"


class ShareReconstructionFailed(CryptoError):
    """The shares given do not rebuild the key matching the envelope's public key."""


@dataclass(frozen=True)
class Share:
    """One member's share: the index (1..n) and the two 16-byte half-shares (32 bytes)."""

    index: int
    value: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not 1 <= self.index <= MAX_SHARES:
            raise ValueError(f"share index must be in 1..{MAX_SHARES}")
        if len(self.value) != KEY_SIZE:
            raise ValueError(f"share value must be {KEY_SIZE} bytes")

    def to_bytes(self) -> bytes:
        """Serialise as ``format (1 byte) || index (1 byte) || value (32 bytes)``."""
        return struct.pack(">BB", _SHARE_FORMAT, self.index) + self.value

    @classmethod
    def from_bytes(cls, data: bytes) -> Share:
        """Parse :meth:`to_bytes` output."""
        if len(data) != 2 + KEY_SIZE or data[0] != _SHARE_FORMAT:
            raise ValueError("malformed share encoding")
        return cls(index=data[1], value=bytes(data[2:]))


def split_secret(secret32: bytes, threshold: int, count: int) -> list[Share]:
    """Split a 32-byte secret into ``count`` shares, any ``threshold`` of which rebuild it."""
    if len(secret32) != KEY_SIZE:
        raise ValueError(f"secret must be {KEY_SIZE} bytes")
    if not 2 <= threshold <= count <= MAX_SHARES:
        raise ValueError(f"need 2 <= threshold <= count <= {MAX_SHARES}")
    low = Shamir.split(threshold, count, bytes(secret32[:16]))
    high = Shamir.split(threshold, count, bytes(secret32[16:]))
    shares = []
    for (idx_a, part_a), (idx_b, part_b) in zip(low, high, strict=True):
        assert idx_a == idx_b
        shares.append(Share(index=idx_a, value=part_a + part_b))
    return shares


def combine_shares(shares: Iterable[Share]) -> bytes:
    """Interpolate shares back into a 32-byte value.

    With at least ``threshold`` distinct shares of one split this is the
    secret; with fewer it is a wrong value (see module notes), so check it.
    """
    shares = list(shares)
    if not shares:
        raise ValueError("no shares given")
    if len({s.index for s in shares}) != len(shares):
        raise ValueError("duplicate share index")
    low = Shamir.combine([(s.index, s.value[:16]) for s in shares])
    high = Shamir.combine([(s.index, s.value[16:]) for s in shares])
    return low + high


def rebuild_private_key(shares: Sequence[Share], public_key: bytes) -> bytes:
    """Combine shares and confirm the result is the private half of ``public_key``.

    Raises :class:`ShareReconstructionFailed` if too few or wrong shares were given.
    """
    candidate = combine_shares(shares)
    if not private_matches_public(candidate, public_key):
        raise ShareReconstructionFailed("shares do not rebuild the envelope key (too few or wrong shares)")
    return candidate


def seal_share(share: Share, member_public_key: bytes, context: bytes) -> bytes:
    """Seal a share to a member's opening key with HPKE, bound to ``context`` (e.g. envelope id)."""
    return seal_to_public_key(member_public_key, share.to_bytes(), info=_SHARE_INFO + context)


def open_share(member_private_key: bytes, sealed: bytes, context: bytes) -> Share:
    """Open a share sealed by :func:`seal_share`; raises :class:`DecryptionFailed` on failure."""
    plaintext = open_with_private_key(member_private_key, sealed, info=_SHARE_INFO + context)
    try:
        return Share.from_bytes(plaintext)
    except ValueError as exc:
        raise DecryptionFailed("sealed share has an unexpected format") from exc
