"""Periodic work: Celery beat runs this every 6 hours (settings.CELERY_BEAT_SCHEDULE); the
``send_commitment_reminders`` management command runs the same for cron. It also stores
each commitment's status for today (the copy the admin lists and reminders start from;
pages and the API compute the status themselves and never write it)."""

from celery import shared_task

from khooshe.governance import services


@shared_task(name="khooshe.governance.tasks.send_commitment_reminders")
def send_commitment_reminders() -> dict:
    return services.send_commitment_reminders()
