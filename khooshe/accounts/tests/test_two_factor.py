"""Two-factor sign-in (allauth MFA, TOTP): required for administrators and province-wide or
national staff, optional for actors; the API token endpoint asks for the code too."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.accounts.two_factor import TWO_FACTOR_ROLES, is_staff_user
from khooshe.persian.text import to_persian_digits
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    settings.KHOOSHE_STAFF_MFA = True


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _login(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def _staff(username="guild", role=Role.GUILD_STAFF):
    user = UserFactory(username=username)
    grant(user, role, province="IR-02")
    return user


def test_the_roles_that_need_a_second_factor():
    assert Role.ACTOR not in TWO_FACTOR_ROLES
    assert Role.AGENCY_REP not in TWO_FACTOR_ROLES
    for role in (Role.GUILD_STAFF, Role.GOVERNORATE_STAFF, Role.EVALUATOR, Role.NATIONAL_STAFF):
        assert is_staff_user(_staff(f"u-{role}", role))
    assert is_staff_user(UserFactory(is_superuser=True))


def test_staff_without_totp_is_sent_to_set_it_up_and_then_works(client):
    _staff()
    assert _login(client, "guild").status_code == 302
    desk = client.get(reverse("core:desk"))
    assert desk.status_code == 302
    assert desk["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403

    # allauth asks for the password again before a second factor is added
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": to_persian_digits(_code(secret))})
    assert response.status_code == 302
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 1
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 1
    assert client.get(reverse("core:desk")).status_code == 200


def test_staff_with_totp_must_pass_the_code(client):
    user = _staff()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = _login(client, "guild")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    # typed on a Persian keyboard
    response = client.post(reverse("mfa_authenticate"), {"code": to_persian_digits(_code(secret))})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("core:desk")).status_code == 200


def test_actor_signs_in_with_a_password_alone(client):
    actor = UserFactory(username="actor")
    grant(actor, Role.ACTOR, organization=OrganizationFactory())
    assert _login(client, "actor").status_code == 302
    assert client.get(reverse("core:desk")).status_code == 200


def test_demo_mode_keeps_password_only_sign_in(client, settings):
    settings.KHOOSHE_STAFF_MFA = False  # what KHOOSHE_DEMO=1 sets by default
    _staff()
    _login(client, "guild")
    assert client.get(reverse("core:desk")).status_code == 200


def test_token_endpoint_asks_staff_for_the_code():
    user = _staff()
    api = APIClient()
    refused = api.post("/api/v1/auth/token/", {"username": "guild", "password": PASSWORD})
    assert refused.status_code == 400
    assert "code" in refused.json()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    missing = api.post("/api/v1/auth/token/", {"username": "guild", "password": PASSWORD})
    assert missing.status_code == 400
    issued = api.post(
        "/api/v1/auth/token/",
        {"username": "guild", "password": PASSWORD, "code": _code(secret)},
    )
    assert issued.status_code == 200
    assert issued.json()["token"]
    assert issued.json()["expires"]
