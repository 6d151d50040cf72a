"""Registry use cases (write side)."""

from khooshe.persian.text import search_key
from khooshe.registry.models import Organization


def organization_refresh_search(organization: Organization) -> None:
    """Recompute the folded search fields of ``organization`` (no history entry: they are
    derived, not edited)."""
    organization.search_key = search_key(organization.name)[:255]
    organization.search_text = " ".join(
        filter(
            None,
            [
                search_key(organization.name),
                search_key(organization.name_en),
                search_key(organization.description),
            ],
        )
    )
    Organization.objects.filter(pk=organization.pk).update(
        search_key=organization.search_key, search_text=organization.search_text
    )
