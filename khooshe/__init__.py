"""Khooshe (خوشه): the operating system of a provincial ICT ecosystem."""

from khooshe.celery import app as celery_app

__all__ = ("celery_app",)
