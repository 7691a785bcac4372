"""Copying the whole database out and into an empty one: PostgreSQL with pg_dump / pg_restore (custom format),
SQLite with its online backup API. Row counts per table and the audit head are read from the same snapshot the
copy is made from, so the manifest describes exactly what is in the archive."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from .errors import BackupError

AUDIT_TABLE = "core_auditevent"
DUMP_NAMES = {"postgresql": "database/lentera.pgdump", "sqlite": "database/lentera.sqlite3"}


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    audit_seq: int
    audit_hash: str


def _read_snapshot(cursor: Any, tables: list[str], quote) -> Snapshot:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from introspection
        counts[table] = int(cursor.fetchone()[0])
    seq, digest = 0, "0" * 64
    if AUDIT_TABLE in tables:
        cursor.execute(f"SELECT seq, hash FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
        if row:
            seq, digest = int(row[0]), str(row[1])
    return Snapshot(counts, seq, digest)


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return [r[0] for r in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            "PG_TOOLS_MISSING",
            _("%(tool)s tidak ditemukan. Pasang klien PostgreSQL (versi sama atau lebih baru dari server)."),
            tool=cmd[0],
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            "DATABASE_COPY_FAILED",
            _("%(what)s gagal: %(detail)s"),
            what=what,
            detail=(done.stderr or done.stdout).strip()[-800:],
        )


def dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """Copy the whole database behind `connection` into the file `target`; return what the copy holds."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
            return _read_snapshot(dest.cursor(), _sqlite_tables(dest), _quote)
        finally:
            dest.close()
    if connection.vendor == "postgresql":
        return _pg_dump(connection, target)
    raise BackupError(
        "VENDOR_UNSUPPORTED", _("Basis data %(vendor)s tidak didukung."), vendor=connection.vendor
    )


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> Snapshot:
    """pg_dump from a snapshot exported by a REPEATABLE READ transaction, counted in that same transaction."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("pool", None)
    with psycopg.connect(**params, autocommit=False) as conn, conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        row = cur.fetchone()
        assert row is not None
        snapshot_id = row[0]
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [r[0] for r in cur.fetchall()]
        snap = _read_snapshot(cur, tables, _quote)
        args, env = _pg_env(connection.settings_dict)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                str(connection.settings_dict["NAME"]),
            ],
            env,
            "pg_dump",
        )
        conn.rollback()
    return snap


def is_empty(connection: BaseDatabaseWrapper) -> bool:
    """No table at all (a database that was created and never migrated)."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def load(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Copy a dump into the (empty) database behind `connection`, all or nothing."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        return
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    _run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env,
        "pg_restore",
    )


def snapshot_of(connection: BaseDatabaseWrapper) -> Snapshot:
    """Counts and audit head of the database behind `connection` as it is now (after a restore)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _read_snapshot(cursor, tables, connection.ops.quote_name)
