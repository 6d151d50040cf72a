"""One way to tell a person something: an in-app notification (with an unread count in the
header) and an e-mail through Django's mail backend, written in the recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation

from khooshe.core.models import Notification
from khooshe.core.tasks import send_notification_email


class lazy_format:
    """A translated message formatted only when shown, so each recipient reads it in their own
    language (``gettext_lazy(...) % {...}`` would render it at once, in the sender's)."""

    def __init__(self, message, **params):
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % {key: str(value) for key, value in self.params.items()}


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
        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
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
