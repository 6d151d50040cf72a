"""Meetings planned → invited → held / postponed / cancelled, invitation replies that prefill
attendance, minutes drafted → sent → confirmed → locked and amended, resolution votes with
quorum, and the follow-up of earlier open resolutions that opens each agenda."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from khooshe.accounts import sms
from khooshe.accounts.tests.factories import UserFactory
from khooshe.core.desk import desk_for
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance import services
from khooshe.governance.models import (
    Attendance,
    Meeting,
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
)
from khooshe.governance.selectors import meeting_followup
from khooshe.governance.tests.factories import BodyFactory, MeetingFactory, PersonFactory
from khooshe.persian.jalali import TEHRAN

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2024, 6, 22, 10, 0, tzinfo=TEHRAN)


@pytest.fixture(autouse=True)
def _empty_sms():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def body(staff):
    body = BodyFactory(is_public=False)
    return body


def member(staff, body, *, name, mobile="", with_user=True):
    user = UserFactory(username=name) if with_user else None
    person = PersonFactory(user=user, mobile=mobile)
    services.body_member_add(actor=staff, body=body, person=person)
    return person


@pytest.fixture
def members(staff, body):
    return [
        member(staff, body, name="ali", mobile="09121111111"),
        member(staff, body, name="sara"),
        member(staff, body, name="reza", mobile="09123333333"),
        member(staff, body, name="nouser", with_user=False),
    ]


def planned(staff, body, *, held_at=PAST, **kwargs):
    return services.meeting_create(
        actor=staff,
        body=body,
        title="جلسه برنامه‌ریزی‌شده",
        held_at=held_at,
        agenda=["گزارش دبیرخانه", "طرح شهرک فناوری"],
        state=Meeting.State.PLANNED,
        **kwargs,
    )


def invitation_of(meeting, person):
    return MeetingInvitation.objects.get(meeting=meeting, person=person)


# --- Meetings planned, invited, held -----------------------------------------------------------


def test_invite_sends_notification_and_sms_to_current_members(staff, body, members):
    former = PersonFactory(user=UserFactory(username="former"))
    services.body_member_add(
        actor=staff,
        body=body,
        person=former,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    meeting = planned(staff, body)
    invitations = services.meeting_invite(actor=staff, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED
    assert {i.person_id for i in invitations} == {p.pk for p in members}
    assert {m.to for m in sms.outbox} == {"09121111111", "09123333333"}
    notice = Notification.objects.get(recipient=members[1].user)
    assert "گزارش دبیرخانه" in notice.body  # the agenda goes with the invitation
    assert not Notification.objects.filter(recipient=former.user).exists()
    # Inviting twice is out of order.
    with pytest.raises(TransitionNotAllowed):
        services.meeting_invite(actor=staff, meeting=meeting)


def test_invite_refused_for_a_body_without_members_and_for_others(staff, staff_elsewhere):
    meeting = planned(staff, BodyFactory())
    with pytest.raises(ValidationError, match="عضوی ندارد"):
        services.meeting_invite(actor=staff, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_invite(actor=staff_elsewhere, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_replies_prefill_attendance_when_held(staff, body, members):
    ali, sara, reza, _nouser = members
    meeting = planned(staff, body)
    services.meeting_invite(actor=staff, meeting=meeting)
    services.invitation_reply(
        actor=ali.user, invitation=invitation_of(meeting, ali), reply="attending"
    )
    services.invitation_reply(
        actor=sara.user,
        invitation=invitation_of(meeting, sara),
        reply="delegate",
        delegate_name="معاون فنی",
    )
    services.invitation_reply(
        actor=reza.user, invitation=invitation_of(meeting, reza), reply="excused"
    )
    with pytest.raises(PermissionDenied):  # someone else's invitation
        services.invitation_reply(
            actor=ali.user, invitation=invitation_of(meeting, reza), reply="attending"
        )
    with pytest.raises(ValidationError):
        services.invitation_reply(
            actor=sara.user, invitation=invitation_of(meeting, sara), reply="delegate"
        )
    services.meeting_hold(actor=staff, meeting=meeting)
    presence = {a.person_id: (a.presence, a.delegate_name) for a in meeting.attendances.all()}
    assert presence == {
        ali.pk: (Attendance.Presence.PRESENT, ""),
        sara.pk: (Attendance.Presence.DELEGATE, "معاون فنی"),
        reza.pk: (Attendance.Presence.ABSENT, ""),
    }  # no reply, no row
    # After it was held a reply is refused.
    with pytest.raises(TransitionNotAllowed, match="برگزار"):
        services.invitation_reply(
            actor=ali.user, invitation=invitation_of(meeting, ali), reply="excused"
        )
    history = invitation_of(meeting, sara).history.first()
    assert history.history_user == sara.user


def test_reply_to_a_cancelled_meeting_is_refused(staff, body, members):
    ali = members[0]
    meeting = planned(staff, body)
    services.meeting_invite(actor=staff, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=staff, meeting=meeting, reason="  ")
    services.meeting_cancel(actor=staff, meeting=meeting, reason="هم‌زمانی با سفر استاندار")
    with pytest.raises(TransitionNotAllowed, match="لغو شده"):
        services.invitation_reply(
            actor=ali.user, invitation=invitation_of(meeting, ali), reply="attending"
        )
    assert invitation_of(meeting, ali).reply == MeetingInvitation.Reply.PENDING
    with pytest.raises(TransitionNotAllowed):
        services.meeting_hold(actor=staff, meeting=meeting)


def test_postpone_moves_the_date_and_a_new_invitation_asks_again(staff, body, members):
    ali = members[0]
    meeting = planned(staff, body)
    services.meeting_invite(actor=staff, meeting=meeting)
    services.invitation_reply(
        actor=ali.user, invitation=invitation_of(meeting, ali), reply="attending"
    )
    later = PAST + datetime.timedelta(days=7)
    services.meeting_postpone(actor=staff, meeting=meeting, reason="نبود حد نصاب", held_at=later)
    meeting.refresh_from_db()
    assert (meeting.state, meeting.held_at, meeting.state_note) == (
        Meeting.State.POSTPONED,
        later,
        "نبود حد نصاب",
    )
    services.meeting_invite(actor=staff, meeting=meeting)
    assert invitation_of(meeting, ali).reply == MeetingInvitation.Reply.PENDING


def test_a_meeting_is_not_held_before_its_day(staff, body, members):
    meeting = planned(staff, body, held_at=timezone.now() + datetime.timedelta(days=3))
    with pytest.raises(TransitionNotAllowed, match="هنوز نرسیده"):
        services.meeting_hold(actor=staff, meeting=meeting)


def test_invitee_sees_a_non_public_meeting_and_its_desk(client, staff, body, members):
    sara = members[1]
    meeting = planned(staff, body, is_public=False)
    client.force_login(sara.user)
    assert client.get(reverse("governance:meeting_detail", args=[meeting.pk])).status_code == 404
    services.meeting_invite(actor=staff, meeting=meeting)
    response = client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert "دعوت شما به این جلسه" in response.content.decode()
    sections = {s.key: s for s in desk_for(sara.user)}
    assert sections["governance.meetings"].count == 1
    response = client.post(
        reverse("governance:invitation_reply", args=[meeting.pk]),
        {"reply": "delegate", "delegate_name": "۲ نفر", "note": ""},
    )
    assert response.status_code == 302
    assert invitation_of(meeting, sara).delegate_name == "۲ نفر"
    assert "governance.meetings" not in {s.key for s in desk_for(sara.user)}


# --- Minutes: drafted, sent, confirmed, locked, amended ---------------------------------------


@pytest.fixture
def held(staff, body, members):
    meeting = planned(staff, body, minutes="<p>متن نخست</p>")
    services.meeting_invite(actor=staff, meeting=meeting)
    for person in members[:3]:
        services.invitation_reply(
            actor=person.user, invitation=invitation_of(meeting, person), reply="attending"
        )
    services.meeting_hold(actor=staff, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def test_minutes_confirmed_by_every_attendee_then_locked(staff, held, members):
    ali, sara, reza, _ = members
    meeting = held
    confirmations = services.minutes_send(actor=staff, meeting=meeting)
    assert {c.person_id for c in confirmations} == {ali.pk, sara.pk, reza.pk}
    assert {s.key: s.count for s in desk_for(ali.user)}["governance.meetings"] == 1
    services.minutes_respond(actor=ali.user, meeting=meeting, response="confirmed")
    assert "governance.meetings" not in {s.key for s in desk_for(ali.user)}
    with pytest.raises(ValidationError):
        services.minutes_respond(actor=sara.user, meeting=meeting, response="commented")
    services.minutes_respond(
        actor=sara.user, meeting=meeting, response="commented", comment="بند ۲ نادرست است"
    )
    with pytest.raises(TransitionNotAllowed, match="۱ نفر از ۳"):
        services.minutes_lock(actor=staff, meeting=meeting)
    outsider = UserFactory(username="outsider")
    with pytest.raises(PermissionDenied):
        services.minutes_respond(actor=outsider, meeting=meeting, response="confirmed")
    services.minutes_respond(actor=reza.user, meeting=meeting, response="confirmed")
    services.minutes_lock(actor=staff, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.LOCKED
    with pytest.raises(TransitionNotAllowed):  # too late to confirm
        services.minutes_respond(actor=ali.user, meeting=meeting, response="confirmed")


def test_editing_sent_minutes_asks_again(staff, held, members):
    ali = members[0]
    meeting = held
    services.minutes_send(actor=staff, meeting=meeting)
    services.minutes_respond(actor=ali.user, meeting=meeting, response="confirmed")
    meeting.refresh_from_db()
    services.meeting_set_minutes(
        actor=staff, meeting=meeting, minutes="متن دوم", expected_version=meeting.version
    )
    confirmation = MinutesConfirmation.objects.get(meeting=meeting, person=ali)
    assert confirmation.response == MinutesConfirmation.Response.PENDING


def test_minutes_of_a_meeting_not_held_are_not_sent(staff, body, members):
    meeting = planned(staff, body, minutes="متن")
    with pytest.raises(TransitionNotAllowed, match="برگزارشده"):
        services.minutes_send(actor=staff, meeting=meeting)


def test_a_locked_minute_changes_only_by_a_recorded_amendment(client, staff, held, members):
    meeting = held
    services.minutes_send(actor=staff, meeting=meeting)
    for person in members[:3]:
        services.minutes_respond(actor=person.user, meeting=meeting, response="confirmed")
    with pytest.raises(TransitionNotAllowed, match="قفل نشده"):
        services.minutes_amend(actor=staff, meeting=meeting, minutes="x", reason="y")
    services.minutes_lock(actor=staff, meeting=meeting)
    meeting.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="اصلاحیه"):
        services.meeting_set_minutes(
            actor=staff, meeting=meeting, minutes="دست‌کاری", expected_version=meeting.version
        )
    with pytest.raises(ValidationError):
        services.minutes_amend(actor=staff, meeting=meeting, minutes="متن سوم", reason=" ")
    amendment = services.minutes_amend(
        actor=staff, meeting=meeting, minutes="متن سوم", reason="اصلاح نام دستگاه"
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>متن سوم</p>"
    assert (amendment.number, amendment.minutes_before, amendment.author) == (
        1,
        "<p>متن نخست</p>",
        staff,
    )
    assert meeting.history.first().history_change_reason.startswith("اصلاحیه 1")
    with pytest.raises(ValidationError):
        amendment.save()
    assert MinutesAmendment.objects.count() == 1
    # The page: the editor sends staff to the amendment form; a direct post changes nothing.
    client.force_login(staff)
    response = client.get(reverse("governance:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:minutes_amend", args=[meeting.pk])
    response = client.post(
        reverse("governance:minutes_amend", args=[meeting.pk]),
        {"minutes": "متن چهارم", "reason": "افزودن پیوست"},
    )
    assert response.status_code == 302
    assert MinutesAmendment.objects.filter(meeting=meeting).count() == 2
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "افزودن پیوست" in page


# --- Resolutions: quorum and vote ---------------------------------------------------------------


def test_resolution_records_quorum_and_vote(staff, held, agency):
    resolution = services.resolution_create(
        actor=staff,
        meeting=held,
        text="تأمین پهنای باند",
        owner=agency,
        vote={"votes_for": 2, "votes_against": 0, "votes_abstaining": 1},
    )
    # 3 attended of 4 members; a majority of 4 is 3.
    assert (resolution.present_count, resolution.quorum, resolution.votes_for) == (3, 3, 2)
    with pytest.raises(ValidationError, match="حد نصاب"):
        services.resolution_create(
            actor=staff,
            meeting=held,
            text="ب",
            owner=agency,
            vote={"votes_for": 2, "votes_against": 0, "votes_abstaining": 0, "quorum": 4},
        )
    with pytest.raises(ValidationError, match="بیشتر"):
        services.resolution_create(
            actor=staff,
            meeting=held,
            text="ب",
            owner=agency,
            vote={"votes_for": 3, "votes_against": 1, "votes_abstaining": 0},
        )
    with pytest.raises(ValidationError, match="تصویب نشده"):
        services.resolution_create(
            actor=staff,
            meeting=held,
            text="ب",
            owner=agency,
            vote={"votes_for": 1, "votes_against": 1, "votes_abstaining": 1},
        )
    with pytest.raises(ValidationError):
        services.resolution_create(
            actor=staff, meeting=held, text="ب", owner=agency, vote={"votes_for": 2}
        )
    assert held.resolutions.count() == 1  # nothing half-written


# --- The follow-up that opens the agenda ----------------------------------------------------------


def test_new_agenda_opens_with_the_bodys_open_resolutions(client, staff, agency, agency_rep):
    body = BodyFactory()
    first = MeetingFactory(body=body, held_at=PAST)
    open_one = services.resolution_create(
        actor=staff, meeting=first, text="باز", owner=agency, due_on="1403/12/29"
    )
    done_one = services.resolution_create(actor=staff, meeting=first, text="انجام‌شده", owner=agency)
    services.commitment_update_add(
        actor=agency_rep,
        commitment=done_one.commitments.get(),
        percent=100,
        evidence_url="https://example.ir/report",
    )
    other_body = MeetingFactory(held_at=PAST)
    services.resolution_create(actor=staff, meeting=other_body, text="نهاد دیگر", owner=agency)
    later = planned(staff, body, held_at=PAST + datetime.timedelta(days=30))
    assert [r.pk for r in meeting_followup(later)] == [open_one.pk]
    assert meeting_followup(first) == []
    page = client.get(reverse("governance:meeting_detail", args=[later.pk])).content.decode()
    assert "پیگیری مصوبات پیشین" in page
    assert "انجام‌شده" not in page.split('id="followup"')[1].split("</section>")[0]
    data = APIClient().get(f"/api/v1/meetings/{later.pk}/followup/").json()
    assert [row["resolution_id"] for row in data] == [open_one.pk]
    assert data[0]["commitments"][0]["status"] == "late"


# --- API ---------------------------------------------------------------------------------------------


def test_api_lifecycle_and_refusals(staff, agency_rep, body, members):
    ali = members[0]
    meeting = planned(staff, body)
    api = APIClient()
    url = f"/api/v1/meetings/{meeting.pk}"
    assert api.post(f"{url}/invite/", {}, format="json").status_code in (401, 404)
    api.force_authenticate(agency_rep)
    assert api.post(f"{url}/invite/", {}, format="json").status_code == 404  # not visible
    api.force_authenticate(staff)
    response = api.post(f"{url}/invite/", {"note": "با مدارک"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "invited"
    assert len(response.json()["invitations"]) == 4
    assert api.post(f"{url}/invite/", {}, format="json").status_code == 409
    api.force_authenticate(ali.user)
    response = api.post(f"{url}/reply/", {"reply": "attending"}, format="json")
    assert response.status_code == 200
    assert response.json()["reply"] == "attending"
    assert api.post(f"{url}/hold/", {}, format="json").status_code == 403
    api.force_authenticate(staff)
    assert api.post(f"{url}/cancel/", {"reason": "لغو"}, format="json").status_code == 200
    api.force_authenticate(ali.user)
    response = api.post(f"{url}/reply/", {"reply": "excused"}, format="json")
    assert response.status_code == 409
    assert "لغو شده" in str(response.json())


def test_api_minutes_lock_and_amend(staff, held, members):
    api = APIClient()
    url = f"/api/v1/meetings/{held.pk}"
    api.force_authenticate(staff)
    assert api.post(f"{url}/minutes/amend/", {"minutes": "x", "reason": "y"}).status_code == 409
    assert api.post(f"{url}/minutes/send/", {}, format="json").status_code == 200
    response = api.post(f"{url}/minutes/lock/", {}, format="json")
    assert response.status_code == 409
    for person in members[:3]:
        api.force_authenticate(person.user)
        response = api.post(f"{url}/minutes/respond/", {"response": "confirmed"}, format="json")
        assert response.status_code == 200
    api.force_authenticate(staff)
    assert api.post(f"{url}/minutes/lock/", {}, format="json").json()["minutes_state"] == "locked"
    response = api.post(
        f"{url}/minutes/amend/", {"minutes": "متن تازه", "reason": "اصلاح"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["minutes_before"] == "<p>متن نخست</p>"
    data = api.get(f"{url}/").json()
    assert data["amendments"][0]["reason"] == "اصلاح"
    assert {c["response"] for c in data["minutes_confirmations"]} == {"confirmed"}


def test_api_resolution_vote(staff, held, agency):
    api = APIClient()
    api.force_authenticate(staff)
    payload = {"meeting": held.pk, "text": "مصوبه", "owner": agency.pk, "votes_for": 2}
    response = api.post("/api/v1/resolutions/", payload, format="json")
    assert response.status_code == 400
    payload.update(votes_against=0, votes_abstaining=0)
    response = api.post("/api/v1/resolutions/", payload, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["votes_for"], response.json()["quorum"]) == (2, 3)


def test_meeting_page_query_budget_with_invitations_and_followup(
    client, staff, body, members, agency, django_assert_max_num_queries
):
    first = MeetingFactory(body=body, held_at=PAST)
    for i in range(3):
        services.resolution_create(
            actor=staff, meeting=first, text=f"r{i}", owner=agency, due_on="1403/12/29"
        )
    meeting = planned(staff, body, held_at=PAST + datetime.timedelta(days=30))
    services.meeting_invite(actor=staff, meeting=meeting)
    client.force_login(members[0].user)
    with django_assert_max_num_queries(26):
        response = client.get(reverse("governance:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("r1") >= 1
