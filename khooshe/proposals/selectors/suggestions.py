"""Suggested actors — "use local capacity" (استفاده از ظرفیت بومی).

For a proposal, registry organizations (and experts) able to deliver it are ranked by ONE
scoring function, :func:`score_sql` over the 0/1 flags of :func:`score_flags`, computed in
the database (one query: correlated EXISTS probes on indexed link tables, the score and the
ordering in SQL). Points (at most 100):

==========================================  ======  ==========================================
reason                                      points  how it is decided
==========================================  ======  ==========================================
capabilities matched                        40      40 × (required capabilities matched ÷
                                                    required); an organization's capability
                                                    matches a required one when it is the same
                                                    node or below it (``Capability.path``
                                                    prefix). No required capability: 0 for all.
sector served                               15      the proposal's sector is among the
                                                    organization's sectors
same county                                 15      the proposal's county …
… otherwise same province                    8      … or at least its province
verified by the guild                       10      ``verification == verified``
valid guild membership                       8      a NASR membership not expired today
knowledge-based                              6      a knowledge-based certificate not expired
cluster membership                           6      member of a cluster that is forming or
                                                    operational
==========================================  ======  ==========================================

Experts (registry people) use the same table without the rows that do not apply to a person
(sector, verification, knowledge-based, cluster): capabilities 40, county 15 / province 8,
membership 8.

Only a limited candidate set is scored (:func:`_candidates`): organizations with a required
capability (or one under it) anywhere, or in the proposal's county; the whole province only
when the proposal names no capability. An organization of the province that has none of the
required capabilities and sits in another county could reach at most 53 points (8 + 15 + 10
+ 8 + 6 + 6) and would rank below the capable ones; leaving those out keeps one proposal's
suggestions to a few thousand rows at 100,000 organizations. Government agencies, funds and
guilds (who do not deliver IT projects), hidden and merged records are left out. Ties go to
the verified, then the older record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.registry.models import Capability, Cluster, GuildMembership, Organization, Person

POINTS = {
    "capabilities": 40,
    "sector": 15,
    "county": 15,
    "province": 8,
    "verified": 10,
    "membership": 8,
    "knowledge_based": 6,
    "cluster": 6,
}

#: Kinds of organizations that do not deliver IT projects.
NON_DELIVERING_KINDS = (
    Organization.Kind.GOVERNMENT_AGENCY,
    Organization.Kind.FUND,
    Organization.Kind.GUILD,
)
ACTIVE_CLUSTER_STAGES = (Cluster.Stage.FORMING, Cluster.Stage.OPERATIONAL)


@dataclass
class Suggestion:
    kind: str  # "organization" | "person"
    id: int
    name: str
    score: int
    reasons: list[dict] = field(default_factory=list)
    county: str = ""
    province: str = ""
    verified: bool = False
    shortlisted: bool = False


def _below(path: str, candidate: str) -> bool:
    """Is ``candidate`` the node ``path`` or a node under it?"""
    if candidate == path:
        return True
    return candidate.startswith(path) and not candidate[len(path)].isalnum()


def capability_matches(proposal) -> list[set[int]]:
    """For each required capability, the ids of the capabilities that satisfy it (the node
    and its sub-capabilities)."""
    required = list(proposal.capabilities.all())
    if not required:
        return []
    prefix = Q()
    for capability in required:
        if capability.path:
            prefix |= Q(path__startswith=capability.path)
    rows = list(Capability.objects.filter(prefix).values_list("pk", "path")) if prefix else []
    result = []
    for capability in required:
        ids = {capability.pk}
        if capability.path:
            ids |= {pk for pk, path in rows if _below(capability.path, path)}
        result.append(ids)
    return result


def _valid_memberships(today):
    return GuildMembership.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _has(model, column: str, **conditions) -> Case:
    """1 when a row of ``model`` points at the outer organization/person (a correlated
    EXISTS on an indexed foreign key: one index probe per scored row)."""
    return _flag(Exists(model.objects.filter(**{column: OuterRef("pk")}, **conditions)))


def score_flags(matches: list[set[int]], proposal, *, today) -> dict:
    """Annotations for organizations: each reason's 0/1 flag and ``cap_matched`` (how many
    required capabilities are matched); :func:`score_sql` turns them into the score."""
    through = Organization.capabilities.through
    sectors = Organization.sectors.through
    clusters = Cluster.members.through
    flags = {
        "f_county": _flag(Q(county_id=proposal.county_id)),
        "f_province": _flag(Q(province_id=proposal.province_id)),
        "f_verified": _flag(Q(verification=Organization.Verification.VERIFIED)),
        "f_kb": _flag(
            ~Q(kb_certificate_number="")
            & (Q(kb_certificate_expires_on__isnull=True) | Q(kb_certificate_expires_on__gte=today))
        ),
        "f_membership": _flag(
            Exists(_valid_memberships(today).filter(organization_id=OuterRef("pk")))
        ),
        "f_cluster": _has(clusters, "organization_id", cluster__stage__in=ACTIVE_CLUSTER_STAGES),
        "f_sector": _has(sectors, "organization_id", sector_id=proposal.sector_id)
        if proposal.sector_id
        else Value(0, output_field=IntegerField()),
    }
    cap_terms = [_has(through, "organization_id", capability_id__in=ids) for ids in matches]
    flags["cap_matched"] = (
        sum(cap_terms[1:], cap_terms[0]) if cap_terms else Value(0, output_field=IntegerField())
    )
    return flags


def score_sql(required: int, *, person: bool = False) -> str:
    """THE scoring function (see the module docstring): the SQL expression of the score
    over the flag columns, for organizations or (``person=True``) experts."""
    per_capability = POINTS["capabilities"] / required if required else 0.0
    terms = [
        f"cap_matched * {per_capability!r}",
        f"f_county * {POINTS['county']}",
        f"(f_province - f_county) * {POINTS['province']}",
        f"f_membership * {POINTS['membership']}",
    ]
    if not person:
        terms += [
            f"f_sector * {POINTS['sector']}",
            f"f_verified * {POINTS['verified']}",
            f"f_kb * {POINTS['knowledge_based']}",
            f"f_cluster * {POINTS['cluster']}",
        ]
    return " + ".join(terms)


def _ranked(queryset, flags: dict, *, required: int, limit: int | None, person: bool = False):
    """Rows of ``queryset`` with their flags (computed once per row in a derived table) and
    score, best first."""
    inner = queryset.annotate(
        **flags, county_name=F("county__name"), province_name=F("province__name")
    )
    if person:
        inner = inner.annotate(
            person_name=Concat("first_name", Value(" "), "last_name", output_field=CharField())
        ).values("id", "person_name", "county_name", "province_name", *flags)
    else:
        inner = inner.values("id", "name", "verification", "county_name", "province_name", *flags)
    sql, params = inner.order_by().query.sql_with_params()
    order = "score DESC, id" if person else "score DESC, f_verified DESC, id"
    fence = ""
    if connection.vendor == "postgresql":
        # OFFSET 0 keeps PostgreSQL from pulling the derived table up (which would compute
        # every flag twice: for the columns and again inside the score).
        fence = " OFFSET 0"
    query = (
        f"SELECT c.*, {score_sql(required, person=person)} AS score "  # noqa: S608 — our SQL
        f"FROM ({sql}{fence}) c ORDER BY {order}"
    )
    if limit:
        query += f" LIMIT {int(limit)}"
    # (JIT is off for every PostgreSQL connection in settings: compiling this query would
    # cost seconds, running it milliseconds.)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _candidates(proposal, matches: list[set[int]]):
    """Organizations that may deliver: with a required capability (or one under it)
    anywhere, or in the proposal's county; the whole province when the proposal names no
    capability. Agencies, funds, guilds, hidden and merged records are left out."""
    through = Organization.capabilities.through
    all_ids = set().union(*matches) if matches else set()
    if not all_ids:
        where = Q(province_id=proposal.province_id)
    else:
        # One id list from two indexes (the county's organizations, the capability links),
        # so that the database looks organizations up by key instead of scanning them all.
        ids = (
            Organization.objects.filter(county_id=proposal.county_id)
            .order_by()
            .values("pk")
            .union(
                through.objects.filter(capability_id__in=all_ids)
                .order_by()
                .values("organization_id")
            )
        )
        where = Q(pk__in=ids)
    return (
        Organization.objects.filter(where)
        .filter(merged_into__isnull=True, is_public=True)
        .exclude(kind__in=NON_DELIVERING_KINDS)
    )


def _reasons(row, matches, *, person: bool = False) -> list[dict]:
    reasons = []
    if matches and row["cap_matched"]:
        reasons.append(
            {
                "code": "capabilities",
                "label": _("%(matched)s از %(required)s توانمندی لازم")
                % {"matched": row["cap_matched"], "required": len(matches)},
                "points": round(POINTS["capabilities"] * row["cap_matched"] / len(matches)),
            }
        )
    if not person and row["f_sector"]:
        reasons.append(
            {"code": "sector", "label": _("در همین بخش خدمت می‌دهد"), "points": POINTS["sector"]}
        )
    if row["f_county"]:
        reasons.append(
            {"code": "county", "label": _("در همین شهرستان"), "points": POINTS["county"]}
        )
    elif row["f_province"]:
        reasons.append(
            {"code": "province", "label": _("در همین استان"), "points": POINTS["province"]}
        )
    if not person and row["f_verified"]:
        reasons.append(
            {"code": "verified", "label": _("تأییدشده نظام صنفی"), "points": POINTS["verified"]}
        )
    if row["f_membership"]:
        reasons.append(
            {
                "code": "membership",
                "label": _("عضویت معتبر نظام صنفی"),
                "points": POINTS["membership"],
            }
        )
    if not person and row["f_kb"]:
        reasons.append(
            {
                "code": "knowledge_based",
                "label": _("دانش‌بنیان"),
                "points": POINTS["knowledge_based"],
            }
        )
    if not person and row["f_cluster"]:
        reasons.append({"code": "cluster", "label": _("عضو خوشه"), "points": POINTS["cluster"]})
    return reasons


def _organization_rows(proposal, matches, *, limit: int | None, only_pk: int | None = None):
    flags = score_flags(matches, proposal, today=timezone.localdate())
    queryset = (
        Organization.objects.filter(pk=only_pk)
        if only_pk is not None
        else _candidates(proposal, matches)
    )
    return _ranked(queryset, flags, required=len(matches), limit=limit)


def suggest_organizations(proposal, *, limit: int = 20, matches=None) -> list[Suggestion]:
    """The ``limit`` best organizations for ``proposal``, best first, with their reasons."""
    if matches is None:
        matches = capability_matches(proposal)
    rows = _organization_rows(proposal, matches, limit=limit)
    return [
        Suggestion(
            kind="organization",
            id=row["id"],
            name=row["name"],
            score=round(row["score"]),
            reasons=_reasons(row, matches),
            county=row["county_name"] or "",
            province=row["province_name"] or "",
            verified=row["verification"] == Organization.Verification.VERIFIED,
        )
        for row in rows
    ]


def _person_rows(proposal, matches, *, limit: int | None, only_pk: int | None = None):
    today = timezone.localdate()
    through = Person.capabilities.through
    cap_terms = [_has(through, "person_id", capability_id__in=ids) for ids in matches]
    flags = {
        "f_county": _flag(Q(county_id=proposal.county_id)),
        "f_province": _flag(Q(province_id=proposal.province_id)),
        "f_membership": _flag(Exists(_valid_memberships(today).filter(person_id=OuterRef("pk")))),
        "cap_matched": sum(cap_terms[1:], cap_terms[0])
        if cap_terms
        else Value(0, output_field=IntegerField()),
    }
    if only_pk is not None:
        queryset = Person.objects.filter(pk=only_pk)
    else:
        all_ids = set().union(*matches) if matches else set()
        if not all_ids:
            # Without required capabilities an expert cannot be told apart: none suggested.
            return []
        queryset = Person.objects.filter(
            pk__in=through.objects.filter(capability_id__in=all_ids).values("person_id"),
            is_public=True,
        )
    return _ranked(queryset, flags, required=len(matches), limit=limit, person=True)


def suggest_people(proposal, *, limit: int = 10, matches=None) -> list[Suggestion]:
    if matches is None:
        matches = capability_matches(proposal)
    rows = _person_rows(proposal, matches, limit=limit)
    return [
        Suggestion(
            kind="person",
            id=row["id"],
            name=(row["person_name"] or "").strip(),
            score=round(row["score"]),
            reasons=_reasons(row, matches, person=True),
            county=row["county_name"] or "",
            province=row["province_name"] or "",
        )
        for row in rows
    ]


def suggestions_for(proposal, *, limit: int = 20) -> dict[str, list[Suggestion]]:
    """Organizations and experts for ``proposal``, each list best first; those already on
    the shortlist are marked."""
    matches = capability_matches(proposal)
    organizations = suggest_organizations(proposal, limit=limit, matches=matches)
    people = suggest_people(proposal, limit=max(5, limit // 2), matches=matches)
    listed = set(proposal.shortlist.values_list("organization_id", "person_id"))
    listed_orgs = {o for o, _p in listed if o}
    listed_people = {p for _o, p in listed if p}
    for suggestion in organizations:
        suggestion.shortlisted = suggestion.id in listed_orgs
    for suggestion in people:
        suggestion.shortlisted = suggestion.id in listed_people
    return {"organizations": organizations, "people": people}


def explain_candidate(proposal, *, organization=None, person=None) -> tuple[int, list[dict]]:
    """The score and reasons of one organization or person for ``proposal`` (same function
    as the ranking)."""
    matches = capability_matches(proposal)
    if organization is not None:
        rows = _organization_rows(proposal, matches, limit=None, only_pk=organization.pk)
        is_person = False
    else:
        rows = _person_rows(proposal, matches, limit=None, only_pk=person.pk)
        is_person = True
    if not rows:
        return 0, []
    return round(rows[0]["score"]), _reasons(rows[0], matches, person=is_person)
