"""Who must sign in with a second factor (TOTP through django-allauth's MFA, with recovery
codes).

Required for the roles that decide for a whole province or the country, or move money:
administrators (and Django staff/superusers), national staff, guild staff, governorate staff,
evaluators and fund officers. Optional for actors and agency representatives, who act only
for their own organization, as any member of the public.

``KHOOSHE_STAFF_MFA`` switches the requirement (on unless ``KHOOSHE_DEMO`` is on, so the
demo's users keep password-only sign-in).
"""

from allauth.mfa.models import Authenticator
from django.conf import settings

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import grants_of

TWO_FACTOR_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.NATIONAL_STAFF,
        Role.GUILD_STAFF,
        Role.GOVERNORATE_STAFF,
        Role.EVALUATOR,
        Role.FUND_OFFICER,
    }
)


def is_staff_user(user) -> bool:
    """Holds a role (or Django flag) that decides beyond one's own organization."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(grants_of(user).roles() & TWO_FACTOR_ROLES)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def must_set_up_two_factor(user) -> bool:
    """A user who may not use the site before activating TOTP."""
    return bool(settings.KHOOSHE_STAFF_MFA) and is_staff_user(user) and not has_totp(user)
