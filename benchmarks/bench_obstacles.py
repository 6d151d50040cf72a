"""The public obstacles page of a province with its counts at 100,000 obstacles (issue 14:
p95 under 50 ms), the htmx swap of the filtered list, the API list and the time-to-answer
tables uncached. Run by ``benchmarks/run.py`` (``make bench``) through ``run(report)``.
``BENCH_OBSTACLES`` sets the size (default 100,000)."""

from __future__ import annotations

import datetime
import os
import random
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from khooshe.accounts.models import User
from khooshe.geo.models import County, Province
from khooshe.obstacles.models import Category, Obstacle
from khooshe.obstacles.selectors import time_to_answer
from khooshe.persian.text import search_key
from khooshe.registry.models import Organization

BENCH_USER = "bench.obstacles"
WORDS = ["مالیات", "بیمه", "اینترنت", "وام", "مجوز", "فضای کار", "پارک", "قرارداد", "پهنای باند"]


def ensure_obstacles(report, count: int) -> None:
    existing = Obstacle.objects.count()
    if existing >= count:
        report.note(f"{existing:,} obstacles in the database")
        return
    started = time.monotonic()
    rng = random.Random(1404 + existing)
    user, _created = User.objects.get_or_create(username=BENCH_USER)
    provinces = list(Province.objects.filter(code__in=["IR-02", "IR-03"]))
    counties = {
        p.pk: list(County.objects.filter(province=p).values_list("pk", flat=True))
        for p in provinces
    }
    categories = list(Category.objects.values_list("pk", flat=True))
    bodies = list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:40])
    states = (
        ["submitted"] * 5
        + ["routed"] * 20
        + ["in_progress"] * 15
        + ["answered"] * 30
        + ["closed"] * 30
    )
    now = timezone.now()
    batch = []
    for index in range(existing, count):
        province = provinces[index % len(provinces)]
        state = rng.choice(states)
        created = now - datetime.timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440))
        routed = None if state == "submitted" else created + datetime.timedelta(hours=1)
        due = routed.date() + datetime.timedelta(days=14) if routed else None
        answered = (
            routed + datetime.timedelta(days=rng.randint(1, 30))
            if state in ("answered", "closed") and routed
            else None
        )
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} محک {index}"
        batch.append(
            Obstacle(
                title=title,
                description="مانع آزمایشی برای محک",
                category_id=categories[index % len(categories)],
                province=province,
                county_id=rng.choice(counties[province.pk]) if counties[province.pk] else None,
                is_public=index % 5 != 0,
                reporter=user,
                body_id=bodies[index % len(bodies)] if routed and bodies else None,
                state=state,
                routed_at=routed,
                due_on=due,
                answered_at=answered,
                answered_on_time=(answered.date() <= due) if answered else None,
                support_count=rng.randint(0, 6),
                search_key=search_key(title)[:255],
                created_at=created,
            )
        )
        if len(batch) == 5000:
            Obstacle.objects.bulk_create(batch)
            batch = []
    if batch:
        Obstacle.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.note(
        f"generated {count - existing:,} obstacles in {time.monotonic() - started:.1f} s; "
        f"{Obstacle.objects.count():,} in the database"
    )


def run(report) -> None:
    count = int(os.environ.get("BENCH_OBSTACLES", "100000"))
    ensure_obstacles(report, count)
    client = Client()
    pages = [
        {"province": "IR-02"},
        {"province": "IR-03"},
        {"province": "IR-02", "state": "answered"},
        {"province": "IR-03", "category": "tax"},
        {"province": "IR-02", "page": "3"},
    ]

    def get(params, **headers):
        response = client.get("/obstacles/", params, **headers)
        assert response.status_code == 200, response.status_code
        return response

    report.measure(
        "obstacles: public page of a province with counts (time-to-answer cached)",
        get,
        pages,
        repeat=10,
        target_p95=50,
    )
    report.measure(
        "obstacles: htmx swap of the filtered list with counts",
        lambda p: get(p, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="obstacle-results"),
        pages,
        repeat=10,
        target_p95=50,
    )
    report.measure(
        "obstacles: API list /api/v1/obstacles/ (anonymous, public ones)",
        lambda p: client.get("/api/v1/obstacles/", p),
        pages,
        repeat=5,
    )
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    public = Obstacle.objects.filter(is_public=True, province__code="IR-02")
    report.measure(
        "obstacles: time-to-answer per body and per category over a year, uncached",
        lambda by: time_to_answer(public, by=by, start=start, end=today),
        ["body", "category"],
        repeat=3,
        setup=cache.clear,
    )
