import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from khooshe.events.models import Exhibitor, Registration
from khooshe.events.tests.factories import (
    BoothFactory,
    EventFactory,
    ExhibitorFactory,
    HallFactory,
    RegistrationFactory,
    tehran,
)

pytestmark = pytest.mark.django_db


def test_index_lists_public_events_within_a_query_budget(client, django_assert_max_num_queries):
    for _ in range(12):
        EventFactory()
    EventFactory(title="پنهان", is_public=False)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:index"), {"province": "IR-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "پنهان" not in html
    assert "۱۴۰۹" in html  # 2030 in Jalali, Persian digits


def test_event_page_within_a_query_budget(client, event, django_assert_max_num_queries):
    hall = HallFactory(event=event)
    for i in range(5):
        ExhibitorFactory(
            event=event, state="accepted", booth=BoothFactory(hall=hall, number=f"B{i}")
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:event_detail", args=[event.pk]))
    assert response.status_code == 200
    assert "ثبت‌نام بازدید" in response.content.decode()


def test_hidden_event_is_404_for_the_public_and_open_to_staff(client, staff):
    event = EventFactory(is_public=False)
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 200


def test_register_past_capacity_then_ticket_page(client, event):
    RegistrationFactory.create_batch(2, event=event)
    response = client.post(
        reverse("events:register", args=[event.pk]), {"name": "مریم", "mobile": "۰۹۱۲۳۴۵۶۷۸۹"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(mobile="09123456789")
    assert registration.state == "waitlisted"
    page = client.get(response["Location"]).content.decode()
    assert "فهرست انتظار" in page
    assert "09123456789" not in page  # masked for whoever holds the link


def test_duplicate_registration_is_400_with_a_persian_message(client, event):
    RegistrationFactory(event=event, mobile="09123456789")
    response = client.post(
        reverse("events:register", args=[event.pk]), {"name": "مریم", "mobile": "9123456789"}
    )
    assert response.status_code == 400
    assert "پیش‌تر در این رویداد ثبت‌نام شده" in response.content.decode()


def test_ticket_has_an_inline_qr_without_style(client, event):
    registration = RegistrationFactory(event=event)
    html = client.get(reverse("events:ticket", args=[registration.code])).content.decode()
    assert 'class="qr-code"' in html
    assert "style=" not in html


def test_ticket_cancel_moves_the_waiting_visitor_up(client, event):
    first = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, state="waitlisted")
    response = client.post(reverse("events:ticket_cancel", args=[first.code]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == "registered"


def test_check_in_page_finds_by_persian_digits_and_counts_once(
    client, staff, event, django_assert_max_num_queries
):
    registration = RegistrationFactory(event=event, mobile="09121234567")
    client.force_login(staff)
    url = reverse("events:check_in", args=[event.pk])
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "۴۵۶۷"})
    assert registration.name in response.content.decode()
    assert len(response.content) < 6000  # a tiny page for a weak connection
    for _ in range(2):
        assert client.post(url, {"code": registration.code}).status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert Registration.history.filter(id=registration.pk, checked_in_at__isnull=False).count() == 1
    response = client.post(url, {"code": "UNKNOWN"})
    assert response.status_code == 400
    assert "پیدا نشد" in response.content.decode()


def test_visitor_data_only_for_staff_of_the_province(
    client, staff, staff_elsewhere, agency_rep, event
):
    RegistrationFactory(event=event, name="زهرا رضایی")
    for url in (
        reverse("events:visitor_list", args=[event.pk]),
        reverse("events:visitor_export", args=[event.pk]),
        reverse("events:check_in", args=[event.pk]),
    ):
        assert client.get(url).status_code == 302  # sign in first
        for outsider in (staff_elsewhere, agency_rep):
            client.force_login(outsider)
            assert client.get(url).status_code == 403
        client.force_login(staff)
        assert client.get(url).status_code == 200
        client.logout()


def test_visitor_export_is_utf8_with_bom_and_jalali(client, staff, event):
    RegistrationFactory(event=event, name="زهرا رضایی")
    client.force_login(staff)
    response = client.get(reverse("events:visitor_export", args=[event.pk]))
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    assert "زهرا رضایی" in content
    year = timezone.localdate().year - 621
    assert str(year) in content or str(year + 1) in content


def test_visitor_export_writes_formulas_as_text(client, staff, event):
    RegistrationFactory(event=event, name='=HYPERLINK("http://x.example","y")')
    RegistrationFactory(event=event, name="+98 دیگری")
    client.force_login(staff)
    content = client.get(reverse("events:visitor_export", args=[event.pk])).content.decode()
    names = {row[0] for row in csv.reader(io.StringIO(content.lstrip("\ufeff")))}
    assert """'=HYPERLINK("http://x.example","y")""" in names
    assert "'+98 دیگری" in names
    assert not any(name.startswith(("=", "+")) for name in names)


def test_staff_decide_applications_on_pages(client, staff, event):
    booth = BoothFactory(hall=HallFactory(event=event))
    first = ExhibitorFactory(event=event)
    second = ExhibitorFactory(event=event)
    client.force_login(staff)
    url = reverse("events:exhibitor_decide", args=[event.pk, first.pk, "accept"])
    assert client.post(url, {"booth": booth.pk}).status_code == 302
    first.refresh_from_db()
    assert first.state == Exhibitor.State.ACCEPTED
    url = reverse("events:exhibitor_decide", args=[event.pk, second.pk, "decline"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "دلیل رد را بنویسید." in response.content.decode()
    page = client.get(reverse("events:exhibitor_manage", args=[event.pk]))
    assert page.status_code == 200


def test_badge_and_exhibitor_list_print_with_jalali_and_persian_digits(client, staff, event):
    hall = HallFactory(event=event, name="سالن شهید بهشتی")
    exhibitor = ExhibitorFactory(
        event=event, state="accepted", booth=BoothFactory(hall=hall, number="12")
    )
    client.force_login(staff)
    html = client.get(
        reverse("events:exhibitor_badge", args=[event.pk, exhibitor.pk])
    ).content.decode()
    assert "۱۲" in html
    assert "اردیبهشت ۱۴۰۹" in html
    assert 'class="qr-code"' in html
    assert "style=" not in html
    listing = client.get(reverse("events:exhibitor_print", args=[event.pk])).content.decode()
    assert exhibitor.organization.name in listing


def test_event_report_prints_outcomes(client, staff):
    event = EventFactory(
        starts_at=tehran(2016, 10, 25, 9), ends_at=tehran(2016, 10, 27, 18), meetings_arranged=14
    )
    RegistrationFactory(event=event, checked_in_at=timezone.now())
    html = client.get(reverse("events:event_report", args=[event.pk])).content.decode()
    assert "گزارش رویداد" in html
    assert "۱۴" in html
    assert "آبان ۱۳۹۵" in html


def test_province_feed_parses_with_tehran_times(client):
    EventFactory(
        title="جشنواره فاوا", starts_at=tehran(2016, 10, 25, 9), ends_at=tehran(2016, 10, 27, 18)
    )
    EventFactory(title="پنهان", is_public=False)
    response = client.get(reverse("events:ical_province", args=["IR-02"]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("DTSTART")
    assert start == datetime.datetime(2016, 10, 25, 5, 30, tzinfo=datetime.UTC)
    assert "جشنواره فاوا" in str(events[0]["SUMMARY"])
    assert client.get(reverse("events:ical_province", args=["IR-99"])).status_code == 404


def test_staff_create_an_event_with_jalali_dates_in_any_digits(client, staff, agency):
    client.force_login(staff)
    data = {
        "title": "نمایشگاه استارتاپ‌ها",
        "kind": "exhibition",
        "province": staff.role_grants.first().province_id,
        "venue": "ساری",
        "start_date": "۱۴۰۹/۰۲/۱۰",
        "start_time": "۹:۳۰",
        "end_date": "1409/02/12",
        "end_time": "18",
        "organizer": agency.pk,
        "capacity": "۲۰۰",
        "is_public": "on",
    }
    response = client.post(reverse("events:event_create"), data)
    assert response.status_code == 302
    data["end_date"] = "۱۴۰۹/۰۲/۰۱"
    response = client.post(reverse("events:event_create"), data)
    assert response.status_code == 400
    assert "پایان رویداد پیش از آغاز آن است." in response.content.decode()


def test_desk_shows_staff_the_applications_waiting(client, staff, staff_elsewhere, event):
    exhibitor = ExhibitorFactory(event=event)
    client.force_login(staff)
    assert exhibitor.organization.name in client.get(reverse("core:desk")).content.decode()
    client.force_login(staff_elsewhere)
    assert exhibitor.organization.name not in client.get(reverse("core:desk")).content.decode()


def test_index_filters_by_a_jalali_date_in_any_digits(client):
    EventFactory(title="رویداد ۱۳۹۵", starts_at=tehran(2016, 10, 25), ends_at=tehran(2016, 10, 27))
    EventFactory(title="رویداد ۱۴۰۹")
    html = client.get(reverse("events:index"), {"after": "۱۴۰۰/۰۱/۰۱"}).content.decode()
    assert "رویداد ۱۴۰۹" in html
    assert "رویداد ۱۳۹۵" not in html
    html = client.get(reverse("events:index"), {"when": "past"}).content.decode()
    assert "رویداد ۱۳۹۵" in html
    assert "رویداد ۱۴۰۹" not in html


def test_an_organizations_profile_lists_its_events(client, event):
    exhibitor = ExhibitorFactory(event=event, state="accepted")
    url = reverse("registry:organization_detail", args=[exhibitor.organization.pk])
    assert event.title in client.get(url).content.decode()
    url = reverse("registry:organization_detail", args=[event.organizer.pk])
    assert event.title in client.get(url).content.decode()
