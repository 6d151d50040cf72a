"""Bodies, members, meetings (agenda, attendance, minutes) and resolutions."""

from __future__ import annotations

import datetime
import re

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from khooshe.core.concurrency import save_versioned
from khooshe.governance import permissions
from khooshe.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Commitment,
    Meeting,
    Resolution,
)
from khooshe.governance.services._common import require
from khooshe.governance.services.commitments import commitment_create, due_date
from khooshe.history.services import stamp
from khooshe.persian.aliases import aliases_text
from khooshe.persian.jalali import TEHRAN, jalali_year_of
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
) -> Meeting:
    require(permissions.can_manage_in(actor, body.province_id))
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
    require(permissions.can_edit_meeting(actor, meeting))
    meeting.minutes = sanitize_minutes(minutes)
    stamp(meeting, actor=actor)
    save_versioned(meeting, expected_version=expected_version, update_fields=["minutes"])
    return meeting


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
    sequence: int | None = None,
) -> Resolution:
    """Record a resolution (numbered per body and Jalali year of the meeting, or ``sequence``
    as the minutes number it) and the commitment it creates for its owner."""
    require(permissions.can_edit_meeting(actor, meeting))
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
    return resolution
