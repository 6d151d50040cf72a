import re

import pytest
from django.urls import reverse

from khooshe.geo.models import Province
from khooshe.registry.models import Cluster, GuildMembership, Organization

pytestmark = pytest.mark.django_db


def test_home_page_is_persian_rtl_with_local_font_and_jalali_date(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "/static/vendor/bootstrap/bootstrap.rtl.min.css" in html
    assert re.search(r'id="today-jalali">[۰-۹]{1,2} [آ-ی]+ [۰-۹]{4}<', html)
    assert not re.search(r'(src|href)="https?://', html)


def test_every_response_carries_a_strict_csp(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_browser_accept_language_does_not_turn_pages_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


def test_language_switch_flips_layout_and_is_remembered_for_the_user(client, django_user_model):
    user = django_user_model.objects.create_user("reza", password="x-very-secret-1")
    client.force_login(user)
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()
    user.refresh_from_db()
    assert user.language == "en"
    client.post(reverse("accounts:set_language"), {"language": "fa", "next": "/"})
    assert '<html lang="fa" dir="rtl">' in client.get("/").content.decode()


def test_language_switch_refuses_outside_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_desk_requires_login(client):
    response = client.get(reverse("core:desk"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_shows_each_provinces_figures_in_persian_digits(client):
    mazandaran = Province.objects.get(code="IR-02")
    company = Organization.objects.create(
        name="شرکت نمونه",
        kind=Organization.Kind.COMPANY,
        province=mazandaran,
        verification=Organization.Verification.VERIFIED,
    )
    Organization.objects.create(name="دیگری", kind=Organization.Kind.STARTUP, province=mazandaran)
    GuildMembership.objects.create(organization=company, province=mazandaran, number="12")
    for stage in ["identified", "identified", "operational"]:
        Cluster.objects.create(name=f"خوشه {stage}", province=mazandaran, stage=stage)
    html = client.get("/").content.decode()
    assert "مازندران" in html
    assert re.search(r"فعالان ثبت‌شده</dt><dd[^>]*>۲<", html)
    assert re.search(r"تأییدشده توسط نصر</dt><dd[^>]*>۱<", html)
    assert re.search(r"خوشه‌ها: شناسایی‌شده / فعال</dt><dd[^>]*>۳ / ۱<", html)
