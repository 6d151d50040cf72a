"""The database's own text index over the folded search text of e-services (the registry's
layout, see ``khooshe/registry/migrations/0002_search_index.py``): SQLite, an FTS5 table with
the ``trigram`` tokenizer over ``search_text`` as external content, kept by triggers on every
write path; PostgreSQL, a ``pg_trgm`` GIN index under ``LIKE``. Django remakes a SQLite table
for some ``ALTER``s, which drops its triggers: :func:`khooshe.eservices.search.index_install`
puts them back (checked once per process)."""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS eservices_eservice_fts USING fts5(
        search_text, content='eservices_eservice', content_rowid='id',
        tokenize='trigram', detail=full)""",
    """CREATE TRIGGER IF NOT EXISTS eservices_eservice_fts_ai
        AFTER INSERT ON eservices_eservice BEGIN
        INSERT INTO eservices_eservice_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS eservices_eservice_fts_ad
        AFTER DELETE ON eservices_eservice BEGIN
        INSERT INTO eservices_eservice_fts(eservices_eservice_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS eservices_eservice_fts_au
        AFTER UPDATE OF search_text ON eservices_eservice BEGIN
        INSERT INTO eservices_eservice_fts(eservices_eservice_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO eservices_eservice_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "INSERT INTO eservices_eservice_fts(eservices_eservice_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS eservices_eservice_fts_ai",
    "DROP TRIGGER IF EXISTS eservices_eservice_fts_ad",
    "DROP TRIGGER IF EXISTS eservices_eservice_fts_au",
    "DROP TABLE IF EXISTS eservices_eservice_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS eservices_search_text_trgm
        ON eservices_eservice USING gin (search_text gin_trgm_ops)""",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS eservices_search_text_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("eservices", "0001_initial"), ("registry", "0002_search_index")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        )
    ]
