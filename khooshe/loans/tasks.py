"""The daily pass over active loans as a Celery task (schedule it with Celery beat, e.g.
``{"loans-daily": {"task": "khooshe.loans.tasks.loans_daily", "schedule": crontab(hour=1)}}``),
the same work as ``manage.py loans_daily``."""

from __future__ import annotations

from celery import shared_task

from khooshe.loans.models import Application
from khooshe.loans.services import loan_refresh, penalties_accrue
from khooshe.loans.services.collections import collections_daily

ACTIVE = (Application.State.DISBURSED, Application.State.REPAYING, Application.State.DEFAULTED)


@shared_task(name="khooshe.loans.tasks.loans_daily")
def loans_daily() -> int:
    """Apply carried credit, settle fully paid loans, declare defaults, accrue the day's
    late-payment penalties (one run, see ``services.penalties_accrue``), then the collections
    pass (bucket history, the month's aging snapshot, reminders to borrowers). Returns how
    many loans changed state or credit."""
    changed = 0
    for application in Application.objects.filter(state__in=ACTIVE).order_by("id").iterator():
        before = (application.state, application.credit)
        after = loan_refresh(application=application)
        changed += (after.state, after.credit) != before
    penalties_accrue()
    collections_daily()
    return changed
