"""Full-text search structures, one per database.

PostgreSQL: a generated tsvector column ('simple' configuration: Indonesian has no stemmer in PostgreSQL, and
'simple' keeps every word) with a GIN index.
SQLite: an FTS5 external-content index whose rowid is `sort_key`, kept in sync by triggers, so a text search
walks the FTS index in rowid (= listing) order and stops after one page, even for common words.
"""

from django.db import migrations


SQLITE_TRIGGERS = [
    "CREATE TRIGGER public_publictender_ai AFTER INSERT ON public_publictender BEGIN "
    "INSERT INTO public_publictender_fts(rowid, search_text) VALUES (new.sort_key, new.search_text); END",
    "CREATE TRIGGER public_publictender_ad AFTER DELETE ON public_publictender BEGIN "
    "INSERT INTO public_publictender_fts(public_publictender_fts, rowid, search_text) "
    "VALUES ('delete', old.sort_key, old.search_text); END",
    "CREATE TRIGGER public_publictender_au AFTER UPDATE OF search_text, sort_key ON public_publictender BEGIN "
    "INSERT INTO public_publictender_fts(public_publictender_fts, rowid, search_text) "
    "VALUES ('delete', old.sort_key, old.search_text); "
    "INSERT INTO public_publictender_fts(rowid, search_text) VALUES (new.sort_key, new.search_text); END",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE public_publictender ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX pt_search_gin ON public_publictender USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE public_publictender_fts USING fts5("
            "search_text, content='public_publictender', content_rowid='sort_key', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)

def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pt_search_gin")
        schema_editor.execute("ALTER TABLE public_publictender DROP COLUMN IF EXISTS search_vector")
    elif vendor == "sqlite":
        for trigger in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS public_publictender_{trigger}")
        schema_editor.execute("DROP TABLE IF EXISTS public_publictender_fts")


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
