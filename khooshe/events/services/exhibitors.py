"""Halls and booths, and exhibitors' applications with their decision workflow:
``applied → accepted`` (with a booth) ``/ waitlisted / declined`` (with a reason); a
waitlisted application may still be accepted or declined. Every move goes through
:func:`khooshe.core.workflow.apply_transition` and notifies the organization's representatives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.selectors import users_representing
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.events import permissions
from khooshe.events.models import Booth, Event, Exhibitor, Hall
from khooshe.events.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text

S = Exhibitor.State
ACCEPT, WAITLIST, DECLINE = "accept", "waitlist", "decline"
EXHIBITOR_MACHINE = StateMachine(
    [
        Transition(ACCEPT, frozenset({S.APPLIED, S.WAITLISTED}), S.ACCEPTED, gettext_lazy("پذیرش")),
        Transition(WAITLIST, frozenset({S.APPLIED}), S.WAITLISTED, gettext_lazy("فهرست انتظار")),
        Transition(DECLINE, frozenset({S.APPLIED, S.WAITLISTED}), S.DECLINED, gettext_lazy("رد")),
    ],
    dict(S.choices),
)


@transaction.atomic
def hall_add(*, actor, event: Event, name: str, capacity: int) -> Hall:
    require(permissions.can_manage_event(actor, event))
    name = clean_text(name)
    if capacity < 1:
        raise ValidationError({"capacity": _("ظرفیت سالن دست‌کم یک غرفه است.")})
    if event.halls.filter(name=name).exists():
        raise ValidationError({"name": _("سالنی به این نام در این رویداد هست.")})
    hall = Hall(event=event, name=name, capacity=capacity)
    stamp(hall, actor=actor).save()
    return hall


@transaction.atomic
def booth_add(*, actor, hall: Hall, number: str, size_m2: int = 9) -> Booth:
    require(permissions.can_manage_event(actor, hall.event))
    Hall.objects.select_for_update().filter(pk=hall.pk).first()
    number = clean_text(number)
    if not number:
        raise ValidationError({"number": _("شماره غرفه را بنویسید.")})
    if size_m2 < 1:
        raise ValidationError({"size_m2": _("متراژ غرفه باید مثبت باشد.")})
    if hall.booths.filter(number=number).exists():
        raise ValidationError({"number": _("غرفه‌ای با این شماره در این سالن هست.")})
    if hall.booths.count() >= hall.capacity:
        raise ValidationError({"number": _("ظرفیت سالن «%(hall)s» پر است.") % {"hall": hall.name}})
    booth = Booth(hall=hall, number=number, size_m2=size_m2)
    stamp(booth, actor=actor).save()
    return booth


def _representatives(exhibitor: Exhibitor):
    return users_representing(exhibitor.organization_id, permissions.REPRESENTATIVES)


@transaction.atomic
def exhibitor_apply(*, actor, event: Event, organization, exhibits: str, eservices=()) -> Exhibitor:
    """A representative applies for their organization; staff of the province may record an
    application for any organization."""
    require(
        permissions.can_apply_for(actor, organization) or permissions.can_manage_event(actor, event)
    )
    exhibits = clean_text(exhibits)
    eservices = list(eservices)
    foreign = [e for e in eservices if e.agency_id != organization.pk]
    if foreign:
        raise ValidationError(
            {"eservices": _("«%(name)s» خدمت این سازمان نیست.") % {"name": foreign[0].name}}
        )
    if not exhibits and not eservices:
        raise ValidationError({"exhibits": _("بنویسید چه چیزی نمایش می‌دهید.")})
    if event.exhibitors.filter(organization=organization).exists():
        raise ValidationError(
            {
                "organization": _("«%(name)s» پیش‌تر برای این رویداد درخواست داده است.")
                % {"name": organization.name}
            }
        )
    exhibitor = Exhibitor(
        event=event, organization=organization, exhibits=exhibits, applied_by=actor
    )
    stamp(exhibitor, actor=actor).save()
    exhibitor.eservices.set(eservices)
    return exhibitor


@transaction.atomic
def exhibitor_accept(*, actor, exhibitor: Exhibitor, booth: Booth, note: str = "") -> Exhibitor:
    require(permissions.can_manage_event(actor, exhibitor.event))

    def give_booth(row: Exhibitor):
        locked = Booth.objects.select_for_update().select_related("hall").get(pk=booth.pk)
        if locked.hall.event_id != row.event_id:
            raise ValidationError({"booth": _("این غرفه از رویداد دیگری است.")})
        holder = (
            Exhibitor.objects.filter(booth=locked)
            .exclude(pk=row.pk)
            .select_related("organization")
            .first()
        )
        if holder is not None:
            raise ValidationError(
                {
                    "booth": _("غرفه %(booth)s پیش‌تر به «%(name)s» داده شده است.")
                    % {"booth": locked.number, "name": holder.organization.name}
                }
            )
        row.booth = locked
        return ["booth"]

    apply_transition(
        exhibitor,
        machine=EXHIBITOR_MACHINE,
        action=ACCEPT,
        actor=actor,
        note=note,
        prepare=give_booth,
        recipients=_representatives(exhibitor),
    )
    return exhibitor


@transaction.atomic
def exhibitor_waitlist(*, actor, exhibitor: Exhibitor, note: str = "") -> Exhibitor:
    require(permissions.can_manage_event(actor, exhibitor.event))
    apply_transition(
        exhibitor,
        machine=EXHIBITOR_MACHINE,
        action=WAITLIST,
        actor=actor,
        note=note,
        recipients=_representatives(exhibitor),
    )
    return exhibitor


@transaction.atomic
def exhibitor_decline(*, actor, exhibitor: Exhibitor, reason: str) -> Exhibitor:
    require(permissions.can_manage_event(actor, exhibitor.event))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل رد را بنویسید.")})

    def set_reason(row: Exhibitor):
        row.decline_reason = reason
        return ["decline_reason"]

    apply_transition(
        exhibitor,
        machine=EXHIBITOR_MACHINE,
        action=DECLINE,
        actor=actor,
        note=reason,
        prepare=set_reason,
        recipients=_representatives(exhibitor),
    )
    return exhibitor
