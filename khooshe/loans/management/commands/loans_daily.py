"""The daily pass over active loans: credit carried forward pays installments now due, fully
paid loans settle, loans with the program's number of overdue installments default, and the
day's late-payment penalties accrue.
Run once a day (cron, or the Celery task ``khooshe.loans.tasks.loans_daily`` with beat)."""

from django.core.management.base import BaseCommand

from khooshe.loans.tasks import loans_daily


class Command(BaseCommand):
    help = "Apply carried credit, settle, declare defaults and accrue penalties on active loans."

    def handle(self, *args, **options):
        self.stdout.write(f"loans: {loans_daily()} loans changed")
