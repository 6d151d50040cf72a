"""Khooshe's own system checks (``manage.py check``; the deploy ones with ``--deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from khooshe.core.throttling import THROTTLE_CACHE

#: Cache backends that keep their data inside one process.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def throttle_cache_is_shared(app_configs, **kwargs):
    """In production the API throttles (the token endpoint's 30 attempts a minute) must count
    in a cache all workers share: Redis (``REDIS_URL``) or the database cache."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    backend = settings.CACHES.get(THROTTLE_CACHE, settings.CACHES["default"])["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The API throttles count per process: each worker would allow the full rate.",
                hint="Set REDIS_URL, or keep CACHES['throttle'] a DatabaseCache "
                "(python manage.py createcachetable).",
                id="khooshe.E001",
            )
        ]
    return []
