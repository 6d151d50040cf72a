"""The public e-service catalogue at 10,000 services (issue 13): search in any spelling with
the province, filters and counts per filter value, on the API and on the page. Run by
``benchmarks/run.py`` (``make bench``) through ``run(report)``."""

from __future__ import annotations

import os
import time

from django.db import connection
from django.test import Client

from khooshe.eservices.models import Channel, ChannelKind, EService, Maturity
from khooshe.eservices.services.catalogue import _refresh_search
from khooshe.geo.models import Province
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization

SERVICES = 10_000
AGENCIES = 200
MARK = "bench-eservice"

VERBS = ["درخواست", "پرداخت", "استعلام", "صدور", "تمدید", "ثبت‌نام", "پیگیری", "رهگیری"]
OBJECTS = [
    "کارت سوخت",
    "عوارض نوسازی",
    "گواهی عدم سوء پیشینه",
    "پروانه کسب",
    "مجوز دفتر پیشخوان",
    "بیمه سلامت",
    "قبض تلفن",
    "اینترنت پرسرعت",
    "سند مالکیت",
    "اظهارنامه مالیاتی",
    "کد پستی",
    "انشعاب برق",
]
QUERIES = [
    "كارت سوخت",  # Arabic ك
    "کارت‌سوخت",  # ZWNJ
    "عوارض نوسازي",  # Arabic ي
    "پروانه کسب ۲۳",  # Persian digits
    "ثبت نام بیمه",  # space instead of ZWNJ
    "پیشخوان",
    "اظهارنامه ١٥",  # Arabic-Indic digits
    "سند",
]


def _catalogue() -> None:
    if EService.objects.filter(description=MARK).count() >= SERVICES:
        return
    mazandaran = Province.objects.get(code="IR-02")
    provinces = list(Province.objects.exclude(pk=mazandaran.pk).order_by("code")[:5])
    agencies = []
    for n in range(AGENCIES):
        first10 = f"14900{n:05d}"
        agency, _created = Organization.objects.get_or_create(
            legal_id=first10 + legal_id_check_digit(first10),
            defaults={
                "name": f"دستگاه سنجش {n}",
                "kind": "government_agency",
                # half in Mazandaran (5,000 services), the rest in five other provinces
                "province": mazandaran if n % 2 == 0 else provinces[n % len(provinces)],
            },
        )
        agencies.append(agency)
    maturities, kinds = Maturity.values, ChannelKind.values
    rows = []
    for n in range(SERVICES):
        agency = agencies[n % AGENCIES]
        eservice = EService(
            agency=agency,
            province_id=agency.province_id,
            name=f"{VERBS[n % len(VERBS)]} {OBJECTS[(n // 7) % len(OBJECTS)]} {n % 97}",
            description=MARK,
            audience=["citizens", "businesses", "agencies"][n % 3],
            maturity=maturities[n % 4],
            status=["live", "live", "live", "planned", "retired"][n % 5],
        )
        _refresh_search(eservice)
        rows.append(eservice)
    created = EService.objects.bulk_create(rows, batch_size=2000)
    Channel.objects.bulk_create(
        [
            Channel(eservice=e, kind=kinds[(i + j) % len(kinds)], address="https://x.ir")
            for i, e in enumerate(created)
            for j in range(1 + i % 3)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give


def run(report) -> None:
    started = time.monotonic()
    _catalogue()
    report.note(
        f"{EService.objects.count():,} e-services ready in {time.monotonic() - started:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings scale with it)"
    )
    client = Client()

    def api(query):
        response = client.get("/api/v1/eservices/", {"province": "IR-02", "q": query})
        assert response.status_code == 200, response.content
        return response

    def page(query):
        response = client.get("/eservices/", {"province": "IR-02", "q": query})
        assert response.status_code == 200
        return response

    def filtered(query):
        response = client.get(
            "/eservices/",
            {"province": "IR-02", "q": query, "channel": "web", "maturity": "transactional"},
        )
        assert response.status_code == 200
        return response

    report.measure(
        f"GET /api/v1/eservices/?province&q= (any spelling) at {SERVICES:,} services",
        api,
        QUERIES,
        repeat=3,
        target_p95=50,
    )
    report.measure(
        "public catalogue page: search + counts per agency/channel/maturity/audience",
        page,
        QUERIES,
        repeat=3,
        target_p95=50,
    )
    report.measure(
        "public catalogue page: search + channel + maturity filters + counts",
        filtered,
        QUERIES,
        repeat=3,
        target_p95=50,
    )
