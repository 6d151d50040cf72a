"""Clusters (خوشه): identified → forming → operational → inactive, each step dated."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.core.concurrency import save_versioned
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.history.services import stamp
from khooshe.persian.text import search_key
from khooshe.registry import permissions
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import Cluster, Organization
from khooshe.registry.services.common import (
    deny,
    describe_set_change,
    normalize_fields,
)

Stage = Cluster.Stage

CLUSTER_FIELDS = (
    "name",
    "aliases",
    "province",
    "focus",
    "description",
    "coordinator",
    "identified_on",
)

CLUSTER_STAGES = StateMachine(
    [
        Transition(
            "form", frozenset({Stage.IDENTIFIED}), Stage.FORMING, gettext_lazy("آغاز شکل‌گیری")
        ),
        Transition(
            "activate",
            frozenset({Stage.IDENTIFIED, Stage.FORMING, Stage.INACTIVE}),
            Stage.OPERATIONAL,
            gettext_lazy("فعال‌سازی"),
        ),
        Transition(
            "deactivate",
            frozenset({Stage.FORMING, Stage.OPERATIONAL}),
            Stage.INACTIVE,
            gettext_lazy("غیرفعال‌سازی"),
        ),
    ],
    dict(Stage.choices),
    field="stage",
)
#: The date field each stage records.
STAGE_DATE_FIELD = {
    Stage.IDENTIFIED: "identified_on",
    Stage.FORMING: "forming_on",
    Stage.OPERATIONAL: "operational_on",
    Stage.INACTIVE: "inactive_on",
}


def cluster_refresh_search(cluster: Cluster) -> None:
    cluster.search_key = search_key(cluster.name)[:255]
    Cluster.objects.filter(pk=cluster.pk).update(search_key=cluster.search_key)


@transaction.atomic
def cluster_create(*, actor, members: Iterable[Organization] = (), **fields: Any) -> Cluster:
    data = normalize_fields(Cluster, fields, allowed=CLUSTER_FIELDS)
    if not permissions.can_create_cluster(actor, data.get("province")):
        raise deny(_("ثبت خوشه با کارشناسان همان استان است."))
    cluster = Cluster(**data)
    if cluster.identified_on is None:
        cluster.identified_on = timezone.localdate()
    cluster.full_clean(exclude=["search_key", "coordinator"], validate_constraints=False)
    members = list(members)
    reason = [_("ثبت خوشه"), describe_set_change(_("اعضا"), [], members)]
    stamp(cluster, actor=actor, reason=" | ".join(filter(None, reason)))
    cluster.save()
    cluster.members.set(members)
    cluster_refresh_search(cluster)
    facets_changed()
    return cluster


@transaction.atomic
def cluster_update(
    *, actor, cluster: Cluster, expected_version: int | None, **fields: Any
) -> Cluster:
    if not permissions.can_edit_cluster(actor, cluster):
        raise deny(_("شما اجازه ویرایش این خوشه را ندارید."))
    data = normalize_fields(Cluster, fields, allowed=CLUSTER_FIELDS)
    for name, value in data.items():
        setattr(cluster, name, value)
    stamp(cluster, actor=actor)
    save_versioned(cluster, expected_version=expected_version, update_fields=list(data))
    cluster_refresh_search(cluster)
    return cluster


def cluster_advance(*, actor, cluster: Cluster, action: str, on: date | None = None) -> Cluster:
    """Move a cluster to its next stage (a transition out of order raises
    TransitionNotAllowed) and record the date of the step."""
    if not permissions.can_edit_cluster(actor, cluster):
        raise deny(_("شما اجازه تغییر مرحله این خوشه را ندارید."))

    def date_the_step(locked: Cluster) -> tuple[str, ...]:
        date_field = STAGE_DATE_FIELD[CLUSTER_STAGES.transitions[action].target]
        setattr(locked, date_field, on or timezone.localdate())
        return (date_field,)

    apply_transition(
        cluster, machine=CLUSTER_STAGES, action=action, actor=actor, prepare=date_the_step
    )
    return cluster


@transaction.atomic
def cluster_members_change(
    *,
    actor,
    cluster: Cluster,
    add: Iterable[Organization] = (),
    remove: Iterable[Organization] = (),
) -> Cluster:
    """Add or remove member organizations; the change lands in the cluster's history."""
    if not permissions.can_edit_cluster(actor, cluster):
        raise deny(_("شما اجازه تغییر اعضای این خوشه را ندارید."))
    before = list(cluster.members.all())
    after = [o for o in before if o not in set(remove)]
    after += [o for o in add if o not in set(after)]
    note = describe_set_change(_("اعضا"), before, after)
    if not note:
        return cluster
    cluster.members.set(after)
    stamp(cluster, actor=actor, reason=note)
    save_versioned(cluster, expected_version=None, update_fields=[])
    facets_changed()
    return cluster
