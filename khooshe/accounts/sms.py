"""Outgoing SMS through a backend chosen by the ``SMS_BACKEND`` setting, the way Django sends
e-mail through ``EMAIL_BACKEND``.

No SMS gateway is part of the project: an Iranian gateway (Kavenegar, Ghasedak, the
operators' own) is a small class with a ``send_messages(messages)`` method, named in
``SMS_BACKEND`` where a deployment has one. Two backends ship:

* ``ConsoleBackend`` (the default) writes each message to standard output and to the
  ``khooshe.sms`` logger, so development and the demo reach no outside host;
* ``LocmemBackend`` keeps messages in ``khooshe.accounts.sms.outbox``, for tests (like
  ``django.core.mail.outbox``).

A well-kept library for this exists only per gateway; the interface is the few lines below.
"""

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("khooshe.sms")

#: Messages sent through ``LocmemBackend``.
outbox: list["SMSMessage"] = []


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str


class ConsoleBackend:
    def send_messages(self, messages: list[SMSMessage]) -> int:
        for message in messages:
            line = f"SMS to {message.to}: {message.body}"
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            logger.info(line)
        return len(messages)


class LocmemBackend:
    def send_messages(self, messages: list[SMSMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> int:
    """Send one text message to the mobile number ``to`` (canonical ``09…``)."""
    return get_backend().send_messages([SMSMessage(to=to, body=body)])
