"""Sign-up with e-mail and mobile verification, login by username or e-mail, password reset
(django-allauth through our adapter, forms and templates)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from khooshe.accounts import sms
from khooshe.accounts.models import User
from khooshe.accounts.tests.factories import UserFactory
from khooshe.persian.text import to_persian_digits

pytestmark = pytest.mark.django_db

PASSWORD = "Kh-signup-4729"


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _sign_up(client, **fields):
    data = {
        "username": "sara",
        "email": "sara@example.ir",
        "phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def _sms_code():
    assert sms.outbox, "no SMS was sent"
    return re.search(r"(\w{4,})\s*$", sms.outbox[-1].body).group(1)


def _email_link():
    assert mail.outbox, "no e-mail was sent"
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)


def test_signup_page_is_persian_in_the_shell(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html
    assert "ثبت‌نام در خوشه" in html
    assert 'class="kh-header' in html  # the shell's header
    assert 'type="number"' not in html


def test_signup_verifies_mobile_then_email_and_lands_on_join(client):
    response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(username="sara")
    assert user.self_registered
    assert user.mobile == "09123456789"  # canonical, typed in Persian digits with spaces
    assert not user.mobile_verified
    assert response["Location"] == reverse("account_verify_phone")
    assert sms.outbox[-1].to == "09123456789"

    page = client.get(reverse("account_verify_phone"))
    assert "تأیید شماره همراه" in page.content.decode()
    wrong = client.post(reverse("account_verify_phone"), {"code": "000000"})
    assert wrong.status_code == 200
    # typed in Persian digits, as a phone keyboard gives them
    code = to_persian_digits(_sms_code())
    response = client.post(reverse("account_verify_phone"), {"code": code})
    user.refresh_from_db()
    assert user.mobile_verified
    # the e-mail is still to be verified: no session yet
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
    assert "_auth_user_id" not in client.session

    link = _email_link()
    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "تأیید نشانی ایمیل" in confirm.content.decode()
    response = client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    join = client.get(reverse("registry:join"))
    assert join.status_code == 200
    assert 'id="join-link"' in join.content.decode()  # the menu offers to join


def test_signup_refuses_a_mobile_that_is_not_iranian(client):
    response = _sign_up(client, phone="12345")
    assert response.status_code == 200
    assert "۰۹" in response.content.decode()
    assert not User.objects.filter(username="sara").exists()


def test_unverified_self_registered_user_cannot_sign_in_before_verifying(client):
    _sign_up(client)
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("accounts:login"), {"username": "sara", "password": PASSWORD})
    assert response.status_code == 302  # a code was sent moments ago: back to the login page
    assert "_auth_user_id" not in client.session
    cache.clear()  # half a minute later
    response = client.post(reverse("accounts:login"), {"username": "sara", "password": PASSWORD})
    assert response["Location"] == reverse("account_verify_phone")
    assert "_auth_user_id" not in client.session


def test_login_by_email_address(client):
    user = UserFactory(username="reza", email="reza@example.ir")
    response = client.post(
        reverse("accounts:login"), {"username": "reza@example.ir", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_password_reset_by_email(client):
    user = UserFactory(username="reza", email="reza@example.ir")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_reset_password"), {"email": "reza@example.ir"})
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    page = client.get(link.group(0), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(0)
    done = client.post(
        form_url, {"password1": "Nv-reset-8812", "password2": "Nv-reset-8812"}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password("Nv-reset-8812")


def test_english_user_gets_the_signup_page_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("account_signup")).content.decode()
    assert 'lang="en"' in html
    assert "Sign up to Khooshe" in html


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "account_logout",
    ],
)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_allauth_pages_render_in_the_shell(client, settings, name, language):
    user = UserFactory(username="reza")
    client.post(reverse("accounts:login"), {"username": "reza", "password": "secret-pass-123"})
    assert int(client.session["_auth_user_id"]) == user.pk
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{language}"' in html
    assert 'class="kh-header' in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
    assert 'type="number"' not in html
