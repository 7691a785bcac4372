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
