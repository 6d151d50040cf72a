"""Visitors: registration with capacity and a waiting list, cancellation (which moves the
first waiting visitor up and notifies them), ticket lookup and an idempotent check-in."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.events import permissions
from khooshe.events.models import Event, Registration
from khooshe.events.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text, to_latin_digits
from khooshe.persian.validators import normalize_mobile

R = Registration.State
CANCEL, PROMOTE = "cancel", "promote"
REGISTRATION_MACHINE = StateMachine(
    [
        Transition(
            CANCEL, frozenset({R.REGISTERED, R.WAITLISTED}), R.CANCELLED, gettext_lazy("لغو")
        ),
        Transition(PROMOTE, frozenset({R.WAITLISTED}), R.REGISTERED, gettext_lazy("جای خالی")),
    ],
    dict(R.choices),
)
PROMOTED_NOTICE = gettext_lazy("در «%(event)s» جا باز شد: بلیت شما صادر شد.")


@transaction.atomic
def registration_create(*, actor, event: Event, name: str, mobile: str) -> Registration:
    """Register a visitor: a ticket while there is room, else a place on the waiting list.
    Refused after the closing date, after the event, or for a mobile already registered."""
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("نام را بنویسید.")})
    try:
        mobile = normalize_mobile(mobile)
    except ValidationError as error:
        raise ValidationError({"mobile": error.messages}) from error
    # One registration at a time per event: the capacity count and the insert agree.
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(permissions.can_view_event(actor, event))
    now = timezone.now()
    if event.capacity == 0:
        raise ValidationError(_("ثبت‌نام این رویداد باز نیست."))
    if (event.registration_closes_at and now > event.registration_closes_at) or now > event.ends_at:
        raise ValidationError(_("مهلت ثبت‌نام در این رویداد گذشته است."))
    if event.registrations.filter(mobile=mobile).exclude(state=R.CANCELLED).exists():
        raise ValidationError(
            {"mobile": _("با این شماره موبایل پیش‌تر در این رویداد ثبت‌نام شده است.")}
        )
    taken = event.registrations.filter(state=R.REGISTERED).count()
    registration = Registration(
        event=event,
        name=name,
        mobile=mobile,
        state=R.REGISTERED if taken < event.capacity else R.WAITLISTED,
        user=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stamp(registration, actor=actor).save()
    return registration


def _promote_next(event: Event, *, actor) -> Registration | None:
    if event.registrations.filter(state=R.REGISTERED).count() >= event.capacity:
        return None
    waiting = (
        event.registrations.select_for_update()
        .filter(state=R.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if waiting is None:
        return None
    apply_transition(
        waiting,
        machine=REGISTRATION_MACHINE,
        action=PROMOTE,
        actor=actor,
        recipients=[waiting.user],
        notice=lazy_format(PROMOTED_NOTICE, event=event.title),
    )
    return waiting


@transaction.atomic
def registration_cancel(
    *, actor, registration: Registration, code: str = ""
) -> Registration | None:
    """Cancel a ticket or a place on the waiting list (the visitor, or staff of the province);
    a freed ticket goes to the first visitor waiting, who is notified. Returns who moved up."""
    require(permissions.can_cancel_registration(actor, registration, code=code))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    if registration.checked_in_at is not None:
        raise ValidationError(_("بلیتی که با آن وارد شده‌اند لغو نمی‌شود."))
    apply_transition(registration, machine=REGISTRATION_MACHINE, action=CANCEL, actor=actor)
    return _promote_next(event, actor=actor)


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    first_time: bool


def find_tickets(*, event: Event, query: str, limit: int = 10) -> list[Registration]:
    """Tickets of ``event`` by QR code value or by the last digits of the mobile (any digit
    script, at least 4 digits)."""
    text = to_latin_digits(clean_text(query)).replace(" ", "").replace("-", "").upper()
    if not text:
        return []
    rows = event.registrations.only(
        "id", "name", "mobile", "code", "state", "checked_in_at", "event_id"
    )
    if text.isdigit():
        if len(text) < 4:
            raise ValidationError({"q": _("دست‌کم چهار رقم آخر موبایل را بنویسید.")})
        rows = rows.filter(mobile_tail=text[-4:], mobile__endswith=text)
    else:
        rows = rows.filter(code=text)
    # Few rows share four last digits: no ORDER BY, so the (event, tail) index alone answers.
    found = list(rows[: limit * 5])
    found.sort(key=lambda row: (row.state, row.name, row.pk))
    return found[:limit]


@transaction.atomic
def registration_check_in(*, actor, event: Event, code: str) -> CheckIn:
    """Let the ticket's holder in. Posted twice, it counts once (the second answer says so).
    Refused for an unknown ticket, a cancelled one, or one still on the waiting list."""
    require(permissions.can_manage_event(actor, event))
    text = to_latin_digits(clean_text(code or "")).strip().upper()
    registration = (
        event.registrations.select_for_update().filter(code=text).first() if text else None
    )
    if registration is None:
        raise ValidationError({"code": _("بلیتی با این کد در این رویداد پیدا نشد.")})
    if registration.state == R.CANCELLED:
        raise ValidationError({"code": _("این بلیت لغو شده است.")})
    if registration.state == R.WAITLISTED:
        raise ValidationError({"code": _("این ثبت‌نام هنوز در فهرست انتظار است.")})
    if registration.checked_in_at is not None:
        return CheckIn(registration, first_time=False)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    stamp(registration, actor=actor, reason=_("ورود"))
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return CheckIn(registration, first_time=True)
