"""Registry bulk import journeys: guild staff download the template, upload a member list with a
bad row, read the dry run (nothing written), then import the good rows; and the guild's own
sample spreadsheet, whose six bad rows the page names."""

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import grant
from khooshe.registry.models import Organization
from khooshe.registry.tests.test_import import SAMPLE, csv_bytes, row


def _csv(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes([row(1), row(2, name=""), row(3)]))
    return path


def test_staff_dry_run_then_import_the_good_rows(page, live_url, make_user, login, tmp_path):
    make_user("guild.staff", role=Role.GUILD_STAFF, province="IR-02")
    login(page, "guild.staff")
    page.goto(f"{live_url}/registry/import/")
    expect(page.locator("h1")).to_contain_text("ورود گروهی")
    with page.expect_download() as download:
        page.click("#import-template")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.set_input_files("#id_file", str(_csv(tmp_path)))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#import-summary")).to_contain_text("۲ افزوده")
    expect(page.locator('#rejected-rows tr[data-row="2"]')).to_contain_text("نام وارد نشده است")
    assert Organization.objects.count() == 0
    page.click("#import-confirm button[type=submit]")
    expect(page.locator("#import-done")).to_contain_text("۲ سازمان افزوده")
    assert Organization.objects.count() == 2


def test_the_guild_sample_names_its_six_bad_rows_and_writes_the_others(
    page, live_url, make_user, login
):
    staff = make_user("guild.staff", role=Role.GUILD_STAFF, province="IR-02")
    grant(staff, Role.GUILD_STAFF, province="IR-03")  # the sample lists both provinces
    login(page, "guild.staff")
    page.goto(f"{live_url}/registry/import/")
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#rejected-rows tr[data-row]")).to_have_count(6)
    for number in (7, 15, 23, 31, 42, 55):
        expect(page.locator(f'#rejected-rows tr[data-row="{number}"]')).to_be_visible()
    expect(page.locator('#rejected-rows tr[data-row="7"]')).to_contain_text("رقم کنترل")
    assert Organization.objects.count() == 0
