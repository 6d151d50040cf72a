"""What a guild verification vouches for, named once.

A verified organization's record holds only verified values: an owner's change to one of
:data:`REVIEWED_FIELDS` becomes a :class:`~khooshe.registry.models.ProposedChange` for the
guild (the record keeps the verified value until the change is accepted), and an owner's
change to one of :data:`DROPPING_FIELDS` is applied and ends the verification (it lapses,
with a notice). Guild memberships are vouched too, but only guild staff record them.
Readers that must rely on vouched facts (the loans' eligibility rules) call
:func:`verified_values`: ``None`` for an organization nobody vouches for now.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from khooshe.geo.models import County
from khooshe.persian.jalali import format_jalali
from khooshe.registry.models import Organization

#: Corrections the guild of the same province can check against documents: the verified
#: value stays in force (and in every list, filter and eligibility rule) until it accepts.
REVIEWED_FIELDS = (
    "name",
    "kind",
    "county",
    "locality",
    "kb_certificate_number",
    "kb_certificate_type",
    "kb_certificate_expires_on",
    "licence_number",
    "licence_expires_on",
)
#: The identity and the jurisdiction: a new legal ID is another legal person, and a record
#: moved to another province leaves the guild that vouched for it. Changing either ends the
#: verification (the guild of the record's province verifies it again).
DROPPING_FIELDS = ("legal_id", "province")
#: Every field of the record a verification vouches for (guild memberships are rows of
#: their own, recorded by guild staff only).
VOUCHED_FIELDS = (*REVIEWED_FIELDS, *DROPPING_FIELDS)


def field_label(name: str) -> str:
    return str(Organization._meta.get_field(name).verbose_name)


def to_json(name: str, value: Any) -> Any:
    """A field's value as a proposed change stores it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def from_json(name: str, value: Any) -> Any:
    """The model value of a stored proposal (a county instance, a date)."""
    if value in (None, ""):
        field = Organization._meta.get_field(name)
        return None if field.null else ""
    if name == "county":
        return County.objects.filter(pk=value).first()
    if isinstance(Organization._meta.get_field(name), models.DateField):
        return datetime.date.fromisoformat(value)
    return value


def current_json(organization: Organization, name: str) -> Any:
    """The record's value of ``name`` as :func:`to_json` stores it (a county as its id)."""
    return to_json(name, getattr(organization, Organization._meta.get_field(name).attname))


def display(name: str, value: Any) -> str:
    """A stored value as a page shows it (choices by label, county by name, Jalali dates)."""
    if value in (None, ""):
        return "—"
    field = Organization._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "county":
        county = County.objects.filter(pk=value).first()
        return str(county) if county else str(value)
    if isinstance(field, models.DateField):
        return format_jalali(datetime.date.fromisoformat(value))
    return str(value)


def verified_values(organization: Organization | None, *, day=None) -> dict | None:
    """The vouched values of a verified organization (its record's own: owners' changes wait
    in proposals), or None when the guild does not vouch for it now — unverified, revoked or
    lapsed, or a vouched document already expired on ``day``."""
    if organization is None or organization.verification != Organization.Verification.VERIFIED:
        return None
    day = day or timezone.localdate()
    for name in ("kb_certificate_expires_on", "licence_expires_on"):
        expires = getattr(organization, name)
        if expires is not None and expires < day:
            return None
    return {name: getattr(organization, name) for name in VOUCHED_FIELDS}
