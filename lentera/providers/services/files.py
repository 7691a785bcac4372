"""Checking uploaded files before anything is stored, and storing them under private paths."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from lentera.core import uploads

from .. import rules
from ..errors import ProvidersError


@dataclass(frozen=True)
class CheckedFile:
    file: File
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def check_upload(file: File | None) -> CheckedFile:
    """Refuse an empty, oversize or non PDF/JPEG/PNG file. The type is read from the content, not the name."""
    if file is None:
        raise ProvidersError("FILE_REQUIRED", _("Berkas wajib diunggah."))
    size = file.size or 0
    if size == 0:
        raise ProvidersError("FILE_EMPTY", _("Berkas kosong."))
    limit = rules.upload_max_bytes()
    if size > limit:
        raise ProvidersError(
            "FILE_TOO_LARGE",
            _("Berkas terlalu besar (%(size)s MB); paling besar %(max)s MB."),
            size=f"{size / 1048576:.1f}".replace(".", ","),
            max=f"{limit / 1048576:g}".replace(".", ","),
        )
    file.seek(0)
    head = file.read(8192)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in rules.ALLOWED_UPLOAD_TYPES:
        raise ProvidersError(
            "FILE_TYPE_NOT_ALLOWED",
            _(
                "Jenis berkas tidak diterima: hanya PDF, JPEG atau PNG (dinilai dari isi berkas, bukan namanya)."
            ),
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(
        file=file,
        content_type=mime,
        extension=rules.ALLOWED_UPLOAD_TYPES[mime],
        size=size,
        sha256=digest.hexdigest(),
        original_name=(getattr(file, "name", "") or "")[-255:],
    )


def check_scan(file: File | None) -> CheckedFile:
    """A supporting document (PDF or a scan), judged by its content with `core.uploads.check_content`, within
    the size limit; refused before anything is stored."""
    if file is None:
        raise ProvidersError("FILE_REQUIRED", _("Berkas wajib diunggah."))
    size = file.size or 0
    limit = rules.upload_max_bytes()
    if size > limit:
        raise ProvidersError(
            "FILE_TOO_LARGE",
            _("Berkas terlalu besar (%(size)s MB); paling besar %(max)s MB."),
            size=f"{size / 1048576:.1f}".replace(".", ","),
            max=f"{limit / 1048576:g}".replace(".", ","),
        )
    file.seek(0)
    head = file.read(uploads.HEAD_BYTES)
    name = (getattr(file, "name", "") or "")[-255:]
    mime = uploads.check_content(
        head=head, size=size, allowed=uploads.SCAN_TYPES, file_name=name, error=ProvidersError
    )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(
        file=file,
        content_type=mime,
        extension=uploads.KINDS[mime].extension,
        size=size,
        sha256=digest.hexdigest(),
        original_name=name,
    )


@contextlib.contextmanager
def cleanup_on_error() -> Iterator[list[str]]:
    """Collects the storage names saved inside the block; deletes them if the block raises.

    The database rows roll back with the transaction; this makes the files follow, so a refused or failed
    upload leaves nothing stored.
    """
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            with contextlib.suppress(Exception):
                default_storage.delete(name)
        raise
