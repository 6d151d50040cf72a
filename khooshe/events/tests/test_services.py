import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.eservices.models import EService
from khooshe.events import selectors, services
from khooshe.events.models import Event, Exhibitor, Registration
from khooshe.events.tests.factories import (
    AgencyFactory,
    BoothFactory,
    EventFactory,
    ExhibitorFactory,
    HallFactory,
    PersonFactory,
    RegistrationFactory,
    StartupFactory,
    province,
    tehran,
)
from khooshe.governance.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


# --- events ---------------------------------------------------------------------------------


def _event_fields(**changes):
    fields = {
        "title": "جشنواره فاوای مازندران",
        "kind": Event.Kind.FESTIVAL,
        "province": province(),
        "venue": "ساری",
        "starts_at": tehran(2030, 5, 1, 9),
        "ends_at": tehran(2030, 5, 3, 18),
        "organizer": AgencyFactory(),
        "capacity": 50,
    }
    fields.update(changes)
    return fields


def test_staff_create_an_event_with_co_organizers(staff):
    co = AgencyFactory()
    event = services.event_create(actor=staff, co_organizers=[co], **_event_fields())
    assert list(event.co_organizers.all()) == [co]
    assert event.history.first().history_user == staff


def test_an_event_ending_before_it_starts_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=staff, **_event_fields(ends_at=tehran(2030, 4, 30, 9)))
    assert "پایان رویداد پیش از آغاز آن است." in error.value.message_dict["ends_at"]
    assert not Event.objects.exists()


def test_staff_of_another_province_may_not_create(staff_elsewhere):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=staff_elsewhere, **_event_fields())


def test_session_with_speakers_inside_the_event(staff, event):
    speaker = PersonFactory()
    session = services.session_add(
        actor=staff,
        event=event,
        title="دولت الکترونیک در استان",
        starts_at=tehran(2030, 5, 1, 10),
        ends_at=tehran(2030, 5, 1, 11),
        speakers=[speaker],
    )
    assert list(session.speakers.all()) == [speaker]
    with pytest.raises(ValidationError):
        services.session_add(
            actor=staff,
            event=event,
            title="بیرون از بازه",
            starts_at=tehran(2030, 6, 1, 10),
            ends_at=tehran(2030, 6, 1, 11),
        )


def test_outcomes_link_signed_agreements_only(staff, event):
    signed = AgreementFactory(state="signed", signed_on=datetime.date(2016, 5, 1))
    unsigned = AgreementFactory()
    with pytest.raises(ValidationError):
        services.event_outcomes_record(
            actor=staff, event=event, meetings_arranged=3, agreements=[unsigned]
        )
    services.event_outcomes_record(
        actor=staff, event=event, meetings_arranged=3, agreements=[signed]
    )
    event.refresh_from_db()
    assert event.meetings_arranged == 3
    assert list(event.agreements.all()) == [signed]


def test_award_goes_to_one_winner(staff, event):
    with pytest.raises(ValidationError):
        services.award_add(actor=staff, event=event, title="برگزیده")
    award = services.award_add(actor=staff, event=event, title="برگزیده", person=PersonFactory())
    assert award.winner == award.person


# --- exhibitors -----------------------------------------------------------------------------


def test_representative_applies_and_is_accepted_with_a_booth(agency, agency_rep, staff, event):
    exhibitor = services.exhibitor_apply(
        actor=agency_rep, event=event, organization=agency, exhibits="رهگیری مرسولات"
    )
    assert exhibitor.state == Exhibitor.State.APPLIED
    booth = BoothFactory(hall=HallFactory(event=event))
    services.exhibitor_accept(actor=staff, exhibitor=exhibitor, booth=booth)
    exhibitor.refresh_from_db()
    assert exhibitor.state == Exhibitor.State.ACCEPTED
    assert exhibitor.booth == booth
    assert Notification.objects.filter(recipient=agency_rep).count() == 1


def test_apply_for_an_organization_one_does_not_represent_is_refused(agency_rep, event):
    with pytest.raises(PermissionDenied):
        services.exhibitor_apply(
            actor=agency_rep, event=event, organization=StartupFactory(), exhibits="x"
        )


def test_applying_twice_is_refused(agency, agency_rep, event):
    services.exhibitor_apply(actor=agency_rep, event=event, organization=agency, exhibits="x")
    with pytest.raises(ValidationError) as error:
        services.exhibitor_apply(actor=agency_rep, event=event, organization=agency, exhibits="y")
    assert "organization" in error.value.message_dict


def test_a_booth_given_twice_is_refused(staff, event):
    booth = BoothFactory(hall=HallFactory(event=event))
    first = ExhibitorFactory(event=event)
    second = ExhibitorFactory(event=event)
    services.exhibitor_accept(actor=staff, exhibitor=first, booth=booth)
    with pytest.raises(ValidationError) as error:
        services.exhibitor_accept(actor=staff, exhibitor=second, booth=booth)
    assert "پیش‌تر به" in error.value.message_dict["booth"][0]
    second.refresh_from_db()
    assert second.state == Exhibitor.State.APPLIED
    assert second.booth is None


def test_a_booth_of_another_event_is_refused(staff, event):
    exhibitor = ExhibitorFactory(event=event)
    with pytest.raises(ValidationError):
        services.exhibitor_accept(actor=staff, exhibitor=exhibitor, booth=BoothFactory())


def test_waitlist_then_accept_and_decline_needs_a_reason(staff, event, agency, agency_rep):
    exhibitor = ExhibitorFactory(event=event, organization=agency)
    services.exhibitor_waitlist(actor=staff, exhibitor=exhibitor)
    assert exhibitor.state == Exhibitor.State.WAITLISTED
    with pytest.raises(TransitionNotAllowed):
        services.exhibitor_waitlist(actor=staff, exhibitor=exhibitor)
    with pytest.raises(ValidationError):
        services.exhibitor_decline(actor=staff, exhibitor=exhibitor, reason=" ")
    services.exhibitor_decline(actor=staff, exhibitor=exhibitor, reason="ظرفیت سالن پر است")
    exhibitor.refresh_from_db()
    assert exhibitor.state == Exhibitor.State.DECLINED
    assert exhibitor.decline_reason == "ظرفیت سالن پر است"
    with pytest.raises(TransitionNotAllowed):
        services.exhibitor_accept(
            actor=staff, exhibitor=exhibitor, booth=BoothFactory(hall=HallFactory(event=event))
        )
    assert Notification.objects.filter(recipient=agency_rep).count() == 2


def test_decisions_need_staff_of_the_province(staff_elsewhere, agency_rep, event):
    exhibitor = ExhibitorFactory(event=event)
    for user in (staff_elsewhere, agency_rep):
        with pytest.raises(PermissionDenied):
            services.exhibitor_waitlist(actor=user, exhibitor=exhibitor)


def test_halls_hold_their_capacity_of_booths(staff, event):
    hall = services.hall_add(actor=staff, event=event, name="سالن ۱", capacity=1)
    services.booth_add(actor=staff, hall=hall, number="۱۰۱")
    with pytest.raises(ValidationError):
        services.booth_add(actor=staff, hall=hall, number="۱۰۱")
    with pytest.raises(ValidationError) as error:
        services.booth_add(actor=staff, hall=hall, number="۱۰۲")
    assert "پر است" in error.value.message_dict["number"][0]


# --- visitors -------------------------------------------------------------------------------


def test_registration_past_capacity_goes_to_the_waiting_list(event):
    a = services.registration_create(actor=None, event=event, name="علی", mobile="09121111111")
    b = services.registration_create(actor=None, event=event, name="رضا", mobile="۰۹۱۲۲۲۲۲۲۲۲")
    c = services.registration_create(actor=None, event=event, name="مریم", mobile="+989123333333")
    assert [a.state, b.state, c.state] == ["registered", "registered", "waitlisted"]
    assert b.mobile == "09122222222"
    assert b.mobile_tail == "2222"


def test_duplicate_mobile_in_any_digits_is_refused(event):
    services.registration_create(actor=None, event=event, name="علی", mobile="09121111111")
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=None, event=event, name="علی", mobile="۰۹۱۲ ۱۱۱ ۱۱۱۱")
    assert "پیش‌تر" in error.value.message_dict["mobile"][0]
    assert event.registrations.count() == 1


def test_an_invalid_mobile_is_refused(event):
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=None, event=event, name="علی", mobile="12345")
    assert "mobile" in error.value.message_dict


def test_registration_after_the_closing_date_is_refused():
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=None, event=event, name="علی", mobile="09121111111")
    assert "مهلت ثبت‌نام" in error.value.messages[0]
    assert not Registration.objects.exists()


def test_cancellation_moves_the_first_waiting_visitor_up_and_notifies(event, visitor):
    first = services.registration_create(actor=None, event=event, name="علی", mobile="09121111111")
    services.registration_create(actor=None, event=event, name="رضا", mobile="09122222222")
    waiting = services.registration_create(
        actor=visitor, event=event, name="مریم", mobile="09123333333"
    )
    later = services.registration_create(actor=None, event=event, name="سارا", mobile="09124444444")
    promoted = services.registration_cancel(actor=None, registration=first, code=first.code)
    assert promoted == waiting
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.state == "registered"
    assert later.state == "waitlisted"
    notice = Notification.objects.get(recipient=visitor)
    assert "جا باز شد" in notice.title
    with pytest.raises(TransitionNotAllowed):
        services.registration_cancel(actor=None, registration=first, code=first.code)


def test_cancelling_a_waiting_place_promotes_nobody(event):
    RegistrationFactory.create_batch(2, event=event)
    waiting = services.registration_create(actor=None, event=event, name="x", mobile="09129999999")
    assert services.registration_cancel(actor=None, registration=waiting, code=waiting.code) is None


def test_a_stranger_may_not_cancel(event, visitor):
    registration = RegistrationFactory(event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=visitor, registration=registration)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=None, registration=registration, code="WRONG")


def test_check_in_posted_twice_counts_once(staff, event):
    registration = RegistrationFactory(event=event)
    first = services.registration_check_in(actor=staff, event=event, code=registration.code.lower())
    second = services.registration_check_in(actor=staff, event=event, code=registration.code)
    assert first.first_time
    assert not second.first_time
    assert selectors.visitor_counts(event).checked_in == 1


def test_check_in_of_unknown_cancelled_or_waiting_tickets_is_refused(staff, event):
    cancelled = RegistrationFactory(event=event, state="cancelled")
    waiting = RegistrationFactory(event=event, state="waitlisted")
    for code, message in (
        ("NOSUCHCODE", "پیدا نشد"),
        (cancelled.code, "لغو شده"),
        (waiting.code, "فهرست انتظار"),
    ):
        with pytest.raises(ValidationError) as error:
            services.registration_check_in(actor=staff, event=event, code=code)
        assert message in error.value.message_dict["code"][0]


def test_check_in_needs_staff_of_the_province(staff_elsewhere, event):
    registration = RegistrationFactory(event=event)
    with pytest.raises(PermissionDenied):
        services.registration_check_in(actor=staff_elsewhere, event=event, code=registration.code)


def test_find_tickets_by_mobile_digits_in_persian(event):
    registration = RegistrationFactory(event=event, mobile="09121234567")
    RegistrationFactory(event=event, mobile="09127654321")
    assert services.find_tickets(event=event, query="۴۵۶۷") == [registration]
    assert services.find_tickets(event=event, query="۱۲۳۴۵۶۷") == [registration]
    assert services.find_tickets(event=event, query=registration.code.lower()) == [registration]
    with pytest.raises(ValidationError):
        services.find_tickets(event=event, query="۶۷")


def test_counts_and_no_shows_after_the_event(staff):
    event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    present = RegistrationFactory(event=event, checked_in_at=timezone.now())
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, state="waitlisted")
    counts = selectors.visitor_counts(event)
    assert (counts.registered, counts.checked_in, counts.no_shows, counts.waitlisted) == (
        2,
        1,
        1,
        1,
    )
    assert present.checked_in_at is not None


def _eservice(agency, name):
    return EService.objects.create(agency=agency, province=agency.province, name=name)


def test_an_agency_names_its_e_services_from_the_catalogue(agency, agency_rep, event):
    own = _eservice(agency, "رهگیری مرسولات")
    exhibitor = services.exhibitor_apply(
        actor=agency_rep, event=event, organization=agency, exhibits="", eservices=[own]
    )
    assert list(exhibitor.eservices.all()) == [own]


def test_another_agencys_e_service_is_refused(agency, agency_rep, event):
    foreign = _eservice(AgencyFactory(), "سامانه مالیاتی")
    with pytest.raises(ValidationError) as error:
        services.exhibitor_apply(
            actor=agency_rep, event=event, organization=agency, exhibits="", eservices=[foreign]
        )
    assert "خدمت این سازمان نیست" in error.value.message_dict["eservices"][0]
    assert not Exhibitor.objects.exists()
