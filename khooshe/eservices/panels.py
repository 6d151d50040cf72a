"""The catalogue's panel on an agency's registry profile."""

from __future__ import annotations

from khooshe.eservices import permissions, selectors

PANEL_ROWS = 10


def profile_panel(request, organization) -> dict | None:
    if organization.kind not in permissions.AGENCY_KINDS:
        return None
    queryset = selectors.eservices_of_agency(viewer=request.user, organization=organization)
    rows = list(queryset[: PANEL_ROWS + 1])
    count = len(rows) if len(rows) <= PANEL_ROWS else queryset.count()
    return {"organization": organization, "eservices": rows[:PANEL_ROWS], "count": count}
