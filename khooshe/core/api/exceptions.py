"""The API's error answers: validation errors as ``{field: [messages]}`` in the request's
language; an edit conflict or a transition out of order as 409; Django's ValidationError
raised by a service as 400 with the same shape."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from khooshe.core.concurrency import EditConflict
from khooshe.core.workflow import TransitionNotAllowed


def validation_error_dict(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": [str(message) for message in error.messages]}


def _number_out_of_range(exc) -> bool:
    """A number the database cannot store or compare (SQLite's OverflowError, PostgreSQL's
    "out of range"): input a field should have bounded, answered 400 rather than 500."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and "out of range" in str(exc)


def exception_handler(exc, context):
    if _number_out_of_range(exc):
        exc = ValidationError({"non_field_errors": [_("عددی بزرگ‌تر از حد مجاز فرستاده شده است.")]})
    if isinstance(exc, EditConflict):
        return Response(exc.as_dict(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TransitionNotAllowed):
        return Response(
            {"detail": exc.message, "code": "transition_not_allowed"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(validation_error_dict(exc))
    if isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
