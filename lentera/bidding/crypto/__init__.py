"""Cryptographic core of the sealed bidding room (pure Python, no Django, no database).

See ``docs/sealing.md`` for the design and threat model. Modules:

* :mod:`.keys` - envelope key pairs, passphrase-wrapped member keys, single-shot HPKE.
* :mod:`.shamir` - t-of-n sharing of envelope private keys (pycryptodome Shamir).
* :mod:`.stream` - chunked HPKE + AES-256-GCM streaming encryption of bid files.
* :mod:`.receipts` - Ed25519-signed receipts, verifiable offline.
"""

from .keys import (
    DEFAULT_KDF_PARAMS,
    CryptoError,
    DecryptionFailed,
    InvalidKeyBundle,
    KdfParams,
    MemberKeyBundle,
    WrongPassphrase,
    create_member_key,
    generate_envelope_keypair,
    open_with_private_key,
    private_matches_public,
    public_key_from_private,
    rewrap_member_key,
    seal_to_public_key,
    unwrap_member_key,
    wrap_private_key,
)
from .receipts import (
    ServerSigningKey,
    canonical_json,
    load_public_key,
    public_key_fingerprint,
    public_key_pem,
    receipt_error,
    receipt_hash,
    sign_receipt,
    verify_receipt,
)
from .shamir import (
    Share,
    ShareReconstructionFailed,
    combine_shares,
    open_share,
    rebuild_private_key,
    seal_share,
    split_secret,
)
from .stream import (
    DEFAULT_CHUNK_SIZE,
    SealedDataCorrupt,
    SealedPartInfo,
    SealingReader,
    SealingWriter,
    hash_sealed_stream,
    open_sealed_stream,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_KDF_PARAMS",
    "CryptoError",
    "DecryptionFailed",
    "InvalidKeyBundle",
    "KdfParams",
    "MemberKeyBundle",
    "SealedDataCorrupt",
    "SealedPartInfo",
    "SealingReader",
    "SealingWriter",
    "ServerSigningKey",
    "Share",
    "ShareReconstructionFailed",
    "WrongPassphrase",
    "canonical_json",
    "combine_shares",
    "create_member_key",
    "generate_envelope_keypair",
    "hash_sealed_stream",
    "load_public_key",
    "open_sealed_stream",
    "open_share",
    "open_with_private_key",
    "private_matches_public",
    "public_key_fingerprint",
    "public_key_from_private",
    "public_key_pem",
    "rebuild_private_key",
    "receipt_error",
    "receipt_hash",
    "rewrap_member_key",
    "seal_share",
    "seal_to_public_key",
    "sign_receipt",
    "split_secret",
    "unwrap_member_key",
    "verify_receipt",
    "wrap_private_key",
]
