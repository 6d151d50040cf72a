"""API throttles count in a cache every worker shares.

DRF's throttles keep their counts in the ``default`` cache, which is local memory when
``REDIS_URL`` is unset: each gunicorn worker then counts on its own, and four workers let four
times the token endpoint's 30 attempts a minute through. Every throttle counts in
``CACHES["throttle"]`` instead (:func:`use_shared_cache`, called from ``CoreConfig.ready``):
Redis when ``REDIS_URL`` is set, else the database cache in production (its table is made
by migration ``core.0003`` and ``make migrate``'s ``createcachetable``). In development and
tests it shares the local-memory store of the default cache. ``check --deploy`` refuses a
production setup whose throttle cache is per process (:mod:`khooshe.core.checks`).
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import SimpleRateThrottle

__all__ = ["THROTTLE_CACHE", "throttle_cache", "use_shared_cache"]

THROTTLE_CACHE = "throttle"

#: The throttle cache of the current thread (like ``django.core.cache.cache``).
throttle_cache = ConnectionProxy(caches, THROTTLE_CACHE)


def use_shared_cache() -> None:
    """Make every DRF throttle (the defaults, ``ScopedRateThrottle`` and their subclasses)
    count in ``CACHES["throttle"]``."""
    SimpleRateThrottle.cache = throttle_cache
