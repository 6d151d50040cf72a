"""Registry reads, permission-checked; each takes the person looking as ``viewer=``.

The modules import downward only: ``visibility`` (who sees what, as queryset filters) and
``filters``/``search`` under ``facets`` (the directory's counts) under these selectors.
"""

from khooshe.registry.selectors.clusters import (
    cluster_get,
    cluster_list,
    cluster_members,
    cluster_stage_counts,
)
from khooshe.registry.selectors.common import apply_filters
from khooshe.registry.selectors.figures import home_figures
from khooshe.registry.selectors.organizations import (
    duplicate_candidates,
    match_count,
    organization_facets,
    organization_find,
    organization_get,
    organization_list,
    organization_merged_into,
    organization_page,
    organization_profile,
)
from khooshe.registry.selectors.people import person_affiliations, person_get, person_list
from khooshe.registry.selectors.staff import (
    capability_tree,
    changes_to_review_for,
    claim_get,
    lapsed_this_month_for,
    own_pending_claims,
    pending_claims_for,
    sector_list,
    unverified_for,
)
from khooshe.registry.visibility import (
    organization_visibility_q,
    organizations_visible_to,
    people_visible_to,
    person_visibility_q,
)

__all__ = [
    "apply_filters",
    "capability_tree",
    "changes_to_review_for",
    "claim_get",
    "cluster_get",
    "cluster_list",
    "cluster_members",
    "cluster_stage_counts",
    "duplicate_candidates",
    "home_figures",
    "lapsed_this_month_for",
    "match_count",
    "organization_facets",
    "organization_find",
    "organization_get",
    "organization_list",
    "organization_merged_into",
    "organization_page",
    "organization_profile",
    "organization_visibility_q",
    "organizations_visible_to",
    "own_pending_claims",
    "pending_claims_for",
    "people_visible_to",
    "person_affiliations",
    "person_get",
    "person_list",
    "person_visibility_q",
    "sector_list",
    "unverified_for",
]
