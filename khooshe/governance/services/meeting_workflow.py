"""A meeting's lifecycle and its minutes on the record.

Meetings: ``planned ─invite→ invited ─hold→ held``, ``postpone`` (with a reason and maybe a
new time) and ``cancel`` (with a reason) from planned / invited / postponed; a postponed
meeting is invited again. Inviting writes one :class:`MeetingInvitation` per current member
and tells each by notification and, where a mobile number is known, by SMS; replies
(attending, delegate, excused) prefill the attendance when the meeting is held. A reply to a
cancelled or held meeting is refused (409).

Minutes: ``draft ─send→ sent ─lock→ locked``. Sending asks every attendee with an account to
confirm or comment (a desk section); editing sent minutes asks them again; locking waits for
every answer. A locked minute changes only by :func:`minutes_amend` — a numbered
:class:`MinutesAmendment` with the text before and after and the reason.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.sms import send_sms
from khooshe.core import desk
from khooshe.core.attachments import attachments_of
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import (
    StateMachine,
    Transition,
    TransitionNotAllowed,
    apply_transition,
    lock,
)
from khooshe.governance import permissions
from khooshe.governance.models import (
    Attendance,
    Meeting,
    MeetingInvitation,
    MinutesAmendment,
    MinutesConfirmation,
)
from khooshe.governance.services._common import require
from khooshe.governance.services.meetings import figure, sanitize_minutes
from khooshe.history.services import stamp
from khooshe.persian.jalali import TEHRAN, format_jalali_datetime
from khooshe.persian.text import clean_text

State = Meeting.State
MinutesState = Meeting.MinutesState
Reply = MeetingInvitation.Reply

MEETING_MACHINE = StateMachine(
    [
        Transition(
            "invite",
            frozenset({State.PLANNED, State.POSTPONED}),
            State.INVITED,
            gettext_lazy("دعوت"),
        ),
        Transition(
            "hold",
            frozenset({State.PLANNED, State.INVITED, State.POSTPONED}),
            State.HELD,
            gettext_lazy("برگزاری"),
        ),
        Transition(
            "postpone",
            frozenset({State.PLANNED, State.INVITED}),
            State.POSTPONED,
            gettext_lazy("تعویق"),
        ),
        Transition(
            "cancel",
            frozenset({State.PLANNED, State.INVITED, State.POSTPONED}),
            State.CANCELLED,
            gettext_lazy("لغو"),
        ),
    ],
    dict(State.choices),
)

MINUTES_MACHINE = StateMachine(
    [
        Transition(
            "send",
            frozenset({MinutesState.DRAFT}),
            MinutesState.SENT,
            gettext_lazy("ارسال صورتجلسه"),
        ),
        Transition(
            "lock",
            frozenset({MinutesState.SENT}),
            MinutesState.LOCKED,
            gettext_lazy("قفل صورتجلسه"),
        ),
    ],
    dict(MinutesState.choices),
    field="minutes_state",
)

#: Replies → the presence they prefill.
PRESENCE_OF_REPLY = {
    Reply.ATTENDING: Attendance.Presence.PRESENT,
    Reply.DELEGATE: Attendance.Presence.DELEGATE,
    Reply.EXCUSED: Attendance.Presence.ABSENT,
}


def _url(meeting: Meeting) -> str:
    return reverse("governance:meeting_detail", args=[meeting.pk])


def _when(meeting: Meeting) -> str:
    return format_jalali_datetime(meeting.held_at)


def _current_members(meeting: Meeting):
    day = meeting.held_at.astimezone(TEHRAN).date()
    return [
        m
        for m in meeting.body.members.select_related("person", "person__user", "organization")
        if (m.started_on is None or m.started_on <= day)
        and (m.ended_on is None or m.ended_on >= day)
    ]


def _mobile_of(person) -> str:
    user = getattr(person, "user", None)
    return person.mobile or (user.mobile if user is not None else "")


# --- Meetings --------------------------------------------------------------------------------


@transaction.atomic
def meeting_invite(*, actor, meeting: Meeting, note: str = "") -> list[MeetingInvitation]:
    """Invite the body's current members: one invitation each (a re-invitation after a
    postponement asks them again), a notification with the agenda and its documents, and an
    SMS where a mobile number is known."""
    require(permissions.can_edit_meeting(actor, meeting))
    members = _current_members(meeting)
    if not members:
        raise ValidationError(
            _("«%(body)s» عضوی ندارد که به جلسه دعوت شود؛ نخست اعضا را ثبت کنید.")
            % {"body": meeting.body.name}
        )
    apply_transition(meeting, machine=MEETING_MACHINE, action="invite", actor=actor, note=note)
    existing = {i.person_id: i for i in meeting.invitations.all()}
    invitations = []
    for member in members:
        invitation = existing.get(member.person_id) or MeetingInvitation(
            meeting=meeting, person=member.person
        )
        invitation.member = member
        invitation.organization = member.organization
        invitation.reply = Reply.PENDING
        invitation.delegate_name = ""
        invitation.replied_at = None
        invitation.replied_by = None
        stamp(invitation, actor=actor, reason=str(_("دعوت به جلسه")))
        invitation.save()
        invitations.append(invitation)
    agenda = "\n".join(
        f"{item.position}. {item.text}" for item in meeting.agenda_items.order_by("position")
    )
    documents = len(attachments_of(meeting))
    users = [m.person.user for m in members if m.person.user_id]
    notify_many(
        recipients=users,
        title=lazy_format(
            gettext_lazy("دعوت به جلسه «%(meeting)s» در %(when)s"),
            meeting=meeting.title,
            when=_when(meeting),
        ),
        body=lazy_format(
            gettext_lazy("دستور جلسه:\n%(agenda)s\nپیوست‌ها: %(documents)s\n%(note)s"),
            agenda=agenda or "—",
            documents=documents,
            note=clean_text(note),
        ),
        url=_url(meeting),
    )
    text = _("دعوت به جلسه «%(meeting)s»، %(when)s، %(place)s. پاسخ در کارتابل خوشه.") % {
        "meeting": meeting.title,
        "when": _when(meeting),
        "place": meeting.place or meeting.body.name,
    }
    for invitation in invitations:
        mobile = _mobile_of(invitation.person)
        if mobile:
            send_sms(to=mobile, body=text)
            MeetingInvitation.objects.filter(pk=invitation.pk).update(sms_sent=True)
            invitation.sms_sent = True
    return invitations


def _invitee_users(meeting: Meeting):
    return [
        i.person.user
        for i in meeting.invitations.select_related("person__user")
        if i.person.user_id
    ]


@transaction.atomic
def meeting_postpone(
    *, actor, meeting: Meeting, reason: str, held_at: datetime.datetime | None = None
) -> Meeting:
    require(permissions.can_edit_meeting(actor, meeting))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل تعویق را بنویسید.")})

    def prepare(m):
        m.state_note = reason
        fields = ["state_note"]
        if held_at is not None:
            m.held_at = held_at if timezone.is_aware(held_at) else held_at.replace(tzinfo=TEHRAN)
            fields.append("held_at")
        return fields

    apply_transition(
        meeting,
        machine=MEETING_MACHINE,
        action="postpone",
        actor=actor,
        note=reason,
        prepare=prepare,
        recipients=_invitee_users(meeting),
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    require(permissions.can_edit_meeting(actor, meeting))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل لغو را بنویسید.")})

    def prepare(m):
        m.state_note = reason
        return ["state_note"]

    apply_transition(
        meeting,
        machine=MEETING_MACHINE,
        action="cancel",
        actor=actor,
        note=reason,
        prepare=prepare,
        recipients=_invitee_users(meeting),
    )
    return meeting


@transaction.atomic
def meeting_hold(*, actor, meeting: Meeting, note: str = "") -> Meeting:
    """Record that the meeting was held; the invitees' replies become its attendance
    (attending → present, delegate → delegate, excused → absent; no reply → nothing)."""
    require(permissions.can_edit_meeting(actor, meeting))

    def prepare(m):
        if m.held_at.astimezone(TEHRAN).date() > timezone.localdate():
            raise TransitionNotAllowed(
                _("زمان جلسه (%(when)s) هنوز نرسیده است؛ جلسه پیش از زمانش برگزارشده ثبت نمی‌شود.")
                % {"when": _when(m)}
            )
        return ()

    apply_transition(
        meeting, machine=MEETING_MACHINE, action="hold", actor=actor, note=note, prepare=prepare
    )
    recorded = set(meeting.attendances.exclude(person=None).values_list("person_id", flat=True))
    for invitation in meeting.invitations.select_related("person").exclude(reply=Reply.PENDING):
        if invitation.person_id in recorded:
            continue
        attendance = Attendance(
            meeting=meeting,
            person=invitation.person,
            organization=invitation.organization,
            title=invitation.member.title if invitation.member_id else "",
            presence=PRESENCE_OF_REPLY[invitation.reply],
            delegate_name=invitation.delegate_name,
        )
        stamp(attendance, actor=actor, reason=str(_("از پاسخ به دعوت"))).save()
    return meeting


def can_reply(user, invitation: MeetingInvitation) -> bool:
    """The invited person themself, or staff recording a reply given by phone or letter."""
    if not getattr(user, "is_authenticated", False):
        return False
    return invitation.person.user_id == user.pk or permissions.can_edit_meeting(
        user, invitation.meeting
    )


@transaction.atomic
def invitation_reply(
    *,
    actor,
    invitation: MeetingInvitation,
    reply: str,
    delegate_name: str = "",
    note: str = "",
) -> MeetingInvitation:
    if not can_reply(actor, invitation):
        raise PermissionDenied(_("فقط خود دعوت‌شده یا کارشناس استان پاسخ دعوت را ثبت می‌کند."))
    meeting = lock(invitation.meeting, "state")
    if meeting.state == State.CANCELLED:
        raise TransitionNotAllowed(
            _("جلسه «%(meeting)s» لغو شده است؛ پاسخ به دعوت آن پذیرفته نیست.")
            % {"meeting": meeting.title}
        )
    if meeting.state != State.INVITED:
        raise TransitionNotAllowed(
            _("پاسخ به دعوت فقط تا پیش از برگزاری پذیرفته است؛ وضعیت جلسه: «%(state)s».")
            % {"state": meeting.get_state_display()}
        )
    if reply not in PRESENCE_OF_REPLY:
        raise ValidationError({"reply": _("پاسخ را از میان «حضور»، «نماینده» و «معذور» برگزینید.")})
    delegate_name = clean_text(delegate_name)
    if reply == Reply.DELEGATE and not delegate_name:
        raise ValidationError({"delegate_name": _("نام نماینده را بنویسید.")})
    invitation.reply = reply
    invitation.delegate_name = delegate_name if reply == Reply.DELEGATE else ""
    invitation.note = clean_text(note)
    invitation.replied_at = timezone.now()
    invitation.replied_by = actor
    stamp(invitation, actor=actor, reason=invitation.get_reply_display()).save()
    desk.changed()
    return invitation


# --- Minutes ---------------------------------------------------------------------------------


def _attendee_people(meeting: Meeting):
    """Attendees (present or by delegate) with an account, who are asked to confirm."""
    rows = meeting.attendances.exclude(presence=Attendance.Presence.ABSENT).select_related(
        "person__user"
    )
    people = {}
    for row in rows:
        if row.person_id and row.person.user_id:
            people[row.person_id] = row.person
    return list(people.values())


@transaction.atomic
def minutes_send(*, actor, meeting: Meeting, note: str = "") -> list[MinutesConfirmation]:
    """Send the minutes of a held meeting to its attendees for confirmation."""
    require(permissions.can_edit_meeting(actor, meeting))
    lock(meeting, "state")
    if meeting.state != State.HELD:
        raise TransitionNotAllowed(
            _("صورتجلسه فقط برای جلسه برگزارشده فرستاده می‌شود؛ وضعیت جلسه: «%(state)s».")
            % {"state": meeting.get_state_display()}
        )
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("صورتجلسه خالی است؛ نخست متن آن را بنویسید.")})
    people = _attendee_people(meeting)
    apply_transition(
        meeting,
        machine=MINUTES_MACHINE,
        action="send",
        actor=actor,
        note=note,
        recipients=[p.user for p in people],
        notice=lazy_format(
            gettext_lazy("صورتجلسه «%(meeting)s» برای تأیید شما فرستاده شد"), meeting=meeting.title
        ),
        url=_url(meeting),
    )
    confirmations = []
    for person in people:
        confirmation = MinutesConfirmation(meeting=meeting, person=person, user=person.user)
        stamp(confirmation, actor=actor, reason=str(_("ارسال صورتجلسه"))).save()
        confirmations.append(confirmation)
    return confirmations


@transaction.atomic
def minutes_respond(
    *, actor, meeting: Meeting, response: str, comment: str = ""
) -> MinutesConfirmation:
    """The attendee's own answer: confirm, or comment (a comment needs its text)."""
    lock(meeting, "minutes_state")
    confirmation = (
        meeting.minutes_confirmations.filter(user=actor).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if confirmation is None:
        raise PermissionDenied(_("صورتجلسه برای تأیید شما فرستاده نشده است."))
    if meeting.minutes_state != MinutesState.SENT:
        raise TransitionNotAllowed(
            _("صورتجلسه در وضعیت «%(state)s» است؛ تأیید یا نظر فقط پیش از قفل شدن ثبت می‌شود.")
            % {"state": meeting.get_minutes_state_display()}
        )
    comment = clean_text(comment)
    if response == MinutesConfirmation.Response.COMMENTED and not comment:
        raise ValidationError({"comment": _("نظر خود را بنویسید.")})
    if response not in (
        MinutesConfirmation.Response.CONFIRMED,
        MinutesConfirmation.Response.COMMENTED,
    ):
        raise ValidationError({"response": _("«تأیید» یا «نظر» را برگزینید.")})
    confirmation.response = response
    confirmation.comment = comment
    confirmation.responded_at = timezone.now()
    stamp(confirmation, actor=actor, reason=confirmation.get_response_display()).save()
    desk.changed()
    return confirmation


@transaction.atomic
def minutes_lock(*, actor, meeting: Meeting, note: str = "") -> Meeting:
    """Lock sent minutes once every attendee asked has answered."""
    require(permissions.can_edit_meeting(actor, meeting))

    def prepare(m):
        pending = m.minutes_confirmations.filter(
            response=MinutesConfirmation.Response.PENDING
        ).count()
        if pending:
            total = m.minutes_confirmations.count()
            raise TransitionNotAllowed(
                _(
                    "صورتجلسه قفل نمی‌شود: %(pending)s نفر از %(total)s حاضر هنوز تأیید یا نظر نداده‌اند."
                )
                % {"pending": figure(pending), "total": figure(total)}
            )
        return ()

    apply_transition(
        meeting, machine=MINUTES_MACHINE, action="lock", actor=actor, note=note, prepare=prepare
    )
    return meeting


@transaction.atomic
def minutes_amend(*, actor, meeting: Meeting, minutes: str, reason: str) -> MinutesAmendment:
    """The one way a locked minute changes: a numbered amendment, text before and after."""
    require(permissions.can_edit_meeting(actor, meeting))
    lock(meeting, "minutes_state", "minutes", "version")
    if meeting.minutes_state != MinutesState.LOCKED:
        raise TransitionNotAllowed(
            _("صورتجلسه هنوز قفل نشده است (وضعیت: «%(state)s»)؛ آن را مستقیم ویرایش کنید.")
            % {"state": meeting.get_minutes_state_display()}
        )
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل اصلاح را بنویسید.")})
    after = sanitize_minutes(minutes)
    if after == meeting.minutes:
        raise ValidationError({"minutes": _("متن اصلاحیه با صورتجلسه فعلی یکی است.")})
    number = (meeting.amendments.aggregate(m=Max("number"))["m"] or 0) + 1
    amendment = MinutesAmendment(
        meeting=meeting,
        number=number,
        reason=reason,
        minutes_before=meeting.minutes,
        minutes_after=after,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stamp(amendment, actor=actor, reason=reason).save()
    meeting.minutes = after
    meeting.version += 1
    stamp(
        meeting,
        actor=actor,
        reason=_("اصلاحیه %(number)s: %(reason)s") % {"number": number, "reason": reason},
    )
    meeting.save(update_fields=["minutes", "version", "updated_at"])
    notify_many(
        recipients=[c.user for c in meeting.minutes_confirmations.select_related("user")],
        title=lazy_format(
            gettext_lazy("اصلاحیه %(number)s صورتجلسه «%(meeting)s» ثبت شد"),
            number=number,
            meeting=meeting.title,
        ),
        body=reason,
        url=_url(meeting),
    )
    return amendment
