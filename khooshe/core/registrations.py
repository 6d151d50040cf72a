"""Where a capability app plugs into the shell, so that core never imports a capability.

An app calls these in its ``AppConfig.ready`` (as it does :func:`khooshe.core.desk.register`):

- :func:`register_nav` — its entry in the header navigation;
- :func:`register_home_panel` — a panel on the home page (figures, a card that leads in);
- :func:`register_profile_panel` — a panel on an organization's profile page, which the
  registry renders without knowing who added it;
- :func:`register_user_menu` — a link in the signed-in user's menu ("my proposals"), shown
  only to a user it concerns.

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


@dataclass(frozen=True)
class UserMenuEntry:
    key: str
    label: str
    url: str | Callable[[object], str]
    visible: Callable[[object], bool]
    links: Callable[[object], list[tuple[str, str]]] | None
    order: int

    def resolve(self, user) -> list[tuple[str, str]]:
        """The (label, url) pairs this entry shows ``user``: none when not visible."""
        if not self.visible(user):
            return []
        if self.links is not None:
            return list(self.links(user))
        url = self.url(user) if callable(self.url) else self.url
        if not url:
            return []
        if not url.startswith("/"):
            try:
                url = reverse(url)
            except NoReverseMatch:
                return []
        return [(str(self.label), url)]


_nav: dict[str, NavEntry] = {}
_user_menu: dict[str, UserMenuEntry] = {}
_home_panels: dict[str, Panel] = {}
_profile_panels: dict[str, Panel] = {}


def _ordered(entries: dict):
    return sorted(entries.values(), key=lambda entry: (entry.order, entry.key))


def register_nav(key: str, *, label: str, url_name: str, order: int = 50) -> None:
    """``label`` a lazy translation; ``url_name`` the app's index (``"loans:index"``)."""
    _nav[key] = NavEntry(key=key, label=label, url_name=url_name, order=order)


def nav_entries() -> list[NavEntry]:
    return _ordered(_nav)


def _always(user) -> bool:
    return True


def register_user_menu(
    key: str,
    *,
    label: str = "",
    url: str | Callable[[object], str] = "",
    visible: Callable[[object], bool] | None = None,
    links: Callable[[object], list[tuple[str, str]]] | None = None,
    order: int = 50,
) -> None:
    """A link in the user menu. ``url`` a URL name, a path, or ``url(user) -> str``;
    ``visible(user) -> bool`` says whom it concerns (its page must open for them); or, for
    several links at once (one per organization), ``links(user) -> [(label, url), ...]``."""
    _user_menu[key] = UserMenuEntry(
        key=key, label=label, url=url, visible=visible or _always, links=links, order=order
    )


def user_menu(user) -> list[tuple[str, str]]:
    """The signed-in user's menu links, in order: (label, url) pairs."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[tuple[str, str]] = []
    for entry in _ordered(_user_menu):
        items.extend(entry.resolve(user))
    return items


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
