"""One way to tell a person something: an in-app notification (with an unread count in the
header) and an e-mail through Django's mail backend, written in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from khooshe.core.models import Notification


def notify(*, recipient, title, body="", url: str = "", email: bool = True) -> Notification | None:
    """Record a notification for ``recipient``; ``title`` and ``body`` may be lazy
    translations, rendered here in the recipient's language."""
    if recipient is None:
        return None
    language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        title_text, body_text = str(title), str(body)
    notification = Notification.objects.create(
        recipient=recipient, title=title_text[:200], body=body_text, url=url
    )
    if email and recipient.email:

        def send():
            sent = send_mail(
                subject=title_text[:200],
                message=f"{body_text}\n\n{url}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
                fail_silently=True,
            )
            if sent:
                Notification.objects.filter(pk=notification.pk).update(emailed=True)

        transaction.on_commit(send)
    return notification


def notify_many(*, recipients, title, body="", url: str = "", email: bool = True) -> int:
    count = 0
    for recipient in {r.pk: r for r in recipients if r is not None}.values():
        notify(recipient=recipient, title=title, body=body, url=url, email=email)
        count += 1
    return count


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
