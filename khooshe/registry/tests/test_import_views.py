"""The import pages: permissions, dry run, confirm, background progress, template download."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.registry import imports, tasks
from khooshe.registry.models import Organization
from khooshe.registry.tests.test_import import SAMPLE, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    client.force_login(user)
    client.user = user
    return client


def upload(client, content: bytes, name="members.csv"):
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, content)})


def test_anonymous_goes_to_login_and_actors_are_refused(client):
    response = client.get(reverse("registry:import"))
    assert response.status_code == 302
    user = UserFactory()
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    client.force_login(user)
    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("registry:import_template")).status_code == 403


def test_form_and_template_download(staff_client):
    page = staff_client.get(reverse("registry:import"))
    assert page.status_code == 200
    assert "شناسه ملی" in page.content.decode()
    template = staff_client.get(reverse("registry:import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert imports.read_table(template.content, "t.xlsx")[0][:2] == ["ردیف", "نام"]


def test_wrong_file_type_is_a_form_error(staff_client):
    response = upload(staff_client, b"%PDF", name="members.pdf")
    assert response.status_code == 400  # the form shown again with its error
    assert "فقط فایل اکسل" in response.content.decode()


def test_dry_run_then_confirm(staff_client):
    response = upload(staff_client, csv_bytes([row(1), row(2)]))
    assert response.status_code == 302
    status_url = response["Location"]
    page = staff_client.get(status_url).content.decode()
    assert "اجرای آزمایشی" in page
    assert Organization.objects.count() == 0
    response = staff_client.post(status_url)
    assert response.status_code == 302
    assert Organization.objects.count() == 2
    page = staff_client.get(status_url).content.decode()
    assert 'id="import-done"' in page
    # Posting again imports nothing twice.
    staff_client.post(status_url)
    assert Organization.objects.count() == 2


def test_bad_rows_are_listed_and_confirm_can_skip_them(staff_client):
    response = upload(staff_client, csv_bytes([row(1), row(2, name=""), row(3, postal="12345")]))
    status_url = response["Location"]
    page = staff_client.get(status_url).content.decode()
    assert re.findall(r'data-row="(\d+)"', page) == ["2", "3"]
    assert "کد پستی" in page
    staff_client.post(status_url, {"skip_invalid": "1"})
    assert Organization.objects.count() == 1


def test_confirm_without_skip_writes_nothing_when_rows_are_bad(staff_client):
    response = upload(staff_client, csv_bytes([row(1), row(2, name="")]))
    status_url = response["Location"]
    staff_client.post(status_url)
    assert Organization.objects.count() == 0
    assert 'id="import-refused"' in staff_client.get(status_url).content.decode()


def test_other_users_cannot_see_a_job(staff_client, client):
    status_url = upload(staff_client, csv_bytes([row(1)]))["Location"]
    other = UserFactory()
    grant(other, Role.GUILD_STAFF, province="IR-02")
    staff_client.force_login(other)
    assert staff_client.get(status_url).status_code == 404
    assert staff_client.post(status_url).status_code == 404


def test_large_files_run_as_a_task_with_a_polled_progress_bar(
    staff_client, django_capture_on_commit_callbacks
):
    rows = [row(n) for n in range(1, imports.ASYNC_THRESHOLD + 2)]
    job_id = tasks.job_create(
        user=staff_client.user, filename="big.csv", content=csv_bytes(rows), rows=len(rows)
    )
    tasks.job_update(job_id, status="running", mode="dry_run", progress=40)
    url = reverse("registry:import_status", args=[job_id])
    page = staff_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'data-progress="40"' in page
    partial = staff_client.get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="import-status"
    ).content.decode()
    assert partial.lstrip().startswith('<div id="import-status"')
    # Eager Celery (no REDIS_URL) runs the task when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.job_start(job_id, mode="dry_run")
    job = tasks.job_get(job_id)
    assert job["status"] == "done"
    assert len(job["report"]["rows"]) == len(rows)


def test_the_guild_sample_through_the_page_names_its_six_bad_rows(client):
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    grant(user, Role.GUILD_STAFF, province="IR-03")
    client.force_login(user)
    status_url = upload(client, SAMPLE.read_bytes(), name=SAMPLE.name)["Location"]
    page = client.get(status_url).content.decode()
    assert re.findall(r'data-row="(\d+)"', page) == ["7", "15", "23", "31", "42", "55"]
    client.post(status_url)  # confirm without skipping: nothing is written
    assert Organization.objects.count() == 0
    client.post(status_url, {"skip_invalid": "1"})
    assert Organization.objects.count() == 54
