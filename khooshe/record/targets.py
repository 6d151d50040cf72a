"""What a mention can point at, named one way in the pages and the API: ``kind:id`` with kind
one of organization, person, cluster, body, project.

Staff correcting a mention (the text said «مخابرات» and the parser linked the wrong company)
pick the right record from :func:`find_targets`, which searches the same folded keys the
parser compares — names by prefix of the indexed ``search_key``, aliases through the partial
index of the rows that have any — so what staff can pick is what the parser could have found.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from khooshe.governance.models import Body, Project
from khooshe.persian.aliases import alias_keys
from khooshe.persian.text import search_key
from khooshe.record.services.processing import Target
from khooshe.registry.models import Cluster, Organization, Person

#: kind → (model, the suggestion's field for it)
KINDS = {
    "organization": (Organization, "organization"),
    "person": (Person, "person"),
    "cluster": (Cluster, "cluster"),
    "body": (Body, "mentioned_body"),
    "project": (Project, "project"),
}
#: Candidates of each kind offered for one search.
PER_KIND = 6
#: The shortest folded query searched (one letter matches too much to be useful).
MIN_QUERY = 2


def _visible(model):
    rows = model.objects.all()
    if model is Organization:
        rows = rows.filter(merged_into__isnull=True)
    if hasattr(model, "is_public"):
        rows = rows.filter(is_public=True)
    return rows


def resolve_target(value: str):
    """The record ``kind:id`` names, or a ValidationError naming what is wrong."""
    kind, _sep, raw_id = (value or "").partition(":")
    if kind not in KINDS or not raw_id.isascii() or not raw_id.isdigit() or len(raw_id) > 18:
        raise ValidationError(
            {"target": [_("رکورد مقصد باید به شکل «نوع:شناسه» باشد، مثل organization:12.")]}
        )
    model, _field = KINDS[kind]
    record = _visible(model).filter(pk=int(raw_id)).first()
    if record is None:
        raise ValidationError({"target": [_("رکوردی با این شناسه یافت نشد.")]})
    return record


def target_value(record) -> str:
    """``kind:id`` of a record of :data:`KINDS`."""
    for kind, (model, _field) in KINDS.items():
        if isinstance(record, model):
            return f"{kind}:{record.pk}"
    raise TypeError(f"{type(record).__name__} cannot be mentioned")


def _label(kind: str, record) -> str:
    if kind == "person":
        return f"{record.first_name} {record.last_name}"
    return getattr(record, "name", None) or getattr(record, "title", "")


def find_targets(query: str, *, province_id: int | None) -> list[Target]:
    """Records whose name starts with, or one of whose aliases contains, the folded
    ``query``: the article's province's own first, at most :data:`PER_KIND` of each kind."""
    key = search_key(query or "")
    if len(key) < MIN_QUERY:
        return []
    found: list[Target] = []
    for kind, (model, _field) in KINDS.items():
        rows = _visible(model).order_by()
        if kind in ("body", "project"):
            # A few per province: read the province's and the national ones whole.
            near = rows.filter(Q(province__isnull=True) | Q(province_id=province_id))
            name = "title" if kind == "project" else "name"
            matches = [
                r
                for r in near.only("pk", name, "aliases", "province_id")
                if search_key(getattr(r, name)).startswith(key)
                or any(key in alias for alias in alias_keys(r.aliases))
            ]
        else:
            by_name = list(rows.filter(search_key__startswith=key)[: PER_KIND * 4])
            # Through the partial index of the rows with aliases alone (another condition
            # here would make the planner read the whole table); visibility checked after.
            alias_ids = [
                pk
                for pk, aliases in model.objects.exclude(aliases="")
                .order_by()
                .values_list("pk", "aliases")
                if any(key in alias for alias in alias_keys(aliases))
            ]
            with_alias = list(rows.filter(pk__in=alias_ids)) if alias_ids else []
            matches = list({r.pk: r for r in [*by_name, *with_alias]}.values())
        matches.sort(key=lambda r: (r.province_id != province_id, _label(kind, r)))
        found += [Target(kind, r.pk, _label(kind, r), r.province_id) for r in matches[:PER_KIND]]
    return found
