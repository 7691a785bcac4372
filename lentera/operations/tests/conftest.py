"""Operations tests: a backup key pair, a fresh backup folder and storage folder per test, cheap argon2."""

from __future__ import annotations

import pytest

from lentera.bidding.crypto import keys as bid_keys
from lentera.operations import keys


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch):
    monkeypatch.setattr(
        bid_keys, "DEFAULT_KDF_PARAMS", bid_keys.KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    )


@pytest.fixture
def backup_key(settings, tmp_path):
    """The install's backup key pair: the public key in the settings, the private key as an identity file."""
    public, private = keys.generate()
    settings.LENTERA_BACKUP_PUBLIC_KEY = public
    settings.LENTERA_BACKUP_DIR = tmp_path / "backups"
    identity_file = tmp_path / "backup-identity.txt"
    identity_file.write_text(private + "\n")
    return identity_file
