"""Celery application. Without REDIS_URL tasks run eagerly in-process (settings decide)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khooshe.settings")

app = Celery("khooshe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
