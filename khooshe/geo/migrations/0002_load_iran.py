"""Loads Iran's provinces and counties from khooshe/geo/data/iran.json (idempotent)."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "iran.json"


def load(apps, schema_editor):
    from khooshe.persian.text import search_key

    Province = apps.get_model("geo", "Province")
    County = apps.get_model("geo", "County")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for item in data["provinces"]:
        province, _created = Province.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "name_en": item["name_en"], "center": item["center"]},
        )
        for county in item["counties"]:
            County.objects.update_or_create(
                province=province,
                name_key=search_key(county["name"]),
                defaults={
                    "name": county["name"],
                    "name_en": county["name_en"],
                    "center": county["center"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
