"""The back button after htmx filters: the browser's history restore (the base template keeps
no htmx history cache, so htmx asks the server again) must bring back the whole page —
header, filters and results — never the bare results fragment, on the support programs list
and the commitments board."""

import re

import pytest
from playwright.sync_api import expect

from khooshe.governance.tests.factories import CommitmentFactory
from khooshe.loans.tests.factories import ProgramFactory


def _filter_twice_then_go_back(page, url: str, filters, results: str) -> None:
    page.goto(url)
    expect(page.locator(results)).to_be_visible()
    for select, name, value in filters:
        page.select_option(select, value)
        expect(page).to_have_url(re.compile(rf"{name}={value}"))
        page.wait_for_load_state("networkidle")
    page.go_back()  # to the first filtered state, a history entry htmx pushed
    page.wait_for_load_state("networkidle")
    expect(page).not_to_have_url(re.compile(f"{filters[-1][1]}={filters[-1][2]}"))
    expect(page.locator("header.kh-header nav")).to_be_visible()
    expect(page.locator(results)).to_be_visible()
    for select, _name, _value in filters:
        expect(page.locator(select)).to_be_visible()
    assert page.locator("main#main").count() == 1


@pytest.mark.browser
def test_back_button_restores_the_whole_programs_list(page, live_url, transactional_db):
    ProgramFactory(name="وام اشتغال روستایی")
    _filter_twice_then_go_back(
        page,
        f"{live_url}/programs/",
        [("#f-open", "open", "0"), ("#f-province", "province", "IR-02")],
        "#results",
    )


@pytest.mark.browser
def test_back_button_restores_the_whole_commitments_board(page, live_url, transactional_db):
    CommitmentFactory(title="راه‌اندازی مرکز داده")
    _filter_twice_then_go_back(
        page,
        f"{live_url}/governance/",
        [("#id_status", "status", "late"), ("#id_province_select", "province", "IR-02")],
        "#board-results",
    )
