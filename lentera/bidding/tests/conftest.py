"""Bidding tests: cheap argon2 (the cost is a deployment setting, not what these tests check)."""

from __future__ import annotations

import pytest

from lentera.bidding.crypto import keys

FAST_KDF = keys.KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_argon2(request, monkeypatch):
    if request.module.__name__.endswith("test_crypto"):
        return  # the crypto core's own tests check the real defaults
    monkeypatch.setattr(keys, "DEFAULT_KDF_PARAMS", FAST_KDF)


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh storage folder for this test (so a dump of it holds only this test's files).

    Changing STORAGES through pytest-django's ``settings`` sends ``setting_changed``, which resets
    ``default_storage``.
    """
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root
