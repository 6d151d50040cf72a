from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from khooshe.accounts.middleware import SUPPORTED


class LoginView(allauth_views.LoginView):
    """allauth's login (username or e-mail; then the TOTP code of a user who has one)."""

    template_name = "account/login.html"


class LogoutView(allauth_views.LogoutView):
    template_name = "account/logout.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["khooshe_language"] = user.language


@require_POST
def set_language(request):
    """Switch between Persian and English; a signed-in user's choice is kept on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in SUPPORTED:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=False,
        )
        if request.user.is_authenticated:
            request.session["khooshe_language"] = language
            if request.user.language != language:
                request.user.language = language
                request.user.save(update_fields=["language"])
    return response
