"""Test-wide settings and fixtures shared by every app's tests."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    settings.AXES_ENABLED = True
    # Staff sign in with a password alone unless a test turns the two-factor rule on
    # (khooshe/accounts/tests/test_two_factor.py), as the demo does.
    settings.KHOOSHE_STAFF_MFA = False
    settings.SMS_BACKEND = "khooshe.accounts.sms.LocmemBackend"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.core.cache import cache

    from khooshe.registry import bitmaps

    cache.clear()
    bitmaps.forget()  # built from rows a rolled-back test may have written
    yield
    cache.clear()
    bitmaps.forget()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Provinces and counties come from a data migration; a transactional test (the browser
    tests' live server) flushes them at its end, so every database test puts them back."""
    marker = request.node.get_closest_marker("django_db")
    wants_db = marker is not None or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if not wants_db:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from khooshe.geo.loader import load_iran
    from khooshe.geo.models import County, Province

    if not Province.objects.exists():
        load_iran(Province, County)
