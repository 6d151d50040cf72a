import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from khooshe.governance.tests.factories import BodyFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_province_feed_is_valid_icalendar(client, agency):
    due = datetime.date(2014, 9, 22)
    CommitmentFactory(owner=agency, title="راه‌اندازی مرکز داده", due_on=due)
    CommitmentFactory(owner=agency, due_on=None)
    CommitmentFactory(owner=agency, is_public=False)
    calendar = _parse(client.get(reverse("governance:ical_province", args=["IR-02"])))
    assert calendar["VERSION"] == "2.0"
    assert "Khooshe" in str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == due
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert "مرکز داده" in str(event["SUMMARY"])
    assert str(event["UID"]).startswith("commitment-")
    assert event.get("DTSTAMP") is not None
    assert (
        b"DTSTART;VALUE=DATE:20140922"
        in client.get(reverse("governance:ical_province", args=["IR-02"])).content
    )


def test_body_feed_lists_the_bodys_commitments(client, agency):
    body = BodyFactory()
    CommitmentFactory(owner=agency, body=body)
    CommitmentFactory(owner=agency)
    calendar = _parse(client.get(reverse("governance:ical_body", args=[body.pk])))
    assert len(calendar.walk("VEVENT")) == 1


def test_unknown_province_is_404(client):
    assert client.get(reverse("governance:ical_province", args=["IR-99"])).status_code == 404
