"""The registry's pages, function-based; reads through selectors, writes through services."""

from khooshe.registry.views.clusters import (
    cluster_create,
    cluster_detail,
    cluster_history,
    cluster_list,
    cluster_member,
    cluster_stage,
)
from khooshe.registry.views.directory import counties, index, suggest
from khooshe.registry.views.organizations import (
    organization_claim,
    organization_create,
    organization_detail,
    organization_edit,
    organization_history,
    organization_membership,
    organization_merge,
    organization_revoke,
    organization_verify,
)
from khooshe.registry.views.people import (
    person_affiliation_add,
    person_create,
    person_detail,
    person_edit,
    person_history,
    person_list,
)
from khooshe.registry.views.staff import claim_detail, claim_list, taxonomy

__all__ = [
    "claim_detail",
    "claim_list",
    "cluster_create",
    "cluster_detail",
    "cluster_history",
    "cluster_list",
    "cluster_member",
    "cluster_stage",
    "counties",
    "index",
    "organization_claim",
    "organization_create",
    "organization_detail",
    "organization_edit",
    "organization_history",
    "organization_membership",
    "organization_merge",
    "organization_revoke",
    "organization_verify",
    "person_affiliation_add",
    "person_create",
    "person_detail",
    "person_edit",
    "person_history",
    "person_list",
    "suggest",
    "taxonomy",
]
