"""API tokens with a lifetime.

DRF's own tokens (``rest_framework.authtoken``) plus an expiry, rather than django-rest-knox:
every client, test and fixture already speaks DRF's ``Token`` model and the
``Authorization: Token …`` header, and the rules we need are three — a token expires
``KHOOSHE_TOKEN_TTL`` seconds after it is issued, a new password ends it, logging out ends it —
each a few lines here (knox would also store only a digest; our tokens are as long-lived as a
working day and die with the password).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(seconds=settings.KHOOSHE_TOKEN_TTL)


def token_is_expired(token: Token, *, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's token, a fresh one when the last has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


def tokens_revoke(*, user) -> int:
    """End the user's API tokens (password change, logout)."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted
