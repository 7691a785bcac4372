"""Helpers for the providers tests."""

from __future__ import annotations

import pytest
from django.utils import translation

from lentera.providers.errors import ProvidersError
from lentera.providers.tests.factories import stored_files
from lentera.testing import db_fingerprint


def refused(call, code: str, fragment: str, *, error=ProvidersError):
    """Run `call` in Indonesian and in English: both refuse with the same stable code, the Indonesian message
    contains `fragment`, and neither leaves a row or a stored file behind. Returns the Indonesian error."""
    errors = {}
    for lang in ("id", "en"):
        before_db, before_files = db_fingerprint(), stored_files()
        with translation.override(lang), pytest.raises(error) as info:
            call()
        assert info.value.code == code, f"[{lang}] {info.value.code} != {code}: {info.value}"
        assert db_fingerprint() == before_db, f"[{lang}] a refused {code} changed the database"
        assert stored_files() == before_files, f"[{lang}] a refused {code} left a file in storage"
        with translation.override(lang):
            errors[lang] = str(info.value)
    assert fragment in errors["id"], errors["id"]
    return info.value


@pytest.fixture(autouse=True)
def indonesian():
    """Start every test in Indonesian (a request with Accept-Language: en leaves its language active)."""
    with translation.override("id"):
        yield
