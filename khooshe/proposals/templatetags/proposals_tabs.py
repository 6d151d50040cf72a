"""The proposals menu's tabs a user may open, by the predicates the views check."""

from __future__ import annotations

from django import template

from khooshe.accounts.permissions import province_ids_for, province_ids_visible_to
from khooshe.proposals import permissions as perms

register = template.Library()


def _reads(user, roles) -> bool:
    provinces = province_ids_visible_to(user, roles=roles)
    return provinces is None or bool(provinces)


def tabs_for(user) -> dict[str, bool]:
    """Which staff tabs ``user`` may open: each as its view decides (a 403 otherwise)."""
    if not getattr(user, "is_authenticated", False):
        return {"screening": False, "dossiers": False, "board": False, "priorities": False}
    priorities = province_ids_for(user, roles=perms.PROVINCE_STAFF)
    return {
        "screening": _reads(user, perms.GUILD),
        "dossiers": perms.is_any_staff(user),
        "board": _reads(user, perms.SCORERS),
        "priorities": priorities is None or bool(priorities),
    }


@register.simple_tag(takes_context=True)
def proposals_tabs(context) -> dict[str, bool]:
    return tabs_for(context["request"].user)
