"""Chooses the language of each request, and applies the session policy (idle limits,
two-factor set-up for staff).

Pages are Persian unless the person chose English (the switcher's cookie, or the signed-in
user's stored preference); a browser's Accept-Language alone does not turn a Persian site
English. The API honours ``Accept-Language`` (Persian by default), as clients expect.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from khooshe.accounts import two_factor
from khooshe.accounts.models import ORGANIZATION_ROLES
from khooshe.accounts.permissions import organization_ids_for

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _supported(value: str | None) -> str | None:
    if not value:
        return None
    code = value.split("-")[0].lower()
    return code if code in SUPPORTED else None


class KhoosheLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response

    @staticmethod
    def language_for(request) -> str:
        if request.path.startswith("/api/") and "HTTP_ACCEPT_LANGUAGE" in request.META:
            for part in request.META["HTTP_ACCEPT_LANGUAGE"].split(","):
                chosen = _supported(part.split(";")[0].strip())
                if chosen:
                    return chosen
            return settings.LANGUAGE_CODE
        chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if chosen:
            return chosen
        session = getattr(request, "session", None)
        if session is not None:
            chosen = _supported(session.get("khooshe_language"))
        return chosen or settings.LANGUAGE_CODE


# --- Session policy -------------------------------------------------------------------------
#: Seconds a session may stay idle (set at login: staff sooner than the public).
IDLE_KEY = "khooshe_idle"
#: When the session last showed activity (epoch seconds), refreshed at most once a minute so
#: that a signed-in page does not write its session on every request.
SEEN_KEY = "khooshe_seen"
REFRESH_SECONDS = 60
#: Set at login for a staff user who has no TOTP yet: every page sends them to set it up.
MFA_SETUP_KEY = "khooshe_mfa_setup"
#: Set at login (and by the registry's join page): the user represents no organization yet, so
#: the user menu offers to join one.
ORGANIZATIONLESS_KEY = "khooshe_orgless"
#: Pages a user who must set up two-factor sign-in may still open.
MFA_SETUP_OPEN = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/language/",
    "/accounts/reauthenticate/",
    "/static/",
    "/favicon.ico",
)


def start_session_policy(request, user) -> None:
    """At login: how long this session may stay idle, and whether two-factor must be set up
    first."""
    staff = two_factor.is_staff_user(user)
    idle = settings.KHOOSHE_STAFF_SESSION_IDLE if staff else settings.SESSION_COOKIE_AGE
    session = request.session
    session[IDLE_KEY] = idle
    session[SEEN_KEY] = int(time.time())
    session.set_expiry(idle)
    session[ORGANIZATIONLESS_KEY] = not staff and not organization_ids_for(user, ORGANIZATION_ROLES)
    if two_factor.must_set_up_two_factor(user):
        session[MFA_SETUP_KEY] = True
    else:
        session.pop(MFA_SETUP_KEY, None)


class SessionPolicyMiddleware:
    """Ends a session idle for longer than its limit, and keeps a staff user who must set up
    two-factor sign-in on the set-up pages. It reads the session only: a query is made just
    for a session still waiting for two-factor set-up, and once for a session signed in
    before this policy existed (which then gets it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        signed_in_before = (
            session is not None and not session.get(IDLE_KEY) and session.get(SESSION_KEY)
        )
        if signed_in_before and request.user.is_authenticated:
            start_session_policy(request, request.user)
        if session is not None and session.get(IDLE_KEY):
            response = self.apply(request, session)
            if response is not None:
                return response
        return self.get_response(request)

    def apply(self, request, session):
        now = int(time.time())
        idle = int(session[IDLE_KEY])
        seen = int(session.get(SEEN_KEY) or 0)
        if now - seen > idle:
            # The session has ended: sign out quietly (its API token is not a session).
            session.flush()
            request.user = AnonymousUser()
            if request.path.startswith("/api/"):
                return None
            messages.info(request, _("به دلیل بی‌کاری، از سامانه خارج شدید. دوباره وارد شوید."))
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        if now - seen >= REFRESH_SECONDS:
            session[SEEN_KEY] = now
            session.set_expiry(idle)
        if session.get(MFA_SETUP_KEY) and two_factor.has_totp(request.user):
            session.pop(MFA_SETUP_KEY)  # set up since login
        if session.get(MFA_SETUP_KEY) and not request.path.startswith(MFA_SETUP_OPEN):
            message = _("برای کار با صفحه‌های کارشناسان، نخست ورود دومرحله‌ای را فعال کنید.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(message)}, status=403)
            messages.warning(request, message)
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return None
