"""A cheap, exact change detector for the test database: a row-level trigger on every table counts its writes.

``lentera.testing.db_fingerprint`` used to hash every row of every table before and after each refused call; in
the access matrices that was half of the suite's time. Triggers now count, per connection, every inserted and
deleted row and every updated row whose values really changed (the same tables and columns the hash skipped are
skipped here), so a fingerprint is one read of a counter. The count lives in the database, inside the test's
transaction: a write that is rolled back is uncounted, exactly as the hash would not have seen it.

On PostgreSQL each connection counts in its own row (keyed by backend pid), so concurrent tests do not serialise
on the counter; on SQLite there is one writer anyway and one row. Installed once per test database, after the
migrations (``lentera.conftest.django_db_setup``); a database without it falls back to the full hash.
"""

from __future__ import annotations

from django.db import connection

COUNTER_TABLE = "lentera_test_changes"
TRIGGER_PREFIX = "lentera_tc_"


def _tables(cursor) -> list[str]:
    from lentera.testing import FINGERPRINT_SKIP_TABLES

    return [
        t
        for t in sorted(connection.introspection.table_names(cursor))
        if t not in FINGERPRINT_SKIP_TABLES and t != COUNTER_TABLE
    ]


def install() -> None:
    """Create the counter and a trigger on every table of the current test database (idempotent)."""
    from lentera.testing import FINGERPRINT_SKIP_COLUMNS

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = _tables(cursor)
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE UNLOGGED TABLE IF NOT EXISTS {COUNTER_TABLE} (pid integer PRIMARY KEY, n bigint NOT NULL)"
            )
            cursor.execute(
                f"""CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'UPDATE'
                     AND (to_jsonb(OLD) - TG_ARGV::text[]) IS NOT DISTINCT FROM (to_jsonb(NEW) - TG_ARGV::text[])
                  THEN
                    RETURN NULL;
                  END IF;
                  INSERT INTO {COUNTER_TABLE} (pid, n) VALUES (pg_backend_pid(), 1)
                    ON CONFLICT (pid) DO UPDATE SET n = {COUNTER_TABLE}.n + 1;
                  RETURN NULL;
                END $$"""  # noqa: S608 - constant names only
            )
            for table in tables:
                skip = ", ".join(f"'{c}'" for c in sorted(FINGERPRINT_SKIP_COLUMNS.get(table, set())))
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER_PREFIX}row AFTER INSERT OR UPDATE OR DELETE "
                    f"ON {qn(table)} FOR EACH ROW EXECUTE FUNCTION {TRIGGER_PREFIX}count({skip})"
                )
            return
        if connection.vendor != "sqlite":
            return
        # full-text indexes (virtual tables and their shadow tables) take no triggers; they only mirror other rows
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")
        virtual = [row[0] for row in cursor.fetchall()]
        tables = [t for t in tables if not any(t == v or t.startswith(f"{v}_") for v in virtual)]
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {COUNTER_TABLE} (n integer NOT NULL)")
        cursor.execute(
            f"INSERT INTO {COUNTER_TABLE} (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {COUNTER_TABLE})"  # noqa: S608
        )
        bump = f"BEGIN UPDATE {COUNTER_TABLE} SET n = n + 1; END"  # noqa: S608 - constant name
        for table in tables:
            skipped = FINGERPRINT_SKIP_COLUMNS.get(table, set())
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if c.name not in skipped
            ]
            changed = " OR ".join(f"OLD.{qn(c)} IS NOT NEW.{qn(c)}" for c in columns) or "0"
            name = f"{TRIGGER_PREFIX}{table}"
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {qn(name + '_i')} AFTER INSERT ON {qn(table)} {bump}"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {qn(name + '_d')} AFTER DELETE ON {qn(table)} {bump}"
            )
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {qn(name + '_u')} AFTER UPDATE ON {qn(table)} "
                f"FOR EACH ROW WHEN {changed} {bump}"
            )


def count() -> int | None:
    """How many counted row changes this database has seen (None when the counter is not installed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [COUNTER_TABLE])
            if not cursor.fetchone()[0]:
                return None
            cursor.execute(f"SELECT coalesce(sum(n), 0) FROM {COUNTER_TABLE}")  # noqa: S608 - constant name
            return int(cursor.fetchone()[0])
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [COUNTER_TABLE])
            if cursor.fetchone() is None:
                return None
            cursor.execute(f"SELECT n FROM {COUNTER_TABLE}")  # noqa: S608 - constant name
            row = cursor.fetchone()
            return int(row[0]) if row else None
    return None
