"""Permission-checked reads of the catalogue, all with ``viewer=``."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from khooshe.accounts.permissions import province_ids_for
from khooshe.eservices import permissions
from khooshe.eservices.filters import EServiceFilter
from khooshe.eservices.models import (
    Audience,
    CatalogueReview,
    Channel,
    ChannelKind,
    EService,
    Maturity,
    YearlyTransactions,
)
from khooshe.persian.jalali import TEHRAN, jalali_to_date, today_jalali_year
from khooshe.registry.models import Organization

#: The filters that get counts per value on the catalogue page.
FACET_KEYS = ("agency", "channel", "maturity", "audience")


def eservices_visible_to(viewer) -> QuerySet[EService]:
    return EService.objects.filter(permissions.eservice_visibility_filter(viewer))


def _with_related(queryset: QuerySet[EService]) -> QuerySet[EService]:
    return queryset.select_related("agency", "province").prefetch_related(
        Prefetch(
            "channels",
            queryset=Channel.objects.only("id", "eservice_id", "kind", "address").order_by(
                "kind", "id"
            ),
        )
    )


def apply_filters(filters: Mapping[str, str], queryset: QuerySet[EService]):
    """(the filterset, its queryset): invalid values are shown on the form and ignored."""
    filterset = EServiceFilter(filters or None, queryset=queryset)
    if not filterset.is_bound or not filterset.is_valid():
        return filterset, queryset
    return filterset, filterset.qs


def eservice_list(*, viewer, filters: Mapping[str, str]) -> QuerySet[EService]:
    """The catalogue: what ``viewer`` may see, filtered, best matches first, then by name."""
    _filterset, queryset = apply_filters(filters, eservices_visible_to(viewer))
    ordering = ["name", "id"]
    if (filters.get("q") or "").strip() and "search_rank" in queryset.query.annotations:
        ordering = ["search_rank", *ordering]
    return _with_related(queryset.order_by(*ordering))


def eservice_find(*, viewer, pk: int) -> EService | None:
    eservice = (
        EService.objects.select_related("agency", "province")
        .prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("kind", "id")),
            Prefetch(
                "yearly_transactions", queryset=YearlyTransactions.objects.order_by("-jalali_year")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if eservice is None or not permissions.can_view_eservice(viewer, eservice):
        return None
    return eservice


def eservice_get(*, viewer, pk: int) -> EService:
    eservice = eservice_find(viewer=viewer, pk=pk)
    if eservice is None:
        raise Http404
    return eservice


def eservices_of_agency(*, viewer, organization) -> QuerySet[EService]:
    """The services of ``organization`` that ``viewer`` may see, by name — for the agency's
    registry profile and for other apps (an exhibiting agency names its services)."""
    pk = getattr(organization, "pk", organization)
    return _with_related(eservices_visible_to(viewer).filter(agency_id=pk).order_by("name", "id"))


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


#: At most this many agencies are listed with their counts (the chosen one always is).
AGENCY_FACET_SIZE = 25


def _facet_filters(filterset: EServiceFilter) -> dict[str, str]:
    if not filterset.is_bound or not filterset.is_valid():
        return {}
    data = filterset.form.cleaned_data
    return {key: str(data[key]) for key in FACET_KEYS if data.get(key) not in (None, "")}


def catalogue_counts(*, viewer, filters: Mapping[str, str]):
    """(counts per value of each filter of :data:`FACET_KEYS`, the number of services
    matching every filter). Each filter's counts are among the services matching every
    *other* filter, so each value stays in sight. Two queries: one grouped by (agency,
    maturity, audience) — the three facets and the total are sums over its rows — and one
    over the channels."""
    base = eservices_visible_to(viewer)
    filterset = EServiceFilter(filters or None, queryset=base)
    chosen = _facet_filters(filterset)
    others = {k: v for k, v in filters.items() if k not in FACET_KEYS and k != "page"}
    if filterset.is_bound and not filterset.is_valid():
        others = {}  # as the list does: an invalid value drops every filter
    _fs, core = apply_filters(others, base)
    grouped = core
    if "channel" in chosen:
        grouped = EServiceFilter({"channel": chosen["channel"]}, queryset=core).qs
    groups = list(
        grouped.order_by()
        .values("agency_id", "agency__name", "maturity", "audience")
        .annotate(n=Count("id"))
    )
    narrowed = apply_filters({k: v for k, v in chosen.items() if k != "channel"}, core)[1]
    channel_counts = {
        row["channels__kind"]: row["n"]
        for row in narrowed.filter(channels__isnull=False)
        .order_by()
        .values("channels__kind")
        .annotate(n=Count("channels__id"))
    }

    def keep(group, *, skip: str) -> bool:
        return all(
            str(group["agency_id"] if key == "agency" else group[key]) == value
            for key, value in chosen.items()
            if key not in (skip, "channel")
        )

    agencies: dict[int, list] = {}
    maturity: dict[str, int] = {}
    audience: dict[str, int] = {}
    total = 0
    for group in groups:
        if keep(group, skip="agency"):
            entry = agencies.setdefault(group["agency_id"], [group["agency__name"], 0])
            entry[1] += group["n"]
        if keep(group, skip="maturity"):
            maturity[group["maturity"]] = maturity.get(group["maturity"], 0) + group["n"]
        if keep(group, skip="audience"):
            audience[group["audience"]] = audience.get(group["audience"], 0) + group["n"]
        if keep(group, skip=""):
            total += group["n"]
    ranked = sorted(agencies.items(), key=lambda item: (-item[1][1], item[1][0]))
    shown = ranked[:AGENCY_FACET_SIZE] + [
        item for item in ranked[AGENCY_FACET_SIZE:] if str(item[0]) == chosen.get("agency")
    ]
    result = {
        "agency": [
            FacetValue(str(pk), name, n, chosen.get("agency") == str(pk)) for pk, (name, n) in shown
        ]
    }
    for key, counts, choices in (
        ("channel", channel_counts, ChannelKind.choices),
        ("maturity", maturity, Maturity.choices),
        ("audience", audience, Audience.choices),
    ):
        result[key] = [
            FacetValue(value, str(label), counts.get(value, 0), chosen.get(key) == value)
            for value, label in choices
        ]
    return {key: result[key] for key in FACET_KEYS}, total


def facets(*, viewer, filters: Mapping[str, str]) -> dict[str, list[FacetValue]]:
    return catalogue_counts(viewer=viewer, filters=filters)[0]


# --- The desk -------------------------------------------------------------------------------


def jalali_year_start() -> datetime.datetime:
    """Midnight of 1 Farvardin of the current Jalali year, in Tehran."""
    start = jalali_to_date(today_jalali_year(), 1, 1)
    return datetime.datetime.combine(start, datetime.time(), tzinfo=TEHRAN)


def not_updated_this_year(user) -> QuerySet[EService] | None:
    """The services of the user's agencies (not retired) nobody updated or confirmed since
    1 Farvardin of this Jalali year; None for a user who represents no agency."""
    agencies = permissions.represented_agency_ids(user)
    if not agencies:
        return None
    return (
        EService.objects.filter(agency_id__in=agencies, updated_at__lt=jalali_year_start())
        .exclude(status=EService.Status.RETIRED)
        .select_related("agency")
        .order_by("updated_at", "id")
    )


def agencies_waiting_review(user) -> QuerySet[Organization] | None:
    """Agencies of the staff member's provinces whose catalogue changed since its last review
    (or was never reviewed); None for a user who is no provincial staff."""
    if not getattr(user, "is_authenticated", False):
        return None
    provinces = province_ids_for(user)
    if provinces is not None and not provinces:
        return None
    last_review = (
        CatalogueReview.objects.filter(agency=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    queryset = Organization.objects.filter(eservices__isnull=False)
    if provinces is not None:
        queryset = queryset.filter(province_id__in=provinces)
    return (
        queryset.annotate(
            last_change=Max("eservices__updated_at"), last_review=Subquery(last_review)
        )
        .filter(Q(last_review__isnull=True) | Q(last_change__gt=F("last_review")))
        .order_by("last_change", "id")
    )
