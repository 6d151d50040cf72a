import io

import pytest
from django.urls import reverse

from khooshe.events import demo, selectors
from khooshe.events.models import Event, Exhibitor, Registration
from khooshe.events.tests.factories import AgencyFactory, StartupFactory
from khooshe.governance import demo as governance_demo
from khooshe.registry import demo_users

pytestmark = pytest.mark.django_db


def _counts():
    return (Event.objects.count(), Exhibitor.objects.count(), Registration.objects.count())


def test_demo_is_idempotent_and_tells_the_articles_stories(client):
    demo_users.load(stdout=io.StringIO())
    governance_demo.load(stdout=io.StringIO())
    AgencyFactory.create_batch(3)
    StartupFactory.create_batch(3)
    demo.load(stdout=io.StringIO())
    first = _counts()
    demo.load(stdout=io.StringIO())
    assert _counts() == first

    festival = Event.objects.get(title=demo.FESTIVAL)
    assert festival.resolution is not None
    assert "جشنواره" in festival.resolution.text
    kinds = set(festival.exhibitors.values_list("organization__kind", flat=True))
    assert "government_agency" in kinds
    assert "company" in kinds
    counts = selectors.visitor_counts(festival)
    assert (counts.registered, counts.checked_in, counts.no_shows) == (120, 93, 27)
    report = client.get(reverse("events:event_report", args=[festival.pk])).content.decode()
    assert "۱۳۹۵" in report
    assert "۹۳" in report

    startups = Event.objects.get(title=demo.STARTUPS)
    assert set(startups.exhibitors.values_list("organization__kind", flat=True)) == {"startup"}
    assert startups.ends_at > festival.ends_at
