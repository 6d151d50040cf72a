"""Smart-government readiness: one score per agency and per province, from the catalogue.

How the score is made (the readiness page shows this text and every number it uses):

For an agency, over its **live** services (planned and retired ones do not count):

* **maturity** ``M`` — the mean step of its services on the maturity scale (informational 1,
  interactive 2, transactional 3, integrated 4), mapped to 0–1 as ``(mean − 1) / 3``;
* **transactional share** ``T`` — the share of services done entirely online (transactional
  or integrated), 0–1;
* **channels covered** ``C`` — how many of the six channels (web, mobile app, service
  counter, call center, USSD, in person) at least one of its services offers, divided by 6.

``score = round(100 × (0.4 M + 0.4 T + 0.2 C))``, 0–100; an agency with no live service
scores 0.

For a province: the mean of the scores of **every government agency of the province** in the
registry, those that have not presented a live service counting 0 — so the province's score
rises as the resolution of article 001 (every agency presents its e-services) is carried out.
The page shows the province's pooled share of services per maturity level beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from khooshe.eservices.models import MATURITY_LEVEL, Channel, ChannelKind, EService, Maturity
from khooshe.registry.models import Organization

WEIGHT_MATURITY, WEIGHT_TRANSACTIONAL, WEIGHT_CHANNELS = 0.4, 0.4, 0.2
CHANNEL_COUNT = len(ChannelKind.values)
TRANSACTIONAL = (Maturity.TRANSACTIONAL, Maturity.INTEGRATED)


@dataclass
class Readiness:
    """The score of an agency (or the pooled figures of a province) and what made it."""

    total: int = 0
    per_maturity: dict[str, int] = field(default_factory=dict)
    channels: set[str] = field(default_factory=set)
    score: int = 0
    maturity_part: float = 0.0
    transactional_part: float = 0.0
    channel_part: float = 0.0

    @property
    def maturity_rows(self) -> list[tuple[str, str, int, int]]:
        """(value, label, count, percent) per maturity level."""
        return [
            (
                value,
                str(label),
                self.per_maturity.get(value, 0),
                round(100 * self.per_maturity.get(value, 0) / self.total) if self.total else 0,
            )
            for value, label in Maturity.choices
        ]

    @property
    def channel_labels(self) -> list[str]:
        return [str(label) for value, label in ChannelKind.choices if value in self.channels]

    @property
    def maturity_percent(self) -> int:
        return round(100 * self.maturity_part)

    @property
    def transactional_percent(self) -> int:
        return round(100 * self.transactional_part)

    @property
    def channel_percent(self) -> int:
        return round(100 * self.channel_part)


def compute(readiness: Readiness) -> Readiness:
    n = readiness.total
    if not n:
        return readiness
    mean_step = sum(MATURITY_LEVEL[m] * c for m, c in readiness.per_maturity.items()) / n
    readiness.maturity_part = (mean_step - 1) / 3
    readiness.transactional_part = sum(readiness.per_maturity.get(m, 0) for m in TRANSACTIONAL) / n
    readiness.channel_part = len(readiness.channels) / CHANNEL_COUNT
    readiness.score = round(
        100
        * (
            WEIGHT_MATURITY * readiness.maturity_part
            + WEIGHT_TRANSACTIONAL * readiness.transactional_part
            + WEIGHT_CHANNELS * readiness.channel_part
        )
    )
    return readiness


def agency_scores(agency_ids) -> dict[int, Readiness]:
    """The readiness of each agency in ``agency_ids`` (two queries)."""
    live = EService.objects.filter(agency_id__in=agency_ids, status=EService.Status.LIVE)
    scores = {pk: Readiness() for pk in agency_ids}
    for row in live.order_by().values("agency_id", "maturity").annotate(n=Count("id")):
        r = scores[row["agency_id"]]
        r.per_maturity[row["maturity"]] = row["n"]
        r.total += row["n"]
    for agency_id, kind in (
        Channel.objects.filter(eservice__in=live.values("pk"))
        .order_by()
        .values_list("eservice__agency_id", "kind")
        .distinct()
    ):
        scores[agency_id].channels.add(kind)
    return {pk: compute(r) for pk, r in scores.items()}


def agency_score(agency) -> Readiness:
    return agency_scores([agency.pk])[agency.pk]


@dataclass
class AgencyRow:
    agency: Organization
    readiness: Readiness
    presented: int  # planned + live services

    @property
    def has_presented(self) -> bool:
        return self.presented > 0


@dataclass
class ProvinceReadiness:
    score: int
    pooled: Readiness
    rows: list[AgencyRow]

    @property
    def presented_count(self) -> int:
        return sum(1 for row in self.rows if row.has_presented)

    @property
    def missing(self) -> list[AgencyRow]:
        return [row for row in self.rows if not row.has_presented]


def province_readiness(province) -> ProvinceReadiness:
    """Every government agency of the province with its score, and the province's score
    (their mean, agencies with no live service counting 0). Four queries."""
    agencies = list(
        Organization.objects.filter(
            province=province,
            kind=Organization.Kind.GOVERNMENT_AGENCY,
            merged_into__isnull=True,
        )
        .annotate(
            presented=Count(
                "eservices",
                filter=Q(eservices__status__in=(EService.Status.PLANNED, EService.Status.LIVE)),
            )
        )
        .order_by("name", "id")
    )
    scores = agency_scores([a.pk for a in agencies])
    rows = [AgencyRow(a, scores[a.pk], a.presented) for a in agencies]
    pooled = Readiness()
    for r in scores.values():
        pooled.total += r.total
        pooled.channels |= r.channels
        for m, c in r.per_maturity.items():
            pooled.per_maturity[m] = pooled.per_maturity.get(m, 0) + c
    compute(pooled)
    score = round(sum(r.score for r in scores.values()) / len(scores)) if scores else 0
    return ProvinceReadiness(score=score, pooled=pooled, rows=rows)
