"""Registry use cases (write side): one function per use case, each taking ``actor=``.

The page, the API, the admin and commands call these the same way.
"""

from khooshe.registry.services.claims import claim_approve, claim_reject, organization_claim
from khooshe.registry.services.clusters import (
    CLUSTER_STAGES,
    cluster_advance,
    cluster_create,
    cluster_members_change,
    cluster_refresh_search,
    cluster_update,
)
from khooshe.registry.services.merge import organization_merge
from khooshe.registry.services.organizations import (
    LOGO_MAX_BYTES,
    ORGANIZATION_FIELDS,
    VERIFICATION,
    organization_lapse,
    organization_refresh_search,
    organization_register,
    organization_revoke,
    organization_update,
    organization_verify,
)
from khooshe.registry.services.people import (
    PERSON_FIELDS,
    affiliation_add,
    affiliation_end,
    guild_membership_save,
    person_create,
    person_refresh_search,
    person_update,
)
from khooshe.registry.services.reviews import change_accept, change_reject
from khooshe.registry.services.taxonomy import capability_save, sector_save
from khooshe.registry.services.verification import CHANGE_REVIEW, pending_change

__all__ = [
    "CHANGE_REVIEW",
    "CLUSTER_STAGES",
    "LOGO_MAX_BYTES",
    "ORGANIZATION_FIELDS",
    "PERSON_FIELDS",
    "VERIFICATION",
    "affiliation_add",
    "affiliation_end",
    "capability_save",
    "change_accept",
    "change_reject",
    "claim_approve",
    "claim_reject",
    "cluster_advance",
    "cluster_create",
    "cluster_members_change",
    "cluster_refresh_search",
    "cluster_update",
    "guild_membership_save",
    "organization_claim",
    "organization_lapse",
    "organization_merge",
    "organization_refresh_search",
    "organization_register",
    "organization_revoke",
    "organization_update",
    "organization_verify",
    "pending_change",
    "person_create",
    "person_refresh_search",
    "person_update",
    "sector_save",
]
