"""Proves that a Celery worker takes tasks from the broker and answers (exit 1 if not)."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from khooshe.core.tasks import ping


class Command(BaseCommand):
    help = "Send a ping task through the broker and wait for a worker's answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=20.0)

    def handle(self, *args, timeout: float, **options):
        token = uuid.uuid4().hex
        try:
            answer = ping.delay(token).get(timeout=timeout)
        except Exception as error:
            raise CommandError(f"no worker answered: {error}") from error
        if answer != {"pong": token}:
            raise CommandError(f"unexpected answer: {answer!r}")
        self.stdout.write(self.style.SUCCESS("worker answered"))
