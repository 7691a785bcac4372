"""An upload handler that seals multipart file data as it arrives: no plaintext temp file, flat memory.

Django's default handlers keep small uploads in memory and spool bigger ones to a plaintext temporary file. A
bid file must never touch the disk unsealed, so the bid form view installs :class:`SealingUploadHandler` before
the request body is read (the view is ``csrf_exempt`` on the outside and checks CSRF itself afterwards, because
the CSRF middleware would otherwise parse the body with the default handlers first; see
``web/views.py``). Every chunk Django reads from the socket goes straight into a
:class:`~lentera.bidding.crypto.SealingWriter` whose output is written to the storage; the handler keeps about
two AES-GCM chunks in memory whatever the file size.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopFutureHandlers

from lentera.core import uploads
from lentera.core.errors import LenteraError

from .models import BidPart, TenderEnvelope
from .sealing import PartTarget, SealedSegment, SegmentWriter, seal_meta

#: field_name -> envelope the file goes to, or None to refuse files in that field.
Router = Callable[[str], TenderEnvelope | None]


@dataclass
class SealedUpload:
    """A file that arrived and was sealed: everything the service needs to record the part."""

    field_name: str
    part_uid: str
    envelope: TenderEnvelope
    segment: SealedSegment
    sealed_meta: str


@dataclass
class RefusedUpload:
    field_name: str
    file_name: str
    reason: str  # field, count, size, empty, type
    error: LenteraError | None = None


class SealedUploadedFile(UploadedFile):
    """What ends up in ``request.FILES``: a handle on the sealed result, no content."""

    def __init__(self, sealed: SealedUpload, name: str, size: int, content_type: str) -> None:
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.sealed = sealed

    def open(self, mode=None):  # pragma: no cover - there is nothing readable here by design
        raise ValueError("a sealed upload has no readable content")


@dataclass
class _Current:
    field_name: str
    file_name: str
    content_type: str
    target: PartTarget
    writer: SegmentWriter
    size: int = 0
    head: bytearray = field(default_factory=bytearray)  # first bytes, held back until their type is checked
    checked: bool = False


class SealingUploadHandler(FileUploadHandler):
    """Seal each uploaded file into the envelope chosen by ``router`` for its form field."""

    chunk_size = 64 * 1024
    consumed: bool  # set by the bid view once the submission is committed (read with getattr, default False)

    def __init__(
        self,
        request=None,
        *,
        tender_id: int,
        provider_id: int,
        router: Router,
        max_file_size: int = 0,
        max_files: int = 30,
        allowed_types: Collection[str] = uploads.DOCUMENT_TYPES,
    ) -> None:
        super().__init__(request)
        self.tender_id = tender_id
        self.provider_id = provider_id
        self.router = router
        self.max_file_size = max_file_size
        self.max_files = max_files
        self.allowed_types = frozenset(allowed_types)
        self.sealed: list[SealedUpload] = []
        self.refused: list[RefusedUpload] = []
        self._current: _Current | None = None

    # Django API -------------------------------------------------------------------------------------------

    def new_file(
        self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None
    ):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        envelope = self.router(field_name) if self.router else None
        if envelope is None:
            self.refused.append(RefusedUpload(field_name, file_name, "field"))
            raise SkipFile()
        if len(self.sealed) >= self.max_files:
            self.refused.append(RefusedUpload(field_name, file_name, "count"))
            raise SkipFile()
        target = PartTarget(
            tender_id=self.tender_id,
            provider_id=self.provider_id,
            envelope=envelope,
            part_uid=str(uuid.uuid4()),
            kind=BidPart.Kind.FILE,
        )
        self._current = _Current(field_name, file_name, content_type or "", target, SegmentWriter(target, 0))
        raise StopFutureHandlers()  # no other handler ever sees this file's bytes

    def receive_data_chunk(self, raw_data, start):
        current = self._current
        if current is None:
            return None
        current.size += len(raw_data)
        if self.max_file_size and current.size > self.max_file_size:
            self.refused.append(RefusedUpload(current.field_name, current.file_name, "size"))
            self._abort_current()
            raise SkipFile()
        if current.checked:
            current.writer.write(raw_data)
            return None
        current.head += raw_data  # nothing is sealed before the first bytes say what the file is
        if len(current.head) >= uploads.HEAD_BYTES:
            self._check_head(current, size=None)
        return None  # swallow the chunk: later handlers get nothing

    def _check_head(self, current: _Current, *, size: int | None) -> None:
        """The shared content check (lentera.core.uploads) on the held-back first bytes, then seal them."""
        try:
            uploads.check_content(
                head=bytes(current.head), size=size, allowed=self.allowed_types, file_name=current.file_name
            )
        except LenteraError as exc:
            reason = "empty" if exc.code == "EMPTY_FILE" else "type"
            self.refused.append(RefusedUpload(current.field_name, current.file_name, reason, exc))
            self._abort_current()
            raise SkipFile() from exc
        current.checked = True
        current.writer.write(bytes(current.head))
        current.head = bytearray()

    def file_complete(self, file_size):
        current = self._current
        if current is None:
            return None
        if not current.checked:
            try:
                self._check_head(current, size=file_size)
            except SkipFile:
                return None
        self._current = None
        segment = current.writer.close()
        upload = SealedUpload(
            field_name=current.field_name,
            part_uid=current.target.part_uid,
            envelope=current.target.envelope,
            segment=segment,
            sealed_meta=seal_meta(
                current.target, file_name=current.file_name, content_type=current.content_type
            ),
        )
        self.sealed.append(upload)
        return SealedUploadedFile(
            upload, name=current.file_name, size=file_size, content_type=current.content_type
        )

    def upload_interrupted(self):
        self._abort_current()

    def upload_complete(self):
        self._abort_current()  # nothing should be open here; a dangling writer means an interrupted file
        return None

    # helpers ----------------------------------------------------------------------------------------------

    def _abort_current(self) -> None:
        if self._current is not None:
            self._current.writer.abort()
            self._current = None

    def discard_all(self) -> None:
        """Remove every sealed object this request wrote (the submission was refused)."""
        from .storage import delete_sealed

        self._abort_current()
        for upload in self.sealed:
            delete_sealed(upload.segment.storage_name)
        self.sealed.clear()
