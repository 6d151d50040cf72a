"""Indicators in a real browser: a province's dashboard and an indicator's page load with
their charts drawn (a Chart.js instance on each canvas, right to left), the tables of the
same numbers beneath them in Persian digits, and the demo notice."""

import re

import pytest
from playwright.sync_api import expect

from khooshe.indicators.demo import load


class _Quiet:
    def write(self, text):
        pass


@pytest.fixture
def demo(transactional_db):
    load(stdout=_Quiet())


def _chart_count(page) -> int:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => window.Chart && Chart.getChart(c)).length"
    )


def test_dashboard_and_indicator_page(page, live_url, demo):
    page.goto(f"{live_url}/indicators/province/IR-02/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("مازندران")
    expect(page.locator("#demo-notice")).to_be_visible()
    cards = page.locator("#dashboard-cards .indicator-card")
    assert cards.count() >= 6
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() >= 6
    page.wait_for_function("() => window.Chart !== undefined")
    assert _chart_count(page) == canvases.count()
    assert page.evaluate("() => Chart.defaults.font.family") == "Vazirmatn"
    first_table = page.locator(".chart-table").first
    expect(first_table).to_be_visible()
    assert re.search("[۰-۹]", first_table.inner_text())
    assert not re.search("[0-9]", page.locator("#dashboard-cards").inner_text())

    page.goto(f"{live_url}/indicators/organizations/?province=IR-02")
    expect(page.locator("h1")).to_contain_text("سازمان")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('bar-chart'))"
    )
    assert _chart_count(page) == 2
    line = page.evaluate(
        "() => { const c = Chart.getChart(document.getElementById('line-chart'));"
        " return {rtl: c.options.plugins.legend.rtl, reverse: c.options.scales.x.reverse,"
        " datasets: c.data.datasets.length, label: c.data.labels[0]}; }"
    )
    assert line["rtl"] is True
    assert line["reverse"] is True
    assert line["datasets"] == 2
    assert re.search("[۰-۹]", line["label"])
    bars = page.evaluate(
        "() => Chart.getChart(document.getElementById('bar-chart')).data.labels.length"
    )
    assert bars == 31
    expect(page.locator("#provinces-table tbody tr")).to_have_count(31)
    expect(page.locator("#provinces-table tr.current-province")).to_contain_text("مازندران")
    assert re.search("[۰-۹]", page.locator("#series-table").inner_text())

    page.goto(f"{live_url}/indicators/claim/")
    page.fill("#id_text", "توانمندی صنعت ICT مازندران بالاتر از متوسط کشوری است")
    page.click("#claim-form button")
    expect(page.locator("#claim-result")).to_contain_text("مازندران")
    expect(page.locator("#claim-table tbody tr").first).to_be_visible()
