"""Processing a 20,000-character article against a registry of 100,000 organizations
(issue 16: under 1 s): the mentions' name lookup, the figures, the deadlines and the writing
of the suggestions, as :func:`khooshe.record.services.article_process` runs them. The article
is the five seed articles repeated to 20,000 characters, with names of generated organizations
sprinkled in. Run by ``benchmarks/run.py`` (``make bench``) through ``run(report)``.

Measured on the 2-core machine with little else running: computing the suggestions 169 / 172
ms (median / p95) on SQLite and 344 / 368 ms on PostgreSQL, processing and storing 201 / 206
and 338 / 382 ms. Under a load average of 12 the same runs took 2–3 s."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from bench_registry_search import ensure_organizations
from django.db import transaction

from khooshe.geo.models import Province
from khooshe.persian.jalali import jalali_to_date
from khooshe.record.models import Article
from khooshe.record.services import article_process, compute_suggestions, text_hash
from khooshe.record.text import repair_text
from khooshe.registry.models import Organization

ARTICLES = Path(__file__).resolve().parent.parent / "khooshe" / "record" / "demo_articles"
LENGTH = 20_000


def _text() -> str:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(ARTICLES.glob("*.txt"))]
    names = list(
        Organization.objects.order_by("?").values_list("name", flat=True)[:40]
    )  # a few real names of the registry, in sentences
    rng = random.Random(16)
    parts: list[str] = []
    while sum(map(len, parts)) < LENGTH:
        parts.append(seeds[len(parts) % len(seeds)])
        parts.append(
            f"\n{rng.choice(names)} گفت: بیش از {rng.randint(10, 900)} شرکت تا پایان سال همکاری خواهند کرد.\n"
        )
    return "".join(parts)[:LENGTH]


class _Rollback(Exception):
    pass


def run(report) -> None:
    count = int(os.environ.get("BENCH_ORGS", "100000"))
    ensure_organizations(report, count)
    text = _text()
    province = Province.objects.get(code="IR-02")
    article = Article(
        province=province,
        title="محک پردازش خبر",
        source="محک",
        published_on=jalali_to_date(1403, 4, 2),
        original_text=text,
        text=repair_text(text, "محک پردازش خبر"),
    )
    article.text_hash = text_hash(article.text)
    report.note(
        f"article of {len(article.text):,} characters, "
        f"{Organization.objects.count():,} organizations"
    )
    report.measure(
        "compute suggestions (no writes)",
        lambda _: compute_suggestions(article),
        range(5),
        target_p95=1000,
    )

    def process(_):
        try:
            with transaction.atomic():
                article.pk = None
                article.url = ""
                article.text_hash = f"bench-{time.perf_counter_ns()}"
                article.save()
                found = article_process(article)
                raise _Rollback(found)
        except _Rollback:
            pass

    report.measure("process and store (article_process)", process, range(5), target_p95=1000)
