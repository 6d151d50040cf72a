"""Merging a duplicate organization into the record it duplicates, keeping every reference
and the duplicate's history."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khooshe.accounts.models import Role, User
from khooshe.accounts.permissions import forget_grants
from khooshe.core.concurrency import save_versioned
from khooshe.core.models import Attachment
from khooshe.history.services import stamp
from khooshe.registry import permissions
from khooshe.registry.bitmaps import organizations_changed
from khooshe.registry.models import Organization
from khooshe.registry.services.common import deny, describe_set_change
from khooshe.registry.services.organizations import (
    MERGE_FILL_FIELDS,
    organization_refresh_search,
)


def _move_reference(model, field_name: str, duplicate, target, *, actor) -> int:
    """Point every ``model.<field_name>`` at ``duplicate`` to ``target``. Rows that would
    break a uniqueness rule (the target already has the same one) are deleted instead."""
    queryset = model._default_manager.filter(**{field_name: duplicate})
    has_history = hasattr(model, "history")
    moved = 0
    for row in list(queryset):
        setattr(row, field_name, target)
        try:
            with transaction.atomic():
                if has_history:
                    stamp(row, actor=actor, reason=_("انتقال در ادغام"))
                    row.save()
                else:
                    row.save(update_fields=[field_name])
            moved += 1
        except IntegrityError:
            model._default_manager.filter(pk=row.pk).delete()
    return moved


def _move_m2m(relation, duplicate, target, *, actor) -> int:
    """A reverse many-to-many (e.g. Cluster.members): the other side now lists ``target``."""
    through = relation.through
    source_field = relation.field.m2m_reverse_field_name()  # the column naming Organization
    other_field = relation.field.m2m_field_name()
    rows = through._default_manager.filter(**{source_field: duplicate})
    existing = set(
        through._default_manager.filter(**{source_field: target}).values_list(
            f"{other_field}_id", flat=True
        )
    )
    moved = 0
    touched = set()
    for row in list(rows):
        touched.add(getattr(row, f"{other_field}_id"))
        if getattr(row, f"{other_field}_id") in existing:
            row.delete()
            continue
        setattr(row, source_field, target)
        row.save()
        moved += 1
    owner_model = relation.related_model  # e.g. Cluster: its history says who its members are
    if touched and hasattr(owner_model, "history"):
        reason = _("اعضا: «%(old)s» در «%(new)s» ادغام شد") % {"old": duplicate, "new": target}
        for owner in owner_model._default_manager.filter(pk__in=touched):
            stamp(owner, actor=actor, reason=reason)
            if hasattr(owner, "version"):
                save_versioned(owner, expected_version=None, update_fields=[])
            else:
                owner.save()
    return moved


@transaction.atomic
def organization_merge(*, actor, duplicate: Organization, target: Organization) -> Organization:
    """Merge ``duplicate`` into ``target``: every reference to the duplicate (affiliations,
    memberships, cluster memberships, role grants, and any FK other apps add) moves to the
    target, its capabilities and sectors are added, blank fields of the target are filled
    from it; the duplicate keeps its history, points to the target and is hidden."""
    if duplicate.pk == target.pk:
        raise ValidationError({"target": [_("یک سازمان را نمی‌توان با خودش ادغام کرد.")]})
    if not (permissions.can_merge(actor, duplicate) and permissions.can_merge(actor, target)):
        raise deny(_("ادغام با کارشناس نظام صنفی استان هر دو سازمان است."))
    pair = {
        o.pk: o
        for o in Organization.objects.select_for_update().filter(pk__in=[duplicate.pk, target.pk])
    }
    duplicate, target = pair[duplicate.pk], pair[target.pk]
    if duplicate.merged_into_id or target.merged_into_id:
        raise ValidationError({"target": [_("این سازمان پیش‌تر در سازمان دیگری ادغام شده است.")]})

    moved: dict[str, int] = {}
    for relation in Organization._meta.related_objects:
        if relation.many_to_many:
            count = _move_m2m(relation, duplicate, target, actor=actor)
        else:
            count = _move_reference(
                relation.related_model, relation.field.name, duplicate, target, actor=actor
            )
        if count:
            moved[relation.related_model._meta.label] = count
    Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization), object_id=duplicate.pk
    ).update(object_id=target.pk)

    capabilities = {*target.capabilities.all(), *duplicate.capabilities.all()}
    sectors = {*target.sectors.all(), *duplicate.sectors.all()}
    note_caps = describe_set_change(_("توانمندی‌ها"), target.capabilities.all(), capabilities)
    note_secs = describe_set_change(_("بخش‌ها"), target.sectors.all(), sectors)
    target.capabilities.set(capabilities)
    target.sectors.set(sectors)

    filled = [
        name for name in MERGE_FILL_FIELDS if not getattr(target, name) and getattr(duplicate, name)
    ]
    fill_values = {name: getattr(duplicate, name) for name in filled}
    if "legal_id" in filled:
        duplicate.legal_id = None  # the unique ID moves with the record it belongs to
    duplicate.merged_into = target
    duplicate.is_public = False
    stamp(duplicate, actor=actor, reason=_("ادغام در «%(name)s»") % {"name": target.name})
    save_versioned(
        duplicate,
        expected_version=None,
        update_fields=["merged_into", "is_public", *(["legal_id"] if "legal_id" in filled else [])],
    )
    for name, value in fill_values.items():
        setattr(target, name, value)
    reason = " | ".join(
        filter(None, [_("ادغام «%(name)s»") % {"name": duplicate.name}, note_caps, note_secs])
    )
    stamp(target, actor=actor, reason=reason)
    save_versioned(target, expected_version=None, update_fields=filled)
    organization_refresh_search(target)
    for user in User.objects.filter(role_grants__organization=target, role_grants__role=Role.ACTOR):
        forget_grants(user)
    organizations_changed([duplicate.pk, target.pk])
    target.merge_report = moved
    return target
