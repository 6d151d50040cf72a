"""Who may do what in the registry: predicates built on :mod:`khooshe.accounts.permissions`.

* the organization's owner is a user holding the ACTOR role for it;
* guild staff (and governorate staff) act for the province the record belongs to; admins
  act everywhere;
* national staff read every province's records (private fields included) but edit, verify
  and decide nothing provincial.
"""

from __future__ import annotations

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    grants_of,
    has_role,
    is_admin,
    is_national,
    is_staff_anywhere,
    represents_organization,
    sees_province,
)

#: Roles that verify organizations, approve claims and merge duplicates.
VERIFIER_ROLES = (Role.GUILD_STAFF,)


def is_guild_staff_of(user, province) -> bool:
    """Holds the guild-staff role in ``province`` itself (national roles do not count: the
    guild verifies the actors of its own province)."""
    province_id = getattr(province, "pk", province)
    return province_id in grants_of(user).provinces.get(Role.GUILD_STAFF, frozenset())


def guild_province_ids(user) -> frozenset[int] | None:
    """Provinces whose member lists ``user`` may import (None: every province, for admins).
    Like verification, this is the guild's own work: national staff do not count."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if is_admin(user):
        return None
    return frozenset(grants_of(user).provinces.get(Role.GUILD_STAFF, frozenset()))


def is_verifier(user) -> bool:
    """Guild staff of some province and admins: they verify, decide claims, merge and import
    the guild's member lists (each for the provinces of :func:`guild_province_ids`)."""
    provinces = guild_province_ids(user)
    return provinces is None or bool(provinces)


def can_import_members(user) -> bool:
    return is_verifier(user)


def is_owner(user, organization) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and represents_organization(user, organization)
    )


def is_registry_staff(user, province) -> bool:
    """Staff of ``province`` (guild or governorate) or an admin: they act for it."""
    return acts_in_province(user, province)


def reads_as_registry_staff(user, province) -> bool:
    """Staff of ``province``, national staff and admins: they read its private fields."""
    return sees_province(user, province)


def can_register_organization(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_edit_organization(user, organization) -> bool:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    if organization.merged_into_id:
        return False
    return (
        is_admin(user)
        or is_owner(user, organization)
        or acts_in_province(user, organization.province_id, roles=VERIFIER_ROLES)
    )


def can_verify(user, organization) -> bool:
    """Guild staff of the organization's province (and admins) verify and revoke."""
    if organization is None:
        return False
    provinces = guild_province_ids(user)
    return provinces is None or organization.province_id in provinces


def can_merge(user, organization) -> bool:
    return can_verify(user, organization)


def can_decide_claim(user, claim) -> bool:
    return can_verify(user, claim.organization)


def can_view_claim(user, claim) -> bool:
    """The claimant and whoever decides the claim."""
    return can_decide_claim(user, claim) or bool(
        getattr(user, "is_authenticated", False) and claim.user_id == user.pk
    )


def can_view_private(user, organization) -> bool:
    """Legal ID, registration number, contact details of people: staff of the province and
    the owner."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return reads_as_registry_staff(user, organization.province_id) or is_owner(user, organization)


def can_view_organization(user, organization) -> bool:
    """Public records are for everyone; hidden or merged ones for staff and the owner."""
    if organization.is_public and not organization.merged_into_id:
        return True
    return can_view_private(user, organization)


def can_claim(user, organization) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and organization.verification != organization.Verification.VERIFIED
        and not organization.merged_into_id
        and not is_owner(user, organization)
    )


# --- People ---------------------------------------------------------------------------------


def is_person_self(user, person) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and person.user_id and person.user_id == user.pk
    )


def can_edit_person(user, person) -> bool:
    if not getattr(user, "is_authenticated", False) or person is None:
        return False
    return (
        is_admin(user)
        or is_person_self(user, person)
        or acts_in_province(user, person.province_id, roles=VERIFIER_ROLES)
    )


def can_view_person_private(user, person) -> bool:
    """National code, mobile, e-mail."""
    if not getattr(user, "is_authenticated", False) or person is None:
        return False
    return is_person_self(user, person) or reads_as_registry_staff(user, person.province_id)


def can_view_person(user, person) -> bool:
    return person.is_public or can_view_person_private(user, person)


def can_create_person(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- Clusters and taxonomies ----------------------------------------------------------------


def can_edit_cluster(user, cluster) -> bool:
    if not getattr(user, "is_authenticated", False) or cluster is None:
        return False
    return is_admin(user) or acts_in_province(user, cluster.province_id)


def can_create_cluster(user, province) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        is_admin(user) or acts_in_province(user, province)
    )


def can_manage_taxonomy(user) -> bool:
    """Capabilities and sectors are national reference data, not a provincial decision."""
    return is_admin(user) or is_national(user) or has_role(user, Role.GUILD_STAFF)


def is_any_registry_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_staff_anywhere(user)
