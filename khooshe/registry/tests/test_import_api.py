"""The bulk import through the API: the same dry run and all-or-nothing confirm as the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.registry.models import Organization
from khooshe.registry.tests.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations/import/"


@pytest.fixture
def staff_api():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", content, content_type="text/csv")


def test_dry_run_reports_rows_and_writes_nothing(staff_api):
    response = staff_api.post(URL, {"file": upload(csv_bytes([row(1), row(2)]))})
    assert response.status_code == 200
    assert Organization.objects.count() == 0


def test_confirm_with_a_bad_row_writes_nothing_and_names_it(staff_api):
    content = csv_bytes([row(1), row(2, lid="10000000001")])
    response = staff_api.post(URL, {"file": upload(content), "dry_run": "false"})
    assert response.status_code == 400
    assert "2" in str(response.json())
    assert Organization.objects.count() == 0


def test_confirm_of_good_rows_writes_them(staff_api):
    content = csv_bytes([row(1), row(2)])
    response = staff_api.post(URL, {"file": upload(content), "dry_run": "false"})
    assert response.status_code == 201
    assert Organization.objects.count() == 2


def test_only_guild_staff_import(staff_api):
    client = APIClient()
    assert client.post(URL, {"file": upload(csv_bytes([row(1)]))}).status_code == 401
    client.force_authenticate(UserFactory())
    assert client.post(URL, {"file": upload(csv_bytes([row(1)]))}).status_code == 403


def test_missing_file_is_a_field_error(staff_api):
    response = staff_api.post(URL, {"dry_run": "true"})
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
