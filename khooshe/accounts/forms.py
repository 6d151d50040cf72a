"""The login form: allauth's (username or e-mail, then the second factor if the user has
one), with its input named ``username`` as the login page always had, so django-axes, saved
passwords and scripts that post ``username`` keep working."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


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
