"""One check for every uploaded file: not empty, and of an allowed type judged from its bytes, not its name.

Web forms, the API and the streaming bid upload all call :func:`check_content` on the first bytes of a file
before anything is stored or sealed, so a renamed ``.exe`` or a 0-byte file is refused the same way whichever
door it came through. The type is read by the maintained ``filetype`` library (magic numbers).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _

from .errors import LenteraError

#: How many leading bytes the type check needs (filetype reads at most 8 KiB; Office documents name their
#: parts within the first few hundred bytes of the ZIP container).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str
    label: str


KINDS: dict[str, FileKind] = {
    k.mime: k
    for k in (
        FileKind("application/pdf", "pdf", "PDF"),
        FileKind("image/jpeg", "jpg", "JPEG"),
        FileKind("image/png", "png", "PNG"),
        FileKind("application/zip", "zip", "ZIP"),
        FileKind("application/msword", "doc", "DOC"),
        FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "DOCX"),
        FileKind("application/vnd.ms-excel", "xls", "XLS"),
        FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "XLSX"),
        FileKind("application/vnd.oasis.opendocument.text", "odt", "ODT"),
        FileKind("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS"),
    )
}

#: The documents of a procurement: PDF, office documents, ZIP archives, scans.
DOCUMENT_TYPES = frozenset(KINDS)
#: Identity documents and decrees: PDF or a scan.
SCAN_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
PDF_ONLY = frozenset({"application/pdf"})


def detect(head: bytes) -> str:
    """The MIME type the bytes say, or '' when they match no known signature."""
    kind = filetype.guess(bytes(head[:HEAD_BYTES])) if head else None
    return kind.mime if kind else ""


def labels(allowed: Collection[str]) -> str:
    """'PDF, JPEG, PNG' for a message."""
    return ", ".join(KINDS[m].label if m in KINDS else m for m in sorted(allowed, key=_order))


def _order(mime: str) -> int:
    keys = list(KINDS)
    return keys.index(mime) if mime in keys else len(keys)


def check_content(
    *,
    head: bytes,
    size: int | None,
    allowed: Collection[str],
    file_name: str = "",
    error: type[LenteraError] = LenteraError,
) -> str:
    """Refuse an empty file or one whose bytes are not of an ``allowed`` type; return the detected MIME type.

    Permendagri 53/2021 Lampiran 2.4 a (integrity of procurement information) and 2.5.4 (infrastructure
    security): a file is judged by its content before it is stored, sealed or shown to anyone.
    ``size`` is the whole file's size where it is known (``None`` while it is still arriving); ``error`` is the
    calling app's exception type (codes EMPTY_FILE and FILE_TYPE_NOT_ALLOWED are the same everywhere).
    """
    if size == 0 or not head:
        message = (
            _(
                "Berkas %(name)s kosong (0 byte) dan tidak diterima; yang sudah tersimpan sebelumnya tetap berlaku."
            )
            if file_name
            else _(
                "Berkas ini kosong (0 byte) dan tidak diterima; yang sudah tersimpan sebelumnya tetap berlaku."
            )
        )
        raise error("EMPTY_FILE", message, name=file_name)
    mime = detect(head)
    if mime not in allowed:
        message = (
            _(
                "Berkas %(name)s tidak diterima: isinya bukan %(types)s (jenis berkas dinilai dari isinya, bukan "
                "dari namanya)."
            )
            if file_name
            else _(
                "Berkas ini tidak diterima: isinya bukan %(types)s (jenis berkas dinilai dari isinya, bukan dari "
                "namanya)."
            )
        )
        raise error("FILE_TYPE_NOT_ALLOWED", message, name=file_name, types=labels(allowed))
    return mime


def storage_name(file_name: str, mime: str, *, default: str = "berkas") -> str:
    """A name to store the file under whose extension is the one its content has (never the uploader's)."""
    base = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem.strip()[:150] or default
    kind = KINDS.get(mime)
    return f"{stem}.{kind.extension}" if kind else stem
