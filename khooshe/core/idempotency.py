"""Idempotent state-changing requests: a retried request (double click, network retry)
returns the first answer instead of acting twice.

The client sends an ``Idempotency-Key`` header (the API) or a hidden ``idempotency_key`` form
field (pages render a fresh one into each form). The key is claimed inside the same
transaction as the change, under a unique constraint, so two concurrent retries cannot both
act: the second waits for the first and then reads its answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction

from khooshe.core.models import IdempotencyKey


def new_key() -> str:
    return uuid.uuid4().hex


def key_from_request(request) -> str | None:
    key = request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key")
    if hasattr(request, "data") and not key:
        data = request.data
        key = data.get("idempotency_key") if hasattr(data, "get") else None
    key = (key or "").strip()
    return key[:100] or None


def run_once(*, user, scope: str, key: str | None, action: Callable[[], tuple[int, dict]]):
    """Run ``action`` (returning ``(status, body)``) once per ``(user, scope, key)``;
    later calls with the same key return the stored ``(status, body, replayed=True)``."""
    if not key:
        status, body = action()
        return status, body, False
    existing = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
    if existing:
        return existing.response_status, existing.response_body, True
    try:
        with transaction.atomic():
            status, body = action()
            IdempotencyKey.objects.create(
                user=user, scope=scope, key=key, response_status=status, response_body=body
            )
    except IntegrityError:
        existing = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if existing is None:
            raise
        return existing.response_status, existing.response_body, True
    return status, body, False
