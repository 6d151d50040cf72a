"""Synthetic organizations for benchmarks (``manage.py generate_organizations N``).

Seeded (the same N and seed give the same names), bulk-inserted, spread over Mazandaran
(IR-02) and East Azerbaijan (IR-03) and their counties, with names written the way people
write them: ZWNJ, a space or nothing between word parts, digits in Persian, Arabic-Indic or
Latin script. Names are stored through ``clean_text`` like every write path does (which also
turns Arabic ي/ك into Persian), and their search fields are filled; the text index follows by
itself (triggers on SQLite, the GIN index on PostgreSQL). No history rows are written: these are
not edits anyone made. Guild memberships (about 40 %), capabilities and sectors (when the
taxonomy is loaded) come along so filters and their counts have something to count.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Max

from khooshe.geo.models import County, Province
from khooshe.persian.text import ZWNJ, clean_text
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.bitmaps import everything_changed
from khooshe.registry.models import Capability, GuildMembership, Organization, Sector
from khooshe.registry.search import search_fields

PREFIXES = ["شرکت", "گروه", "مؤسسه", "شرکت", "", "", "هلدینگ", "مرکز", "آموزشگاه", "دفتر"]
# Word parts joined by ZWNJ in correct spelling ("+" marks the joint).
CORES = [
    "نرم+افزار",
    "فن+آوران",
    "فن+آوری اطلاعات",
    "داده+پردازان",
    "داده+کاوان",
    "رایانه",
    "رایان",
    "شبکه+گستران",
    "شبکه",
    "هوشمند",
    "سامانه+های هوشمند",
    "کسب+و+کار",
    "ایده+پردازان",
    "امن+افزار",
    "ابر+پردازش",
    "پردازش",
    "ارتباطات",
    "مخابرات",
    "توسعه",
    "نوآوران",
    "دانش+بنیان",
    "طراحان وب",
    "الکترونیک",
    "سخت+افزار",
    "خدمات رایانه+ای",
    "پیشخوان",
    "امنیت",
    "هوش مصنوعی",
    "اینترنت اشیا",
    "بازی+سازی",
]
PLACES = [
    "ساری",
    "بابل",
    "آمل",
    "نوشهر",
    "چالوس",
    "تبریز",
    "مراغه",
    "مرند",
    "اهر",
    "میانه",
    "مازند",
    "ارس",
    "خزر",
    "سبلان",
    "البرز",
    "دماوند",
    "شمال",
    "آذر",
    "پارس",
    "ایرانیان",
    "تابان",
    "نوین",
    "پویا",
    "آریا",
    "سپهر",
    "آسیا",
    "کیان",
    "رهنما",
    "سینا",
    "مهر",
]
DESCRIPTIONS = [
    "طراحی و توسعه نرم+افزارهای تحت وب و اپلیکیشن موبایل",
    "پشتیبانی شبکه و مرکز داده برای سازمان+ها",
    "خدمات امنیت اطلاعات و تست نفوذ",
    "آموزش برنامه+نویسی و مهارت+های فناوری اطلاعات",
    "فروش و تعمیر سخت+افزار و تجهیزات رایانه+ای",
    "مشاوره فناوری اطلاعات و تحول دیجیتال",
    "خدمات دولت الکترونیک و پیشخوان",
    "مرکز تماس و پشتیبانی مشتریان",
    "تولید محتوای دیجیتال و بازاریابی اینترنتی",
    "راهکارهای اینترنت اشیا برای کشاورزی و گردشگری",
]
KINDS = [
    (Organization.Kind.COMPANY, 50),
    (Organization.Kind.STARTUP, 15),
    (Organization.Kind.KNOWLEDGE_BASED, 10),
    (Organization.Kind.SERVICE_COUNTER, 10),
    (Organization.Kind.GOVERNMENT_AGENCY, 3),
    (Organization.Kind.NGO, 4),
    (Organization.Kind.UNIVERSITY, 2),
    (Organization.Kind.GUILD, 3),
    (Organization.Kind.FUND, 3),
]
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _join(rng: random.Random, text: str) -> str:
    """Write the joints of ``text`` the way people do: ZWNJ, a space or nothing."""
    parts = text.split("+")
    out = parts[0]
    for part in parts[1:]:
        out += rng.choices([ZWNJ, " ", ""], weights=[5, 3, 2])[0] + part
    return out


def _digits(rng: random.Random, number: int) -> str:
    text = str(number)
    return rng.choice([text, text.translate(_PERSIAN), text.translate(_ARABIC)])


def organization_name(rng: random.Random) -> str:
    words = [rng.choice(PREFIXES), _join(rng, rng.choice(CORES)), rng.choice(PLACES)]
    if rng.random() < 0.15:
        words.append(_digits(rng, rng.randint(1, 99)))
    return " ".join(word for word in words if word)


def _legal_ids(start: int, count: int) -> list[str]:
    ids = []
    for number in range(start, start + count):
        first10 = f"19{number:08d}"
        ids.append(first10 + legal_id_check_digit(first10))
    return ids


def generate_organizations(
    count: int,
    *,
    seed: int = 1403,
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert ``count`` synthetic organizations; returns how many were created."""
    rng = random.Random(seed)  # noqa: S311 (not security)
    provinces = list(Province.objects.filter(code__in=["IR-02", "IR-03"]).order_by("code"))
    counties = {p.pk: list(County.objects.filter(province=p).order_by("pk")) for p in provinces}
    capabilities = list(Capability.objects.values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    kinds, weights = zip(*KINDS, strict=True)
    last = Organization.objects.filter(legal_id__startswith="19").aggregate(m=Max("legal_id"))["m"]
    next_legal = int(last[2:10]) + 1 if last else 0
    last_number = GuildMembership.objects.filter(number__startswith="G").count()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        legal_ids = _legal_ids(next_legal, size)
        next_legal += size
        orgs = []
        for index in range(size):
            province = provinces[(created + index) % len(provinces)]
            name = clean_text(organization_name(rng))
            description = clean_text(
                _join(rng, rng.choice(DESCRIPTIONS)) + " در " + rng.choice(PLACES)
            )
            founded = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randint(0, 9000))
            orgs.append(
                Organization(
                    name=name,
                    kind=rng.choices(kinds, weights)[0],
                    legal_id=legal_ids[index] if rng.random() < 0.9 else None,
                    founded_on=founded,
                    province=province,
                    county=rng.choice(counties[province.pk]) if counties[province.pk] else None,
                    description=description,
                    employees=rng.randint(1, 300),
                    is_public=rng.random() < 0.95,
                    verification=rng.choices(
                        [Organization.Verification.VERIFIED, Organization.Verification.UNVERIFIED],
                        [3, 7],
                    )[0],
                    kb_certificate_number=str(rng.randint(10000, 99999))
                    if rng.random() < 0.12
                    else "",
                    **search_fields(name, "", description),
                )
            )
        with transaction.atomic():
            orgs = Organization.objects.bulk_create(orgs, batch_size=1000)
            if orgs and orgs[0].pk is None:  # pragma: no cover - backends without RETURNING
                ids = list(Organization.objects.order_by("-pk").values_list("pk", flat=True)[:size])
                for org, pk in zip(orgs, reversed(ids), strict=True):
                    org.pk = pk
            memberships = []
            cap_links, sector_links = [], []
            CapLink = Organization.capabilities.through
            SectorLink = Organization.sectors.through
            for org in orgs:
                if rng.random() < 0.4:
                    last_number += 1
                    memberships.append(
                        GuildMembership(
                            organization_id=org.pk,
                            province_id=org.province_id,
                            number=f"G{last_number:07d}",
                            grade=rng.choice(["پایه ۱", "پایه ۲", "پایه ۳", "کارشناس"]),
                            field=rng.choice(["تولید نرم‌افزار", "شبکه", "سخت‌افزار", "آموزش"]),
                            expires_on=datetime.date(2024, 1, 1)
                            + datetime.timedelta(days=rng.randint(0, 1500)),
                        )
                    )
                for cap in rng.sample(capabilities, min(len(capabilities), rng.randint(0, 3))):
                    cap_links.append(CapLink(organization_id=org.pk, capability_id=cap))
                for sector in rng.sample(sectors, min(len(sectors), rng.randint(0, 2))):
                    sector_links.append(SectorLink(organization_id=org.pk, sector_id=sector))
            GuildMembership.objects.bulk_create(memberships, batch_size=1000)
            CapLink.objects.bulk_create(cap_links, batch_size=2000)
            SectorLink.objects.bulk_create(sector_links, batch_size=2000)
        created += size
        if progress:
            progress(created, count)
    _refresh_planner_statistics(
        [
            Organization,
            GuildMembership,
            Organization.capabilities.through,
            Organization.sectors.through,
        ]
    )
    everything_changed()
    return created


def _refresh_planner_statistics(models) -> None:
    """ANALYZE what a bulk load filled: until autovacuum gets to it (never, where it is off),
    PostgreSQL plans on the empty tables' statistics, e.g. scanning a 150,000-row link table
    through the wrong index for a 20-row page (45 ms instead of 1)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
