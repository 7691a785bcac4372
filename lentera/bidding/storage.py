"""Where sealed bid bytes live: Django's default storage, written durably, never plaintext.

Only sealed bytes (the output of :class:`~lentera.bidding.crypto.SealingWriter`) ever pass through here.

* Local file storage (``FileSystemStorage``): the sealed stream is written straight to a temporary name next to
  its final place, ``fsync``-ed, renamed into place and the directory ``fsync``-ed, so a receipt is never issued
  for bytes that a power cut could lose.
* Any other storage (S3-compatible object storage): sealed bytes go to a temporary file in a private directory
  (``VAR_DIR/tmp/bidding``, mode 0700) and are then saved to the storage, which makes them durable on its side.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

logger = logging.getLogger(__name__)

SEALED_ROOT = "sealed-bids"


def segment_name(*, tender_id: int, provider_id: int, part_uid: str, index: int) -> str:
    """Storage name of one sealed segment (random suffix: a retried chunk never overwrites a stored one)."""
    return f"{SEALED_ROOT}/t{tender_id}/p{provider_id}/{part_uid}/{index:06d}-{secrets.token_hex(6)}.seal"


def private_tmp_dir() -> Path:
    path = Path(settings.VAR_DIR) / "tmp" / "bidding"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class SealedSink:
    """A writable binary file for sealed bytes that becomes a storage object on :meth:`commit`.

    ``abort()`` (or leaving a ``with`` block by an exception) removes everything written.
    """

    def __init__(self, name: str, *, storage=None) -> None:
        self.name = name
        self.storage = storage or default_storage
        self.size = 0
        self._committed = False
        self._final: Path | None
        if isinstance(self.storage, FileSystemStorage):
            self._final = Path(self.storage.path(name))
            self._final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._final.parent, prefix=".incoming-", suffix=".tmp")
        else:
            self._final = None
            fd, tmp = tempfile.mkstemp(dir=private_tmp_dir(), prefix="sealed-", suffix=".tmp")
        self._tmp = Path(tmp)
        self._file: BinaryIO = os.fdopen(fd, "w+b")

    def write(self, data) -> int:
        written = self._file.write(data)
        self.size += len(data)
        return written if written is not None else len(data)

    def flush(self) -> None:
        self._file.flush()

    def commit(self) -> str:
        """Make the bytes durable under :attr:`name` and return the stored name."""
        self._file.flush()
        os.fsync(self._file.fileno())
        if self._final is not None:
            self._file.close()
            os.replace(self._tmp, self._final)
            _fsync_dir(self._final.parent)
        else:
            self._file.seek(0)
            self.name = self.storage.save(self.name, File(self._file, name=self.name))
            self._file.close()
            self._tmp.unlink(missing_ok=True)
        self._committed = True
        return self.name

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._file.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> SealedSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self._committed:
            self.abort()


def open_sealed(name: str) -> BinaryIO:
    """Open a stored sealed object for reading."""
    # Storage.open gives a django File, a proxy with the read/seek/close of the BinaryIO it wraps.
    return cast(BinaryIO, default_storage.open(name, "rb"))


def delete_sealed(name: str) -> bool:
    """Delete one sealed file; never raises. Returns False (and logs a warning) when the storage refused.

    It runs after a commit (a replaced or purged part) or while an error is being handled (a refused chunk): an
    object-storage hiccup there must neither turn an accepted bid into an error page nor hide the first error.
    A file left behind holds only ciphertext; the warning names it for the operator.
    """
    try:
        default_storage.delete(name)
    except FileNotFoundError:
        return True
    except Exception:  # noqa: BLE001 - any storage backend's error (S3's are not OSError)
        logger.warning("sealed file %s could not be deleted", name, exc_info=True)
        return False
    return True
