"""Suggested actors — "use local capacity" (استفاده از ظرفیت بومی).

For a proposal, registry organizations (and experts) able to deliver it are ranked by ONE
scoring function, :func:`score`, over each candidate's 0/1 reasons. Points (at most 100):

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

Local first (article 001, "use local capacity"): the ranking is by place before points —
candidates in the proposal's county, then the rest of its province, then (only when asked
for, ``other_provinces=True``: the page's toggle, the API's ``other_provinces=1``) everyone
else; inside each of the three tiers by score. A better-matching firm of another province
never outranks a local one, and by default is not listed at all.

Candidates (:func:`_candidates`): organizations with a required capability (or one under it),
or in the proposal's county; the whole province when the proposal names no capability.
Government agencies, funds and guilds (who do not deliver IT projects), hidden and merged
records are left out. Ties go to the verified, then the older record.

Organizations are ranked on the registry's bitmap index (:mod:`khooshe.registry.bitmaps`):
the candidates are split by each reason into groups whose members share every reason, hence
the score; the groups are taken best first and the page's organizations read by id. The work
depends on the number of reasons, not of candidates (30,000 at 100,000 organizations for a
broad capability). Experts, a few thousand at most, are scored row by row with the same
function.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

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
from pyroaring import BitMap

from khooshe.registry import bitmaps as registry_bitmaps
from khooshe.registry.models import Capability, GuildMembership, Organization, Person

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
#: The reasons that apply to an organization, and to an expert (a registry person).
ORGANIZATION_REASONS = ("sector", "verified", "membership", "knowledge_based", "cluster")
PERSON_REASONS = ("membership",)

#: Kinds of organizations that do not deliver IT projects.
NON_DELIVERING_KINDS = (
    Organization.Kind.GOVERNMENT_AGENCY,
    Organization.Kind.FUND,
    Organization.Kind.GUILD,
)


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


def score(reasons: Mapping[str, int], *, required: int, person: bool = False) -> float:
    """THE scoring function (see the module docstring): ``reasons`` holds ``cap_matched``
    (how many of the ``required`` capabilities are matched) and each reason's 0/1 flag."""
    points = POINTS["capabilities"] * reasons.get("cap_matched", 0) / required if required else 0.0
    if reasons.get("county"):
        points += POINTS["county"]
    elif reasons.get("province"):
        points += POINTS["province"]
    applicable = PERSON_REASONS if person else ORGANIZATION_REASONS
    return points + sum(POINTS[name] for name in applicable if reasons.get(name))


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


# --- Organizations: on the bitmap index ------------------------------------------------------


def _organization_bitmaps(index, proposal, matches: list[set[int]]):
    """(one bitmap per required capability, [(reason, bitmap of the organizations having
    it)]) for ``proposal``."""
    capabilities = [index.any_of("capability", ids) for ids in matches]
    reasons = [
        ("county", index.get("county", proposal.county_id)),
        ("province", index.get("province", proposal.province_id)),
        ("sector", index.get("sector", proposal.sector_id) if proposal.sector_id else BitMap()),
        ("verified", index.verified),
        ("membership", index.guild_member),
        ("knowledge_based", index.knowledge_based),
        ("cluster", index.active_cluster),
    ]
    return capabilities, reasons


def _candidates(index, proposal, capabilities: list[BitMap], *, other_provinces: bool) -> BitMap:
    """Organizations that may deliver (see the module docstring)."""
    province = index.get("province", proposal.province_id)
    if capabilities:
        reach = BitMap.union(index.get("county", proposal.county_id), *capabilities)
        if not other_provinces:
            reach &= province
    else:
        reach = province
    excluded = index.any_of("kind", NON_DELIVERING_KINDS)
    return (reach & index.public) - excluded


def place_tier(flags: Mapping[str, int]) -> int:
    """2 in the proposal's county, 1 elsewhere in its province, 0 outside it: the first key
    of every ranking."""
    if flags.get("county"):
        return 2
    return 1 if flags.get("province") else 0


def _groups(candidates: BitMap, capabilities: list[BitMap], reasons) -> list[tuple]:
    """The candidates split into groups sharing every reason: [(ids, reasons)]."""
    groups = [(candidates, {"cap_matched": 0})]
    splits = [("cap_matched", bitmap) for bitmap in capabilities] + list(reasons)
    for name, bitmap in splits:
        split = []
        for members, flags in groups:
            inside, outside = members & bitmap, members - bitmap
            if inside:
                counted = flags.get(name, 0) + 1 if name == "cap_matched" else 1
                split.append((inside, {**flags, name: counted}))
            if outside:
                split.append((outside, {**flags, name: flags.get(name, 0)}))
        groups = split
    return groups


def _ranked_organizations(
    proposal, matches, *, limit: int, other_provinces: bool = False
) -> list[tuple[int, dict, float]]:
    """The ``limit`` best candidates as (id, reasons, score): the groups best first (place,
    score, then verified), ids ascending (older first) inside equal ranks."""
    index = registry_bitmaps.current()
    capabilities, reasons = _organization_bitmaps(index, proposal, matches)
    candidates = _candidates(index, proposal, capabilities, other_provinces=other_provinces)
    groups = [
        (
            (place_tier(flags), round(score(flags, required=len(matches)), 6), flags["verified"]),
            members,
            flags,
        )
        for members, flags in _groups(candidates, capabilities, reasons)
    ]
    groups.sort(key=lambda g: tuple(-key for key in g[0]))
    picked: list[tuple[int, dict, float]] = []
    for (_tier, points, _verified), tied in itertools.groupby(groups, key=lambda g: g[0]):
        tied = list(tied)
        for pk in BitMap.union(*(members for _rank, members, _flags in tied)):
            flags = next(flags for _rank, members, flags in tied if pk in members)
            picked.append((pk, flags, points))
            if len(picked) >= limit:
                return picked
    return picked


def _organization_reasons(proposal, matches, pk: int) -> dict:
    """One organization's reasons, read from the same bitmaps as the ranking."""
    index = registry_bitmaps.current()
    capabilities, reasons = _organization_bitmaps(index, proposal, matches)
    flags = {name: int(pk in bitmap) for name, bitmap in reasons}
    flags["cap_matched"] = sum(pk in bitmap for bitmap in capabilities)
    return flags


def suggest_organizations(
    proposal, *, limit: int = 20, matches=None, other_provinces: bool = False
) -> list[Suggestion]:
    """The ``limit`` best organizations for ``proposal``, best first, with their reasons."""
    if matches is None:
        matches = capability_matches(proposal)
    ranked = _ranked_organizations(proposal, matches, limit=limit, other_provinces=other_provinces)
    rows = {
        row["id"]: row
        for row in Organization.objects.filter(pk__in=[pk for pk, _f, _s in ranked]).values(
            "id",
            "name",
            "verification",
            county_name=F("county__name"),
            province_name=F("province__name"),
        )
    }
    return [
        Suggestion(
            kind="organization",
            id=pk,
            name=rows[pk]["name"],
            score=round(points),
            reasons=_reasons(flags, matches),
            county=rows[pk]["county_name"] or "",
            province=rows[pk]["province_name"] or "",
            verified=rows[pk]["verification"] == Organization.Verification.VERIFIED,
        )
        for pk, flags, points in ranked
        if pk in rows
    ]


# --- Experts: scored row by row ---------------------------------------------------------------


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _person_rows(
    proposal, matches, *, only_pk: int | None = None, other_provinces: bool = True
) -> list[dict]:
    """Candidate experts with their reasons (one query: correlated EXISTS probes on indexed
    link tables)."""
    today = timezone.localdate()
    through = Person.capabilities.through
    cap_terms = [
        _flag(Exists(through.objects.filter(person_id=OuterRef("pk"), capability_id__in=ids)))
        for ids in matches
    ]
    valid = GuildMembership.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today), person_id=OuterRef("pk")
    )
    flags = {  # prefixed: "county" and "province" are the model's own fields
        "f_county": _flag(Q(county_id=proposal.county_id)),
        "f_province": _flag(Q(province_id=proposal.province_id)),
        "f_membership": _flag(Exists(valid)),
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
        if not other_provinces:
            queryset = queryset.filter(province_id=proposal.province_id)
    rows = queryset.annotate(
        **flags,
        person_name=Concat("first_name", Value(" "), "last_name", output_field=CharField()),
        county_name=F("county__name"),
        province_name=F("province__name"),
    ).values("id", "person_name", "county_name", "province_name", *flags)
    return [{name.removeprefix("f_"): value for name, value in row.items()} for row in rows]


def suggest_people(
    proposal, *, limit: int = 10, matches=None, other_provinces: bool = False
) -> list[Suggestion]:
    if matches is None:
        matches = capability_matches(proposal)
    required = len(matches)
    rows = sorted(
        _person_rows(proposal, matches, other_provinces=other_provinces),
        key=lambda row: (
            -place_tier(row),
            -score(row, required=required, person=True),
            row["id"],
        ),
    )[:limit]
    return [
        Suggestion(
            kind="person",
            id=row["id"],
            name=(row["person_name"] or "").strip(),
            score=round(score(row, required=required, person=True)),
            reasons=_reasons(row, matches, person=True),
            county=row["county_name"] or "",
            province=row["province_name"] or "",
        )
        for row in rows
    ]


# --- Both ---------------------------------------------------------------------------------------


def _reasons(flags: Mapping[str, int], matches, *, person: bool = False) -> list[dict]:
    reasons = []
    if matches and flags["cap_matched"]:
        reasons.append(
            {
                "code": "capabilities",
                "label": _("%(matched)s از %(required)s توانمندی لازم")
                % {"matched": flags["cap_matched"], "required": len(matches)},
                "points": round(POINTS["capabilities"] * flags["cap_matched"] / len(matches)),
            }
        )
    labels = {
        "sector": _("در همین بخش خدمت می‌دهد"),
        "county": _("در همین شهرستان"),
        "province": _("در همین استان"),
        "verified": _("تأییدشده نظام صنفی"),
        "membership": _("عضویت معتبر نظام صنفی"),
        "knowledge_based": _("دانش‌بنیان"),
        "cluster": _("عضو خوشه"),
    }
    applicable = PERSON_REASONS if person else ORGANIZATION_REASONS
    for code, label in labels.items():
        if code == "province" and flags.get("county"):
            continue  # the county's points include the province's
        if (code in applicable or code in ("county", "province")) and flags.get(code):
            reasons.append({"code": code, "label": label, "points": POINTS[code]})
    return reasons


def suggestions_for(
    proposal, *, limit: int = 20, other_provinces: bool = False
) -> dict[str, list[Suggestion]]:
    """Organizations and experts for ``proposal``, each list best first (local first: see the
    module docstring); those already on the shortlist are marked. Candidates outside the
    proposal's province only with ``other_provinces``, and always after the local ones."""
    matches = capability_matches(proposal)
    organizations = suggest_organizations(
        proposal, limit=limit, matches=matches, other_provinces=other_provinces
    )
    people = suggest_people(
        proposal, limit=max(5, limit // 2), matches=matches, other_provinces=other_provinces
    )
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
        flags = _organization_reasons(proposal, matches, organization.pk)
        is_person = False
    else:
        rows = _person_rows(proposal, matches, only_pk=person.pk)
        if not rows:
            return 0, []
        flags, is_person = rows[0], True
    points = score(flags, required=len(matches), person=is_person)
    return round(points), _reasons(flags, matches, person=is_person)
