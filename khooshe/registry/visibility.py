"""Who sees which organizations and people, as queryset filters: the base of every list, of
the directory's counts (:mod:`khooshe.registry.facets` keeps the same rule as bitmaps) and of
the selectors. The predicates for one record are in :mod:`khooshe.registry.permissions`; the
tests check both agree over every role and state (``tests/test_visibility.py``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from khooshe.accounts.permissions import organization_ids_for, province_ids_visible_to
from khooshe.registry.models import Organization, Person


def organization_visibility_q(viewer) -> Q:
    """Public, unmerged records for everyone; hidden ones also for staff of their province
    and for their owners. Merged duplicates never list (their page redirects)."""
    visible = Q(is_public=True)
    if getattr(viewer, "is_authenticated", False):
        provinces = province_ids_visible_to(viewer)
        if provinces is None:
            visible = Q()
        else:
            if provinces:
                visible |= Q(province_id__in=provinces)
            owned = organization_ids_for(viewer)
            if owned:
                visible |= Q(pk__in=owned)
    return visible & Q(merged_into__isnull=True)


def organizations_visible_to(viewer) -> QuerySet[Organization]:
    return Organization.objects.filter(organization_visibility_q(viewer))


def person_visibility_q(viewer) -> Q:
    """Public profiles for everyone; the others for staff of their province and the person."""
    visible = Q(is_public=True)
    if getattr(viewer, "is_authenticated", False):
        provinces = province_ids_visible_to(viewer)
        if provinces is None:
            return Q()
        if provinces:
            visible |= Q(province_id__in=provinces)
        visible |= Q(user_id=viewer.pk)
    return visible


def people_visible_to(viewer) -> QuerySet[Person]:
    return Person.objects.filter(person_visibility_q(viewer))
