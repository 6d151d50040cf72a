"""Background tasks of the foundation. Without REDIS_URL they run eagerly in-process."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from khooshe.core.models import Notification


@shared_task(name="khooshe.core.tasks.ping")
def ping(payload: str = "") -> dict:
    """Answers ``{"pong": payload}``: ``manage.py check_worker`` sends it to prove that a worker
    takes tasks from the broker and returns results (JSON, as in production)."""
    return {"pong": payload}


@shared_task(name="khooshe.core.tasks.send_notification_email", ignore_result=True)
def send_notification_email(notification_id: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed or not notification.recipient.email:
        return False
    link = notification.url
    if link.startswith("/"):
        link = settings.SITE_URL + link
    sent = send_mail(
        subject=notification.title,
        message=f"{notification.body}\n\n{link}".strip(),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
        fail_silently=True,
    )
    if sent:
        Notification.objects.filter(pk=notification.pk).update(emailed=True)
    return bool(sent)
