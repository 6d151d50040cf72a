import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.events.models import Exhibitor, Registration
from khooshe.events.tests.factories import (
    BoothFactory,
    EventFactory,
    ExhibitorFactory,
    HallFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _url(name, *args):
    return reverse(f"events-event-{name}", args=args)


def test_list_and_detail_with_jalali_and_iso(api, event, django_assert_max_num_queries):
    EventFactory(is_public=False)
    with django_assert_max_num_queries(8):
        response = api.get(_url("list"), {"province": "IR-02"})
    assert response.status_code == 200
    assert response.data["count"] == 1
    item = response.data["results"][0]
    assert item["starts_at"]["jalali"].startswith("1409/02/11")
    assert item["starts_at"]["iso"].startswith("2030-05-01T09:00:00+03:30")
    assert api.get(_url("detail", event.pk)).status_code == 200


def test_hidden_event_is_404(api):
    event = EventFactory(is_public=False)
    assert api.get(_url("detail", event.pk)).status_code == 404
    assert api.get(_url("exhibitors", event.pk)).status_code == 404


def test_exhibitors_public_list_shows_accepted_only(api, event):
    ExhibitorFactory(event=event, state="accepted")
    ExhibitorFactory(event=event)
    response = api.get(_url("exhibitors", event.pk))
    assert response.status_code == 200
    assert response.data["count"] == 1


def test_apply_codes(api, event, agency, agency_rep):
    body = {"organization": agency.pk, "exhibits": "پیشخوان الکترونیک"}
    assert api.post(_url("exhibitors", event.pk), body, format="json").status_code == 401
    api.force_authenticate(agency_rep)
    response = api.post(_url("exhibitors", event.pk), body, format="json")
    assert response.status_code == 201
    assert api.post(_url("exhibitors", event.pk), body, format="json").status_code == 400
    other = ExhibitorFactory().organization
    response = api.post(_url("exhibitors", event.pk), {"organization": other.pk}, format="json")
    assert response.status_code == 403


def test_decisions_codes(api, staff, staff_elsewhere, agency_rep, event, agency):
    exhibitor = ExhibitorFactory(event=event, organization=agency)
    booth = BoothFactory(hall=HallFactory(event=event))
    url = _url("decision", event.pk, exhibitor.pk)
    assert api.post(url, {"action": "waitlist"}, format="json").status_code == 401
    api.force_authenticate(agency_rep)  # sees its own application, may not decide
    assert api.post(url, {"action": "waitlist"}, format="json").status_code == 403
    api.force_authenticate(staff)
    assert api.post(url, {"action": "decline", "reason": ""}, format="json").status_code == 400
    response = api.post(url, {"action": "accept", "booth": booth.pk}, format="json")
    assert response.status_code == 200
    assert response.data["state"] == Exhibitor.State.ACCEPTED
    assert api.post(url, {"action": "waitlist"}, format="json").status_code == 409
    second = ExhibitorFactory(event=event)
    response = api.post(
        _url("decision", event.pk, second.pk),
        {"action": "accept", "booth": booth.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "booth" in response.data


def test_register_is_idempotent_and_duplicate_mobile_is_400(api, visitor, event):
    body = {"name": "مریم", "mobile": "۰۹۱۲۳۴۵۶۷۸۹"}
    assert api.post(_url("registrations", event.pk), body, format="json").status_code == 401
    api.force_authenticate(visitor)
    first = api.post(
        _url("registrations", event.pk), body, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = api.post(
        _url("registrations", event.pk), body, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert first.data["code"] == again.data["code"]
    assert Registration.objects.count() == 1
    response = api.post(_url("registrations", event.pk), body, format="json")
    assert response.status_code == 400
    assert "mobile" in response.data
    mine = api.get(_url("registrations", event.pk))
    assert mine.data["count"] == 1


def test_visitors_see_only_their_own_registrations(api, visitor, staff, staff_elsewhere, event):
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, user=visitor)
    api.force_authenticate(visitor)
    assert api.get(_url("registrations", event.pk)).data["count"] == 1
    api.force_authenticate(staff_elsewhere)
    assert api.get(_url("registrations", event.pk)).data["count"] == 0
    api.force_authenticate(staff)
    assert api.get(_url("registrations", event.pk)).data["count"] == 2


def test_check_in_posted_twice_counts_once(api, staff, staff_elsewhere, event):
    registration = RegistrationFactory(event=event, mobile="09121234567")
    url = _url("check-in", event.pk)
    assert api.post(url, {"code": registration.code}, format="json").status_code == 401
    api.force_authenticate(staff_elsewhere)
    assert api.post(url, {"code": registration.code}, format="json").status_code == 403
    api.force_authenticate(staff)
    found = api.get(_url("tickets", event.pk), {"q": "۴۵۶۷"})
    assert [row["code"] for row in found.data] == [registration.code]
    first = api.post(url, {"code": registration.code}, format="json")
    second = api.post(url, {"code": registration.code}, format="json")
    assert first.data["first_time"] is True
    assert second.data["first_time"] is False
    replay = api.post(url, {"code": registration.code}, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert (
        api.post(url, {"code": registration.code}, format="json", HTTP_IDEMPOTENCY_KEY="x").data
        == replay.data
    )
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    response = api.post(url, {"code": "NOPE"}, format="json")
    assert response.status_code == 400
    assert "code" in response.data


def test_cancel_promotes_and_codes(api, visitor, event):
    mine = RegistrationFactory(event=event, user=visitor)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, state="waitlisted")
    stranger = UserFactory()
    api.force_authenticate(stranger)
    assert api.post(_url("cancel", event.pk, mine.pk)).status_code == 404
    api.force_authenticate(visitor)
    assert api.post(_url("cancel", event.pk, mine.pk)).status_code == 200
    waiting.refresh_from_db()
    assert waiting.state == "registered"
    assert api.post(_url("cancel", event.pk, mine.pk)).status_code == 409


def test_english_messages_when_chosen(api, event):
    user = UserFactory(language="en")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    api.force_authenticate(user)
    response = api.post(
        _url("check-in", event.pk), {"code": "NOPE"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.data["code"] == ["No ticket with this code was found for this event."]


def test_a_path_id_that_is_not_a_number_is_404(api):
    assert api.get("/api/v1/events/abc/").status_code == 404
    assert api.get("/api/v1/events/99999999999999999999/").status_code == 404
