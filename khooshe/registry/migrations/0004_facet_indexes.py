"""Indexes for the directory's counts per filter value (issue 4, item 10).

* ``registry_gm_org_expires`` (both databases): whether an organization has a valid guild
  membership is answered from the index alone (``organization_id, expires_on``), once per
  matching record.
* ``registry_cluster_members_org_cluster`` (both): the cluster count reads each match's
  clusters from the index alone (the unique index starts with the cluster).
* ``registry_org_facet_cover`` (SQLite only): every column the counts group by, keyed by the
  row id. Checking thousands of index hits for visibility and reading their kind, province,
  county, verification and certificate then reads this narrow index instead of the wide rows
  (``description``, ``search_text``…): at 100,000 organizations and 15,000 matches, 21 → 9 ms
  for the visible ids and 34 → 22 ms for the grouped counts. PostgreSQL reads those rows in
  the bitmap heap scan that rechecks the text match anyway, so it gains nothing there.

Both are plain SQL (not in the models' state): like the text index of ``0002_search_index``,
:func:`khooshe.registry.search.search_index_install` recreates them when a migration that
remakes the table on SQLite drops them.
"""

from django.db import migrations

BOTH = [
    """CREATE INDEX IF NOT EXISTS registry_gm_org_expires
        ON registry_guildmembership (organization_id, expires_on)""",
    """CREATE INDEX IF NOT EXISTS registry_cluster_members_org_cluster
        ON registry_cluster_members (organization_id, cluster_id)""",
]
SQLITE_CREATE = [
    *BOTH,
    """CREATE INDEX IF NOT EXISTS registry_org_facet_cover ON registry_organization
        (id, is_public, merged_into_id, kind, province_id, county_id, verification,
         kb_certificate_number, kb_certificate_expires_on)""",
]
POSTGRES_CREATE = BOTH
SQLITE_DROP = [
    "DROP INDEX IF EXISTS registry_gm_org_expires",
    "DROP INDEX IF EXISTS registry_cluster_members_org_cluster",
    "DROP INDEX IF EXISTS registry_org_facet_cover",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS registry_gm_org_expires",
    "DROP INDEX IF EXISTS registry_cluster_members_org_cluster",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_registry_workflow")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        )
    ]
