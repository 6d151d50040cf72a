"""Idempotent state-changing requests: a retried request (double click, network retry)
returns the first answer instead of acting twice.

The client sends an ``Idempotency-Key`` header (the API) or a hidden ``idempotency_key`` form
field (pages render a fresh one into each form). The key is claimed inside the same
transaction as the change, under a unique constraint, so two concurrent retries cannot both
act: the second waits for the first and then reads its answer.

A key is stored with a hash of the request that used it (its body without the key and the
CSRF token; a file's name, size and content). The same key with a different request is not a
retry: it is refused with 422 (:class:`IdempotencyKeyReused`) instead of silently answering
with the first request's result — in the API and on the pages (``core.pages`` renders it on
the form).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException

from khooshe.core.middleware import current_request
from khooshe.core.models import IdempotencyKey

#: Fields of a request that are not what it asks for.
_IGNORED_FIELDS = frozenset({"idempotency_key", "csrfmiddlewaretoken"})


class IdempotencyKeyReused(APIException):
    """An idempotency key sent again with a different request: 422 in the API and on pages."""

    status_code = 422
    default_detail = _(
        "این کلید تکرار پیش‌تر برای درخواست دیگری به کار رفته است؛ برای درخواست تازه کلید تازه بفرستید."
    )
    default_code = "idempotency_key_reused"

    @property
    def message(self) -> str:
        return str(self.detail)


def new_key() -> str:
    return uuid.uuid4().hex


def key_from_request(request) -> str | None:
    key = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key")
    if hasattr(request, "data") and not key:
        data = request.data
        key = data.get("idempotency_key") if hasattr(data, "get") else None
    key = (key or "").strip()
    return key[:100] or None


def request_fingerprint(request) -> str:
    """A hash of what ``request`` asks for: its form fields and files, or its JSON body,
    without the idempotency key and the CSRF token."""
    digest = hashlib.sha256(request.method.encode())
    if request.content_type.startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        fields = sorted(
            (name, values) for name, values in request.POST.lists() if name not in _IGNORED_FIELDS
        )
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"{name}:{upload.name}:{upload.size}".encode())
                upload.seek(0)
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()
    try:
        body = request.body
    except RawPostDataException:  # the stream was read without a copy: nothing to compare
        return ""
    try:
        data = json.loads(body or b"null")
    except ValueError:
        digest.update(body)
        return digest.hexdigest()
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in _IGNORED_FIELDS}
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _current_fingerprint() -> str:
    request = current_request()
    return request_fingerprint(request) if request is not None else ""


def _replay(existing: IdempotencyKey, fingerprint: str):
    if existing.request_hash and fingerprint and existing.request_hash != fingerprint:
        raise IdempotencyKeyReused()
    return existing.response_status, existing.response_body, True


def run_once(*, user, scope: str, key: str | None, action: Callable[[], tuple[int, dict]]):
    """Run ``action`` (returning ``(status, body)``) once per ``(user, scope, key)``;
    later calls with the same key return the stored ``(status, body, replayed=True)`` — when they
    ask for the same thing; the key with another request raises :class:`IdempotencyKeyReused`."""
    if not key:
        status, body = action()
        return status, body, False
    fingerprint = _current_fingerprint()
    existing = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
    if existing:
        return _replay(existing, fingerprint)
    try:
        with transaction.atomic():
            status, body = action()
            IdempotencyKey.objects.create(
                user=user,
                scope=scope,
                key=key,
                request_hash=fingerprint,
                response_status=status,
                response_body=body,
            )
    except IntegrityError:
        existing = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if existing is None:
            raise
        return _replay(existing, fingerprint)
    return status, body, False
