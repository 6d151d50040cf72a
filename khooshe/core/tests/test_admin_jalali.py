"""The admin site shows dates as the rest of the site does (Jalali, Tehran time, Persian
digits), takes a date typed in Jalali, and speaks Persian where Django and its libraries
do not."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from khooshe.core.admin import display_for_field, display_for_value
from khooshe.core.models import Notification
from khooshe.governance.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.ir", "x-secret-123")
    client.force_login(user)
    return client, user


def test_change_list_shows_jalali_dates_in_tehran_time(admin_user_client):
    client, user = admin_user_client
    at = datetime.datetime(2024, 6, 22, 4, 16, tzinfo=datetime.UTC)  # 07:46 in Tehran
    notification = Notification.objects.create(recipient=user, title="آزمون", read_at=at)
    html = client.get(reverse("admin:core_notification_changelist")).content.decode()
    assert "۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶" in html
    assert "2024" not in html
    change = client.get(reverse("admin:core_notification_change", args=[notification.pk]))
    assert change.status_code == 200


def test_values_and_fields_by_type():
    field = Commitment._meta.get_field("due_on")
    assert display_for_field(datetime.date(2025, 3, 21), field, "-") == "۱۴۰۴/۰۱/۰۱"
    assert display_for_value(datetime.date(2025, 3, 21), "-") == "۱۴۰۴/۰۱/۰۱"
    assert display_for_value(None, "-") == "-"
    assert display_for_value(3, "-") == "3"
    with translation.override("en"):
        assert display_for_field(datetime.date(2025, 3, 21), field, "-") == "1404/01/01"


def test_a_date_field_is_typed_in_jalali():
    model_admin = admin.site._registry[Commitment]
    formfield = model_admin.formfield_for_dbfield(
        Commitment._meta.get_field("due_on"), request=None
    )
    assert formfield.clean("۱۴۰۴/۰۱/۰۱") == datetime.date(2025, 3, 21)
    assert formfield.prepare_value(datetime.date(2025, 3, 21)) == "۱۴۰۴/۰۱/۰۱"


def test_admin_labels_in_persian(admin_user_client):
    client, _user = admin_user_client
    html = client.get(reverse("admin:index")).content.decode()
    assert "Model name" not in html
    assert "نام مدل" in html
