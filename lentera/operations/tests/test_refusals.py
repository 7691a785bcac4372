"""A restore refuses a damaged or foreign archive, or a target that is not empty, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command

from lentera.operations import archive, database, keys, scratch, services
from lentera.operations.errors import BackupError, both_languages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def made(settings, backup_key, media_root):
    default_storage.save("dokumen/contoh.pdf", ContentFile(b"%PDF-1.7 contoh"))
    run = services.backup_create(actor=None)
    return Path(settings.LENTERA_BACKUP_DIR) / run.archive_name


def _refused(tmp_path, archive_path, identity, code):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    target_files = FileSystemStorage(location=str(tmp_path / "target-media"))
    with scratch.scratch_database(tmp_path) as fresh:
        with pytest.raises(BackupError) as exc:
            services.restore_into(
                archive_path=archive_path, identity=identity, conn=fresh, storage=target_files, work=work
            )
        assert database.is_empty(fresh), "nothing was written to the database"
    assert next(archive.storage_files(target_files), None) is None, "nothing was written to the storage"
    assert exc.value.code == code
    return exc.value


def _identity(path):
    return keys.load_identity(identity_file=str(path))


def test_restore_refuses_a_damaged_archive(made, backup_key, tmp_path):
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0x01
    made.write_bytes(bytes(data))
    error = _refused(tmp_path, made, _identity(backup_key), "ARCHIVE_DAMAGED")
    assert "rusak" in str(error)
    assert "damaged" in both_languages(error)


def test_restore_refuses_a_truncated_archive(made, backup_key, tmp_path):
    made.write_bytes(made.read_bytes()[:-1000])
    _refused(tmp_path, made, _identity(backup_key), "ARCHIVE_DAMAGED")


def test_restore_refuses_an_archive_for_another_backup_key(made, tmp_path):
    _public, other_private = keys.generate()
    other = tmp_path / "other.txt"
    other.write_text(other_private)
    _refused(tmp_path, made, _identity(other), "ARCHIVE_FOREIGN")


def test_restore_refuses_another_installs_archive(made, backup_key, tmp_path, settings):
    settings.SECRET_KEY = "another-installation-secret-key-0123456789-abcdefghijklmnop"
    error = _refused(tmp_path, made, _identity(backup_key), "ARCHIVE_FOREIGN")
    assert "instalasi" in str(error)


def test_restore_refuses_an_archive_of_another_app(settings, backup_key, media_root, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "APP", "aplikasi-lain")
    run = services.backup_create(actor=None)
    monkeypatch.undo()
    path = Path(settings.LENTERA_BACKUP_DIR) / run.archive_name
    _refused(tmp_path, path, _identity(backup_key), "ARCHIVE_FOREIGN")


def test_restore_refuses_a_target_that_is_not_empty(made, backup_key):
    """The configured database is the live one here: it has tables, so the restore refuses it."""
    with pytest.raises(CommandError) as exc:
        call_command("restore", str(made), "--identity", str(backup_key))
    assert "tidak kosong" in str(exc.value) and "not empty" in str(exc.value)


def test_restore_needs_both_key_shares(made, backup_key, tmp_path):
    identity_text = backup_key.read_text().strip()
    one, two = keys.split(identity_text)
    (tmp_path / "s1.txt").write_text(one)
    (tmp_path / "s2.txt").write_text(two)
    both = keys.load_identity(share_files=[str(tmp_path / "s1.txt"), str(tmp_path / "s2.txt")])
    assert str(both) == identity_text
    with pytest.raises(BackupError) as exc:
        keys.load_identity(share_files=[str(tmp_path / "s1.txt"), str(tmp_path / "s1.txt")])
    assert exc.value.code == "BACKUP_KEY_SHARES"
