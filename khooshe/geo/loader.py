"""Loads Iran's provinces and counties from ``data/iran.json``; used by the data migration and
by tests that flush the database (browser tests on a live server)."""

import json
from pathlib import Path

from khooshe.persian.text import search_key

DATA_FILE = Path(__file__).resolve().parent / "data" / "iran.json"


def load_iran(province_model, county_model) -> tuple[int, int]:
    """Create or update every province and county; returns how many of each exist."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for item in data["provinces"]:
        province, _created = province_model.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "name_en": item["name_en"], "center": item["center"]},
        )
        for county in item["counties"]:
            county_model.objects.update_or_create(
                province=province,
                name_key=search_key(county["name"]),
                defaults={
                    "name": county["name"],
                    "name_en": county["name_en"],
                    "center": county["center"],
                },
            )
    return province_model.objects.count(), county_model.objects.count()
