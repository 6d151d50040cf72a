"""Receivers that keep tokens and sessions honest: a new password or a logout ends the user's
API tokens; a login starts the session policy (idle limit, two-factor set-up)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from khooshe.accounts.middleware import start_session_policy
from khooshe.accounts.models import password_changed
from khooshe.accounts.services import tokens_revoke


@receiver(password_changed)
def revoke_tokens_on_password_change(sender, user, **kwargs):
    tokens_revoke(user=user)


@receiver(user_logged_out)
def revoke_tokens_on_logout(sender, request, user, **kwargs):
    if user is not None:
        tokens_revoke(user=user)


@receiver(user_logged_in)
def start_policy_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_policy(request, user)
