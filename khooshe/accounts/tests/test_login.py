import pytest
from django.urls import reverse

from khooshe.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_persian(client):
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ورود به سامانه" in html
    assert 'lang="fa"' in html


def test_login_lands_on_the_desk(client):
    UserFactory(username="ali")
    response = client.post(
        reverse("accounts:login"), {"username": "ali", "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:desk")


def test_repeated_failures_lock_the_login_with_a_persian_message(client, settings):
    UserFactory(username="ali")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "ali", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "ali", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert "ورود موقتاً بسته شد" in response.content.decode()


def test_password_change_requires_the_old_password(client):
    user = UserFactory(username="ali")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "Nv-4839-pass", "new_password2": "Nv-4839-pass"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password("secret-pass-123")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "Nv-4839-pass",
            "new_password2": "Nv-4839-pass",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nv-4839-pass")


def test_failures_by_email_address_lock_the_login_too(client, settings):
    UserFactory(username="ali", email="ali@example.ir")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "ali@example.ir", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "ali@example.ir", "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_password_message_is_persian(client):
    UserFactory(username="ali")
    response = client.post(reverse("accounts:login"), {"username": "ali", "password": "wrong"})
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه نادرست است." in response.content.decode()


def test_login_page_and_its_tab_name_the_site_not_the_host(client):
    html = client.get(reverse("accounts:login"), HTTP_HOST="127.0.0.1:43991").content.decode()
    assert "<title>ورود به سامانه | خوشه</title>" in html
    assert "43991" not in html
