"""Bodies, members, meetings (agenda, attendance, minutes) and resolutions."""

from __future__ import annotations

import datetime
import re

import nh3
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core import desk
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.core.workflow import TransitionNotAllowed, lock
from khooshe.governance import permissions
from khooshe.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Commitment,
    Meeting,
    MinutesConfirmation,
    Resolution,
)
from khooshe.governance.services._common import require
from khooshe.governance.services.commitments import commitment_create, due_date
from khooshe.history.services import stamp
from khooshe.persian.aliases import aliases_text
from khooshe.persian.jalali import TEHRAN, is_english_active, jalali_year_of
from khooshe.persian.money import format_number
from khooshe.persian.text import clean_text, to_persian_digits

#: Formatting kept in minutes; everything else (scripts, styles, attributes) is dropped.
MINUTES_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip


def sanitize_minutes(html: str) -> str:
    """Keep basic formatting only. Plain text (no tags) keeps its paragraphs and lines."""
    html = html or ""
    if not re.search(r"</?[a-zA-Z][^>]*>", html):
        html = linebreaks(html)
    return nh3.clean(
        html,
        tags=MINUTES_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


@transaction.atomic
def body_create(
    *,
    actor,
    name: str,
    kind: str,
    province=None,
    chair_organization=None,
    secretariat_organization=None,
    description: str = "",
    is_public: bool = True,
    aliases: str | list[str] = "",
) -> Body:
    require(permissions.can_manage_in(actor, province))
    body = Body(
        name=clean_text(name),
        aliases=aliases_text(aliases),
        kind=kind,
        province=province,
        chair_organization=chair_organization,
        secretariat_organization=secretariat_organization,
        description=clean_text(description),
        is_public=is_public,
    )
    body.full_clean(exclude=["province", "chair_organization", "secretariat_organization"])
    stamp(body, actor=actor).save()
    return body


@transaction.atomic
def body_member_add(
    *,
    actor,
    body: Body,
    person,
    organization=None,
    role: str = BodyMember.MemberRole.MEMBER,
    title: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> BodyMember:
    require(permissions.can_manage_in(actor, body.province_id))
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("پایان عضویت پیش از آغاز آن است.")})
    member = BodyMember(
        body=body,
        person=person,
        organization=organization,
        role=role,
        title=clean_text(title),
        started_on=started_on,
        ended_on=ended_on,
    )
    stamp(member, actor=actor).save()
    return member


@transaction.atomic
def meeting_create(
    *,
    actor,
    body: Body,
    title: str,
    held_at: datetime.datetime,
    place: str = "",
    number: int | None = None,
    agenda: list[str] = (),
    minutes: str = "",
    is_public: bool = True,
    state: str = Meeting.State.HELD,
) -> Meeting:
    """Record a held meeting, or plan one (``state="planned"``) to invite the members to."""
    require(permissions.can_manage_in(actor, body.province_id))
    if state not in (Meeting.State.HELD, Meeting.State.PLANNED):
        raise ValidationError({"state": _("جلسه تازه یا برنامه‌ریزی‌شده است یا برگزارشده.")})
    if timezone.is_naive(held_at):
        held_at = held_at.replace(tzinfo=TEHRAN)
    if number is None:
        number = (body.meetings.aggregate(m=Max("number"))["m"] or 0) + 1
    meeting = Meeting(
        body=body,
        number=number,
        title=clean_text(title),
        held_at=held_at,
        place=clean_text(place),
        minutes=sanitize_minutes(minutes),
        is_public=is_public,
        state=state,
    )
    stamp(meeting, actor=actor).save()
    for position, text in enumerate([t for t in agenda if clean_text(t)], start=1):
        stamp(
            AgendaItem(meeting=meeting, position=position, text=clean_text(text)), actor=actor
        ).save()
    return meeting


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, text: str) -> AgendaItem:
    require(permissions.can_edit_meeting(actor, meeting))
    position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, text=clean_text(text))
    stamp(item, actor=actor).save()
    return item


@transaction.atomic
def meeting_set_minutes(
    *, actor, meeting: Meeting, minutes: str, expected_version: int | None
) -> Meeting:
    """Edit draft or sent minutes (sent ones go back to the attendees for confirmation); a
    locked minute is refused — it changes only by ``minutes_amend``."""
    require(permissions.can_edit_meeting(actor, meeting))
    lock(meeting, "minutes_state")
    if meeting.minutes_state == Meeting.MinutesState.LOCKED:
        raise TransitionNotAllowed(_("صورتجلسه قفل شده است؛ تغییر آن فقط با ثبت اصلاحیه ممکن است."))
    changed = sanitize_minutes(minutes) != meeting.minutes
    meeting.minutes = sanitize_minutes(minutes)
    stamp(meeting, actor=actor)
    save_versioned(meeting, expected_version=expected_version, update_fields=["minutes"])
    if changed and meeting.minutes_state == Meeting.MinutesState.SENT:
        minutes_reask(actor=actor, meeting=meeting)
    return meeting


def minutes_reask(*, actor, meeting: Meeting) -> int:
    """Sent minutes were edited: every attendee is asked again (answers back to pending)."""
    asked = 0
    for confirmation in meeting.minutes_confirmations.exclude(
        response=MinutesConfirmation.Response.PENDING
    ):
        confirmation.response = MinutesConfirmation.Response.PENDING
        confirmation.responded_at = None
        stamp(confirmation, actor=actor, reason=_("صورتجلسه ویرایش شد؛ تأیید دوباره")).save()
        asked += 1
    notify_many(
        recipients=[c.user for c in meeting.minutes_confirmations.select_related("user")],
        title=lazy_format(
            gettext_lazy("صورتجلسه «%(meeting)s» ویرایش شد؛ دوباره تأیید کنید"),
            meeting=meeting.title,
        ),
        url=reverse("governance:meeting_detail", args=[meeting.pk]),
    )
    desk.changed()
    return asked


@transaction.atomic
def attendance_add(
    *,
    actor,
    meeting: Meeting,
    person=None,
    name: str = "",
    organization=None,
    title: str = "",
    presence: str = Attendance.Presence.PRESENT,
    delegate_name: str = "",
) -> Attendance:
    require(permissions.can_edit_meeting(actor, meeting))
    if person is None and not clean_text(name):
        raise ValidationError({"name": _("نام حاضر را بنویسید.")})
    if presence == Attendance.Presence.DELEGATE and not clean_text(delegate_name):
        raise ValidationError({"delegate_name": _("نام نماینده را بنویسید.")})
    attendance = Attendance(
        meeting=meeting,
        person=person,
        name=clean_text(name),
        organization=organization,
        title=clean_text(title),
        presence=presence,
        delegate_name=clean_text(delegate_name),
    )
    stamp(attendance, actor=actor).save()
    return attendance


@transaction.atomic
def resolution_create(
    *,
    actor,
    meeting: Meeting,
    text: str,
    owner,
    due_on: datetime.date | str | None = None,
    due_text: str = "",
    commitment_title: str = "",
    vote: dict | None = None,
    collaborators=(),
    sequence: int | None = None,
) -> Resolution:
    """Record a resolution (numbered per body and Jalali year of the meeting, or ``sequence``
    as the minutes number it) and the commitment it creates for its owner. ``vote`` — when
    the body voted — holds
    ``votes_for``, ``votes_against``, ``votes_abstaining`` and optionally ``present_count``
    (else the meeting's attendance present or by delegate) and ``quorum`` (see
    :func:`check_vote`). Each of ``collaborators`` (organizations working with the owner,
    the lead) gets a commitment of its own; the resolution is done when all are done."""
    require(permissions.can_edit_meeting(actor, meeting))
    collaborators = [c for c in dict.fromkeys(collaborators or ()) if c.pk != owner.pk]
    if meeting.state in (Meeting.State.CANCELLED, Meeting.State.POSTPONED):
        raise TransitionNotAllowed(
            _("جلسه «%(state)s» است؛ مصوبه فقط در جلسه برگزارشده ثبت می‌شود.")
            % {"state": meeting.get_state_display()}
        )
    vote_fields = check_vote(meeting, vote) if vote else {}
    body = meeting.body
    year = jalali_year_of(meeting.held_at.astimezone(TEHRAN).date())
    # Lock the body row so two resolutions of one body never get the same number.
    Body.objects.select_for_update().filter(pk=body.pk).first()
    numbered = Resolution.objects.filter(body=body, year=year)
    if sequence is None:
        sequence = (numbered.aggregate(m=Max("sequence"))["m"] or 0) + 1
    elif numbered.filter(sequence=sequence).exists():
        raise ValidationError(
            {
                "sequence": _("مصوبه شماره %(number)s سال %(year)s این نهاد پیش‌تر ثبت شده است.")
                % {"number": to_persian_digits(sequence), "year": to_persian_digits(year)}
            }
        )
    due = due_date(due_on, due_text)
    resolution = Resolution(
        meeting=meeting,
        body=body,
        year=year,
        sequence=sequence,
        text=clean_text(text),
        owner=owner,
        due_on=due,
        **vote_fields,
    )
    stamp(resolution, actor=actor).save()
    commitment_create(
        actor=actor,
        title=commitment_title or resolution.text[:300],
        owner=owner,
        source_type=Commitment.SourceType.RESOLUTION,
        resolution=resolution,
        due_on=due,
        due_text=due_text,
        province=body.province or owner.province,
        body=body,
        is_public=meeting.is_public and body.is_public,
        check_permission=False,
    )
    for collaborator in collaborators:
        commitment_create(
            actor=actor,
            title=_("همکاری: %(title)s") % {"title": commitment_title or resolution.text[:280]},
            owner=collaborator,
            source_type=Commitment.SourceType.RESOLUTION,
            resolution=resolution,
            due_on=due,
            due_text=due_text,
            province=body.province or owner.province,
            body=body,
            is_public=meeting.is_public and body.is_public,
            check_permission=False,
        )
    return resolution


VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstaining")
VOTE_INPUTS = (*VOTE_FIELDS, "present_count", "quorum")


def figure(value: int) -> str:
    """A count in a refusal: Persian digits on Persian pages, Latin on English ones."""
    return format_number(value, digits="latin" if is_english_active() else "fa")


def check_vote(meeting: Meeting, vote: dict) -> dict:
    """The vote's rules, each refusal naming its figures: all three counts given; present
    members (given, else the meeting's attendance present or by delegate) at least the
    quorum (given, else a majority of the body's current members); votes cast no more than
    those present; more for than against (a resolution not carried is not recorded)."""
    counts = {name: vote.get(name) for name in VOTE_FIELDS}
    if all(value is None for value in counts.values()):
        return {}
    missing = [name for name, value in counts.items() if value is None]
    if missing:
        raise ValidationError(
            {
                name: _("رأی موافق، مخالف و ممتنع را با هم بنویسید (صفر هم عدد است).")
                for name in missing
            }
        )
    if any(value < 0 for value in counts.values()):
        raise ValidationError({"votes_for": _("شمار رأی منفی نمی‌شود.")})
    present = vote.get("present_count")
    if present is None:
        present = meeting.attendances.exclude(presence=Attendance.Presence.ABSENT).count()
    quorum = vote.get("quorum")
    if quorum is None:
        day = meeting.held_at.astimezone(TEHRAN).date()
        members = meeting.body.members.filter(
            models.Q(started_on__isnull=True) | models.Q(started_on__lte=day),
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day),
        ).count()
        quorum = members // 2 + 1 if members else 0
    cast = sum(counts.values())
    if present < quorum:
        raise ValidationError(
            {
                "present_count": _("حد نصاب نبود: %(present)s عضو حاضر، دست‌کم %(quorum)s لازم است.")
                % {"present": figure(present), "quorum": figure(quorum)}
            }
        )
    if cast > present:
        raise ValidationError(
            {
                "votes_for": _("مجموع رأی‌ها (%(cast)s) از شمار حاضران (%(present)s) بیشتر است.")
                % {"cast": figure(cast), "present": figure(present)}
            }
        )
    if counts["votes_for"] <= counts["votes_against"]:
        raise ValidationError(
            {
                "votes_for": _(
                    "رأی موافق (%(for)s) بیش از مخالف (%(against)s) نیست؛ مصوبه تصویب نشده است."
                )
                % {"for": figure(counts["votes_for"]), "against": figure(counts["votes_against"])}
            }
        )
    return {**counts, "present_count": present, "quorum": quorum}
