"""The API's exception handler as settings name it: :mod:`khooshe.core.api.exceptions`, with a
404 in the request's language.

Django's ``get_object_or_404`` raises ``Http404("No Proposal matches the given query.")``, and
DRF passes that English text on as the 404's detail whatever ``Accept-Language`` says (and
names the model to whoever probes ids). A 404 is DRF's own ``NotFound``: «یافت نشد.» under
``fa``, "Not found." under ``en``.
"""

from django.http import Http404
from rest_framework.exceptions import NotFound

from khooshe.core.api.exceptions import exception_handler as _api_exception_handler

__all__ = ["exception_handler"]


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = NotFound()
    return _api_exception_handler(exc, context)
