"""Governance's panels in the shell (see :mod:`khooshe.core.registrations`)."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from khooshe.core.registrations import Panel


def guild_board_panel(request, organization) -> dict | None:
    """The guild's board from its latest election, on the guild's profile."""
    if organization.kind != "guild":
        return None
    return {"organization": organization}


# --- What later capabilities show on governance's own pages ---------------------------------
# Governance sits below the apps that reference its records (the public record, say), so it
# offers them the same kind of registration core offers for an organization's profile: a
# panel on a body's, a project's or a commitment's page, and extra source links for rows of
# the promise board (one call per page of commitments, never one per row).

DETAIL_KINDS = ("body", "project", "commitment")
_detail_panels: dict[str, dict[str, Panel]] = {kind: {} for kind in DETAIL_KINDS}
_source_links: dict[str, Callable[[list[int]], dict[int, list[dict]]]] = {}


def register_detail_panel(
    key: str, *, kind: str, template: str, context: Callable, order: int = 50
) -> None:
    """``context(request, record) -> dict | None`` for the page of a ``kind`` record
    (``"body"``, ``"project"``, ``"commitment"``), which the viewer may already see."""
    _detail_panels[kind][key] = Panel(key=key, template=template, context=context, order=order)


def render_detail_panels(request, kind: str, record) -> SafeString:
    parts = []
    for panel in sorted(_detail_panels[kind].values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request, record)
        if context is not None:
            parts.append(render_to_string(panel.template, context, request=request))
    return mark_safe("".join(parts))


def register_commitment_sources(
    key: str, links: Callable[[list[int]], dict[int, list[dict]]]
) -> None:
    """``links(commitment_ids) -> {id: [{"label": …, "url": …}, …]}``: further sources of
    those commitments (a news article that reported the promise), shown beside their own."""
    _source_links[key] = links


def attach_commitment_sources(commitments) -> list:
    """The commitments as a list, each with ``extra_sources`` (a list of links)."""
    rows = list(commitments)
    ids = [row.pk for row in rows]
    found: dict[int, list[dict]] = {}
    if ids:
        for key in sorted(_source_links):
            for pk, links in _source_links[key](ids).items():
                found.setdefault(pk, []).extend(links)
    for row in rows:
        row.extra_sources = found.get(row.pk, [])
    return rows
