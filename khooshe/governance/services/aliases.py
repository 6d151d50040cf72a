"""The aliases of a body or a project (:mod:`khooshe.persian.aliases`): the other names the
news calls them by, kept by the staff who manage the record's province."""

from __future__ import annotations

from django.db import transaction

from khooshe.core.concurrency import save_versioned
from khooshe.governance import permissions
from khooshe.governance.models import Body, Project
from khooshe.governance.services._common import require
from khooshe.history.services import stamp
from khooshe.persian.aliases import aliases_text, validate_aliases


@transaction.atomic
def aliases_update(
    *, actor, record: Body | Project, aliases: str | list[str], expected_version: int | None = None
) -> Body | Project:
    require(permissions.can_manage_in(actor, record.province_id))
    validate_aliases(aliases)
    record.aliases = aliases_text(aliases)
    stamp(record, actor=actor)
    save_versioned(record, expected_version=expected_version, update_fields=["aliases"])
    return record
