"""The daily pass over active loans: credit carried forward pays installments now due, fully
paid loans settle, and loans with the program's number of overdue installments default.
Run once a day (cron or Celery beat): ``manage.py loans_daily``."""

from django.core.management.base import BaseCommand

from khooshe.loans.models import Application
from khooshe.loans.services import loan_refresh


class Command(BaseCommand):
    help = "Apply carried credit, settle and declare defaults on active loans."

    def handle(self, *args, **options):
        states = [
            Application.State.DISBURSED,
            Application.State.REPAYING,
            Application.State.DEFAULTED,
        ]
        changed = 0
        for application in Application.objects.filter(state__in=states).order_by("id").iterator():
            before = (application.state, application.credit)
            after = loan_refresh(application=application)
            changed += (after.state, after.credit) != before
        self.stdout.write(f"loans: {changed} loans changed")
