"""One visibility rule per entity: a record is in a viewer's list exactly when its detail
opens for them — over every role × state."""

import pytest
from django.contrib.auth.models import AnonymousUser

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.events import permissions
from khooshe.events.models import Event, Exhibitor, Registration
from khooshe.events.tests.factories import EventFactory, ExhibitorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewers(agency):
    rep = UserFactory()
    grant(rep, Role.ACTOR, organization=agency)
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    elsewhere = UserFactory()
    grant(elsewhere, Role.GOVERNORATE_STAFF, province="IR-03")
    national = UserFactory()
    grant(national, Role.NATIONAL_STAFF)
    return {
        "anonymous": AnonymousUser(),
        "someone": UserFactory(),
        "representative": rep,
        "staff": staff,
        "elsewhere": elsewhere,
        "national": national,
    }


def test_events_list_and_detail_agree(viewers):
    for public in (True, False):
        EventFactory(is_public=public)
    for viewer in viewers.values():
        listed = set(
            Event.objects.filter(permissions.event_visibility(viewer)).values_list("pk", flat=True)
        )
        opened = {e.pk for e in Event.objects.all() if permissions.can_view_event(viewer, e)}
        assert listed == opened


def test_exhibitors_list_and_detail_agree(viewers, agency):
    for public in (True, False):
        event = EventFactory(is_public=public)
        for state in Exhibitor.State.values:
            ExhibitorFactory(event=event, state=state)
        ExhibitorFactory(event=event, organization=agency, state="applied")
    for name, viewer in viewers.items():
        listed = set(
            Exhibitor.objects.filter(permissions.exhibitor_visibility(viewer)).values_list(
                "pk", flat=True
            )
        )
        opened = {
            x.pk for x in Exhibitor.objects.all() if permissions.can_view_exhibitor(viewer, x)
        }
        assert listed == opened, name


def test_visitor_data_seen_by_staff_of_the_province_and_the_visitor(viewers):
    visitor = viewers["someone"]
    event = EventFactory()
    for state in Registration.State.values:
        RegistrationFactory(event=event, state=state)
    own = RegistrationFactory(event=event, user=visitor)
    expected = {
        "anonymous": set(),
        "someone": {own.pk},
        "representative": set(),
        "staff": set(Registration.objects.values_list("pk", flat=True)),
        "elsewhere": set(),
        "national": set(Registration.objects.values_list("pk", flat=True)),
    }
    for name, viewer in viewers.items():
        listed = set(
            Registration.objects.filter(permissions.registration_visibility(viewer)).values_list(
                "pk", flat=True
            )
        )
        opened = {
            r.pk for r in Registration.objects.all() if permissions.can_view_registration(viewer, r)
        }
        assert listed == opened == expected[name], name
