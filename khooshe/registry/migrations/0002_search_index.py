"""The database's own text index over the folded search text of organizations.

``Organization.search_text`` holds the folded keys (khooshe.persian.text.search_key) of the
name, the English name and the description; every query word is matched as a substring of it.

* SQLite: an FTS5 table with the ``trigram`` tokenizer over ``search_text`` as external
  content. ``detail=full`` so that a word is looked up as a phrase of its trigrams with
  ``MATCH`` (answered from the index alone). Measured at 100,000 organizations: ``MATCH`` on
  ``detail=full`` count p50/p95 13/32 ms; ``LIKE`` on ``detail=none`` 31/128 ms, because every
  ``LIKE`` candidate is re-checked against the content row; the index is 76 MB instead of 64. SQL triggers keep it in sync on every write path
  (``save``, ``bulk_create``, ``QuerySet.update``, deletes), so no Python code has to.
  Two-letter queries use ``registry_organization_bigram`` (every two-letter piece of the
  folded name → organization, a WITHOUT ROWID B-tree), kept by triggers too.
  Caveat: Django remakes a SQLite table for some ``ALTER``s, which drops its triggers;
  :func:`khooshe.registry.search.search_index_install` recreates them and rebuilds the index
  (idempotent; call it from ``post_migrate``).
* PostgreSQL: ``pg_trgm`` GIN indexes over ``search_text`` (substring ``LIKE``) and
  ``search_key`` (the folded name); a B-tree on ``search_key COLLATE "C"`` (name-prefix
  ranges read in order) and a GIN index over the name's bigrams (two-letter queries). pg_trgm only makes
  trigrams of characters the database's ctype calls letters or digits: under ``C`` it makes
  none of Persian. Our databases are ``C.UTF-8`` (glibc classifies all of Unicode), and
  a test asserts Persian trigrams are produced.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_fts USING fts5(
        search_text, content='registry_organization', content_rowid='id',
        tokenize='trigram', detail=full)""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_fts_ai
        AFTER INSERT ON registry_organization BEGIN
        INSERT INTO registry_organization_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_fts_ad
        AFTER DELETE ON registry_organization BEGIN
        INSERT INTO registry_organization_fts(registry_organization_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        END""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_fts_au
        AFTER UPDATE OF search_text ON registry_organization BEGIN
        INSERT INTO registry_organization_fts(registry_organization_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO registry_organization_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    "INSERT INTO registry_organization_fts(registry_organization_fts) VALUES ('rebuild')",
    # Two-letter queries: trigrams cannot serve them; a B-tree of the name's bigrams can.
    # Triggers cannot loop, so they join a table of positions 1..255 (the key's length).
    "CREATE TABLE IF NOT EXISTS registry_search_position (n INTEGER PRIMARY KEY)",
    """INSERT OR IGNORE INTO registry_search_position (n)
        WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 255)
        SELECT n FROM c""",
    """CREATE TABLE IF NOT EXISTS registry_organization_bigram (
        gram TEXT NOT NULL, organization_id INTEGER NOT NULL,
        PRIMARY KEY (gram, organization_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS registry_organization_bigram_org
        ON registry_organization_bigram (organization_id)""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_bigram_ai
        AFTER INSERT ON registry_organization BEGIN
        INSERT OR IGNORE INTO registry_organization_bigram (gram, organization_id)
        SELECT substr(new.search_key, n, 2), new.id FROM registry_search_position
        WHERE n < length(new.search_key);
        END""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_bigram_ad
        AFTER DELETE ON registry_organization BEGIN
        DELETE FROM registry_organization_bigram WHERE organization_id = old.id;
        END""",
    """CREATE TRIGGER IF NOT EXISTS registry_organization_bigram_au
        AFTER UPDATE OF search_key ON registry_organization BEGIN
        DELETE FROM registry_organization_bigram WHERE organization_id = old.id;
        INSERT OR IGNORE INTO registry_organization_bigram (gram, organization_id)
        SELECT substr(new.search_key, n, 2), new.id FROM registry_search_position
        WHERE n < length(new.search_key);
        END""",
    "DELETE FROM registry_organization_bigram",
    """INSERT OR IGNORE INTO registry_organization_bigram (gram, organization_id)
        SELECT substr(o.search_key, p.n, 2), o.id FROM registry_organization o
        JOIN registry_search_position p ON p.n < length(o.search_key)""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registry_organization_fts_ai",
    "DROP TRIGGER IF EXISTS registry_organization_fts_ad",
    "DROP TRIGGER IF EXISTS registry_organization_fts_au",
    "DROP TABLE IF EXISTS registry_organization_fts",
    "DROP TRIGGER IF EXISTS registry_organization_bigram_ai",
    "DROP TRIGGER IF EXISTS registry_organization_bigram_ad",
    "DROP TRIGGER IF EXISTS registry_organization_bigram_au",
    "DROP TABLE IF EXISTS registry_organization_bigram",
    "DROP TABLE IF EXISTS registry_search_position",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS registry_org_search_text_trgm
        ON registry_organization USING gin (search_text gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS registry_org_search_key_trgm
        ON registry_organization USING gin (search_key gin_trgm_ops)""",
    # Name-prefix suggestions read a range of this in order (code points, whatever the
    # database's collation), so "LIMIT 10" stops after ten rows.
    """CREATE INDEX IF NOT EXISTS registry_org_search_key_c
        ON registry_organization ((search_key COLLATE "C"))""",
    # Two-letter queries: trigrams cannot serve them; a GIN index over the name's bigrams can.
    """CREATE OR REPLACE FUNCTION registry_bigrams(text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr($1, i, 2)), '{}'::text[])
        FROM generate_series(1, char_length($1) - 1) AS i $$""",
    """CREATE INDEX IF NOT EXISTS registry_org_search_key_bigrams
        ON registry_organization USING gin (registry_bigrams(search_key))""",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS registry_org_search_text_trgm",
    "DROP INDEX IF EXISTS registry_org_search_key_trgm",
    "DROP INDEX IF EXISTS registry_org_search_key_c",
    "DROP INDEX IF EXISTS registry_org_search_key_bigrams",
    "DROP FUNCTION IF EXISTS registry_bigrams(text)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        )
    ]
