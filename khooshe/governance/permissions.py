"""Who may see and change governance records — predicates on the foundation's permission
layer only (``khooshe.accounts.permissions``).

Provincial staff (guild, governorate) record and decide for their province; national staff
for national records (no province); an admin anywhere. National staff read every province's
records but record, cancel and decide nothing provincial."""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    is_national,
    is_staff_anywhere,
    organization_ids_for,
    province_ids_visible_to,
    represents_organization,
    sees_province,
)
from khooshe.governance.models import MeetingInvitation, MinutesConfirmation

#: Organization roles that speak for the owner of a commitment.
OWNER_ROLES = (Role.AGENCY_REP, Role.ACTOR)


def is_staff_of(user, province) -> bool:
    """Acts for ``province``: its provincial staff (guild, governorate) and admins; national
    staff and admins for None (a national record)."""
    if province is None:
        return is_national(user)
    return acts_in_province(user, province)


def reads_as_staff_of(user, province) -> bool:
    """Reads the staff-only records of ``province``: its staff, national staff, admins."""
    if province is None:
        return is_national(user)
    return sees_province(user, province)


def can_manage_in(user, province) -> bool:
    """Record bodies, meetings, resolutions, agreements, projects and elections."""
    return is_staff_of(user, province)


def may_record(user) -> bool:
    """Records something somewhere: staff of a province, or national staff (national
    records); the create pages and their links."""
    return is_staff_anywhere(user) or is_national(user)


def represents_owner(user, commitment) -> bool:
    return represents_organization(user, commitment.owner_id, roles=OWNER_ROLES)


def can_view_commitment(user, commitment) -> bool:
    return (
        commitment.is_public
        or reads_as_staff_of(user, commitment.province_id)
        or represents_owner(user, commitment)
    )


def can_update_commitment(user, commitment) -> bool:
    """Only the owner organization's representatives and staff of the province."""
    if not getattr(user, "is_authenticated", False):
        return False
    return represents_owner(user, commitment) or is_staff_of(user, commitment.province_id)


def can_cancel_commitment(user, commitment) -> bool:
    return getattr(user, "is_authenticated", False) and is_staff_of(user, commitment.province_id)


def represents_secretariat(user, commitment) -> bool:
    """Speaks for the secretariat of the body whose resolution made ``commitment``."""
    if commitment.resolution_id is None or commitment.body_id is None:
        return False
    secretariat = commitment.body.secretariat_organization_id
    return secretariat is not None and represents_organization(user, secretariat, roles=OWNER_ROLES)


def may_review_commitments(user, commitment) -> bool:
    """Accepts or contests 100% reports of ``commitment`` in general: staff of its province,
    or the body's secretariat for a resolution. Whether this person may review *this* report
    (not its author, not the owner's representative) is :func:`review_refusal`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_staff_of(user, commitment.province_id) or represents_secretariat(user, commitment)


def can_extend_commitment(user, commitment) -> bool:
    """Moves a due date, records stated dates and chooses the baseline: staff of the province."""
    return can_cancel_commitment(user, commitment)


def can_view_commitment_update(user, update) -> bool:
    return can_view_commitment(user, update.commitment)


def can_view_body(user, body) -> bool:
    return body.is_public or reads_as_staff_of(user, body.province_id)


def is_called_to(user, meeting) -> bool:
    """Invited to the meeting, or asked to confirm its minutes."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        meeting.invitations.filter(person__user=user).exists()
        or meeting.minutes_confirmations.filter(user=user).exists()
    )


def can_view_meeting(user, meeting) -> bool:
    return (
        (meeting.is_public and meeting.body.is_public)
        or reads_as_staff_of(user, meeting.body.province_id)
        or is_called_to(user, meeting)
    )


def can_edit_meeting(user, meeting) -> bool:
    return can_manage_in(user, meeting.body.province_id)


def can_view_agreement(user, agreement) -> bool:
    return agreement.is_public or reads_as_staff_of(user, agreement.province_id)


def can_view_project(user, project) -> bool:
    return project.is_public or reads_as_staff_of(user, project.province_id)


# --- The same rules as queryset filters (tests/test_visibility.py proves they agree) ----


def visibility_filter(user, *, prefix: str = "") -> Q:
    """A Q object selecting the records ``user`` may see, for models with ``is_public`` and
    ``province`` (``prefix`` reaches them through a relation, e.g. ``"body__"``): the
    filter form of :func:`can_view_body`, :func:`can_view_agreement`, :func:`can_view_project`."""
    provinces = province_ids_visible_to(user) if getattr(user, "is_authenticated", False) else set()
    if provinces is None:
        return Q()
    q = Q(**{f"{prefix}is_public": True})
    if provinces:
        q |= Q(**{f"{prefix}province_id__in": provinces})
    return q


def meeting_visibility_filter(user) -> Q:
    """The filter form of :func:`can_view_meeting`."""
    authenticated = getattr(user, "is_authenticated", False)
    provinces = province_ids_visible_to(user) if authenticated else set()
    if provinces is None:
        return Q()
    q = Q(is_public=True, body__is_public=True) | Q(body__province_id__in=provinces)
    if authenticated:
        # Subqueries, not joins: a meeting stays one row however many people it calls.
        q |= Q(pk__in=MeetingInvitation.objects.filter(person__user=user).values("meeting_id"))
        q |= Q(pk__in=MinutesConfirmation.objects.filter(user=user).values("meeting_id"))
    return q


def commitment_visibility_filter(user) -> Q:
    """The filter form of :func:`can_view_commitment`."""
    q = visibility_filter(user)
    if q == Q():
        return q
    owned = (
        organization_ids_for(user, OWNER_ROLES) if getattr(user, "is_authenticated", False) else ()
    )
    if owned:
        q |= Q(owner_id__in=owned)
    return q
