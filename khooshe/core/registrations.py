"""Where a capability app plugs into the shell, so that core never imports a capability.

An app calls these in its ``AppConfig.ready`` (as it does :func:`khooshe.core.desk.register`):

- :func:`register_nav` — its entry in the header navigation;
- :func:`register_home_panel` — a panel on the home page (figures, a card that leads in);
- :func:`register_profile_panel` — a panel on an organization's profile page, which the
  registry renders without knowing who added it.

A panel is a template and a function that gives its context (``None`` to show nothing for
this request). Entries are ordered by ``order``, then by key; registering a key again
replaces it (tests and reloads stay idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    order: int

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[..., dict | None]
    order: int


_nav: dict[str, NavEntry] = {}
_home_panels: dict[str, Panel] = {}
_profile_panels: dict[str, Panel] = {}


def _ordered(entries: dict):
    return sorted(entries.values(), key=lambda entry: (entry.order, entry.key))


def register_nav(key: str, *, label: str, url_name: str, order: int = 50) -> None:
    """``label`` a lazy translation; ``url_name`` the app's index (``"loans:index"``)."""
    _nav[key] = NavEntry(key=key, label=label, url_name=url_name, order=order)


def nav_entries() -> list[NavEntry]:
    return _ordered(_nav)


def _no_context(*args) -> dict:
    return {}


def register_home_panel(
    key: str, *, template: str, context: Callable | None = None, order: int = 50
) -> None:
    """``context(request) -> dict | None``; None hides the panel for this request."""
    _home_panels[key] = Panel(
        key=key, template=template, context=context or _no_context, order=order
    )


def register_profile_panel(
    key: str, *, template: str, context: Callable | None = None, order: int = 50
) -> None:
    """``context(request, organization) -> dict | None``; the organization is already one the
    viewer may see. None hides the panel (for an organization of another kind, say)."""
    _profile_panels[key] = Panel(
        key=key, template=template, context=context or _no_context, order=order
    )


def _render(panels: list[Panel], request, *args) -> SafeString:
    parts = []
    for panel in panels:
        context = panel.context(request, *args)
        if context is not None:
            parts.append(render_to_string(panel.template, context, request=request))
    return mark_safe("".join(parts))


def render_home_panels(request) -> SafeString:
    return _render(_ordered(_home_panels), request)


def render_profile_panels(request, organization) -> SafeString:
    return _render(_ordered(_profile_panels), request, organization)
