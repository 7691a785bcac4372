"""Chunked, streaming encryption of bid files to a tender envelope public key.

Format (all integers big-endian)::

    header = b"LNTRSEAL" | version (1) | enc_len (2) | enc (32) | nonce_prefix (8) | chunk_size (4)
    chunk  = AES-256-GCM(content_key, nonce, plaintext_chunk, aad) = ciphertext || tag (16)

* ``enc`` comes from HPKE base-mode setup to the envelope public key
  (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM); the 32-byte content
  key is the HPKE exporter output ``export(b"lentera bid content key", 32)``.
* ``nonce = nonce_prefix (8) || counter (4)``; the counter starts at 0.
* ``aad = aad_context || header || counter (4) || final_flag (1)``. The counter
  catches reordering and swapping, the final flag catches truncation, and the
  header bytes make every header field (including ``chunk_size``) authenticated.
* Every chunk but the last holds exactly ``chunk_size`` plaintext bytes; the last
  holds 0..chunk_size bytes and is flagged final. An empty final chunk is valid.

Writer and reader hold at most about two chunks in memory whatever the size.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pyhpke import PyHPKEError

from .keys import HPKE_ENC_SIZE, KEY_SIZE, DecryptionFailed, hpke_suite

MAGIC = b"LNTRSEAL"
FORMAT_VERSION = 1
DEFAULT_CHUNK_SIZE = 64 * 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024
TAG_SIZE = 16
NONCE_PREFIX_SIZE = 8
STREAM_INFO = b"lentera bid stream v1"
CONTENT_KEY_LABEL = b"lentera bid content key"
_MAX_COUNTER = 0xFFFFFFFF
_HEADER_FIXED = struct.Struct(">8sBH")  # magic, version, enc_len
_HEADER_TAIL = struct.Struct(">8sI")  # nonce prefix, chunk size
HEADER_SIZE = _HEADER_FIXED.size + HPKE_ENC_SIZE + _HEADER_TAIL.size


class SealedDataCorrupt(DecryptionFailed):
    """A sealed stream failed verification.

    ``chunk_index`` is the 0-based chunk where the problem was found, or ``None``
    for the header. No plaintext from that chunk or any later one is released.
    """

    def __init__(self, chunk_index: int | None, reason: str) -> None:
        self.chunk_index = chunk_index
        self.reason = reason
        where = "header" if chunk_index is None else f"chunk {chunk_index}"
        super().__init__(f"sealed data corrupt at {where}: {reason}")


@dataclass(frozen=True)
class SealedPartInfo:
    """Facts about one sealed stream; ``sha256`` is over the sealed bytes exactly as stored."""

    sha256: str
    sealed_size: int
    plaintext_size: int
    chunk_count: int


class ByteSink(Protocol):
    """What is written to: a binary file, or anything with its ``write`` (which may write less than given)."""

    def write(self, data: bytes | memoryview, /) -> int | None: ...


def _write_all(sink: ByteSink, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = sink.write(view)
        if written is None or written >= len(view):
            return
        view = view[written:]


def _check_chunk_size(chunk_size: int, maximum: int = MAX_CHUNK_SIZE) -> None:
    if not isinstance(chunk_size, int) or not 1 <= chunk_size <= maximum:
        raise ValueError(f"chunk_size must be in 1..{maximum}")


class SealingWriter:
    """File-like writer that seals everything written to it into ``sink``.

    Usage::

        with SealingWriter(envelope_public_key, sink, aad_context=ctx) as w:
            for piece in upload:
                w.write(piece)
        info = w.info

    The header is written immediately. ``close()`` writes the final chunk and
    returns :class:`SealedPartInfo`; the sink itself is not closed. Leaving the
    ``with`` block by an exception aborts: no final chunk is written, so the
    partial stream can never be opened as if complete.
    """

    def __init__(
        self,
        public_key: bytes,
        sink: ByteSink,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        *,
        aad_context: bytes,
    ) -> None:
        if len(public_key) != KEY_SIZE:
            raise ValueError(f"public key must be {KEY_SIZE} raw bytes")
        _check_chunk_size(chunk_size)
        suite = hpke_suite()
        enc, hpke_ctx = suite.create_sender_context(
            suite.kem.deserialize_public_key(bytes(public_key)), STREAM_INFO
        )
        self._aead = AESGCM(hpke_ctx.export(CONTENT_KEY_LABEL, 32))
        self._nonce_prefix = os.urandom(NONCE_PREFIX_SIZE)
        header = (
            _HEADER_FIXED.pack(MAGIC, FORMAT_VERSION, len(enc))
            + enc
            + _HEADER_TAIL.pack(self._nonce_prefix, chunk_size)
        )
        self._aad_prefix = bytes(aad_context) + header
        self._sink = sink
        self._chunk_size = chunk_size
        self._buf = bytearray(chunk_size)
        self._fill = 0
        self._counter = 0
        self._plaintext_size = 0
        self._sealed_size = 0
        self._hash = hashlib.sha256()
        self._closed = False
        self._info: SealedPartInfo | None = None
        self._emit(header)

    def _emit(self, data: bytes) -> None:
        self._hash.update(data)
        self._sealed_size += len(data)
        _write_all(self._sink, data)

    def _seal_buffer(self, final: bool) -> None:
        if self._counter > _MAX_COUNTER:
            raise OverflowError("too many chunks for one sealed stream")
        nonce = self._nonce_prefix + struct.pack(">I", self._counter)
        aad = self._aad_prefix + struct.pack(">IB", self._counter, 1 if final else 0)
        with memoryview(self._buf) as view:
            ciphertext = self._aead.encrypt(nonce, view[: self._fill], aad)
        self._emit(ciphertext)
        self._counter += 1
        self._fill = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Seal ``data``; full chunks are written out once more data follows them."""
        if self._closed:
            raise ValueError("write to a closed SealingWriter")
        with memoryview(data) as src:
            src_bytes = src.cast("B") if src.format != "B" or src.ndim != 1 else src
            total = len(src_bytes)
            pos = 0
            while pos < total:
                if self._fill == self._chunk_size:
                    # A full chunk is only known to be non-final once more data arrives.
                    self._seal_buffer(final=False)
                take = min(self._chunk_size - self._fill, total - pos)
                self._buf[self._fill : self._fill + take] = src_bytes[pos : pos + take]
                self._fill += take
                pos += take
        self._plaintext_size += total
        return total

    def close(self) -> SealedPartInfo:
        """Write the final chunk (possibly empty) and return the stream facts. Idempotent."""
        if self._info is not None:
            return self._info
        if self._closed:
            raise ValueError("SealingWriter was aborted; the stream is incomplete")
        self._seal_buffer(final=True)
        self._closed = True
        self._buf = bytearray()
        self._info = SealedPartInfo(
            sha256=self._hash.hexdigest(),
            sealed_size=self._sealed_size,
            plaintext_size=self._plaintext_size,
            chunk_count=self._counter,
        )
        return self._info

    def abort(self) -> None:
        """Stop without a final chunk: what was written cannot be opened as complete."""
        self._closed = True
        self._buf = bytearray()

    @property
    def info(self) -> SealedPartInfo | None:
        """The :class:`SealedPartInfo` once closed, else ``None``."""
        return self._info

    def __enter__(self) -> SealingWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class SealingReader:
    """Verify and decrypt a sealed stream chunk by chunk.

    Iterate :meth:`chunks` to receive verified plaintext pieces in order. If any
    later chunk fails, :class:`SealedDataCorrupt` is raised at that point:
    pieces already yielded were individually authentic, but the file as a whole
    must be treated as invalid. :attr:`info` is set only after a clean end.
    """

    def __init__(
        self,
        private_key: bytes,
        source: BinaryIO,
        aad_context: bytes,
        *,
        max_chunk_size: int = MAX_CHUNK_SIZE,
    ) -> None:
        if len(private_key) != KEY_SIZE:
            raise ValueError(f"private key must be {KEY_SIZE} raw bytes")
        self._private_key = bytes(private_key)
        self._source = source
        self._aad_context = bytes(aad_context)
        self._max_chunk_size = max_chunk_size
        self._hash = hashlib.sha256()
        self._sealed_size = 0
        self._started = False
        self.info: SealedPartInfo | None = None

    def _read(self, size: int) -> bytes:
        """Read up to ``size`` bytes (fewer only at end of input) and hash them."""
        parts: list[bytes] = []
        remaining = size
        while remaining > 0:
            piece = self._source.read(remaining)
            if not piece:
                break
            parts.append(piece)
            remaining -= len(piece)
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        self._hash.update(data)
        self._sealed_size += len(data)
        return data

    def _read_header(self) -> tuple[AESGCM, bytes, bytes, int]:
        fixed = self._read(_HEADER_FIXED.size)
        if len(fixed) < _HEADER_FIXED.size:
            raise SealedDataCorrupt(None, "input too short for a header")
        magic, version, enc_len = _HEADER_FIXED.unpack(fixed)
        if magic != MAGIC:
            raise SealedDataCorrupt(None, "not a Lentera sealed stream (bad magic)")
        if version != FORMAT_VERSION:
            raise SealedDataCorrupt(None, f"unsupported format version {version}")
        if enc_len != HPKE_ENC_SIZE:
            raise SealedDataCorrupt(None, "bad encapsulated key length")
        rest = self._read(HPKE_ENC_SIZE + _HEADER_TAIL.size)
        if len(rest) < HPKE_ENC_SIZE + _HEADER_TAIL.size:
            raise SealedDataCorrupt(None, "input too short for a header")
        enc = rest[:HPKE_ENC_SIZE]
        nonce_prefix, chunk_size = _HEADER_TAIL.unpack(rest[HPKE_ENC_SIZE:])
        if not 1 <= chunk_size <= self._max_chunk_size:
            raise SealedDataCorrupt(None, f"chunk size {chunk_size} out of range")
        suite = hpke_suite()
        try:
            skr = suite.kem.deserialize_private_key(self._private_key)
            hpke_ctx = suite.create_recipient_context(enc, skr, STREAM_INFO)
        except (PyHPKEError, ValueError) as exc:
            raise SealedDataCorrupt(None, "bad encapsulated key") from exc
        aead = AESGCM(hpke_ctx.export(CONTENT_KEY_LABEL, 32))
        return aead, nonce_prefix, self._aad_context + fixed + rest, chunk_size

    def chunks(self) -> Iterator[bytes]:
        """Yield verified plaintext chunks; raise :class:`SealedDataCorrupt` on any problem."""
        if self._started:
            raise RuntimeError("a SealingReader can be iterated only once")
        self._started = True
        aead, nonce_prefix, aad_prefix, chunk_size = self._read_header()
        block_size = chunk_size + TAG_SIZE
        pending = b""
        index = 0
        plaintext_size = 0
        while True:
            if index > _MAX_COUNTER:
                raise SealedDataCorrupt(index, "too many chunks")
            block = pending + self._read(block_size - len(pending))
            pending = b""
            if len(block) == block_size:
                pending = self._read(1)  # look ahead: more input means this chunk is not final
                final = not pending
            else:
                final = True
            if len(block) < TAG_SIZE:
                reason = "truncated: stream ends without a final chunk" if not block else "truncated chunk"
                raise SealedDataCorrupt(index, reason)
            nonce = nonce_prefix + struct.pack(">I", index)
            plaintext = _decrypt(aead, nonce, block, aad_prefix, index, final)
            if plaintext is None:
                # Diagnose only; the plaintext of the alternative is never released.
                if _decrypt(aead, nonce, block, aad_prefix, index, not final) is None:
                    reason = "authentication failed (tampered, reordered, wrong key or wrong context)"
                elif final:
                    reason = "truncated: last chunk is not marked final"
                else:
                    reason = "data after final chunk"
                raise SealedDataCorrupt(index, reason)
            plaintext_size += len(plaintext)
            index += 1
            yield plaintext
            if final:
                break
        self.info = SealedPartInfo(
            sha256=self._hash.hexdigest(),
            sealed_size=self._sealed_size,
            plaintext_size=plaintext_size,
            chunk_count=index,
        )


def _decrypt(
    aead: AESGCM, nonce: bytes, block: bytes, aad_prefix: bytes, index: int, final: bool
) -> bytes | None:
    try:
        return aead.decrypt(nonce, block, aad_prefix + struct.pack(">IB", index, 1 if final else 0))
    except InvalidTag:
        return None


def open_sealed_stream(
    private_key: bytes,
    source: BinaryIO,
    sink: BinaryIO,
    aad_context: bytes,
    *,
    max_chunk_size: int = MAX_CHUNK_SIZE,
) -> SealedPartInfo:
    """Decrypt ``source`` into ``sink`` chunk by chunk and return the stream facts.

    Compare the returned ``sha256`` with the receipt. On :class:`SealedDataCorrupt`
    the sink may already hold the verified leading chunks: discard it.
    """
    reader = SealingReader(private_key, source, aad_context, max_chunk_size=max_chunk_size)
    for piece in reader.chunks():
        _write_all(sink, piece)
    assert reader.info is not None
    return reader.info


def hash_sealed_stream(source: BinaryIO, block_size: int = 1024 * 1024) -> tuple[str, int]:
    """Return ``(sha256_hex, size)`` of a stored sealed stream without any key.

    Lets anyone check a stored file against its receipt / audit-chain hash.
    """
    digest = hashlib.sha256()
    size = 0
    while piece := source.read(block_size):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size
