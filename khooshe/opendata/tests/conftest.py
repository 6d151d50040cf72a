import csv
import io
import json

import pytest
from django.urls import reverse


def download(client, slug: str, fmt: str):
    response = client.get(
        reverse("opendata:download", kwargs={"slug": slug, "name": slug, "fmt": fmt})
    )
    assert response.status_code == 200, response.status_code
    return response


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(client, slug: str) -> list[dict]:
    text = content_of(download(client, slug, "csv")).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def json_rows(client, slug: str) -> list[dict]:
    return json.loads(content_of(download(client, slug, "json")))["data"]


@pytest.fixture
def rows_of(client):
    """Every row of a dataset as CSV and as JSON (each proves the same thing)."""

    def read(slug: str) -> tuple[list[dict], list[dict]]:
        return csv_rows(client, slug), json_rows(client, slug)

    return read
