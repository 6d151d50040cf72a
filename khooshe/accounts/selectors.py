"""Who holds a role: the recipients of notifications (an organization's representatives, a
province's staff). One place, so every capability asks the same question the same way."""

from collections.abc import Iterable

from django.db.models import QuerySet

from khooshe.accounts.models import Role, User


def users_representing(organization, roles: Iterable[str] = (Role.ACTOR,)) -> QuerySet[User]:
    """Active users holding one of ``roles`` for ``organization`` (an Organization or its id)."""
    return User.objects.filter(
        is_active=True,
        role_grants__role__in=list(roles),
        role_grants__organization_id=getattr(organization, "pk", organization),
    ).distinct()


def users_acting_in(province, roles: Iterable[str]) -> QuerySet[User]:
    """Active users granted one of ``roles`` for ``province`` (a Province or its id)."""
    return User.objects.filter(
        is_active=True,
        role_grants__role__in=list(roles),
        role_grants__province_id=getattr(province, "pk", province),
    ).distinct()
