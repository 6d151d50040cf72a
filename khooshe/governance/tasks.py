"""Periodic work: Celery beat runs this every 6 hours (settings.CELERY_BEAT_SCHEDULE); the
``send_commitment_reminders`` management command runs the same for cron."""

from celery import shared_task


@shared_task(name="khooshe.governance.tasks.send_commitment_reminders")
def send_commitment_reminders() -> dict:
    from khooshe.governance.services import send_commitment_reminders as send

    return send()
