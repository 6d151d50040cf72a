"""Documents with an expiry date on an organization's profile — the knowledge-based
certificate, the business licence, the guild (NASR) card — and the daily pass over them:
the representatives are reminded 30 and 7 days before a document expires (each once per
document and expiry date, :class:`DocumentReminder`), and at expiry a verified
organization's verification lapses, with a notice to them and to the province's guild staff.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.selectors import users_representing
from khooshe.core.notifications import lazy_format, notify_many
from khooshe.persian.jalali import format_jalali
from khooshe.registry.documents import Document, documents_of
from khooshe.registry.models import DocumentReminder, GuildMembership, Organization
from khooshe.registry.services.organizations import organization_lapse

K = DocumentReminder.Kind
#: (kind, days before expiry), the most urgent first.
BEFORE = ((K.BEFORE_7, 7), (K.BEFORE_30, 30))
HORIZON = 30


def _expiring(today: datetime.date):
    """Organizations with a document expiring within the horizon or expired within it (the
    expiry notice), plus verified ones holding an expired document (their lapse)."""
    low, high = today - datetime.timedelta(days=HORIZON), today + datetime.timedelta(days=HORIZON)
    valid_card = GuildMembership.objects.filter(organization=OuterRef("pk")).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    any_card = GuildMembership.objects.filter(organization=OuterRef("pk"))
    card_near = GuildMembership.objects.filter(
        organization=OuterRef("pk"), expires_on__range=(low, high)
    )
    near = (
        Q(kb_certificate_expires_on__range=(low, high)) & ~Q(kb_certificate_number="")
        | Q(licence_expires_on__range=(low, high)) & ~Q(licence_number="")
        | Q(Exists(card_near))
    )
    lapsed = Q(verification=Organization.Verification.VERIFIED) & (
        Q(kb_certificate_expires_on__lt=today) & ~Q(kb_certificate_number="")
        | Q(licence_expires_on__lt=today) & ~Q(licence_number="")
        | Q(Exists(any_card)) & ~Q(Exists(valid_card))
    )
    return (
        Organization.objects.filter(merged_into__isnull=True)
        .filter(near | lapsed)
        .prefetch_related("guild_memberships")
        .order_by("id")
    )


def _message(kind: str, organization: Organization, document: Document):
    params = {
        "document": document.label,
        "name": organization.name,
        "date": format_jalali(document.expires_on, style="long"),
    }
    if kind == K.EXPIRED:
        title = gettext_lazy("%(document)s «%(name)s» منقضی شد")
        body = gettext_lazy(
            "اعتبار %(document)s «%(name)s» در %(date)s به پایان رسید. آن را تمدید کنید و "
            "تاریخ تازه را در نمایه سازمان ثبت کنید."
        )
    else:
        title = gettext_lazy("یادآوری انقضای %(document)s «%(name)s»")
        body = gettext_lazy(
            "اعتبار %(document)s «%(name)s» در %(date)s به پایان می‌رسد. پیش از آن تمدیدش "
            "کنید؛ با انقضا تأیید نظام صنفی سازمان از اعتبار می‌افتد."
        )
    return lazy_format(title, **params), lazy_format(body, **params)


def _due_kinds(document: Document, today: datetime.date) -> list[str]:
    days = document.days_left(today)
    if days is None:
        return []
    if days < 0:
        return [K.EXPIRED, *(kind for kind, _before in BEFORE)]
    return [kind for kind, before in BEFORE if days <= before]


def documents_daily(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send the reminders due ``today`` (each once) and lapse the verifications whose
    document expired; ``{"reminded": n, "lapsed": n}``."""
    today = today or timezone.localdate()
    organizations = list(_expiring(today))
    sent = set(
        DocumentReminder.objects.filter(organization__in=organizations).values_list(
            "organization_id", "document", "kind", "expires_on"
        )
    )
    reminded = lapsed = 0
    for organization in organizations:
        documents = documents_of(organization, list(organization.guild_memberships.all()))
        recipients = None
        for document in documents:
            kinds = [
                kind
                for kind in _due_kinds(document, today)
                if (organization.pk, document.kind, kind, document.expires_on) not in sent
            ]
            if not kinds:
                continue
            if recipients is None:
                recipients = list(users_representing(organization))
            try:
                with transaction.atomic():
                    for kind in kinds:
                        DocumentReminder.objects.create(
                            organization=organization,
                            document=document.kind,
                            kind=kind,
                            expires_on=document.expires_on,
                            recipients=len(recipients) if kind == kinds[0] else 0,
                        )
                    title, body = _message(kinds[0], organization, document)
                    notify_many(
                        recipients=recipients,
                        title=title,
                        body=body,
                        url=reverse("registry:organization_detail", args=[organization.pk]),
                    )
            except IntegrityError:  # another run recorded it first
                continue
            reminded += 1
        expired = [d for d in documents if d.expired_on(today)]
        if expired and organization.verification == Organization.Verification.VERIFIED:
            organization_lapse(
                actor=None,
                organization=organization,
                reason=_("%(documents)s منقضی شد (%(date)s).")
                % {
                    "documents": "، ".join(d.label for d in expired),
                    "date": format_jalali(min(d.expires_on for d in expired)),
                },
            )
            lapsed += 1
    return {"reminded": reminded, "lapsed": lapsed}
