"""The registry's panels in the shell (see :mod:`khooshe.core.registrations`)."""

from __future__ import annotations

from khooshe.registry.selectors import home_figures


def home_figures_panel(request) -> dict | None:
    """Each province's headline figures on the home page (none yet: no panel)."""
    figures = home_figures()
    return {"figures": figures} if figures else None
