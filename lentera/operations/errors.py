"""Refusals of the backup and restore code: a stable code and a sentence in Indonesian (English by i18n)."""

from __future__ import annotations

from django.utils import translation

from lentera.core.errors import LenteraError


class BackupError(LenteraError):
    status = 400


def both_languages(error: LenteraError) -> str:
    """The message in Indonesian, then in English (for the command line, where no language was chosen)."""
    with translation.override("id"):
        indonesian = str(error)
    with translation.override("en"):
        english = str(error)
    return indonesian if indonesian == english else f"{indonesian}\n{english}"
