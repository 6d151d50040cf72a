"""Open-data journeys: a visitor opens the catalogue, finds a dataset by typing its name in
another spelling (Arabic yeh and kaf, no zero-width non-joiner), opens its data dictionary and
downloads the CSV, which arrives with its byte-order mark and Persian intact; the download is
counted."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from khooshe.events.tests.factories import EventFactory
from khooshe.opendata.models import DownloadCount


@pytest.fixture
def world(transactional_db):
    EventFactory(title="جشنواره فاوای مازندران")
    EventFactory(title="نشست داخلی", is_public=False)


def test_search_in_another_spelling_and_download(page, live_url, world, tmp_path):
    page.goto(f"{live_url}/opendata/")
    expect(page.locator("h1")).to_contain_text("داده باز")
    expect(page.locator("#datasets tr[data-dataset='events']")).to_have_count(1)

    page.fill("#id_q", "خدمات الكترونيكي")
    page.click("#opendata-search button")
    expect(page.locator("#datasets tr[data-dataset='actors']")).to_have_count(0)
    expect(page.locator("#datasets tr[data-dataset='eservices']")).to_have_count(1)

    page.fill("#id_q", "رويدادها")
    page.click("#opendata-search button")
    expect(page.locator("#datasets tr[data-dataset='events']")).to_have_count(1)
    page.click("#datasets tr[data-dataset='events'] td a")
    expect(page.locator("h1")).to_contain_text("رویدادها")
    expect(page.locator("#dictionary")).to_contain_text("starts_on_jalali")

    with page.expect_download() as download:
        page.click("#downloads a:has-text('CSV')")
    assert download.value.suggested_filename == "events.csv"
    saved = Path(tmp_path) / "events.csv"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "جشنواره فاوای مازندران" in text
    assert "نشست داخلی" not in text
    assert DownloadCount.objects.get(dataset="events", format="csv").count == 1
