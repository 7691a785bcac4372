"""What the catalogue's services share: who the provider behind an account is, and the file check."""

from __future__ import annotations

import os
from typing import Any

from django.utils.translation import gettext_lazy as _

from lentera.core import uploads
from lentera.core.access import ensure_role
from lentera.core.roles import Role
from lentera.providers.models import Provider

from ..errors import CatalogError

#: Admission documents: PDF or a scan, at most 5 MB each (Kebijakan Lentera, as the help desk's attachments).
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024


def provider_of(actor: Any) -> Provider:
    """The verified provider the acting PENYEDIA account answers for (refused otherwise)."""
    ensure_role(actor, Role.PENYEDIA)
    provider = Provider.objects.filter(account=actor).first()
    if provider is None or provider.status != Provider.Status.VERIFIED:
        raise CatalogError(
            "PROVIDER_NOT_VERIFIED", _("Data penyedia belum diverifikasi oleh Verifikator."), status=403
        )
    return provider


def checked_file(
    f: Any, *, allowed: frozenset[str] = uploads.SCAN_TYPES, max_bytes: int = DOCUMENT_MAX_BYTES
) -> tuple[Any, str, str]:
    """Refuse an empty file, one over ``max_bytes`` (5 MB unless told), or one whose bytes are not of an
    ``allowed`` type (PDF / JPEG / PNG unless told; lentera.core.uploads judges the content, not the name)."""
    name = os.path.basename(getattr(f, "name", "") or "")[-150:]
    if (f.size or 0) > max_bytes:
        raise CatalogError(
            "FILE_TOO_LARGE",
            _("Berkas %(name)s lebih dari %(mb)s MB."),
            name=name,
            mb=max_bytes // (1024 * 1024),
        )
    f.seek(0)
    head = f.read(uploads.HEAD_BYTES)
    f.seek(0)
    mime = uploads.check_content(head=head, size=f.size, allowed=allowed, file_name=name, error=CatalogError)
    return f, uploads.storage_name(name, mime), mime


def required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CatalogError("FIELD_REQUIRED", _("Isian “%(field)s” wajib diisi."), field=field)
    return value
