"""The backup archive: one tar (the database copy, every stored file, manifest.json last), encrypted with age
for the backup public key. Nothing in it is readable without the private key, and age's authenticated chunks
make any change or truncation fail the decryption.

manifest.json: format, app, app version, database vendor, created at, the recipient (public key), row counts per
table, the audit chain head, and name / size / SHA-256 of every part; plus an HMAC over all of it with this
install's key (keys.manifest_mac), so a restore can tell another install's archive from its own.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyrage
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _

from . import keys
from .errors import BackupError

FORMAT = "lentera-backup/1"
APP = "lentera"
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024


class _Hashing:
    """A reader that hashes what passes through it (tarfile reads exactly the declared size)."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a Django storage (local folder or S3 bucket), sorted, recursively."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made holds nothing
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(dirs):
        yield from storage_files(storage, f"{folder}{sub}/")


def _add_file(tar: tarfile.TarFile, name: str, fh: IO[bytes], size: int) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    reader = _Hashing(fh)
    tar.addfile(info, reader)  # type: ignore[arg-type]
    if reader.size != size:
        raise BackupError("FILE_CHANGED", _("Berkas %(name)s berubah saat dicadangkan."), name=name)
    return {"name": name, "size": size, "sha256": reader.sha.hexdigest()}


def write_tar(
    tar_path: Path, *, db_file: Path, db_name: str, storage: Storage, header: dict[str, Any]
) -> dict[str, Any]:
    """Write the plain tar: database copy, every stored file, then the manifest. Returns the manifest."""
    parts = []
    with tarfile.open(tar_path, "w") as tar:
        with open(db_file, "rb") as fh:
            database = _add_file(tar, db_name, fh, db_file.stat().st_size)
        for name in storage_files(storage):
            with storage.open(name, "rb") as fh:
                parts.append(_add_file(tar, FILES_PREFIX + name, fh, storage.size(name)))
        manifest = {**header, "format": FORMAT, "app": APP, "database": database, "files": parts}
        body = _canonical(manifest)
        manifest["mac"] = keys.manifest_mac(body)
        data = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mode = 0o600
        import io

        tar.addfile(info, io.BytesIO(data))
    return manifest


def _canonical(manifest: dict[str, Any]) -> bytes:
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def encrypt(tar_path: Path, out_path: Path, recipient: pyrage.x25519.Recipient) -> None:
    pyrage.encrypt_file(str(tar_path), str(out_path), [recipient])


# --- reading ------------------------------------------------------------------------------------------------


def _damaged(reason: Any) -> BackupError:
    return BackupError(
        "ARCHIVE_DAMAGED",
        _("Arsip cadangan rusak atau tidak lengkap (%(reason)s). Tidak ada yang dipulihkan."),
        reason=reason,
    )


def _foreign(reason: Any) -> BackupError:
    return BackupError(
        "ARCHIVE_FOREIGN",
        _("Arsip ini bukan cadangan instalasi Lentera ini (%(reason)s). Tidak ada yang dipulihkan."),
        reason=reason,
    )


@dataclass(frozen=True)
class Opened:
    """A decrypted, fully checked archive unpacked in a private folder."""

    root: Path
    manifest: dict[str, Any]

    @property
    def database_file(self) -> Path:
        return self.root / self.manifest["database"]["name"]

    def file_path(self, part: dict[str, Any]) -> Path:
        return self.root / part["name"]


def open_checked(archive: Path, identity: Any, workdir: Path) -> Opened:
    """Decrypt and unpack `archive` into `workdir` and check everything; raise before anything is restored."""
    if not archive.is_file():
        raise BackupError("ARCHIVE_MISSING", _("Arsip %(name)s tidak ditemukan."), name=str(archive))
    with open(archive, "rb") as fh:
        if not fh.read(64).startswith(b"age-encryption.org/v1\n"):
            raise _foreign(_("bukan arsip terenkripsi age"))
    tar_path = workdir / "archive.tar"
    try:
        pyrage.decrypt_file(str(archive), str(tar_path), [identity])
    except Exception as exc:  # pyrage raises DecryptError or OSError("decryption error")
        text = str(exc).lower()
        if "no matching keys" in text or "no identity" in text or "matching" in text:
            raise _foreign(_("dienkripsi untuk kunci cadangan lain")) from exc
        raise _damaged(_("dekripsi gagal: isi diubah atau terpotong")) from exc
    root = workdir / "unpacked"
    root.mkdir()
    try:
        with tarfile.open(tar_path, "r") as tar:
            tar.extractall(root, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise _damaged(_("isi tar tidak dapat dibaca")) from exc
    finally:
        tar_path.unlink(missing_ok=True)
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise _damaged(_("manifest tidak ada"))
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise _damaged(_("manifest tidak dapat dibaca")) from exc
    if manifest.get("app") != APP or manifest.get("format") != FORMAT:
        raise _foreign(f"aplikasi {manifest.get('app')!r}, format {manifest.get('format')!r}")
    if manifest.get("recipient") != str(identity.to_public()):
        raise _foreign(_("kunci publik di manifest berbeda"))
    import hmac

    if not hmac.compare_digest(str(manifest.get("mac", "")), keys.manifest_mac(_canonical(manifest))):
        raise _foreign(_("tanda manifest tidak cocok dengan rahasia instalasi ini"))
    opened = Opened(root, manifest)
    listed = {MANIFEST, manifest["database"]["name"]}
    for part in [manifest["database"], *manifest["files"]]:
        path = opened.file_path(part)
        listed.add(part["name"])
        if not path.is_file() or path.stat().st_size != part["size"]:
            raise _damaged(f"bagian {part['name']} hilang atau ukurannya salah")
        if sha256_of(path) != part["sha256"]:
            raise _damaged(f"hash bagian {part['name']} tidak cocok")
    present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    if present - listed:
        raise _damaged(_("ada bagian yang tidak tercantum di manifest"))
    return opened
