"""Fixtures shared by every app's tests."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest

from lentera.accounts.tests.factories import user_with_role
from lentera.core.roles import Role

#: argon2id at its lowest accepted cost (lentera.bidding.crypto.keys.KdfParams.validate).
FAST_KDF_ARGS = {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1}


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language (Indonesian), whatever an earlier test activated."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_argon2(request, monkeypatch):
    """Cheap argon2 for the Pokja opening keys everywhere (every demo load makes a dozen): the cost is a deployment
    setting recorded in each key bundle, not what the tests check. The crypto core's own tests keep the real
    defaults and check them."""
    if request.module.__name__.endswith("bidding.tests.test_crypto"):
        return
    from lentera.bidding.crypto import keys

    monkeypatch.setattr(keys, "DEFAULT_KDF_PARAMS", keys.KdfParams(**FAST_KDF_ARGS))


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh storage folder for this test (so a dump of it holds only this test's files)."""
    from lentera.testing import use_storage

    return use_storage(settings, tmp_path / "media")


@pytest.fixture
def make_user(db):
    return user_with_role


@pytest.fixture
def users_by_role(db):
    """One user per role (staff with a confirmed TOTP device)."""
    return {role: user_with_role(role) for role in Role.values}


def _chromium() -> str | None:
    """Debian's chromium first (the browser the brief names), whatever else a PATH may hold."""
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture
def browser(monkeypatch):
    """A headless Debian chromium driven by Playwright (nothing downloaded).

    Playwright's sync API keeps an asyncio loop running in the test's thread, and Django refuses ORM calls
    from a thread with a running loop; a browser test still needs the ORM (make data, read a TOTP device).
    The guard is lifted for this test only (restored afterwards), never for the rest of the suite.
    """
    path = _chromium()
    if path is None:
        if os.environ.get("LENTERA_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (LENTERA_REQUIRE_BROWSER is set) but not installed")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test marked ``route(METHOD, path, allowed=True | denied=True)`` must really make that call with that
    outcome, a refused one changing nothing (lentera.testing_routes)."""
    marks = list(item.iter_markers("route"))
    if not marks:
        return (yield)
    from lentera.testing_routes import tracking

    with tracking(marks) as calls:
        result = yield
    problems = calls.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return result


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests run only on PostgreSQL (CI runs the suite on both databases)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# --- A migrated SQLite test database, built once and reused --------------------------------------------------
#
# Creating the test database means running every migration of every app, which costs more than many test files.
# For the default in-memory SQLite test database, the migrated database is saved once per set of migrations (a
# key over the migration files, uv.lock and the settings) under var/test-db-cache/ and copied into memory by
# each test process (xdist workers included: the first builds it under a file lock, the others copy it).
# A changed migration gives a new key, hence a fresh build. LENTERA_TEST_DB_CACHE=0 turns it off.


def _test_db_cache_key() -> str:
    import hashlib
    from pathlib import Path

    import django

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(django.get_version().encode())
    files = sorted(root.glob("lentera/*/migrations/*.py")) + sorted(
        (root / "lentera" / "settings").glob("*.py")
    )
    files.append(root / "uv.lock")
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _cacheable_sqlite() -> bool:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return (
        os.environ.get("LENTERA_TEST_DB_CACHE", "1") != "0"
        and len(settings.DATABASES) == 1
        and db["ENGINE"] == "django.db.backends.sqlite3"
        and db["NAME"] in (":memory:", "")
        and not (db.get("TEST") or {}).get("NAME")
    )


@contextlib.contextmanager
def _migrations_from_cache():
    """While active, `migrate` restores the cached migrated database, or migrates and saves the result."""
    import fcntl
    import sqlite3
    from pathlib import Path
    from unittest import mock

    import django.core.management
    from django.conf import settings
    from django.db import connections

    cache_dir = Path(settings.VAR_DIR) / "test-db-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = cache_dir / f"{_test_db_cache_key()}.sqlite3"
    real_call_command = django.core.management.call_command

    def call_command(name, *args, **kwargs):
        if name != "migrate":
            return real_call_command(name, *args, **kwargs)
        connection = connections["default"]
        connection.ensure_connection()
        if cache.exists():
            source = sqlite3.connect(cache)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return None
        result = real_call_command(name, *args, **kwargs)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, cache)
        for stale in cache_dir.glob("*.sqlite3"):
            if stale != cache:
                stale.unlink(missing_ok=True)
        return result

    with open(cache_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers: one builds, the others wait and copy
        try:
            with mock.patch.object(django.core.management, "call_command", call_command):
                yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# --- On PostgreSQL: migrate once per run, clone for the other workers --------------------------------------------
#
# Running every migration on PostgreSQL takes a minute or more; with xdist each worker would do it for its own
# test database. The first worker migrates (under the same file lock) and saves the result as a template database
# named after the configured database and the cache key (``<NAME>_tpl_<key>``); the others get theirs with
# CREATE DATABASE ... TEMPLATE, which copies it in about a second. Each CI run configures a new database name, so
# every CI run still migrates a fresh database once; .ci/run drops the template with the database.


def _pg_template_name() -> str | None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if os.environ.get("LENTERA_TEST_DB_CACHE", "1") == "0" or len(settings.DATABASES) != 1:
        return None
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    return f"{db['NAME']}_tpl_{_test_db_cache_key()[:16]}"


@contextlib.contextmanager
def _migrations_from_pg_template(template: str):
    """While active, `migrate` replaces the new test database with a copy of the template, or migrates and saves
    the result as the template. Any failure of the copy falls back to migrating."""
    import fcntl
    from pathlib import Path
    from unittest import mock

    import django.core.management
    from django.conf import settings
    from django.db import DatabaseError, connections

    cache_dir = Path(settings.VAR_DIR) / "test-db-cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    real_call_command = django.core.management.call_command

    def call_command(name, *args, **kwargs):
        if name != "migrate":
            return real_call_command(name, *args, **kwargs)
        connection = connections["default"]
        qn = connection.ops.quote_name
        target = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
            have_template = cursor.fetchone() is not None
        if have_template:
            try:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {qn(target)}")
                    cursor.execute(f"CREATE DATABASE {qn(target)} TEMPLATE {qn(template)}")
                return None
            except DatabaseError:
                with connection._nodb_cursor() as cursor:
                    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target])
                    if cursor.fetchone() is None:
                        cursor.execute(f"CREATE DATABASE {qn(target)}")
        result = real_call_command(name, *args, **kwargs)
        connection.close()
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {qn(template)} TEMPLATE {qn(target)}")
        except DatabaseError:
            pass  # another run made it meanwhile, or the copy is refused: the next run migrates again
        return result

    with open(cache_dir / ".lock-postgresql", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with mock.patch.object(django.core.management, "call_command", call_command):
                yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, with the migrated SQLite database taken from the cache when possible."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    extra = {}
    if not django_db_use_migrations:
        _disable_migrations()
    if django_db_keepdb and not django_db_createdb:
        extra["keepdb"] = True
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    use_cache = django_db_use_migrations and not extra and _cacheable_sqlite()
    template = _pg_template_name() if django_db_use_migrations and not extra else None
    if use_cache:
        from_cache = _migrations_from_cache()
    elif template:
        from_cache = _migrations_from_pg_template(template)
    else:
        from_cache = contextlib.nullcontext()
    with django_db_blocker.unblock(), from_cache:
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            **extra,
        )
        from lentera import testing_changes

        testing_changes.install()  # db_fingerprint's change counter (after the cache/template copy)

    yield

    if not django_db_keepdb:
        with django_db_blocker.unblock():
            _close_stray_postgres_sessions()
            teardown_databases(db_cfg, verbosity=verbosity)


def _close_stray_postgres_sessions() -> None:
    """Before dropping a PostgreSQL test database, end other sessions still connected to it.

    Browser tests serve pages from pytest-django's live server, whose request threads may still hold a
    connection when the session ends; DROP DATABASE would then fail with "being accessed by other users".
    """
    from django.db import connections

    for conn in connections.all():
        if conn.vendor != "postgresql":
            continue
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
