"""Who may do what with indicators — predicates on ``khooshe.accounts.permissions`` only.

Everyone reads the published values (small groups hidden from the public: see
:func:`khooshe.indicators.selectors.suppress_small`). Staff of a province (guild or
governorate) enter values for their own province; national staff read everything but enter
nothing for a province; an admin may (and the value's history names them). Running the
computation by hand is for admins and national staff (it changes no provincial decision).
"""

from __future__ import annotations

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import grants_of, has_role, is_admin, province_ids_for

PROVINCIAL = (Role.GUILD_STAFF, Role.GOVERNORATE_STAFF)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def sees_exact_values(user) -> bool:
    """Staff (of any province, national or admin) see small groups as exact numbers."""
    if not _signed_in(user):
        return False
    grants = grants_of(user)
    return bool(grants.nationwide) or any(grants.provinces.get(role) for role in PROVINCIAL)


def entry_province_ids(user) -> frozenset[int] | None:
    """Provinces whose values ``user`` may enter: None = every province (admins only)."""
    if not _signed_in(user):
        return frozenset()
    if is_admin(user):
        return None
    grants = grants_of(user)
    ids: set[int] = set()
    for role in PROVINCIAL:
        ids |= grants.provinces.get(role, frozenset())
    return frozenset(ids)


def can_enter_value(user, province) -> bool:
    allowed = entry_province_ids(user)
    province_id = getattr(province, "pk", province)
    return allowed is None or province_id in allowed


def may_enter_values(user) -> bool:
    allowed = entry_province_ids(user)
    return allowed is None or bool(allowed)


def can_run_snapshot(user) -> bool:
    return _signed_in(user) and (is_admin(user) or has_role(user, Role.NATIONAL_STAFF))


def staff_province_ids(user) -> frozenset[int] | None:
    return province_ids_for(user) if _signed_in(user) else frozenset()
