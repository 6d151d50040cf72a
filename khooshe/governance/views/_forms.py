"""The staff form page every "record …" view of this app shows (``manage_form.html``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from khooshe.core.pages import call_service, form_status
from khooshe.governance import permissions


def require_staff(request) -> None:
    if not permissions.may_record(request.user):
        raise PermissionDenied


def form_page(request, form, *, title: str, back_url: str, multipart: bool = False):
    return render(
        request,
        "governance/manage_form.html",
        {"form": form, "title": title, "back_url": back_url, "multipart": multipart},
        status=form_status(form),
    )


def record_page(
    request,
    form,
    record: Callable[[dict], str],
    *,
    success: str,
    title: str,
    back_url: str,
    multipart: bool = False,
):
    """Show ``form``; on a valid POST call ``record(cleaned_data)`` (a service call that
    returns the URL to go to) and redirect there, or show its refusal (400 / 409)."""
    if request.method == "POST" and form.is_valid():
        outcome = call_service(form, record, data=form.cleaned_data)
        if outcome:
            messages.success(request, success)
            return redirect(outcome.value)
    return form_page(request, form, title=title, back_url=back_url, multipart=multipart)
