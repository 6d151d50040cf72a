"""The governorate secretariat's list: obstacles to put on the working group's agenda."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from khooshe.accounts.permissions import is_staff_anywhere
from khooshe.core.pages import paginate
from khooshe.obstacles import selectors
from khooshe.obstacles.services.escalation import escalation_threshold


@login_required
def escalations(request):
    if not is_staff_anywhere(request.user):
        raise PermissionDenied
    rows = selectors.escalation_candidates(viewer=request.user).order_by("due_on", "-support_count")
    return render(
        request,
        "obstacles/escalations.html",
        {"page": paginate(request, rows), "threshold": escalation_threshold()},
    )
