"""The one upload check of governance: size cap, then the type judged from the bytes (core.uploads)."""

from __future__ import annotations

from collections.abc import Collection

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lentera.core import uploads

from .errors import GovernanceError

MAX_BYTES = 5 * 1024 * 1024  # the same cap as accounts' decree files


def check(upload: UploadedFile, allowed: Collection[str]) -> str:
    """The upload's MIME type, or a GovernanceError (too large, empty, or a type not allowed)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise GovernanceError("SCAN_TOO_LARGE", _("Berkas paling besar 5 MB."))
    upload.seek(0)
    head = upload.read(uploads.HEAD_BYTES)
    upload.seek(0)
    return uploads.check_content(
        head=head, size=upload.size, allowed=allowed, file_name=upload.name or "", error=GovernanceError
    )
