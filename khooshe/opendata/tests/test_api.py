"""/api/v1/datasets/: the catalogue and one dataset, with ETag and 304."""

import pytest

from khooshe.opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def test_list_gives_every_dataset_with_its_resources(client):
    response = client.get("/api/v1/datasets/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(DATASETS)
    events = next(d for d in body["results"] if d["slug"] == "events")
    formats = {r["format"]: r["url"] for r in events["resources"]}
    assert formats["csv"].endswith("/opendata/events/events.csv")
    assert formats["datapackage"].endswith("/opendata/events/datapackage.json")
    assert events["licence"]["name"] == "CC-BY-4.0"


def test_list_searches_in_any_spelling(client):
    body = client.get("/api/v1/datasets/", {"q": "رويدادها"}).json()
    slugs = [d["slug"] for d in body["results"]]
    assert "events" in slugs
    assert "actors" not in slugs


def test_detail_gives_the_columns(client):
    body = client.get("/api/v1/datasets/obstacles/").json()
    names = [f["name"] for f in body["fields"]]
    assert names == DATASETS["obstacles"].field_names
    assert "<5" in body["missing_values"]


def test_unknown_slug_is_404(client):
    assert client.get("/api/v1/datasets/nothing/").status_code == 404


def test_a_client_with_the_current_answer_gets_304(client):
    first = client.get("/api/v1/datasets/events/")
    etag = first["ETag"]
    assert (
        client.get("/api/v1/datasets/events/", headers={"If-None-Match": etag}).status_code == 304
    )
    listing = client.get("/api/v1/datasets/")
    again = client.get("/api/v1/datasets/", headers={"If-None-Match": listing["ETag"]})
    assert again.status_code == 304
