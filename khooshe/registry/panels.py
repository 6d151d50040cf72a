"""The registry's panels in the shell (see :mod:`khooshe.core.registrations`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import organization_ids_for
from khooshe.registry.models import Organization
from khooshe.registry.selectors import home_figures


def home_figures_panel(request) -> dict | None:
    """Each province's headline figures on the home page (none yet: no panel)."""
    figures = home_figures()
    return {"figures": figures} if figures else None


#: The user menu lists at most this many of the user's organizations.
MENU_ORGANIZATIONS = 5


def my_organizations_menu(user) -> list[tuple[str, str]]:
    """The user menu's links to the organizations the user represents: "my organization" for
    one, each by name for several."""
    ids = organization_ids_for(user)
    if not ids:
        return []
    organizations = list(
        Organization.objects.filter(pk__in=ids)
        .order_by("name")
        .only("pk", "name")[:MENU_ORGANIZATIONS]
    )
    if len(organizations) == 1:
        organization = organizations[0]
        return [(str(_("سازمان من")), organization_url(organization))]
    return [
        (_("سازمان‌های من: %(name)s") % {"name": organization.name}, organization_url(organization))
        for organization in organizations
    ]


def organization_url(organization) -> str:
    return reverse("registry:organization_detail", args=[organization.pk])
