"""The login form: allauth's (username or e-mail, then the second factor if the user has
one), with its input named ``username`` as the login page always had, so django-axes, saved
passwords and scripts that post ``username`` keep working."""

from allauth.account import forms as allauth_forms
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.utils.translation import gettext_lazy as _

from khooshe.persian.text import to_latin_digits


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("نام کاربری یا ایمیل")
        field.widget.attrs.update({"autocomplete": "username", "dir": "auto"})
        field.widget.attrs.pop("placeholder", None)
        self.fields["password"].label = _("گذرواژه")
        self.fields["password"].help_text = ""

    def add_prefix(self, field_name):
        return super().add_prefix("username" if field_name == "login" else field_name)


class LatinDigitsCodeMixin:
    """A one-time code typed in Persian or Arabic-Indic digits (a phone keyboard's default)
    is checked as the Latin-digit code it is; allauth compares the text as typed."""

    def clean_code(self) -> str:
        self.cleaned_data["code"] = to_latin_digits(self.cleaned_data["code"]).strip()
        return super().clean_code()


class VerifyPhoneForm(LatinDigitsCodeMixin, allauth_forms.VerifyPhoneForm):
    pass


class AuthenticateForm(LatinDigitsCodeMixin, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(LatinDigitsCodeMixin, mfa_forms.ReauthenticateForm):
    pass


class ActivateTOTPForm(LatinDigitsCodeMixin, totp_forms.ActivateTOTPForm):
    pass
