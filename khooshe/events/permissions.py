"""Who may do what with events — predicates built only on :mod:`khooshe.accounts.permissions`.

- An event is public (``is_public``) or seen only by staff of its province.
- Staff (guild or governorate) of the event's province manage it: programme, halls, booths,
  exhibitor decisions, check-in, outcomes, visitor lists and exports (an admin anywhere).
- National staff read every province's events, exhibitors and visitor lists, and manage none.
- Representatives of an organization (actor or agency representative) apply to exhibit for it
  and see their own applications.
- Visitors' names and mobiles are personal data: only staff of the event's province (and
  national staff, admins) and the visitor (the registration's user, or who holds the
  ticket's code) see them.
"""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    is_staff_anywhere,
    organization_ids_for,
    province_ids_for,
    province_ids_visible_to,
    sees_province,
)

STAFF = (Role.GUILD_STAFF, Role.GOVERNORATE_STAFF)
REPRESENTATIVES = (Role.ACTOR, Role.AGENCY_REP)
NOTHING = Q(pk__in=())
EVERYTHING = Q(pk__isnull=False)


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def staff_province_ids(user):
    """Provinces where ``user`` manages events (None = every province, for admins)."""
    return province_ids_for(user, STAFF) if _signed_in(user) else frozenset()


def visible_province_ids(user):
    """Provinces whose staff-only event records ``user`` reads (None = every province, for
    national staff and admins)."""
    return province_ids_visible_to(user, STAFF) if _signed_in(user) else frozenset()


def reads_province(user, province) -> bool:
    return sees_province(user, province, STAFF)


def can_manage_in(user, province) -> bool:
    return acts_in_province(user, province, STAFF)


def can_manage_event(user, event) -> bool:
    return can_manage_in(user, event.province_id)


def may_create_events(user) -> bool:
    return _signed_in(user) and is_staff_anywhere(user, STAFF)


def event_visibility(user) -> Q:
    """Public events, and the unpublished ones of the provinces whose records ``user`` reads."""
    provinces = visible_province_ids(user)
    if provinces is None:
        return EVERYTHING
    return Q(is_public=True) | Q(province_id__in=provinces)


def can_view_event(user, event) -> bool:
    return event.is_public or reads_province(user, event.province_id)


def represented_organization_ids(user) -> frozenset[int]:
    return organization_ids_for(user, REPRESENTATIVES) if _signed_in(user) else frozenset()


def can_apply_for(user, organization) -> bool:
    return getattr(organization, "pk", organization) in represented_organization_ids(user)


def exhibitor_visibility(user) -> Q:
    """Accepted exhibitors of visible events are public; every application is seen by staff
    of the event's province and by the organization's representatives."""
    public = Q(state="accepted") & (
        Q(event__is_public=True) | _province_q(user, "event__province_id")
    )
    if not _signed_in(user):
        return public
    return (
        public
        | _province_q(user, "event__province_id")
        | Q(organization_id__in=represented_organization_ids(user))
    )


def _province_q(user, field: str) -> Q:
    provinces = visible_province_ids(user)
    if provinces is None:
        return EVERYTHING
    return Q(**{f"{field}__in": provinces}) if provinces else NOTHING


def can_view_exhibitor(user, exhibitor) -> bool:
    if reads_province(user, exhibitor.event.province_id):
        return True
    if _signed_in(user) and can_apply_for(user, exhibitor.organization_id):
        return True
    return exhibitor.state == "accepted" and can_view_event(user, exhibitor.event)


def registration_visibility(user) -> Q:
    """Registrations (names, mobiles) ``user`` may see: staff of the event's province, and
    the visitor's own."""
    if not _signed_in(user):
        return NOTHING
    return _province_q(user, "event__province_id") | Q(user=user)


def can_view_registration(user, registration) -> bool:
    if not _signed_in(user):
        return False
    return registration.user_id == user.pk or reads_province(user, registration.event.province_id)


def can_cancel_registration(user, registration, *, code: str = "") -> bool:
    """The visitor (signed in, or holding the ticket's code) and staff of the province."""
    if code and code == registration.code:
        return True
    if not _signed_in(user):
        return False
    return registration.user_id == user.pk or can_manage_event(user, registration.event)
