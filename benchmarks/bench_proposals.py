"""Suggested actors at scale (issue 6, item 5): one proposal's ranked list of capable local
organizations and experts, for ~50 proposals over 100,000 organizations (target: p95 under
100 ms per proposal). Run by ``benchmarks/run.py`` (``make bench``) through ``run(report)``;
run.py imports this module once Django is set up."""

from __future__ import annotations

import os
import time

from django.db import connection

from khooshe.accounts.models import User
from khooshe.geo.models import County
from khooshe.persian.text import search_key
from khooshe.proposals.models import Proposal
from khooshe.proposals.selectors import suggest_organizations, suggestions_for
from khooshe.registry import bitmaps
from khooshe.registry.demo import load_taxonomy
from khooshe.registry.generate import generate_organizations
from khooshe.registry.models import Capability, Organization, Sector

BENCH_USER = "bench.proposals"
PROPOSALS = 50


def ensure_organizations(report, count: int) -> None:
    """Fill the database up to ``count`` organizations with the registry's generator, after
    the taxonomy (so the organizations get capabilities and sectors)."""
    load_taxonomy()
    existing = Organization.objects.count()
    if existing < count:
        started = time.monotonic()
        generate_organizations(count - existing, seed=1403 + existing)
        report.note(
            f"generated {count - existing:,} organizations in {time.monotonic() - started:.1f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    report.note(f"{Organization.objects.count():,} organizations in the database")


def ensure_proposals(count: int) -> list:
    """``count`` deterministic proposals spread over the two provinces' counties, sectors and
    one to three required capabilities."""
    user, _created = User.objects.get_or_create(username=BENCH_USER)
    counties = list(County.objects.filter(province__code__in=["IR-02", "IR-03"]).order_by("pk"))
    sectors = list(Sector.objects.order_by("pk"))
    capabilities = list(Capability.objects.order_by("pk"))
    submitter = Organization.objects.order_by("pk").first()
    proposals = []
    for index in range(count):
        title = f"طرح محک {index + 1}"
        county = counties[(index * 7) % len(counties)]
        proposal, created = Proposal.objects.get_or_create(
            title=title,
            created_by=user,
            defaults={
                "problem": "محک پیشنهاد مجریان بومی",
                "solution": "—",
                "county": county,
                "province_id": county.province_id,
                "sector": sectors[index % len(sectors)] if sectors and index % 5 else None,
                "estimated_budget": 1_000_000_000,
                "duration_months": 6,
                "submitter_organization": submitter,
                "search_text": search_key(title),
            },
        )
        if created and capabilities:
            wanted = 1 + index % 3
            proposal.capabilities.set(
                [capabilities[(index * 5 + k * 3) % len(capabilities)] for k in range(wanted)]
            )
        proposals.append(proposal)
    return proposals


def run(report) -> None:
    count = int(os.environ.get("BENCH_ORGS", "100000"))
    ensure_organizations(report, count)
    proposals = ensure_proposals(PROPOSALS)
    # The ranking reads the registry's bitmap index: what building it costs a process (at
    # start, once a day, after a bulk import), and what following one edit costs.
    report.measure(
        "registry bitmap index built from the database",
        lambda _item: (bitmaps.forget(), bitmaps.current()),
        range(3),
        warmup=False,
    )
    edited = list(Organization.objects.order_by("?").values_list("pk", flat=True)[:20])
    report.measure(
        "registry bitmap index following one edited organization",
        lambda pk: (bitmaps.organizations_changed([pk]), bitmaps.current()),
        edited,
    )
    report.measure(
        "suggested organizations (top 20) per proposal",
        lambda p: suggest_organizations(p, limit=20),
        proposals,
        repeat=2,
        target_p95=100,
    )
    report.measure(
        "suggested organizations + experts per proposal (API payload)",
        lambda p: suggestions_for(p, limit=20),
        proposals,
        repeat=1,
        target_p95=100,
    )
