"""The periodic computation of the indicators as a Celery task (Celery beat runs it; see
``CELERY_BEAT_SCHEDULE`` in settings), the same work as ``manage.py compute_indicators``."""

from __future__ import annotations

from celery import shared_task

from khooshe.indicators.models import SnapshotRun
from khooshe.indicators.services import snapshot_run


@shared_task(name="khooshe.indicators.tasks.compute_indicators")
def compute_indicators() -> int:
    """Compute the open periods (and any closed one not computed yet); returns the run's id."""
    return snapshot_run(actor=None, trigger=SnapshotRun.Trigger.TASK).pk
