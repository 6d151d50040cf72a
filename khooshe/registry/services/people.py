"""People, their affiliations to organizations, and guild memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import acts_in_province, is_admin, organization_ids_for
from khooshe.core.concurrency import save_versioned
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text, search_key, to_latin_digits
from khooshe.registry import permissions
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import (
    Affiliation,
    Capability,
    GuildMembership,
    Organization,
    Person,
)
from khooshe.registry.services.common import (
    check_aliases_change,
    check_county,
    deny,
    describe_set_change,
    normalize_fields,
)

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "aliases",
    "national_code",
    "mobile",
    "email",
    "expertise",
    "bio",
    "province",
    "county",
    "works_from_home",
    "serves_abroad",
    "is_public",
)


def person_refresh_search(person: Person) -> None:
    person.search_key = search_key(f"{person.first_name} {person.last_name}")[:255]
    Person.objects.filter(pk=person.pk).update(search_key=person.search_key)


def _check_national_code_free(code: str | None, *, exclude_pk: int | None = None) -> None:
    if code and Person.objects.filter(national_code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"national_code": [_("فرد دیگری با این کد ملی ثبت شده است.")]})


def _validate(person: Person, changed: Iterable[str]) -> None:
    check_county(person.province, person.county)
    _check_national_code_free(person.national_code, exclude_pk=person.pk)
    exclude = {f.name for f in person._meta.concrete_fields if f.name not in set(changed)} | {
        "search_key"
    }
    person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def can_create_person(actor, province) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return (
        is_admin(actor)
        or acts_in_province(actor, province)
        or bool(organization_ids_for(actor))
        or not Person.objects.filter(user=actor).exists()
    )


@transaction.atomic
def person_create(
    *,
    actor,
    capabilities: Iterable[Capability] = (),
    link_user: bool = False,
    **fields: Any,
) -> Person:
    """Create a person. ``link_user`` makes it the actor's own profile."""
    data = normalize_fields(Person, fields, allowed=PERSON_FIELDS)
    if not can_create_person(actor, data.get("province")):
        raise deny()
    person = Person(**data)
    check_aliases_change(actor, None, data, may_edit=permissions.can_verify(actor, person))
    if link_user:
        if Person.objects.filter(user=actor).exists():
            raise ValidationError(_("شما پیش‌تر نمایه شخصی ساخته‌اید."))
        person.user = actor
    _validate(person, [*data, "first_name", "last_name", "province"])
    stamp(person, actor=actor, reason=_("ثبت در بانک فعالان"))
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise ValidationError({"national_code": [_("این کد ملی تکراری است.")]}) from error
    capabilities = list(capabilities)
    if capabilities:
        person.capabilities.set(capabilities)
    person_refresh_search(person)
    return person


@transaction.atomic
def person_update(
    *,
    actor,
    person: Person,
    expected_version: int | None,
    capabilities: Iterable[Capability] | None = None,
    **fields: Any,
) -> Person:
    if not permissions.can_edit_person(actor, person):
        raise deny(_("شما اجازه ویرایش این فرد را ندارید."))
    data = normalize_fields(Person, fields, allowed=PERSON_FIELDS)
    check_aliases_change(actor, person, data, may_edit=permissions.can_verify(actor, person))
    for name, value in data.items():
        setattr(person, name, value)
    _validate(person, list(data))
    reason = ""
    if capabilities is not None:
        capabilities = list(capabilities)
        reason = describe_set_change(_("توانمندی‌ها"), person.capabilities.all(), capabilities)
    stamp(person, actor=actor, reason=reason)
    try:
        save_versioned(person, expected_version=expected_version, update_fields=list(data))
    except IntegrityError as error:
        raise ValidationError({"national_code": [_("این کد ملی تکراری است.")]}) from error
    if capabilities is not None:
        person.capabilities.set(capabilities)
    person_refresh_search(person)
    return person


def _can_edit_affiliation(actor, person: Person, organization: Organization) -> bool:
    return permissions.can_edit_person(actor, person) or permissions.can_edit_organization(
        actor, organization
    )


@transaction.atomic
def affiliation_add(
    *,
    actor,
    person: Person,
    organization: Organization,
    title: str,
    started_on: date | None = None,
    ended_on: date | None = None,
) -> Affiliation:
    if not _can_edit_affiliation(actor, person, organization):
        raise deny()
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": [_("سمت را بنویسید.")]})
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": [_("تاریخ پایان پیش از تاریخ شروع است.")]})
    affiliation = Affiliation(
        person=person,
        organization=organization,
        title=title[:100],
        started_on=started_on,
        ended_on=ended_on,
    )
    stamp(affiliation, actor=actor)
    affiliation.save()
    return affiliation


@transaction.atomic
def affiliation_end(*, actor, affiliation: Affiliation, ended_on: date) -> Affiliation:
    if not _can_edit_affiliation(actor, affiliation.person, affiliation.organization):
        raise deny()
    if affiliation.started_on and ended_on < affiliation.started_on:
        raise ValidationError({"ended_on": [_("تاریخ پایان پیش از تاریخ شروع است.")]})
    affiliation.ended_on = ended_on
    stamp(affiliation, actor=actor)
    save_versioned(affiliation, expected_version=None, update_fields=["ended_on"])
    return affiliation


@transaction.atomic
def guild_membership_save(
    *,
    actor,
    number: str,
    organization: Organization | None = None,
    person: Person | None = None,
    membership: GuildMembership | None = None,
    expected_version: int | None = None,
    grade: str = "",
    field: str = "",
    started_on: date | None = None,
    expires_on: date | None = None,
) -> GuildMembership:
    """Record or renew a guild (NASR) membership; only guild staff of the province."""
    member = (
        organization or person or (membership and (membership.organization or membership.person))
    )
    if member is None:
        raise ValidationError(_("عضو (سازمان یا فرد) مشخص نیست."))
    if not (is_admin(actor) or permissions.is_guild_staff_of(actor, member.province_id)):
        raise deny(_("ثبت عضویت با کارشناس نظام صنفی همان استان است."))
    number = clean_text(number)
    number = to_latin_digits(number)
    if not number:
        raise ValidationError({"number": [_("شماره عضویت را بنویسید.")]})
    if started_on and expires_on and expires_on < started_on:
        raise ValidationError({"expires_on": [_("تاریخ انقضا پیش از تاریخ عضویت است.")]})
    clash = GuildMembership.objects.filter(province_id=member.province_id, number=number)
    if membership is not None:
        clash = clash.exclude(pk=membership.pk)
    if clash.exists():
        raise ValidationError({"number": [_("این شماره عضویت در استان تکراری است.")]})
    values = {
        "number": number,
        "grade": clean_text(grade),
        "field": clean_text(field),
        "started_on": started_on,
        "expires_on": expires_on,
    }
    if membership is None:
        membership = GuildMembership(
            organization=organization, person=person, province_id=member.province_id, **values
        )
        stamp(membership, actor=actor)
        membership.save()
        facets_changed()
        return membership
    for name, value in values.items():
        setattr(membership, name, value)
    stamp(membership, actor=actor)
    save_versioned(membership, expected_version=expected_version, update_fields=list(values))
    facets_changed()
    return membership
