"""Sealing helpers between the crypto core and storage: segments, the sealed form, sealed file names."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .crypto import SealedPartInfo, SealingWriter, open_with_private_key, seal_to_public_key
from .models import TenderEnvelope
from .models.submissions import meta_context, segment_context
from .storage import SealedSink, segment_name

FORM_CONTENT_TYPE = "application/vnd.lentera.bid-form+json"


@dataclass(frozen=True)
class SealedSegment:
    """One sealed stream written to storage (not yet recorded in the database)."""

    index: int
    storage_name: str
    info: SealedPartInfo


@dataclass(frozen=True)
class PartTarget:
    """Where a part's sealed bytes go: which envelope, and the identifiers bound into every AEAD context."""

    tender_id: int
    provider_id: int
    envelope: TenderEnvelope
    part_uid: str
    kind: str

    def context(self, index: int) -> bytes:
        return segment_context(
            tender_id=self.tender_id,
            provider_id=self.provider_id,
            envelope=self.envelope,
            part_uid=self.part_uid,
            kind=self.kind,
            index=index,
        )

    def storage_name(self, index: int) -> str:
        return segment_name(
            tender_id=self.tender_id, provider_id=self.provider_id, part_uid=self.part_uid, index=index
        )


class SegmentWriter:
    """Seal bytes as they arrive into one storage object; nothing but sealed bytes reaches the disk."""

    def __init__(self, target: PartTarget, index: int) -> None:
        self.target = target
        self.index = index
        self.sink = SealedSink(target.storage_name(index))
        try:
            self.writer = SealingWriter(
                target.envelope.public_key_bytes, self.sink, aad_context=target.context(index)
            )
        except Exception:
            self.sink.abort()
            raise
        self.plaintext_size = 0

    def write(self, data: bytes) -> None:
        self.writer.write(data)
        self.plaintext_size += len(data)

    def close(self) -> SealedSegment:
        info = self.writer.close()
        name = self.sink.commit()
        return SealedSegment(index=self.index, storage_name=name, info=info)

    def abort(self) -> None:
        self.writer.abort()
        self.sink.abort()


def seal_segment(target: PartTarget, index: int, chunks: Iterable[bytes]) -> SealedSegment:
    """Seal an iterable of plaintext pieces into one stored segment."""
    segment = SegmentWriter(target, index)
    try:
        for piece in chunks:
            segment.write(piece)
        return segment.close()
    except BaseException:
        segment.abort()
        raise


def seal_form(target: PartTarget, fields: dict[str, Any]) -> SealedSegment:
    """Seal the bid form (price and other fields) as a one-segment JSON part."""
    data = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return seal_segment(target, 0, [data])


def seal_meta(target: PartTarget, *, file_name: str, content_type: str) -> str:
    """Seal a file's original name and content type to the envelope (names can reveal prices too)."""
    from .models.keys import b64encode

    payload = json.dumps({"name": file_name, "content_type": content_type}, ensure_ascii=False).encode()
    info = meta_context(
        tender_id=target.tender_id,
        provider_id=target.provider_id,
        envelope=target.envelope,
        part_uid=target.part_uid,
    )
    return b64encode(seal_to_public_key(target.envelope.public_key_bytes, payload, info=info))


def open_meta(private_key: bytes, sealed_meta: str, info: bytes) -> dict[str, str]:
    from .models.keys import b64decode

    return json.loads(open_with_private_key(private_key, b64decode(sealed_meta), info=info))
