"""Databases and storages other than the configured ones: the scratch targets of a restore drill, and a way to
run code (the audit verification, a bid opening in a test) against a restored database."""

from __future__ import annotations

import contextlib
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend


def wrapper_for(name: str, *, like: BaseDatabaseWrapper | None = None) -> BaseDatabaseWrapper:
    """A new connection wrapper like the default one, to the database `name` (a file path on SQLite)."""
    base = like or connections["default"]
    settings_dict: dict[str, Any] = {**base.settings_dict, "NAME": name}
    options = dict(settings_dict.get("OPTIONS") or {})
    options.pop("pool", None)
    settings_dict["OPTIONS"] = options
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="default")


@contextlib.contextmanager
def as_default(wrapper: BaseDatabaseWrapper) -> Iterator[BaseDatabaseWrapper]:
    """Make `wrapper` Django's default connection in this thread for the duration of the block."""
    original = connections["default"]
    if wrapper is original:
        yield wrapper
        return
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        connections["default"] = original


@contextlib.contextmanager
def scratch_database(workdir: Path) -> Iterator[BaseDatabaseWrapper]:
    """An empty database of the same vendor as the default one, dropped afterwards."""
    default = connections["default"]
    if default.vendor == "sqlite":
        wrapper = wrapper_for(str(workdir / "drill.sqlite3"))
        try:
            yield wrapper
        finally:
            wrapper.close()
        return
    name = f"{default.settings_dict['NAME']}_drill_{secrets.token_hex(4)}"[:63]
    qn = default.ops.quote_name
    with default.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {qn(name)}")
    wrapper = wrapper_for(name)
    try:
        yield wrapper
    finally:
        wrapper.close()
        with default.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(name)} WITH (FORCE)")


def scratch_storage(workdir: Path) -> FileSystemStorage:
    root = Path(tempfile.mkdtemp(prefix="drill-files-", dir=workdir))
    return FileSystemStorage(location=str(root))
