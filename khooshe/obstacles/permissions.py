"""Who may see and act on obstacles — predicates on ``khooshe.accounts.permissions`` only.

Visibility (one rule, as a predicate and as a queryset filter; ``tests/test_visibility.py``
proves they agree): a public obstacle is seen by everyone; a private one only by its
reporter (the user, and the representatives of the organization that reported it), the
representatives of its responsible body and staff of its province (national staff and
admins everywhere).

Deciding (routing, closing, escalating) belongs to the staff of the obstacle's province and
admins; national staff read every province's obstacles but decide none."""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    organization_ids_for,
    province_ids_visible_to,
    represents_organization,
    sees_province,
)

#: Roles that speak for an organization (a responsible body, a reporter, a supporter).
SPEAKER_ROLES = (Role.AGENCY_REP, Role.ACTOR)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_staff_of(user, province) -> bool:
    """Decides for ``province``: its staff and admins."""
    return acts_in_province(user, province)


def reads_as_staff_of(user, province) -> bool:
    """Reads what the staff of ``province`` read: its staff, national staff and admins."""
    return sees_province(user, province)


def represents(user, organization) -> bool:
    return represents_organization(user, organization, roles=SPEAKER_ROLES)


def is_reporter(user, obstacle) -> bool:
    if not _authenticated(user):
        return False
    return obstacle.reporter_id == user.pk or (
        obstacle.reporter_organization_id is not None
        and represents(user, obstacle.reporter_organization_id)
    )


def represents_body(user, obstacle) -> bool:
    return obstacle.body_id is not None and represents(user, obstacle.body_id)


def can_view(user, obstacle) -> bool:
    return (
        obstacle.is_public
        or is_reporter(user, obstacle)
        or represents_body(user, obstacle)
        or reads_as_staff_of(user, obstacle.province_id)
    )


def visibility_filter(user) -> Q:
    """The queryset twin of :func:`can_view`."""
    rule = Q(is_public=True)
    if not _authenticated(user):
        return rule
    provinces = province_ids_visible_to(user)
    if provinces is None:
        return Q()
    organizations = organization_ids_for(user, SPEAKER_ROLES)
    rule |= Q(reporter_id=user.pk) | Q(province_id__in=provinces)
    if organizations:
        rule |= Q(reporter_organization_id__in=organizations) | Q(body_id__in=organizations)
    return rule


def can_report_for(user, organization) -> bool:
    """Report as an organization (its representative) or, with none, as a person."""
    if not _authenticated(user):
        return False
    return organization is None or represents(user, organization)


def can_support(user, organization) -> bool:
    return _authenticated(user) and represents(user, organization)


def can_route(user, obstacle) -> bool:
    """Route and reroute: staff of the obstacle's province."""
    return _authenticated(user) and is_staff_of(user, obstacle.province_id)


def can_answer(user, obstacle) -> bool:
    """Start work on and answer: the responsible body's representatives."""
    return _authenticated(user) and represents_body(user, obstacle)


def can_close(user, obstacle, closure: str) -> bool:
    """Staff of the province close any way; the body closes as not its responsibility or a
    duplicate; the reporter closes as resolved."""
    if not _authenticated(user):
        return False
    if is_staff_of(user, obstacle.province_id):
        return True
    if closure == "resolved":
        return is_reporter(user, obstacle)
    return represents_body(user, obstacle)


def can_reopen(user, obstacle) -> bool:
    return is_reporter(user, obstacle)


def can_rate(user, obstacle) -> bool:
    return is_reporter(user, obstacle)


def can_escalate(user, province) -> bool:
    """The governorate's secretariat: staff of the province (governance's managers)."""
    return _authenticated(user) and acts_in_province(user, province)


def can_view_attachment(user, target) -> bool:
    """Files on an obstacle or an answer: whoever sees the obstacle."""
    obstacle = getattr(target, "obstacle", target)
    return can_view(user, obstacle)
