"""The files: CSV with a BOM and Persian intact, an RTL XLSX with its data dictionary and no
formulas, JSON, conditional answers (304) and the download counter."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from khooshe.events.tests.factories import EventFactory
from khooshe.opendata import services
from khooshe.opendata.datasets import DATASETS
from khooshe.opendata.models import DownloadCount
from khooshe.opendata.tests.conftest import content_of, download

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    EventFactory(title="جشنواره فاوای مازندران")
    return EventFactory(title='=HYPERLINK("http://evil.example","کلیک")', venue="@SUM(A1)")


def test_csv_is_utf8_with_bom_and_persian_intact(client, events):
    response = download(client, "events", "csv")
    body = content_of(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="events.csv"' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header == DATASETS["events"].field_names
    assert "جشنواره فاوای مازندران" in text
    assert "ساری، نمایشگاه بین‌المللی" in text  # the zero-width non-joiner kept


def test_csv_neutralises_formulas(client, events):
    text = content_of(download(client, "events", "csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
    assert "\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text


def test_xlsx_is_rtl_with_a_data_dictionary_and_no_formula(client, events):
    response = download(client, "events", "xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(content_of(response)))
    data, dictionary = workbook.worksheets
    assert data.sheet_view.rightToLeft is True
    assert dictionary.sheet_view.rightToLeft is True
    columns = DATASETS["events"].columns
    assert [c.value for c in data[1]] == [c.title for c in columns]
    cells = [cell for row in data.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert '\'=HYPERLINK("http://evil.example","کلیک")' in values
    assert "جشنواره فاوای مازندران" in values
    names = [row[0].value for row in dictionary.iter_rows(min_row=2) if row[0].value]
    assert names[: len(columns)] == [c.name for c in columns]
    starts_on = next(row for row in dictionary.iter_rows(min_row=2) if row[0].value == "starts_on")
    assert starts_on[3].value == "date"


def test_json_holds_the_rows_with_both_dates(client, events):
    body = json.loads(content_of(download(client, "events", "json")))
    assert body["dataset"] == "events"
    assert body["licence"]["name"] == "CC-BY-4.0"
    row = next(r for r in body["data"] if r["id"] == events.pk)
    assert row["starts_on"] == "2030-05-01"
    assert row["starts_on_jalali"] == "1409/02/11"
    assert row["title"].startswith("'=")


def test_every_dataset_downloads_in_every_format_when_empty(client):
    for slug in DATASETS:
        for fmt in ("csv", "xlsx", "json"):
            assert content_of(download(client, slug, fmt))


def test_an_unknown_dataset_or_file_name_is_404(client):
    assert client.get("/opendata/nothing/nothing.csv").status_code == 404
    assert client.get("/opendata/events/actors.csv").status_code == 404
    assert client.get("/opendata/events/events.exe").status_code == 404


def test_a_client_with_the_current_copy_gets_304(client, events):
    url = reverse("opendata:download", kwargs={"slug": "events", "name": "events", "fmt": "csv"})
    first = client.get(url)
    content_of(first)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    # A change to a record is a new version.
    EventFactory(title="رویداد تازه")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # Each format has its own version.
    other = reverse("opendata:download", kwargs={"slug": "events", "name": "events", "fmt": "json"})
    assert client.get(other, headers={"If-None-Match": etag}).status_code == 200


def test_304_reads_no_rows_and_counts_no_download(client, events, django_assert_max_num_queries):
    url = reverse("opendata:download", kwargs={"slug": "events", "name": "events", "fmt": "json"})
    etag = client.get(url)["ETag"]
    before = DownloadCount.objects.get(dataset="events", format="json").count
    with django_assert_max_num_queries(3):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert DownloadCount.objects.get(dataset="events", format="json").count == before


def test_each_download_counts_once(client, events):
    for _ in range(3):
        content_of(download(client, "events", "csv"))
    content_of(download(client, "events", "xlsx"))
    counts = dict(DownloadCount.objects.filter(dataset="events").values_list("format", "count"))
    assert counts == {"csv": 3, "xlsx": 1}


def test_the_counter_adds_in_the_database_not_from_a_stale_copy():
    services.download_count_increment(dataset="events", format="csv")
    stale = DownloadCount.objects.get(dataset="events", format="csv")
    services.download_count_increment(dataset="events", format="csv")
    stale.refresh_from_db()
    assert stale.count == 2


def test_a_large_dataset_streams(client, django_assert_max_num_queries):
    EventFactory.create_batch(5)
    response = download(client, "events", "csv")
    assert response.streaming
    assert not hasattr(response, "content") or response.streaming
