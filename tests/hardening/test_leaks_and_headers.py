"""Issue 17, items 8 and 9: headers, cookies, methods, history, idempotency keys, 404s in the
request's language, impossible due dates, and throttles that every worker shares."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.core.checks import throttle_cache_is_shared
from khooshe.core.idempotency import IdempotencyKeyReused, run_once
from khooshe.core.middleware import RequestContextMiddleware
from khooshe.core.throttling import throttle_cache
from khooshe.governance import services as governance
from khooshe.governance.tests.factories import MeetingFactory, OrganizationFactory
from khooshe.history.services import stamp
from khooshe.loans.models import Repayment
from khooshe.loans.tests.test_api import _disbursed
from khooshe.loans.tests.test_views import loan
from khooshe.registry.tests.factories import ClusterFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "q8v#2m!x7Lr0Zp4t9Wc1Ke6Hs3Nb5Yd8Uf0Ga2Jh4Qk6Ml8Xn0Vr2Ts4Pw6Ey8Oi0",
    "ALLOWED_HOSTS": "khooshe.example.ir",
}


def production_shell(code: str, **extra) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="khooshe.settings", **extra)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- Headers, cookies, methods ----------------------------------------------------------------


@pytest.mark.django_db
def test_signed_in_pages_and_api_responses_are_not_stored(client):
    anonymous = client.get("/")
    assert anonymous.status_code == 200
    assert "no-store" not in anonymous.get("Cache-Control", "")
    api = APIClient().get("/api/v1/organizations/")
    assert api.status_code == 200
    assert "no-store" in api["Cache-Control"]
    client.force_login(UserFactory())
    page = client.get("/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]


def test_production_cookies_take_the_host_prefix():
    out = production_shell(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH,"
        " s.CSRF_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)"
    )
    assert out.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "/",
        "/",
        "None",
        "None",
    ]


@pytest.mark.django_db
def test_host_cookies_are_sent_secure_on_path_slash_without_domain(client, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    UserFactory(username="cookie", password="a-long-pass-phrase")
    page = client.get(reverse("accounts:login"), secure=True)
    assert page.status_code == 200
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    response = client.post(
        reverse("accounts:login"),
        {
            "username": "cookie",
            "password": "a-long-pass-phrase",
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"]
    assert session["path"] == "/"
    assert not session["domain"]


@pytest.mark.django_db
def test_csp_forbids_base_tags(client):
    assert "base-uri 'none'" in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_trace_and_unused_methods_answer_405(client):
    assert client.generic("TRACE", "/").status_code == 405
    assert client.generic("TRACE", "/api/v1/organizations/").status_code == 405
    assert client.generic("CONNECT", "/").status_code == 405
    assert client.generic("PROPFIND", "/api/v1/").status_code == 405
    assert client.put("/").status_code == 405
    assert client.delete("/registry/").status_code == 405
    assert client.options("/").status_code == 405
    assert client.generic("TRACE", "/").has_header("Allow")
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    assert APIClient().options("/api/v1/organizations/").status_code == 200


# --- History ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_hides_staff_names_from_the_public(client):
    cluster = ClusterFactory()
    staff = UserFactory(username="staff-hidden-name", first_name="کارشناس", last_name="پنهان")
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    name = str(staff)
    assert name
    cluster.description = "تازه"
    stamp(cluster, actor=staff, reason="ویرایش")
    cluster.save()
    url = reverse("registry:cluster_history", args=[cluster.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert name not in page.content.decode()
    assert "تازه" in page.content.decode()  # what changed is shown
    rows = APIClient().get(f"/api/v1/clusters/{cluster.pk}/history/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows
    assert all(row["user"] == "" and row["user_id"] is None for row in rows)
    assert any(row["changes"] for row in rows)
    # another actor does not see the name either; staff do
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=OrganizationFactory())
    client.force_login(actor)
    assert name not in client.get(url).content.decode()
    viewer = UserFactory()
    grant(viewer, Role.GOVERNORATE_STAFF, province="IR-03")
    client.force_login(viewer)
    assert name in client.get(url).content.decode()
    api = APIClient()
    api.force_authenticate(viewer)
    rows = api.get(f"/api/v1/clusters/{cluster.pk}/history/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert staff.pk in [row["user_id"] for row in rows]


# --- Idempotency keys ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_key_reused_with_another_body_is_422():
    application, officer = _disbursed()
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/loans/{application.pk}/repayments/"
    first = api.post(url, {"amount": "10000000"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(url, {"amount": "10000000"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = api.post(url, {"amount": "20000000"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json() == first.json()
    assert other.status_code == 422
    assert other.json()["detail"]
    assert Repayment.objects.filter(application=application).count() == 1
    english = api.post(
        url,
        {"amount": "30000000"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 422
    assert "Idempotency-Key" in english.json()["detail"]


@pytest.mark.django_db
def test_page_form_key_reused_with_another_body_is_422(client):
    application, officer = loan()
    client.force_login(officer)
    url = reverse("loans:loan_statement", args=[application.pk])
    key = client.get(url).context["form"].initial["idempotency_key"]
    first = client.post(url, {"amount": "۱۰٬۰۰۰٬۰۰۰", "idempotency_key": key})
    again = client.post(url, {"amount": "۱۰٬۰۰۰٬۰۰۰", "idempotency_key": key})
    other = client.post(url, {"amount": "۲۰٬۰۰۰٬۰۰۰", "idempotency_key": key})
    assert first.status_code == again.status_code == 302
    assert other.status_code == 422
    assert other.context["form"].non_field_errors()
    assert Repayment.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_run_once_outside_a_request_replays_as_before():
    user = UserFactory()
    calls = []

    def act():
        calls.append(1)
        return 201, {"n": len(calls)}

    assert run_once(user=user, scope="s", key="k", action=act) == (201, {"n": 1}, False)
    assert run_once(user=user, scope="s", key="k", action=act) == (201, {"n": 1}, True)
    assert len(calls) == 1

    def within(body):
        request = RequestFactory().post("/api/v1/x/", body, content_type="application/json")
        request.user = user
        return RequestContextMiddleware(
            lambda req: run_once(user=user, scope="t", key="k", action=act)
        )(request)

    assert within({"a": 1, "idempotency_key": "k"})[2] is False
    assert within({"idempotency_key": "k", "a": 1})[2] is True  # same request, keys reordered
    with pytest.raises(IdempotencyKeyReused):
        within({"a": 2})


# --- 404 in the request's language --------------------------------------------------------------


@pytest.mark.django_db
def test_api_404_follows_accept_language():
    api = APIClient()
    persian = api.get("/api/v1/proposals/999999/", HTTP_ACCEPT_LANGUAGE="fa")
    assert persian.status_code == 404
    assert persian.json()["detail"] == "یافت نشد."
    english = api.get("/api/v1/organizations/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 404
    assert english.json()["detail"] == "Not found."


# --- Impossible due dates -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "persian", "english"),
    [
        ("1404/12/30", "۱۴۰۴ کبیسه نیست", "1404 is not a leap year"),
        ("۱۴۰۳/۰۷/۳۱", "مهر ۳۰ روز دارد", "Mehr has 30 days"),
    ],
)
def test_impossible_due_dates_get_the_precise_message(text, persian, english):
    staff = UserFactory()
    grant(staff, Role.GOVERNORATE_STAFF, province="IR-02")
    owner = OrganizationFactory()
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as refusal:
        governance.commitment_create(
            actor=staff, title="t", owner=owner, source_type="statement", due_on=text
        )
    assert persian in refusal.value.message_dict["due_on"][0]
    with pytest.raises(ValidationError) as refusal:
        governance.resolution_create(
            actor=staff, meeting=meeting, text="r", owner=owner, due_on=text
        )
    assert persian in refusal.value.message_dict["due_on"][0]
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        governance.resolution_create(
            actor=staff, meeting=meeting, text="r", owner=owner, due_on=text
        )
    assert english in refusal.value.message_dict["due_on"][0]
    # what is still accepted: a real date, a month end, and the format hint for anything else
    made = governance.resolution_create(
        actor=staff, meeting=meeting, text="r", owner=owner, due_text="پایان اسفند ۱۴۰۳"
    )
    assert made.due_on == datetime.date(2025, 3, 20)
    with pytest.raises(ValidationError) as refusal:
        governance.resolution_create(
            actor=staff, meeting=meeting, text="r", owner=owner, due_on="فردا"
        )
    assert "پایان شهریور" in refusal.value.message_dict["due_on"][0]


# --- Throttling -----------------------------------------------------------------------------------


def test_every_throttle_counts_in_the_throttle_cache():
    assert SimpleRateThrottle.cache is throttle_cache
    assert ScopedRateThrottle().cache is throttle_cache


def test_production_without_redis_throttles_in_the_database():
    out = production_shell(
        "from django.conf import settings as s; print(s.CACHES['throttle']['BACKEND'])"
    )
    assert out == "django.core.cache.backends.db.DatabaseCache"
    out = production_shell(
        "from django.conf import settings as s; print(s.CACHES['throttle']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert out == "django.core.cache.backends.redis.RedisCache"


def test_check_deploy_refuses_a_per_process_throttle_cache(settings):
    settings.PRODUCTION = True
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    assert [error.id for error in throttle_cache_is_shared(None)] == ["khooshe.E001"]
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"},
    }
    assert throttle_cache_is_shared(None) == []
    settings.PRODUCTION = False
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    assert throttle_cache_is_shared(None) == []


@pytest.mark.django_db
def test_the_token_endpoint_limit_holds_across_workers(settings):
    """Two workers = two cache objects on one database table: the 31st attempt is 429
    whichever worker answers."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "khooshe_throttle_cache",
        },
    }
    call_command("createcachetable", verbosity=0)
    try:
        workers = [
            DatabaseCache("khooshe_throttle_cache", {}),
            DatabaseCache("khooshe_throttle_cache", {}),
        ]
        codes = []
        for attempt in range(32):
            SimpleRateThrottle.cache = workers[attempt % 2]
            response = APIClient().post(
                "/api/v1/auth/token/",
                {"username": f"nobody-{attempt}", "password": "wrong"},
                format="json",
                REMOTE_ADDR="10.1.2.3",
            )
            codes.append(response.status_code)
        assert codes[:30] == [400] * 30
        assert codes[30:] == [429, 429]
    finally:
        SimpleRateThrottle.cache = throttle_cache
