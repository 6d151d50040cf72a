"""Documents with an expiry date on an organization's profile: the knowledge-based
certificate, the business licence and the guild (NASR) card (the daily reminders and lapses:
:mod:`khooshe.registry.services.documents`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from khooshe.registry.models import DocumentReminder, Organization

D = DocumentReminder.Document


@dataclass(frozen=True)
class Document:
    kind: str
    label: str
    number: str
    expires_on: datetime.date | None

    def days_left(self, today: datetime.date) -> int | None:
        return None if self.expires_on is None else (self.expires_on - today).days

    def expired_on(self, today: datetime.date) -> bool:
        return self.expires_on is not None and self.expires_on < today


def _guild_card(memberships) -> tuple[str, datetime.date | None] | None:
    """The membership that counts: the one valid longest (no expiry beats any date)."""
    memberships = list(memberships)
    if not memberships:
        return None
    best = max(memberships, key=lambda m: (m.expires_on is None, m.expires_on or datetime.date.min))
    return best.number, best.expires_on


def documents_of(organization: Organization, memberships=None) -> list[Document]:
    """The organization's documents that carry a number (``memberships``: its guild
    memberships when already read)."""
    documents = []
    if organization.kb_certificate_number:
        documents.append(
            Document(
                D.KB_CERTIFICATE,
                str(D.KB_CERTIFICATE.label),
                organization.kb_certificate_number,
                organization.kb_certificate_expires_on,
            )
        )
    if organization.licence_number:
        documents.append(
            Document(
                D.LICENCE,
                str(D.LICENCE.label),
                organization.licence_number,
                organization.licence_expires_on,
            )
        )
    card = _guild_card(organization.guild_memberships.all() if memberships is None else memberships)
    if card is not None:
        documents.append(Document(D.GUILD_CARD, str(D.GUILD_CARD.label), card[0], card[1]))
    return documents
