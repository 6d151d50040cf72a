"""Loads the demo data: every capability's records, each app's ``demo.load(stdout=)`` in the
order of ``INSTALLED_APPS`` (an app comes after those it builds on). Idempotent: running it
twice changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings


def demo_modules() -> list[str]:
    names = (f"{config.name}.demo" for config in apps.get_app_configs())
    return [name for name in names if name.startswith("khooshe.") and find_spec(name) is not None]


class Command(BaseCommand):
    help = "Load Khooshe's demo data (idempotent)."

    # The demo's workflow steps notify people; their e-mails are not worth printing.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    def handle(self, *args, **options):
        for name in demo_modules():
            with transaction.atomic():
                import_module(name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
