"""Loads the demo data: the foundation's users and organizations, then every capability's
records. Idempotent: running it twice changes nothing. Each capability contributes a
``khooshe/<app>/demo.py`` with ``load(*, stdout)``; they run in dependency order."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_MODULES = [
    "khooshe.core.demo",
    "khooshe.registry.demo",
    "khooshe.proposals.demo",
    "khooshe.loans.demo",
    "khooshe.governance.demo",
]


class Command(BaseCommand):
    help = "Load Khooshe's demo data (idempotent)."

    # The demo's workflow steps notify people; their e-mails are not worth printing.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))
