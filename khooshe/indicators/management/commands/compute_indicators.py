"""``manage.py compute_indicators [--period 1403 --period 1403-Q2 …] [--recompute]``: one
snapshot run, for cron where Celery beat is not used."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khooshe.indicators.models import SnapshotRun
from khooshe.indicators.services import snapshot_run


class Command(BaseCommand):
    help = "Compute the indicators and store them as snapshots."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            dest="periods",
            help="a Jalali year (1403) or quarter (1403-Q2); repeat for several",
        )
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="compute closed periods again (a new run; the old values stay traceable)",
        )

    def handle(self, *args, periods=None, recompute=False, **options):
        try:
            run = snapshot_run(
                actor=None,
                periods=periods,
                recompute=recompute,
                trigger=SnapshotRun.Trigger.COMMAND,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"run {run.pk}: {run.rows_written} values for {', '.join(run.periods) or 'no period'}"
            f" in {run.duration_ms} ms"
        )
