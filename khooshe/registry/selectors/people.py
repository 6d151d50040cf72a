"""People: the list, profiles and a person's affiliations."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from khooshe.registry import permissions
from khooshe.registry.filters import PersonFilter
from khooshe.registry.models import Affiliation, Capability, Person
from khooshe.registry.selectors.common import apply_filters
from khooshe.registry.visibility import organizations_visible_to, people_visible_to


def person_list(*, filters: Mapping[str, str], viewer, strict: bool = False) -> QuerySet[Person]:
    queryset = apply_filters(PersonFilter, filters, people_visible_to(viewer), strict=strict)
    return queryset.select_related("province", "county").prefetch_related(
        Prefetch("capabilities", queryset=Capability.objects.only("id", "name", "slug", "path")),
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.filter(
                organization__is_public=True, organization__merged_into__isnull=True
            )
            .select_related("organization")
            .order_by("ended_on", "-started_on", "id"),
            to_attr="public_affiliations",
        ),
    )


def person_get(*, pk: int, viewer) -> Person:
    person = Person.objects.select_related("province", "county").filter(pk=pk).first()
    if person is None or not permissions.can_view_person(viewer, person):
        raise Http404
    return person


def person_affiliations(*, person: Person, viewer):
    return (
        Affiliation.objects.filter(person=person)
        .filter(organization__in=organizations_visible_to(viewer))
        .select_related("organization")
        .order_by("ended_on", "-started_on", "id")
    )
