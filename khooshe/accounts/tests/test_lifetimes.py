"""API tokens expire, and end on a password change and on logout; sessions end after
inactivity (staff sooner); a password change ends the user's other sessions."""

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khooshe.accounts.middleware import SEEN_KEY
from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-123"


def _token_client(username="sara"):
    api = APIClient()
    response = api.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").status_code == 200
    return api


def test_token_after_password_change_is_401(client):
    user = UserFactory(username="sara")
    api = _token_client()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nv-4839-pass",
            "new_password2": "Nv-4839-pass",
        },
    )
    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_token_after_api_logout_is_401():
    UserFactory(username="sara")
    api = _token_client()
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_token_after_page_logout_is_401(client):
    user = UserFactory(username="sara")
    api = _token_client()
    client.force_login(user)
    client.post(reverse("accounts:logout"))
    assert api.get("/api/v1/me/").status_code == 401


def test_expired_token_is_401_and_a_new_one_is_issued(settings):
    UserFactory(username="sara")
    api = _token_client()
    token = Token.objects.get(user__username="sara")
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(seconds=settings.KHOOSHE_TOKEN_TTL + 1)
    )
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert not Token.objects.filter(pk=token.pk).exists()
    fresh = _token_client()
    assert fresh.get("/api/v1/me/").status_code == 200


def test_password_change_ends_the_other_sessions_and_keeps_this_one():
    UserFactory(username="sara")
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.post(reverse("accounts:login"), {"username": "sara", "password": PASSWORD})
        assert browser.get(reverse("core:desk")).status_code == 200
    here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nv-4839-pass",
            "new_password2": "Nv-4839-pass",
        },
    )
    assert here.get(reverse("core:desk")).status_code == 200
    response = elsewhere.get(reverse("core:desk"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _idle(client, seconds):
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_staff_session_ends_after_30_idle_minutes(client, settings):
    staff = UserFactory(username="guild")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    client.force_login(staff)
    assert client.session.get_expiry_age() == settings.KHOOSHE_STAFF_SESSION_IDLE == 1800
    _idle(client, 29 * 60)
    assert client.get(reverse("core:desk")).status_code == 200
    _idle(client, 31 * 60)
    response = client.get(reverse("core:desk"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_public_session_survives_an_idle_hour(client, settings):
    actor = UserFactory(username="actor")
    grant(actor, Role.ACTOR, organization=OrganizationFactory())
    client.force_login(actor)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    _idle(client, 60 * 60)
    assert client.get(reverse("core:desk")).status_code == 200
    _idle(client, settings.SESSION_COOKIE_AGE + 1)
    assert client.get(reverse("core:desk")).status_code == 302


def test_activity_refreshes_the_idle_clock(client):
    staff = UserFactory(username="guild")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    client.force_login(staff)
    _idle(client, 20 * 60)
    client.get(reverse("core:desk"))
    assert time.time() - client.session[SEEN_KEY] < 5


def test_a_session_from_before_the_policy_gets_it(client, settings):
    settings.KHOOSHE_STAFF_MFA = True
    staff = UserFactory(username="guild")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    client.force_login(staff)
    session = client.session
    for key in [key for key, _value in session.items() if key.startswith("khooshe_")]:
        del session[key]
    session.save()
    response = client.get(reverse("core:desk"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.session.get_expiry_age() == settings.KHOOSHE_STAFF_SESSION_IDLE
