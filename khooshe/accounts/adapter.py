"""How django-allauth meets our users: the mobile number, the SMS backend, who must verify.

* The mobile number is the user's ``mobile`` (canonical ``09…`` through
  ``khooshe.persian.validators.normalize_mobile``, typed in any digit script) with
  ``mobile_verified``; allauth asks for it at sign-up and verifies it with a code sent through
  ``khooshe.accounts.sms``.
* Only people who signed up themselves (``self_registered``) go through the e-mail and mobile
  verification steps when they sign in; accounts made by an administrator, an import or the
  demo have no address to verify and sign in as before.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage, PhoneVerificationStage
from allauth.core.exceptions import RateLimited
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.persian.forms import MobileField
from khooshe.persian.validators import normalize_mobile

from .sms import send_sms


def axes_username(request, credentials) -> str | None:
    """What django-axes counts failed logins against: what was typed as the username or
    e-mail address (the login form's field is named ``username``)."""
    credentials = credentials or {}
    typed = credentials.get("username") or credentials.get("email")
    if not typed and request is not None and request.method == "POST":
        typed = request.POST.get("username")
    return typed or None


def _verification_applies(user) -> bool:
    return user is None or getattr(user, "self_registered", False)


class KhoosheEmailVerificationStage(EmailVerificationStage):
    def handle(self):
        if not _verification_applies(self.login.user):
            return None, True
        return super().handle()


class KhoosheMobileVerificationStage(PhoneVerificationStage):
    def handle(self):
        if not _verification_applies(self.login.user):
            return None, True
        try:
            return super().handle()
        except RateLimited:
            # A code went out moments ago (allauth sends one per 30 seconds): say so on the
            # login page instead of failing.
            messages.error(
                self.request,
                _("کد تأیید به‌تازگی فرستاده شد؛ کمی بعد دوباره وارد شوید."),
            )
            return HttpResponseRedirect(reverse("accounts:login")), False


_STAGES = {
    "allauth.account.stages.EmailVerificationStage": (
        "khooshe.accounts.adapter.KhoosheEmailVerificationStage"
    ),
    "allauth.account.stages.PhoneVerificationStage": (
        "khooshe.accounts.adapter.KhoosheMobileVerificationStage"
    ),
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": gettext_lazy("نام کاربری یا گذرواژه نادرست است."),
        "email_password_mismatch": gettext_lazy("ایمیل یا گذرواژه نادرست است."),
    }

    def get_login_stages(self) -> list[str]:
        return [_STAGES.get(path, path) for path in super().get_login_stages()]

    def save_user(self, request, user, form, commit=True):
        user.self_registered = True
        if getattr(request, "LANGUAGE_CODE", "fa") in {"fa", "en"}:
            user.language = request.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    # --- the mobile number --------------------------------------------------------------
    def phone_form_field(self, **kwargs: Any) -> Any:
        kwargs.setdefault("label", _("تلفن همراه"))
        kwargs.setdefault("help_text", _("کد تأیید با پیامک به این شماره فرستاده می‌شود."))
        return MobileField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_mobile(phone)

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.mobile = normalize_mobile(phone)
        user.mobile_verified = verified
        user.save(update_fields=["mobile", "mobile_verified"])

    def get_phone(self, user) -> tuple[str, bool] | None:
        if not user.mobile:
            return None
        return user.mobile, user.mobile_verified

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        try:
            mobile = normalize_mobile(phone)
        except ValidationError:  # an unparsable number belongs to no one
            return None
        return (
            get_user_model()
            .objects.filter(mobile=mobile, mobile_verified=True)
            .order_by("pk")
            .first()
        )

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs: Any) -> None:
        send_sms(
            to=normalize_mobile(phone),
            body=_("کد تأیید خوشه: %(code)s") % {"code": code},
        )
