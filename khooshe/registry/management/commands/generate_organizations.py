"""``manage.py generate_organizations N [--seed S]``: N synthetic organizations for benchmarks."""

import time

from django.core.management.base import BaseCommand

from khooshe.registry.generate import generate_organizations


class Command(BaseCommand):
    help = "Bulk-insert N synthetic organizations (seeded, varied Persian spellings)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1403)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, count, seed, batch_size, **options):
        started = time.monotonic()

        def progress(done, total):
            self.stdout.write(f"  {done}/{total}")

        created = generate_organizations(count, seed=seed, batch_size=batch_size, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{created} organizations in {time.monotonic() - started:.1f} s.")
        )
