from __future__ import annotations

from collections.abc import Callable

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from khooshe.core.pages import call_service, form_status
from khooshe.events import permissions, selectors


def qr_svg(value: str, *, scale: int = 4) -> str:
    """A QR code as inline SVG with classes only (no style attribute: strict CSP)."""
    code = segno.make(value, error="m")
    return mark_safe(code.svg_inline(scale=scale, svgclass="qr-code", lineclass="qr-line"))


def managed_event(request, pk):
    event = selectors.event_get(viewer=request.user, pk=pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def record_page(
    request, form, record: Callable[[dict], str], *, success, title, back_url, multipart=False
):
    if request.method == "POST" and form.is_valid():
        outcome = call_service(form, record, data=form.cleaned_data)
        if outcome:
            messages.success(request, success)
            return redirect(outcome.value)
    return render(
        request,
        "events/form.html",
        {"form": form, "title": title, "back_url": back_url, "multipart": multipart},
        status=form_status(form),
    )
