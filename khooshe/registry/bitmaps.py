"""The registry's bitmap index: for every value an organization can be filtered or scored by
(kind, province, county, capability, sector, cluster, verified, valid guild membership,
knowledge-based, public), the set of ids of the organizations having it, as Roaring bitmaps
(``pyroaring``, a C library).

Why: counting the matches of a search per filter value (the directory's facets) and scoring
a proposal's suggested actors read, for every matching organization, its links to
capabilities, sectors and clusters. In SQL that is one index probe per matching row — tens of
milliseconds when a word matches 15–30 % of 100,000 records. With the bitmaps each count is one
intersection's cardinality and each score level one intersection, whatever the number of
matches. Neither database keeps such per-value sets that a query can intersect, and a search
server (OpenSearch, Solr) would be another service to run and keep in step; this is ~300 KB per
process at 100,000 organizations, built from the database in five queries (about a second,
reported by ``make bench``).

What matching records a search finds still comes from the database's text index
(:mod:`khooshe.registry.search`); the bitmaps only answer "which of them have value X".

Freshness: every write to an organization, its links, its guild memberships or its clusters
records the changed ids (:func:`organizations_changed`, from signals: once when the row is
written and again when the transaction commits, so a process that read the log before the
commit reads the committed rows later). Before each read a process applies the ids recorded
since its copy was made by re-reading those organizations, or rebuilds everything when the log
is gone from the cache, a bulk writer called :func:`everything_changed`, the day changed
(memberships and certificates expire), or the copy is older than :data:`MAX_AGE_SECONDS` (a
safety net for writes that bypass Django).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from pyroaring import BitMap

from khooshe.registry.models import Cluster, GuildMembership, Organization

GENERATION_KEY = "registry:bitmaps:generation"
LOG_KEY = "registry:bitmaps:log:{}"
LOG_SECONDS = 3600
#: More changed ids than this since a process's copy: rebuilding is cheaper than re-reading.
DELTA_LIMIT = 2000
MAX_AGE_SECONDS = 600
EVERYTHING = "*"

__all__ = [
    "OrganizationBitmaps",
    "current",
    "everything_changed",
    "forget",
    "next_generation",
    "organizations_changed",
]


@dataclass
class OrganizationBitmaps:
    """Ids of organizations per value. Merged duplicates are in none of them."""

    built_on: date
    generation: int
    built_at: float = field(default_factory=time.monotonic)
    listed: BitMap = field(default_factory=BitMap)  # every unmerged organization
    public: BitMap = field(default_factory=BitMap)
    verified: BitMap = field(default_factory=BitMap)
    knowledge_based: BitMap = field(default_factory=BitMap)
    guild_member: BitMap = field(default_factory=BitMap)
    active_cluster: BitMap = field(default_factory=BitMap)  # in a forming/operational cluster
    kind: dict[str, BitMap] = field(default_factory=lambda: defaultdict(BitMap))
    province: dict[int, BitMap] = field(default_factory=lambda: defaultdict(BitMap))
    county: dict[int, BitMap] = field(default_factory=lambda: defaultdict(BitMap))
    capability: dict[int, BitMap] = field(default_factory=lambda: defaultdict(BitMap))
    sector: dict[int, BitMap] = field(default_factory=lambda: defaultdict(BitMap))
    cluster: dict[int, BitMap] = field(default_factory=lambda: defaultdict(BitMap))

    def get(self, name: str, value) -> BitMap:
        """The organizations with ``value`` of the per-value map ``name`` (empty if none)."""
        found = getattr(self, name).get(value)
        return found if found is not None else BitMap()

    def any_of(self, name: str, values: Iterable) -> BitMap:
        """The organizations with at least one of ``values`` (e.g. a capability's subtree)."""
        maps = getattr(self, name)
        return BitMap.union(BitMap(), *(maps[v] for v in values if v in maps))

    def _all_maps(self) -> Iterable[BitMap]:
        yield from (
            self.listed,
            self.public,
            self.verified,
            self.knowledge_based,
            self.guild_member,
            self.active_cluster,
        )
        for per_value in (
            self.kind,
            self.province,
            self.county,
            self.capability,
            self.sector,
            self.cluster,
        ):
            yield from per_value.values()

    def load(self, ids: Iterable[int] | None = None) -> None:
        """Read the organizations ``ids`` (all when None) from the database into the maps,
        after removing every trace of them: five queries whatever their number."""
        only = None if ids is None else sorted(set(ids))
        if only is not None:
            removed = BitMap(only)
            for bitmap in self._all_maps():
                bitmap.difference_update(removed)

        def restricted(queryset, column: str):
            return queryset if only is None else queryset.filter(**{f"{column}__in": only})

        today = self.built_on
        rows = restricted(Organization.objects.filter(merged_into__isnull=True), "pk").values_list(
            "pk",
            "is_public",
            "kind",
            "province_id",
            "county_id",
            "verification",
            "kb_certificate_number",
            "kb_certificate_expires_on",
        )
        listed: list[int] = []
        public, verified, knowledge_based = [], [], []
        groups: dict[tuple[str, object], list[int]] = defaultdict(list)
        for (
            pk,
            is_public,
            kind,
            province,
            county,
            verification,
            kb_number,
            kb_expires,
        ) in rows.order_by().iterator(chunk_size=5000):
            listed.append(pk)
            if is_public:
                public.append(pk)
            if verification == Organization.Verification.VERIFIED:
                verified.append(pk)
            if kb_number and (kb_expires is None or kb_expires >= today):
                knowledge_based.append(pk)
            groups["kind", kind].append(pk)
            groups["province", province].append(pk)
            if county is not None:
                groups["county", county].append(pk)
        self.listed.update(listed)
        self.public.update(public)
        self.verified.update(verified)
        self.knowledge_based.update(knowledge_based)
        kept = BitMap(listed)  # links of merged records are left out

        members = restricted(
            GuildMembership.objects.filter(organization__isnull=False).filter(
                Q(expires_on__isnull=True) | Q(expires_on__gte=today)
            ),
            "organization_id",
        ).values_list("organization_id", flat=True)
        self.guild_member.update(kept & BitMap(members.order_by().iterator(chunk_size=10000)))

        links = (
            ("capability", Organization.capabilities.through, "capability_id"),
            ("sector", Organization.sectors.through, "sector_id"),
            ("cluster", Cluster.members.through, "cluster_id"),
        )
        for name, through, column in links:
            pairs = restricted(through.objects.all(), "organization_id").values_list(
                "organization_id", column
            )
            for organization, value in pairs.order_by().iterator(chunk_size=20000):
                if organization in kept:
                    groups[name, value].append(organization)
        for (name, value), pks in groups.items():
            getattr(self, name)[value].update(pks)
        active = Cluster.objects.filter(
            stage__in=(Cluster.Stage.FORMING, Cluster.Stage.OPERATIONAL)
        ).values_list("pk", flat=True)
        self.active_cluster.clear()
        self.active_cluster.update(self.any_of("cluster", active))


_lock = threading.Lock()
_copy: OrganizationBitmaps | None = None


def _generation() -> int:
    return int(cache.get(GENERATION_KEY, 0) or 0)


def _build(generation: int) -> OrganizationBitmaps:
    bitmaps = OrganizationBitmaps(built_on=timezone.localdate(), generation=generation)
    bitmaps.load()
    return bitmaps


def current() -> OrganizationBitmaps:
    """This process's bitmaps, brought up to date with the changes recorded since they were
    made (or rebuilt; see the module docstring)."""
    global _copy
    with _lock:
        generation = _generation()
        copy = _copy
        stale = (
            copy is None
            or copy.built_on != timezone.localdate()
            or time.monotonic() - copy.built_at > MAX_AGE_SECONDS
            or generation < copy.generation
        )
        if not stale and generation > copy.generation:
            wanted = [LOG_KEY.format(g) for g in range(copy.generation + 1, generation + 1)]
            logs = cache.get_many(wanted) if len(wanted) <= DELTA_LIMIT else {}
            changed: set[int] = set()
            if len(logs) != len(wanted) or any(log == EVERYTHING for log in logs.values()):
                stale = True
            else:
                for log in logs.values():
                    changed.update(log)
                stale = len(changed) > DELTA_LIMIT
            if not stale:
                copy.load(changed)
                copy.generation = generation
        if stale:
            copy = _copy = _build(generation)
        return copy


def forget() -> None:
    """Drop this process's copy (tests: the database was rolled back under it)."""
    global _copy
    with _lock:
        _copy = None


def next_generation(key: str) -> int:
    """Add one to the shared counter ``key`` (created at 1) and return it; atomic across
    processes on Redis."""
    if cache.add(key, 1, None):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, None)
        return 1


def _record(entry) -> None:
    cache.set(LOG_KEY.format(next_generation(GENERATION_KEY)), entry, LOG_SECONDS)


def organizations_changed(ids: Iterable[int]) -> None:
    """Record that these organizations (or their links) changed: now, and again when the
    surrounding transaction commits."""
    changed = sorted({int(pk) for pk in ids if pk is not None})
    if not changed:
        return
    _record(changed)
    transaction.on_commit(lambda: _record(changed))


def everything_changed() -> None:
    """Bulk writers (imports, the generator, the demo loader): every process rebuilds."""
    _record(EVERYTHING)
    transaction.on_commit(lambda: _record(EVERYTHING))
