"""Every write of the operations app: making a backup, restoring one, the restore drill, retention.

Permendagri 53/2021 Lampiran 2.5.5 a: the LPSE backs up "data file dan seluruh database"; Lampiran 2.1 c 4: to a
backup server. Each run is a ``BackupRun`` row and an audit event; a failure is recorded too and then raised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from lentera.core import audit
from lentera.core.access import ensure_role
from lentera.core.clock import db_now
from lentera.core.errors import LenteraError
from lentera.core.roles import Role

from . import archive, database, keys, rules, scratch
from .errors import BackupError
from .models import BackupRun

OPERATORS = (Role.SYSADMIN, Role.KASUBAG_LPSE)
ARCHIVE_SUFFIX = ".tar.age"


def backup_dir() -> Path:
    path = Path(settings.LENTERA_BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def remote_storage() -> Storage | None:
    alias = getattr(settings, "LENTERA_BACKUP_STORAGE", "")
    return storages[alias] if alias else None


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    """A private (0700) working folder next to the backups, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=".work-", dir=backup_dir()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _app_version() -> str:
    try:
        return metadata.version("lentera")
    except metadata.PackageNotFoundError:  # a source checkout (uv's virtual project): read pyproject.toml
        import tomllib

        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])


def _record(
    *, actor: Any, kind: str, result: str, started: dt.datetime, t0: float, **fields: Any
) -> BackupRun:
    with transaction.atomic():
        run = BackupRun.objects.create(
            kind=kind,
            result=result,
            started_at=started,
            finished_at=db_now(),
            duration_ms=int((time.monotonic() - t0) * 1000),
            actor=actor if getattr(actor, "pk", None) else None,
            **fields,
        )
        audit.record(
            actor=actor,
            action=f"operations.{kind.lower()}.{'complete' if result == BackupRun.Result.OK else 'failed'}",
            obj=run,
            after=audit.snapshot(
                run,
                [
                    "kind",
                    "result",
                    "archive_name",
                    "archive_sha256",
                    "size_bytes",
                    "row_count",
                    "file_count",
                    "audit_head_seq",
                    "audit_head_hash",
                    "duration_ms",
                    "message",
                ],
            ),
        )
    return run


def _check_actor(actor: Any) -> None:
    if actor is not None:
        ensure_role(actor, *OPERATORS)


def backup_create(*, actor: Any = None, apply_retention: bool = True) -> BackupRun:
    """Back up the whole database and every stored file into one encrypted archive (Lampiran 2.5.5 a).

    ``actor`` is None when the scheduler or ``./lentera.sh backup`` runs it (the system).

    Cites: Permendagri 53/2021 Lampiran 2.5.5 a.
    """
    _check_actor(actor)
    started, t0 = db_now(), time.monotonic()
    try:
        recipient = keys.public_key()
        conn = connections["default"]
        with _workdir() as work:
            db_name = database.DUMP_NAMES.get(conn.vendor, "database/dump")
            db_file = work / "database.copy"
            snap = database.dump(conn, db_file)
            header = {
                "app_version": _app_version(),
                "django_version": django.get_version(),
                "database_vendor": conn.vendor,
                "created_at": started.astimezone(dt.UTC).isoformat(),
                "site": settings.LENTERA_SITE_NAME,
                "recipient": str(recipient),
                "counts": snap.counts,
                "audit_head": {"seq": snap.audit_seq, "hash": snap.audit_hash},
            }
            tar_path = work / "archive.tar"
            manifest = archive.write_tar(
                tar_path, db_file=db_file, db_name=db_name, storage=default_storage, header=header
            )
            db_file.unlink()
            name = f"lentera-backup-{started.astimezone(dt.UTC):%Y%m%dT%H%M%S}Z{ARCHIVE_SUFFIX}"
            partial = work / name
            archive.encrypt(tar_path, partial, recipient)
            tar_path.unlink()
            final = backup_dir() / name
            partial.replace(final)
        locations = [str(final)]
        remote = remote_storage()
        if remote is not None:
            with open(final, "rb") as fh:
                locations.append(f"{settings.LENTERA_BACKUP_STORAGE}:{remote.save(name, File(fh, name))}")
    except Exception as exc:
        _record(
            actor=actor,
            kind=BackupRun.Kind.BACKUP,
            result=BackupRun.Result.FAILED,
            started=started,
            t0=t0,
            message=str(exc)[:2000],
        )
        raise
    run = _record(
        actor=actor,
        kind=BackupRun.Kind.BACKUP,
        result=BackupRun.Result.OK,
        started=started,
        t0=t0,
        archive_name=name,
        archive_sha256=archive.sha256_of(final),
        size_bytes=final.stat().st_size,
        database_vendor=conn.vendor,
        row_count=sum(snap.counts.values()),
        file_count=len(manifest["files"]),
        audit_head_seq=snap.audit_seq,
        audit_head_hash=snap.audit_hash,
        locations=locations,
    )
    if apply_retention:
        retention_apply(actor=actor)
    return run


@dataclass
class RestoreReport:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    audit_checked: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _target_not_empty(what: Any) -> LenteraError:
    return BackupError(
        "TARGET_NOT_EMPTY",
        _("Tujuan pemulihan tidak kosong (%(what)s). Pulihkan hanya ke basis data dan penyimpanan kosong."),
        what=what,
    )


def restore_into(
    *, archive_path: Path, identity: Any, conn: BaseDatabaseWrapper, storage: Storage, work: Path
) -> RestoreReport:
    """Check everything first; then write the database and files, then compare them with the manifest."""
    t0 = time.monotonic()
    if not database.is_empty(conn):
        raise _target_not_empty(_("basis data berisi tabel"))
    if next(archive.storage_files(storage), None) is not None:
        raise _target_not_empty(_("penyimpanan berkas berisi berkas"))
    opened = archive.open_checked(archive_path, identity, work)
    manifest = opened.manifest
    if manifest["database_vendor"] != conn.vendor:
        raise BackupError(
            "VENDOR_MISMATCH",
            _("Cadangan ini dari basis data %(source)s dan tidak dapat dipulihkan ke %(target)s."),
            source=manifest["database_vendor"],
            target=conn.vendor,
        )
    database.load(conn, opened.database_file)
    prefix = len(archive.FILES_PREFIX)
    for part in manifest["files"]:
        name = part["name"][prefix:]
        with open(opened.file_path(part), "rb") as fh:
            saved = storage.save(name, File(fh, name))
        if saved != name:
            raise BackupError("FILE_NAME_TAKEN", _("Berkas %(name)s tidak dapat dipulihkan."), name=name)
    report = RestoreReport(manifest)
    snap = database.snapshot_of(conn)
    for table, count in manifest["counts"].items():
        if snap.counts.get(table) != count:
            report.problems.append(f"{table}: {snap.counts.get(table)} rows, expected {count}")
    for part in manifest["files"]:
        name = part["name"][prefix:]
        with storage.open(name, "rb") as fh:
            digest = archive._Hashing(fh)
            while digest.read(archive.CHUNK):
                pass
        if digest.sha.hexdigest() != part["sha256"]:
            report.problems.append(f"file {name}: hash differs")
    head = manifest["audit_head"]
    with scratch.as_default(conn):
        result = audit.verify_chain()
    report.audit_checked = result.checked
    if not result.ok:
        report.problems.append(f"audit chain: {result.problem}")
    elif (result.checked, result.head_hash) != (head["seq"], head["hash"]):
        report.problems.append(
            f"audit head #{result.checked} {result.head_hash} != #{head['seq']} {head['hash']}"
        )
    report.seconds = time.monotonic() - t0
    return report


def restore_archive(*, archive_path: Path, identity: Any, actor: Any = None) -> RestoreReport:
    """Restore `archive_path` into the configured (empty) database and storage.

    Refuses, writing nothing, a damaged or foreign archive or a target that is not empty. The restore is then
    recorded (a row and an audit event) in the restored database, continuing its chain.
    """
    started, t0 = dt.datetime.now(dt.UTC), time.monotonic()
    with _workdir() as work:
        report = restore_into(
            archive_path=archive_path,
            identity=identity,
            conn=connections["default"],
            storage=default_storage,
            work=work,
        )
    _record(
        actor=actor,
        kind=BackupRun.Kind.RESTORE,
        result=BackupRun.Result.OK if report.ok else BackupRun.Result.FAILED,
        started=started,
        t0=t0,
        **_fields(archive_path, report),
    )
    return report


def _fields(archive_path: Path, report: RestoreReport) -> dict[str, Any]:
    manifest = report.manifest
    return {
        "archive_name": archive_path.name,
        "archive_sha256": archive.sha256_of(archive_path),
        "size_bytes": archive_path.stat().st_size,
        "database_vendor": manifest["database_vendor"],
        "row_count": sum(manifest["counts"].values()),
        "file_count": len(manifest["files"]),
        "audit_head_seq": manifest["audit_head"]["seq"],
        "audit_head_hash": manifest["audit_head"]["hash"],
        "message": "; ".join(report.problems)[:2000] or f"{report.seconds:.1f} s",
    }


def restore_drill(*, archive_path: Path, identity: Any, actor: Any = None) -> tuple[BackupRun, RestoreReport]:
    """Restore into a scratch database and storage, check counts, file hashes and the audit chain, throw the
    scratch copy away, and record the result in the live database (Lampiran 2.5.5: a backup that restores)."""
    _check_actor(actor)
    started, t0 = db_now(), time.monotonic()
    try:
        with _workdir() as work, scratch.scratch_database(work) as conn:
            report = restore_into(
                archive_path=archive_path,
                identity=identity,
                conn=conn,
                storage=scratch.scratch_storage(work),
                work=work,
            )
    except Exception as exc:
        _record(
            actor=actor,
            kind=BackupRun.Kind.DRILL,
            result=BackupRun.Result.FAILED,
            started=started,
            t0=t0,
            archive_name=archive_path.name,
            message=str(exc)[:2000],
        )
        raise
    run = _record(
        actor=actor,
        kind=BackupRun.Kind.DRILL,
        result=BackupRun.Result.OK if report.ok else BackupRun.Result.FAILED,
        started=started,
        t0=t0,
        **_fields(archive_path, report),
    )
    return run, report


def retention_apply(*, actor: Any = None) -> list[str]:
    """Delete the archives the retention rule no longer keeps, locally and in the backup storage."""
    _check_actor(actor)
    removed: list[str] = []
    local = {p.name: p for p in backup_dir().glob(f"lentera-backup-*{ARCHIVE_SUFFIX}")}
    for name in sorted(rules.archives_to_delete(list(local), **rules.retention_settings())):
        local[name].unlink(missing_ok=True)
        removed.append(name)
    remote = remote_storage()
    if remote is not None:
        names = [n for n in remote.listdir("")[1] if n.startswith("lentera-backup-")]
        for name in sorted(rules.archives_to_delete(names, **rules.retention_settings())):
            remote.delete(name)
            removed.append(f"{settings.LENTERA_BACKUP_STORAGE}:{name}")
    if removed:
        with transaction.atomic():
            audit.record(
                actor=actor,
                action="operations.backup.retention",
                object_type="operations.backuprun",
                after={"removed": removed, **rules.retention_settings()},
            )
    return removed
