"""Keep the bitmap index (:mod:`khooshe.registry.bitmaps`) in step with every write made
through models — the services, the admin site, the shell. Bulk writers that bypass signals
(imports, the generator, the demo loader, merging) record their changes themselves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from khooshe.registry import bitmaps
from khooshe.registry.models import Capability, Cluster, GuildMembership, Organization, Sector


def _organization_saved(sender, instance, **kwargs):
    bitmaps.organizations_changed([instance.pk])


def _membership_saved(sender, instance, **kwargs):
    if instance.organization_id:
        bitmaps.organizations_changed([instance.organization_id])


def _cluster_saved(sender, instance, **kwargs):
    # Its stage decides whether its members count as "in an active cluster".
    bitmaps.organizations_changed(instance.members.values_list("pk", flat=True))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Organization):  # organization.capabilities.set(...) and the like
        bitmaps.organizations_changed([instance.pk])
    elif pk_set is not None:  # e.g. cluster.members.add(...): the organizations' ids
        bitmaps.organizations_changed(pk_set)
    else:  # cluster.members.clear(): which ones is not told
        bitmaps.everything_changed()


def _taxonomy_deleted(sender, instance, **kwargs):
    # Its links went with it (a cascade sends no signal per link).
    bitmaps.everything_changed()


def connect() -> None:
    post_save.connect(_organization_saved, sender=Organization, dispatch_uid="bitmaps.org")
    post_delete.connect(_organization_saved, sender=Organization, dispatch_uid="bitmaps.org-d")
    post_save.connect(_membership_saved, sender=GuildMembership, dispatch_uid="bitmaps.gm")
    post_delete.connect(_membership_saved, sender=GuildMembership, dispatch_uid="bitmaps.gm-d")
    post_save.connect(_cluster_saved, sender=Cluster, dispatch_uid="bitmaps.cluster")
    post_delete.connect(_taxonomy_deleted, sender=Cluster, dispatch_uid="bitmaps.cluster-d")
    post_delete.connect(_taxonomy_deleted, sender=Capability, dispatch_uid="bitmaps.cap-d")
    post_delete.connect(_taxonomy_deleted, sender=Sector, dispatch_uid="bitmaps.sector-d")
    for through in (
        Organization.capabilities.through,
        Organization.sectors.through,
        Cluster.members.through,
    ):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"bitmaps.{through}")
