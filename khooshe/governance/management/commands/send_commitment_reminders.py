from django.core.management.base import BaseCommand

from khooshe.governance.services.reminders import send_deadline_reminders
from khooshe.persian.jalali import parse_jalali_date


class Command(BaseCommand):
    help = (
        "Refresh commitment statuses and send every deadline reminder (commitments and each "
        "registered source, such as obstacles), once each — what the periodic task does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as of this date (Jalali or ISO), for testing.")

    def handle(self, *args, **options):
        today = parse_jalali_date(options["today"]) if options.get("today") else None
        result = send_deadline_reminders(today=today)
        others = ", ".join(
            f"{key}: {count}"
            for key, count in result.items()
            if key not in {"refreshed", "reminded"}
        )
        self.stdout.write(
            f"statuses refreshed: {result['refreshed']}, reminders sent: {result['reminded']}"
            + (f", {others}" if others else "")
        )
