"""The import as an API view (the lead mounts it at POST /api/v1/organizations/import/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIRequestFactory, force_authenticate

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.registry.models import Organization
from khooshe.registry.tests.test_import import csv_bytes, row
from khooshe.registry.views_import import OrganizationImportAPIView

pytestmark = pytest.mark.django_db


def post(user, content, **data):
    request = APIRequestFactory().post(
        "/api/v1/organizations/import/",
        {"file": SimpleUploadedFile("m.csv", content), **data},
        format="multipart",
    )
    if user is not None:
        force_authenticate(request, user=user)
    return OrganizationImportAPIView.as_view()(request)


@pytest.fixture
def staff():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


def test_dry_run_answers_the_report_and_writes_nothing(staff):
    response = post(staff, csv_bytes([row(1), row(2, name="")]))
    assert response.status_code == 200
    assert response.data["counts"] == {"create": 1, "update": 0, "reject": 1}
    assert response.data["rows"][1]["errors"] == ["نام وارد نشده است."]
    assert Organization.objects.count() == 0


def test_apply_with_bad_rows_is_400_and_writes_nothing(staff):
    response = post(staff, csv_bytes([row(1), row(2, name="")]), dry_run="false")
    assert response.status_code == 400
    assert response.data["counts"]["reject"] == 1
    assert Organization.objects.count() == 0


def test_apply_writes(staff):
    response = post(staff, csv_bytes([row(1)]), dry_run="false")
    assert response.status_code == 201
    assert response.data["applied"] is True
    assert Organization.objects.count() == 1


def test_refusals(staff):
    assert post(None, csv_bytes([row(1)])).status_code in (401, 403)
    actor = UserFactory()
    assert post(actor, csv_bytes([row(1)])).status_code == 403
    assert post(staff, b"x", dry_run="true").status_code == 400
