from django.core.management.base import BaseCommand

from khooshe.governance.services import send_commitment_reminders
from khooshe.persian.jalali import parse_jalali_date


class Command(BaseCommand):
    help = "Refresh commitment statuses and send deadline reminders (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (Jalali or ISO), for testing.")

    def handle(self, *args, **options):
        today = parse_jalali_date(options["today"]) if options.get("today") else None
        result = send_commitment_reminders(today=today)
        self.stdout.write(
            f"statuses refreshed: {result['refreshed']}, reminders sent: {result['reminded']}"
        )
