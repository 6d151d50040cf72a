"""The one permission layer. Every view, form, API endpoint and service asks these
predicates; capability apps build their own predicates (``can_edit_organization`` …) on top of
them and never read role grants themselves.

Reading and deciding are two questions with two answers:

* **acting** (:func:`province_ids_for`, :func:`acts_in_province`, :func:`is_staff_anywhere`) —
  where a user makes provincial decisions: the provinces of their staff grants; an admin
  everywhere (each such act is stamped in the history). National staff act in no province:
  provincial decisions belong to the province's staff.
* **reading** (:func:`province_ids_visible_to`, :func:`sees_province`,
  :func:`sees_as_staff_anywhere`) — where a user reads what the province's staff read: the
  provinces of their staff grants; national staff and admins every province.

A user's grants are read once per request and kept on the user object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from khooshe.accounts.models import NATIONWIDE_ROLES, ORGANIZATION_ROLES, Role, RoleGrant

STAFF_ROLES = frozenset({Role.GUILD_STAFF, Role.GOVERNORATE_STAFF})


@dataclass(frozen=True)
class Grants:
    """What a user may do, derived from their role grants."""

    nationwide: frozenset[str] = frozenset()
    provinces: dict[str, frozenset[int]] = field(default_factory=dict)
    organizations: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.nationwide

    def roles(self) -> set[str]:
        return set(self.nationwide) | set(self.provinces) | set(self.organizations)


def grants_of(user) -> Grants:
    if user is None or not user.is_authenticated:
        return Grants()
    cached = getattr(user, "_khooshe_grants", None)
    if cached is not None:
        return cached
    nationwide: set[str] = set()
    provinces: dict[str, set[int]] = {}
    organizations: dict[str, set[int]] = {}
    if user.is_superuser:
        nationwide.add(Role.ADMIN)
    for role, province_id, organization_id in RoleGrant.objects.filter(user=user).values_list(
        "role", "province_id", "organization_id"
    ):
        if role in NATIONWIDE_ROLES:
            nationwide.add(role)
        if role in ORGANIZATION_ROLES and organization_id:
            organizations.setdefault(role, set()).add(organization_id)
        if province_id:
            provinces.setdefault(role, set()).add(province_id)
    grants = Grants(
        nationwide=frozenset(nationwide),
        provinces={role: frozenset(ids) for role, ids in provinces.items()},
        organizations={role: frozenset(ids) for role, ids in organizations.items()},
    )
    user._khooshe_grants = grants
    return grants


def forget_grants(user) -> None:
    """Drop the cached grants after they change (tests, role administration)."""
    if hasattr(user, "_khooshe_grants"):
        del user._khooshe_grants


def has_role(user, *roles: str) -> bool:
    return bool(grants_of(user).roles() & set(roles))


def is_admin(user) -> bool:
    return grants_of(user).is_admin


def is_national(user) -> bool:
    return bool(grants_of(user).nationwide)


def _granted_province_ids(grants: Grants, roles: Iterable[str]) -> frozenset[int]:
    ids: set[int] = set()
    for role in roles:
        ids |= grants.provinces.get(role, frozenset())
    return frozenset(ids)


def province_ids_for(user, roles: Iterable[str] = STAFF_ROLES) -> frozenset[int] | None:
    """Province ids where the user *acts* (decides) holding one of ``roles``; None means
    every province (admins only). National staff act only where they also hold a provincial
    grant."""
    grants = grants_of(user)
    if grants.is_admin:
        return None
    return _granted_province_ids(grants, roles)


def acts_in_province(user, province, roles: Iterable[str] = STAFF_ROLES) -> bool:
    """True when the user decides in ``province`` (a Province or its id) as one of ``roles``
    (admins everywhere; national staff nowhere by their national role)."""
    if not getattr(user, "is_authenticated", False) or province is None:
        return False
    province_id = getattr(province, "pk", province)
    allowed = province_ids_for(user, roles)
    return allowed is None or province_id in allowed


def is_staff_anywhere(user, roles: Iterable[str] = STAFF_ROLES) -> bool:
    """Decides in some province (holds one of ``roles`` somewhere, or is an admin)."""
    allowed = province_ids_for(user, roles)
    return allowed is None or bool(allowed)


def province_ids_visible_to(user, roles: Iterable[str] = STAFF_ROLES) -> frozenset[int] | None:
    """Province ids whose staff-only records the user *reads* as one of ``roles``; None means
    every province (national staff and admins)."""
    grants = grants_of(user)
    if grants.nationwide:
        return None
    return _granted_province_ids(grants, roles)


def sees_province(user, province, roles: Iterable[str] = STAFF_ROLES) -> bool:
    """True when the user reads what staff of ``province`` read (its staff as one of
    ``roles``, national staff and admins)."""
    if not getattr(user, "is_authenticated", False) or province is None:
        return False
    province_id = getattr(province, "pk", province)
    allowed = province_ids_visible_to(user, roles)
    return allowed is None or province_id in allowed


def sees_as_staff_anywhere(user, roles: Iterable[str] = STAFF_ROLES) -> bool:
    """Reads staff-only records of some province (staff anywhere, national staff, admins)."""
    if not getattr(user, "is_authenticated", False):
        return False
    allowed = province_ids_visible_to(user, roles)
    return allowed is None or bool(allowed)


def organization_ids_for(user, roles: Iterable[str] = (Role.ACTOR,)) -> frozenset[int]:
    grants = grants_of(user)
    ids: set[int] = set()
    for role in roles:
        ids |= grants.organizations.get(role, frozenset())
    return frozenset(ids)


def represents_any_organization(user) -> bool:
    """Holds the actor role for some organization (its menu leads to "my ..." pages)."""
    return bool(organization_ids_for(user))


def represents_organization(user, organization, roles: Iterable[str] = (Role.ACTOR,)) -> bool:
    if organization is None:
        return False
    return getattr(organization, "pk", organization) in organization_ids_for(user, roles)
