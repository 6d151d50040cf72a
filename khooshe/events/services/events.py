"""Events, their programme (sessions with registry speakers), poster and outcomes."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.core.attachments import IMAGE_TYPES, attachment_add
from khooshe.core.concurrency import save_versioned
from khooshe.events import permissions
from khooshe.events.models import Award, Event, Session
from khooshe.events.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text

EVENT_FIELDS = (
    "title",
    "kind",
    "province",
    "venue",
    "starts_at",
    "ends_at",
    "description",
    "organizer",
    "capacity",
    "registration_closes_at",
    "is_public",
    "resolution",
    "commitment",
)


def _check_dates(starts_at: datetime.datetime, ends_at: datetime.datetime, closes_at=None):
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("پایان رویداد پیش از آغاز آن است.")})
    if closes_at is not None and closes_at > ends_at:
        raise ValidationError(
            {"registration_closes_at": _("ثبت‌نام پس از پایان رویداد بسته می‌شود.")}
        )


def _check_links(province, resolution, commitment):
    if resolution is not None and resolution.body.province_id not in (None, province.pk):
        raise ValidationError({"resolution": _("این مصوبه از استان دیگری است.")})
    if commitment is not None and commitment.province_id not in (None, province.pk):
        raise ValidationError({"commitment": _("این تعهد از استان دیگری است.")})


@transaction.atomic
def event_create(*, actor, co_organizers=(), **fields) -> Event:
    province = fields["province"]
    require(permissions.can_manage_in(actor, province))
    _check_dates(fields["starts_at"], fields["ends_at"], fields.get("registration_closes_at"))
    _check_links(province, fields.get("resolution"), fields.get("commitment"))
    data = {key: fields[key] for key in EVENT_FIELDS if key in fields}
    for key in ("title", "venue", "description"):
        if key in data:
            data[key] = clean_text(data[key])
    event = Event(**data)
    stamp(event, actor=actor).save()
    event.co_organizers.set([o for o in co_organizers if o.pk != event.organizer_id])
    return event


@transaction.atomic
def event_update(
    *, actor, event: Event, expected_version: int | None = None, co_organizers=None, **fields
) -> Event:
    require(permissions.can_manage_event(actor, event))
    if "province" in fields:
        require(permissions.can_manage_in(actor, fields["province"]))
    for key in EVENT_FIELDS:
        if key in fields:
            value = fields[key]
            setattr(
                event, key, clean_text(value) if key in ("title", "venue", "description") else value
            )
    _check_dates(event.starts_at, event.ends_at, event.registration_closes_at)
    _check_links(event.province, event.resolution, event.commitment)
    stamp(event, actor=actor)
    save_versioned(event, expected_version=expected_version)
    if co_organizers is not None:
        event.co_organizers.set([o for o in co_organizers if o.pk != event.organizer_id])
    return event


@transaction.atomic
def event_poster_set(*, actor, event: Event, uploaded_file) -> Event:
    require(permissions.can_manage_event(actor, event))
    event.poster = attachment_add(
        actor=actor,
        target=event,
        uploaded_file=uploaded_file,
        title=_("پوستر"),
        allowed=IMAGE_TYPES,
    )
    stamp(event, actor=actor, reason=_("پوستر"))
    event.save(update_fields=["poster", "updated_at"])
    return event


@transaction.atomic
def event_photo_add(*, actor, event: Event, uploaded_file, caption: str = ""):
    """A photo of the event's gallery (an image attachment of the event, not its poster)."""
    require(permissions.can_manage_event(actor, event))
    return attachment_add(
        actor=actor, target=event, uploaded_file=uploaded_file, title=caption, allowed=IMAGE_TYPES
    )


@transaction.atomic
def session_add(
    *, actor, event: Event, title: str, starts_at, ends_at, place: str = "", speakers=()
) -> Session:
    require(permissions.can_manage_event(actor, event))
    if ends_at < starts_at:
        raise ValidationError({"ends_at": _("پایان نشست پیش از آغاز آن است.")})
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError({"starts_at": _("نشست باید در بازه برگزاری رویداد باشد.")})
    session = Session(
        event=event,
        title=clean_text(title),
        starts_at=starts_at,
        ends_at=ends_at,
        place=clean_text(place),
    )
    stamp(session, actor=actor).save()
    session.speakers.set(speakers)
    return session


@transaction.atomic
def event_outcomes_record(
    *,
    actor,
    event: Event,
    meetings_arranged: int,
    outcome_notes: str = "",
    agreements=(),
    expected_version: int | None = None,
) -> Event:
    """After the event: meetings arranged, agreements signed (governance), notes."""
    require(permissions.can_manage_event(actor, event))
    if meetings_arranged < 0:
        raise ValidationError({"meetings_arranged": _("تعداد نمی‌تواند منفی باشد.")})
    agreements = list(agreements)
    unsigned = [a for a in agreements if a.state != "signed"]
    if unsigned:
        raise ValidationError(
            {"agreements": _("«%(title)s» هنوز امضا نشده است.") % {"title": unsigned[0].title}}
        )
    event.meetings_arranged = meetings_arranged
    event.outcome_notes = clean_text(outcome_notes)
    stamp(event, actor=actor, reason=_("دستاوردها"))
    save_versioned(event, expected_version=expected_version)
    event.agreements.set(agreements)
    return event


@transaction.atomic
def award_add(*, actor, event: Event, title: str, organization=None, person=None) -> Award:
    require(permissions.can_manage_event(actor, event))
    if (organization is None) == (person is None):
        raise ValidationError({"organization": _("برنده جایزه یک سازمان یا یک فرد است.")})
    award = Award(event=event, title=clean_text(title), organization=organization, person=person)
    stamp(award, actor=actor).save()
    return award
