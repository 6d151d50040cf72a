"""Loads Iran's provinces and counties from khooshe/geo/data/iran.json (idempotent)."""

from django.db import migrations


def load(apps, schema_editor):
    from khooshe.geo.loader import load_iran

    load_iran(apps.get_model("geo", "Province"), apps.get_model("geo", "County"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
