"""Demo data from the articles (``../shared/seeds/``): the Mazandaran IT festival of 1395
— asked for by the e-government working group's resolution (article 001), the first with the
province's service agencies beside private firms — held and reported with its outcomes; and
a startup exhibition in Sari (article 000) open for registration.

The agencies are the registry's government agencies of Mazandaran (the e-service catalogue's
demo, which runs before this one, adds the service agencies the articles name); each agency
exhibitor names up to two of its e-services from the catalogue. Idempotent: an event that
exists by its title is left alone. Deterministic: the same rows on every run.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from khooshe.accounts.models import User
from khooshe.eservices.models import EService
from khooshe.events.models import Award, Booth, Event, Exhibitor, Hall, Registration, Session
from khooshe.geo.models import Province
from khooshe.governance.models import Agreement, Resolution
from khooshe.history.services import stamp
from khooshe.persian.jalali import TEHRAN, parse_jalali_date
from khooshe.registry.demo_users import demo_organization
from khooshe.registry.models import Organization, Person

FESTIVAL = "هشتمین جشنواره فناوری اطلاعات استان مازندران (۱۳۹۵)"
STARTUPS = "نمایشگاه استارتاپ‌های مازندران — ساری"
FIRST_NAMES = ["علی", "زهرا", "محمد", "فاطمه", "رضا", "مریم", "حسین", "سارا", "مهدی", "نرگس"]
LAST_NAMES = [
    "رضایی",
    "محمدی",
    "حسینی",
    "کریمی",
    "احمدی",
    "موسوی",
    "طاهری",
    "قاسمی",
    "نوری",
    "صالحی",
]


def _at(jalali: str, hour: int, minute: int = 0) -> datetime.datetime:
    day = parse_jalali_date(jalali)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TEHRAN)


def _save(instance, actor):
    stamp(instance, actor=actor, reason="داده نمایشی").save()
    return instance


def _agencies(province):
    return list(
        Organization.objects.filter(
            province=province, kind=Organization.Kind.GOVERNMENT_AGENCY, merged_into__isnull=True
        ).order_by("name", "id")
    )


def _private(province, kinds, count):
    return list(
        Organization.objects.filter(
            province=province, kind__in=kinds, merged_into__isnull=True
        ).order_by("name", "id")[:count]
    )


def _halls_and_booths(event, actor, halls):
    booths = []
    for name, capacity, prefix in halls:
        hall = _save(Hall(event=event, name=name, capacity=capacity), actor)
        for n in range(1, capacity + 1):
            booths.append(
                _save(
                    Booth(hall=hall, number=f"{prefix}{n:02d}", size_m2=12 if n <= 4 else 9), actor
                )
            )
    return booths


def _visitors(event, actor, count, *, checked_in: int = 0, seed: int = 0):
    for i in range(count):
        name = f"{FIRST_NAMES[(i + seed) % 10]} {LAST_NAMES[(i * 7 + seed) % 10]}"
        registration = Registration(
            event=event,
            name=name,
            mobile=f"0911{seed:01d}{i:06d}",
            state=Registration.State.REGISTERED,
        )
        if i < checked_in:
            registration.checked_in_at = event.starts_at + datetime.timedelta(minutes=20 + i)
            registration.checked_in_by = actor
        _save(registration, actor)


def _festival(actor, province) -> None:
    if Event.objects.filter(title=FESTIVAL).exists():
        return
    directorate = demo_organization("ict_directorate_mazandaran")
    nasr = demo_organization("nasr_mazandaran")
    governorate = demo_organization("governorate_mazandaran")
    resolution = Resolution.objects.filter(text__contains="جشنواره فناوری").order_by("id").first()
    event = _save(
        Event(
            title=FESTIVAL,
            kind=Event.Kind.FESTIVAL,
            province=province,
            venue="ساری، محل دائمی نمایشگاه‌های بین‌المللی استان",
            starts_at=_at("1395/08/04", 9),
            ends_at=_at("1395/08/07", 20),
            description="نخستین جشنواره فناوری اطلاعات استان با حضور دستگاه‌های اجرایی خدمت‌رسان در "
            "کنار بخش خصوصی؛ هفت جشنواره پیشین فقط با حضور بخش خصوصی برگزار شده بود. "
            "هر دستگاه آخرین دستاوردهای خود در خدمات الکترونیک را نمایش می‌دهد.",
            organizer=nasr,
            capacity=400,
            registration_closes_at=_at("1395/08/03", 23, 59),
            resolution=resolution,
            commitment=resolution.commitments.first() if resolution else None,
            meetings_arranged=14,
            outcome_notes="گزارش معاون اداره کل ارتباطات و فناوری اطلاعات از جایگاه دولت "
            "الکترونیک استان در نشست افتتاحیه ارائه شد. (ارقام این گزارش نمایشی است.)",
        ),
        actor,
    )
    event.co_organizers.set([directorate, governorate])
    speakers = list(Person.objects.filter(province=province).order_by("last_name", "id")[:2])
    for day, title, hour in (
        ("1395/08/04", "افتتاحیه و گزارش جایگاه دولت الکترونیک استان", 10),
        ("1395/08/05", "نشست خدمات الکترونیک دستگاه‌های خدمت‌رسان", 11),
        ("1395/08/06", "نشست تجاری شرکت‌ها و دستگاه‌ها (B2B)", 16),
    ):
        session = _save(
            Session(
                event=event,
                title=title,
                starts_at=_at(day, hour),
                ends_at=_at(day, hour + 2),
                place="سالن همایش",
            ),
            actor,
        )
        session.speakers.set(speakers)
    booths = _halls_and_booths(
        event, actor, [("سالن دستگاه‌های اجرایی", 16, "G"), ("سالن بخش خصوصی", 12, "P")]
    )
    government_booths = iter(booths[:16])
    private_booths = iter(booths[16:])
    for agency in _agencies(province)[:16]:
        exhibitor = _save(
            Exhibitor(
                event=event,
                organization=agency,
                exhibits="آخرین دستاوردهای دستگاه در خدمات الکترونیک",
                state=Exhibitor.State.ACCEPTED,
                booth=next(government_booths),
            ),
            actor,
        )
        exhibitor.eservices.set(EService.objects.filter(agency=agency).order_by("name", "id")[:2])
    for firm in _private(
        province, [Organization.Kind.COMPANY, Organization.Kind.KNOWLEDGE_BASED], 8
    ):
        _save(
            Exhibitor(
                event=event,
                organization=firm,
                exhibits="نرم‌افزار و خدمات فناوری اطلاعات",
                state=Exhibitor.State.ACCEPTED,
                booth=next(private_booths, None),
            ),
            actor,
        )
    _visitors(event, actor, 120, checked_in=93, seed=1)
    event.agreements.set(
        Agreement.objects.filter(province=province, state=Agreement.State.SIGNED).order_by("id")[:1]
    )
    _save(Award(event=event, title="غرفه برتر دستگاه‌های اجرایی", organization=directorate), actor)
    firm = demo_organization("actor_company")
    _save(Award(event=event, title="نرم‌افزار برگزیده بخش خصوصی", organization=firm), actor)


def _startup_exhibition(actor, province) -> None:
    if Event.objects.filter(title=STARTUPS).exists():
        return
    nasr = demo_organization("nasr_mazandaran")
    # Upcoming: 45 days after the demo is loaded, so registration is open.
    start = timezone.localdate() + datetime.timedelta(days=45)
    starts_at = datetime.datetime.combine(start, datetime.time(9), tzinfo=TEHRAN)
    event = _save(
        Event(
            title=STARTUPS,
            kind=Event.Kind.EXHIBITION,
            province=province,
            venue="ساری، مرکز رشد واحدهای فناور",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(days=1, hours=9),
            description="استارتاپ‌های استان محصولات خود را به سرمایه‌گذاران، دستگاه‌ها و مردم "
            "نشان می‌دهند.",
            organizer=nasr,
            capacity=150,
            registration_closes_at=starts_at - datetime.timedelta(hours=12),
        ),
        actor,
    )
    event.co_organizers.set([demo_organization("ict_directorate_mazandaran")])
    booths = _halls_and_booths(event, actor, [("سالن اصلی", 20, "S")])
    startups = _private(province, [Organization.Kind.STARTUP], 12)
    for i, startup in enumerate(startups):
        state = (
            Exhibitor.State.ACCEPTED
            if i < 8
            else Exhibitor.State.WAITLISTED
            if i < 10
            else Exhibitor.State.APPLIED
        )
        _save(
            Exhibitor(
                event=event,
                organization=startup,
                exhibits=f"محصول {startup.name}: نسخه آزمایشی برای بازدیدکنندگان",
                state=state,
                booth=booths[i] if state == Exhibitor.State.ACCEPTED else None,
            ),
            actor,
        )
    _visitors(event, actor, 40, seed=2)


def load(*, stdout) -> None:
    actor = (
        User.objects.filter(username="gov.mazandaran").first()
        or User.objects.filter(username="admin").first()
    )
    province = Province.objects.get(code="IR-02")
    with transaction.atomic():
        _festival(actor, province)
        _startup_exhibition(actor, province)
    stdout.write(
        f"events: {Event.objects.count()} events, {Exhibitor.objects.count()} exhibitors, "
        f"{Registration.objects.count()} registrations"
    )
