"""The capability tree and the sector list, managed by staff."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.registry import permissions
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import Capability, Sector
from khooshe.registry.services.common import deny


def capability_path(slug: str, parent: Capability | None) -> str:
    return f"{parent.path}/{slug}" if parent else slug


def _slug(record: Capability | Sector, slug: str, name_en: str, name: str) -> str:
    """The record's slug (kept once given): ``slug``, else made from its names; refused when
    another record of its kind has it."""
    if record.slug:
        return record.slug
    slug = slugify(slug or name_en or "", allow_unicode=False) or slugify(name, allow_unicode=True)
    if type(record).objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [_("این شناسه پیش‌تر به کار رفته است.")]})
    return slug


@transaction.atomic
def capability_save(
    *,
    actor,
    name: str,
    slug: str = "",
    name_en: str = "",
    parent: Capability | None = None,
    capability: Capability | None = None,
) -> Capability:
    """Create or rename a capability; moving it moves the paths of its whole subtree."""
    if not permissions.can_manage_taxonomy(actor):
        raise deny(_("مدیریت طبقه‌بندی با کارشناسان است."))
    capability = capability or Capability()
    old_path = capability.path
    capability.name = clean_text(name)
    capability.name_en = clean_text(name_en)
    capability.slug = _slug(capability, slug, name_en, name)
    capability.parent = parent
    capability.path = capability_path(capability.slug, parent)
    stamp(capability, actor=actor)
    capability.save()
    cache.delete_many(
        [
            f"registry:capability-path:{capability.slug}",
            f"registry:capability-path:{capability.pk}",
            "registry:capability-tree",
        ]
    )
    facets_changed()
    if old_path and old_path != capability.path:
        for child in Capability.objects.filter(path__startswith=old_path + "/"):
            child.path = capability.path + child.path[len(old_path) :]
            child.save(update_fields=["path", "updated_at"])
    return capability


@transaction.atomic
def sector_save(
    *, actor, name: str, slug: str = "", name_en: str = "", sector: Sector | None = None
) -> Sector:
    if not permissions.can_manage_taxonomy(actor):
        raise deny(_("مدیریت طبقه‌بندی با کارشناسان است."))
    sector = sector or Sector()
    sector.name = clean_text(name)
    sector.name_en = clean_text(name_en)
    sector.slug = _slug(sector, slug, name_en, name)
    stamp(sector, actor=actor)
    sector.save()
    cache.delete("registry:sectors")
    facets_changed()
    return sector
