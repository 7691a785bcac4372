"""What every benchmark shares: a PostgreSQL database it creates, names and alone may drop.

A benchmark takes ``--pg-url`` (the server, e.g. ``postgres://postgres@127.0.0.1:5432``) and optionally
``--db-name``. With no name it creates ``lentera_bench_<script>_<pid>`` and drops it at the end (``--keep``
keeps it). A database it did not create is never dropped: a name given on the command line must not exist
yet, or ``--reuse`` must be passed, in which case it is used as it is (not migrated) and left in place. ``--template`` clones
an already migrated database instead of migrating (the test suite's smoke runs clone its template).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def add_database_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server")
    parser.add_argument("--db-name", default="", help="database to create (default: a new unique name)")
    parser.add_argument(
        "--reuse", action="store_true", help="use an existing --db-name as it is; never dropped"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database this run created")
    parser.add_argument("--template", default="", help="clone this migrated database instead of migrating")


@dataclass
class BenchDatabase:
    server: str
    name: str
    created: bool
    keep: bool

    @property
    def url(self) -> str:
        return f"{self.server.rstrip('/')}/{self.name}"

    def drop(self) -> None:
        """Drop the database, only if this run created it and was not asked to keep it."""
        if not self.created or self.keep:
            return
        import psycopg

        with psycopg.connect(f"{self.server.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def open_database(args: argparse.Namespace, script: str) -> BenchDatabase:
    """Create (or, with --reuse, adopt) the benchmark's database and migrate it."""
    import psycopg

    name = args.db_name or f"lentera_bench_{script}_{os.getpid()}"
    if not _NAME.match(name):
        raise SystemExit(f"--db-name {name!r}: lower-case letters, digits and _ only")
    with psycopg.connect(f"{args.pg_url.rstrip('/')}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not args.reuse:
            raise SystemExit(f"database {name} exists; pass --reuse to use it (it will not be dropped)")
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    db = BenchDatabase(server=args.pg_url, name=name, created=not exists, keep=args.keep)
    env = os.environ | {"DATABASE_URL": db.url, "DJANGO_SETTINGS_MODULE": "lentera.settings.dev"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return db
