"""How a page calls a service, shows what it refused, and answers htmx — one rule for every app.

**Status policy** (the same as the API's, :mod:`khooshe.core.api.exceptions`): a page that
shows a form again because its input was refused answers 400; because someone saved the
record in between (:class:`EditConflict`) or the record's state does not allow the action
(:class:`TransitionNotAllowed`), 409. A button that changes state with no form to show again
(approve, sign, deliver) follows post/redirect/get: the outcome is a message on the page it
returns to, success or refusal alike. An idempotency key sent again with a different form
(:class:`~khooshe.core.idempotency.IdempotencyKeyReused`) is 422, as in the API.

**htmx rule**: one URL serves the whole page and, to htmx, only the named partial
(django-template-partials) that the request swaps; a response therefore always varies on
``HX-Request``. A history-restore request (the back button with ``historyCacheSize: 0``)
and a boosted navigation get the whole page, never a bare fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from khooshe.core.concurrency import EditConflict
from khooshe.core.idempotency import IdempotencyKeyReused
from khooshe.core.workflow import TransitionNotAllowed

BAD_INPUT, CONFLICT, KEY_REUSED = 400, 409, 422
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


# --- Services called from pages ---------------------------------------------------------


def show_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on ``form``, field by field (others above the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@dataclass(frozen=True)
class Outcome:
    """What a service call from a page came to: ``ok`` and its ``value``, or refused with the
    page ``status`` the policy gives the refusal."""

    ok: bool
    value: Any = None
    status: int = 200

    def __bool__(self) -> bool:
        return self.ok


def refusal_status(error: Exception) -> int:
    if isinstance(error, IdempotencyKeyReused):
        return KEY_REUSED
    return CONFLICT if isinstance(error, EditConflict | TransitionNotAllowed) else BAD_INPUT


def call_service(form, service: Callable[..., Any], /, **kwargs) -> Outcome:
    """Run ``service(**kwargs)``; a refusal lands on ``form`` (and sets its page status)."""
    try:
        value = service(**kwargs)
    except (EditConflict, TransitionNotAllowed) as refusal:
        form.add_error(None, refusal.message)
        form.page_status = CONFLICT
        return Outcome(ok=False, status=CONFLICT)
    except IdempotencyKeyReused as refusal:
        form.add_error(None, refusal.message)
        form.page_status = KEY_REUSED
        return Outcome(ok=False, status=KEY_REUSED)
    except ValidationError as error:
        show_validation_error(form, error)
        form.page_status = BAD_INPUT
        return Outcome(ok=False, status=BAD_INPUT)
    return Outcome(ok=True, value=value)


def form_status(*forms) -> int:
    """The status of a page showing ``forms``: 200 unless one was submitted and refused."""
    statuses = [
        getattr(form, "page_status", None) or (BAD_INPUT if form.errors else 200)
        for form in forms
        if form is not None and form.is_bound
    ]
    return max(statuses, default=200)


def call_action(request, service: Callable[..., Any], /, *, success: str = "", **kwargs) -> Outcome:
    """Run a state-changing ``service(**kwargs)`` for a button with no form to show again:
    ``success`` or the refusal becomes a message on the page the view redirects to."""
    try:
        value = service(**kwargs)
    except (EditConflict, TransitionNotAllowed) as refusal:
        messages.error(request, refusal.message)
        return Outcome(ok=False, status=CONFLICT)
    except IdempotencyKeyReused as refusal:
        messages.error(request, refusal.message)
        return Outcome(ok=False, status=KEY_REUSED)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return Outcome(ok=False, status=BAD_INPUT)
    if success:
        messages.success(request, success)
    return Outcome(ok=True, value=value)


# --- htmx ---------------------------------------------------------------------------------


def wants_partial(request, target: str | None = None) -> bool:
    """Whether to answer with the partial only: an htmx swap (of ``target``, when named),
    never a history restore or a boosted navigation, which need the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request or htmx.boosted:
        return False
    return target is None or htmx.target == target


def render_page(
    request,
    template: str,
    context: dict,
    *,
    partial: str | None = "results",
    target: str | None = None,
    status: int = 200,
):
    """Render ``template``, or only its ``partial`` to an htmx swap of the element whose id is
    ``target`` (the partial's name unless given); the response varies on ``HX-Request``."""
    swapped = partial and wants_partial(request, target or partial)
    name = f"{template}#{partial}" if swapped else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Lists ------------------------------------------------------------------------------


def page_size_of(request, default: int = DEFAULT_PAGE_SIZE) -> int:
    """``?page_size=`` within 1…MAX_PAGE_SIZE; anything unreadable gives ``default``."""
    try:
        size = int(request.GET.get("page_size", default))
    except (TypeError, ValueError):
        return default
    return max(1, min(size, MAX_PAGE_SIZE))


def paginate(request, items, size: int | None = None) -> Page:
    """The requested page of ``items`` (the last one past the end; the first one for junk)."""
    return Paginator(items, size or page_size_of(request)).get_page(request.GET.get("page"))


def query_string(request, *, drop=("page",), **changes) -> str:
    """The request's query string without ``drop`` (and empty values), with ``changes`` —
    for pagination and filter links that keep the other filters."""
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    for key in [k for k, values in params.lists() if all(v in ("", None) for v in values)]:
        params.pop(key)
    return params.urlencode()
