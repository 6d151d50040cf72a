"""Governance's panels in the shell (see :mod:`khooshe.core.registrations`)."""

from __future__ import annotations


def guild_board_panel(request, organization) -> dict | None:
    """The guild's board from its latest election, on the guild's profile."""
    if organization.kind != "guild":
        return None
    return {"organization": organization}
