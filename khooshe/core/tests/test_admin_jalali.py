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
from khooshe.persian.jalali import to_jalali

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


def test_date_hierarchy_drills_down_by_jalali_year_month_and_day(admin_user_client):
    client, user = admin_user_client
    # 20 March 2025 is 29 Esfand 1403 and 21 March 2025 is 1 Farvardin 1404 in Tehran.
    last_of_1403 = Notification.objects.create(recipient=user, title="اسفند")
    first_of_1404 = Notification.objects.create(recipient=user, title="فروردین")
    tehran = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
    Notification.objects.filter(pk=last_of_1403.pk).update(
        created_at=datetime.datetime(2025, 3, 20, 12, tzinfo=tehran)
    )
    Notification.objects.filter(pk=first_of_1404.pk).update(
        created_at=datetime.datetime(2025, 3, 21, 12, tzinfo=tehran)
    )
    url = reverse("admin:core_notification_changelist")
    html = client.get(url).content.decode()
    assert "۱۴۰۳" in html
    assert "۱۴۰۴" in html
    assert "created_at__year" not in html
    year = client.get(
        url,
        {
            "created_at__gte": "2025-03-21 00:00:00+03:30",
            "created_at__lt": "2026-03-21 00:00:00+03:30",
        },
    )
    assert year.status_code == 200
    page = year.content.decode()
    assert "فروردین ۱۴۰۴" in page  # the months of 1404 that hold a record
    assert "اسفند" not in page.split('id="result_list"')[1]  # the list holds 1404 only
    month = client.get(
        url,
        {
            "created_at__gte": "2025-03-21 00:00:00+03:30",
            "created_at__lt": "2025-04-21 00:00:00+03:30",
        },
    )
    assert "۱ فروردین ۱۴۰۴" in month.content.decode()


def test_date_filter_this_month_is_the_jalali_month():
    field = Notification._meta.get_field("created_at")
    model_admin = admin.site._registry[Notification]
    request = type("R", (), {"GET": {}})()
    spec = admin.filters.FieldListFilter.create(
        field, request, {}, Notification, model_admin, "created_at"
    )
    titles = [str(title) for title, _params in spec.links]
    this_month = dict(spec.links)[spec.links[3][0]]
    start = this_month["created_at__gte"]
    assert to_jalali(start.date()).day == 1
    assert len(titles) >= 5
