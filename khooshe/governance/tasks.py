"""Periodic work: Celery beat runs this every 6 hours (settings.CELERY_BEAT_SCHEDULE); the
``send_commitment_reminders`` management command runs the commitments' part for cron. It
stores each commitment's status for today (the copy the admin lists and reminders start from;
pages and the API compute the status themselves and never write it), sends the commitments'
reminders and those of every source other apps registered
(``services.reminders.register_reminder_source``: the obstacles' answer deadlines)."""

from celery import shared_task

from khooshe.governance.services.reminders import send_deadline_reminders


@shared_task(name="khooshe.governance.tasks.send_commitment_reminders")
def send_commitment_reminders() -> dict:
    return send_deadline_reminders()
