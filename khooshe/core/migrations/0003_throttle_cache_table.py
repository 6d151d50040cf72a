"""The database cache's table for the API throttles (settings: CACHES["throttle"] is a
DatabaseCache in production without REDIS_URL). createcachetable makes the table of every
configured database cache and skips those that exist; nothing to undo."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_idempotencykey_request_hash"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
