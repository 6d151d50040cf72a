"""Registry bulk import journey: guild staff download the template, upload a member list with a
bad row, read the dry run (nothing written), then import the good rows."""

from playwright.sync_api import expect

from khooshe.accounts.models import Role
from khooshe.registry.models import Organization
from khooshe.registry.tests.test_import import csv_bytes, row


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
