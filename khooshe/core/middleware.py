"""Request-wide rules that no view should have to remember.

- :class:`AllowedMethodsMiddleware`: pages answer GET, HEAD and POST; the API also PUT, PATCH,
  DELETE and OPTIONS. Anything else (``TRACE``, ``CONNECT``, made-up verbs) is 405 before a
  view runs.
- :class:`NoStoreMiddleware`: a signed-in page or any API response may carry personal data, so
  it is sent with ``Cache-Control: no-store`` (no shared or browser cache keeps it).
- :class:`RequestContextMiddleware`: keeps the request for the length of its handling, so
  :mod:`khooshe.core.idempotency` can tell a retried request from another one reusing its key
  (the JSON body of an unsafe API request is read up front for that; DRF then parses it
  from the copy).
"""

from __future__ import annotations

import contextvars

from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

__all__ = [
    "AllowedMethodsMiddleware",
    "NoStoreMiddleware",
    "RequestContextMiddleware",
    "current_request",
]

API_PREFIX = "/api/"
PAGE_METHODS = ("GET", "HEAD", "POST")
API_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

_current_request: contextvars.ContextVar = contextvars.ContextVar(
    "khooshe_current_request", default=None
)


def current_request():
    """The request being handled in this context, or None (a task, the shell, a test)."""
    return _current_request.get()


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = API_METHODS if request.path.startswith(API_PREFIX) else PAGE_METHODS
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in UNSAFE_METHODS
            and request.path.startswith(API_PREFIX)
            and not request.content_type.startswith(_FORM_TYPES)
        ):
            request.body  # noqa: B018 — keep a copy: DRF would read the stream and lose it
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
