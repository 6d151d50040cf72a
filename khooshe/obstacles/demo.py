"""Demo obstacles from the articles' themes (``../shared/seeds/``: 003 — clusters exist to
remove ICT businesses' obstacles, "not being recognised as a business" first among them; 004 —
the governor's MoU to remove cyberspace businesses' obstacles).

Both provinces, across categories: recognition as a business, loan paperwork for rural
firms, internet bandwidth in a county, workspace in the ICT park, insurance of freelancers;
some answered in time, one answered late, one unrouted, one private, and one late obstacle
escalated to Mazandaran's e-government working group with a resolution and its commitment.
Idempotent (each obstacle is looked up by its title) and deterministic: dates are fixed days
of 1404, set after the services ran (the demo's one departure from "every write through a
service", so that the time-to-answer table has history).

Demo users added here (password as the registry's demo users): ``tax.demo`` (Mazandaran tax
office), ``insurance.demo`` (Mazandaran social security), ``park.demo`` (East Azarbaijan ICT
directorate), ``fund.rep`` (the employment fund), ``actor.tabriz`` (a Tabriz software firm)."""

from __future__ import annotations

import datetime

from django.db import transaction

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.geo.models import County, Province
from khooshe.governance import services as governance
from khooshe.governance.models import Body, Meeting
from khooshe.obstacles import services
from khooshe.obstacles.models import Category, ClosureDay, Obstacle, Route, Step
from khooshe.obstacles.seeds import ensure_default_categories
from khooshe.persian.jalali import TEHRAN, parse_jalali_date
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.demo_users import DEMO_PASSWORD, demo_organization
from khooshe.registry.models import Organization
from khooshe.registry.services import organization_refresh_search

MAZANDARAN, EAST_AZARBAIJAN = "IR-02", "IR-03"

#: key → (name, kind, province, county, first ten digits of the legal id)
ORGANIZATIONS = {
    "tax_mazandaran": ("اداره کل امور مالیاتی استان مازندران", "government_agency", MAZANDARAN, "ساری", "1410088001"),
    "insurance_mazandaran": ("اداره کل تأمین اجتماعی استان مازندران", "government_agency", MAZANDARAN, "ساری", "1410088002"),
    "ict_east_azarbaijan": ("اداره کل ارتباطات و فناوری اطلاعات استان آذربایجان شرقی", "government_agency", EAST_AZARBAIJAN, "تبریز", "1410088003"),
    "firm_tabriz": ("شرکت داده‌پردازان تبریز", "company", EAST_AZARBAIJAN, "تبریز", "1410088004"),
    "firm_rural": ("تعاونی فناوری روستایی سوادکوه", "company", MAZANDARAN, "سوادکوه", "1410088005"),
    "firm_babol": ("استودیو بازی‌سازی بابل", "company", MAZANDARAN, "بابل", "1410088006"),
}  # fmt: skip

USERS = {
    "tax.demo": ("نماینده", "امور مالیاتی", Role.AGENCY_REP, "tax_mazandaran"),
    "insurance.demo": ("نماینده", "تأمین اجتماعی", Role.AGENCY_REP, "insurance_mazandaran"),
    "park.demo": ("نماینده", "ارتباطات آذربایجان شرقی", Role.AGENCY_REP, "ict_east_azarbaijan"),
    "fund.rep": ("نماینده", "صندوق کارآفرینی امید", Role.AGENCY_REP, "employment_fund"),
    "actor.tabriz": ("مدیرعامل", "داده‌پردازان", Role.ACTOR, "firm_tabriz"),
}

WORKING_GROUP = "کارگروه توسعه دولت الکترونیک استان مازندران"


def _j(text: str) -> datetime.date:
    return parse_jalali_date(text)


def _at(text: str, hour: int = 10) -> datetime.datetime:
    day = _j(text)
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TEHRAN)


def _organization(key: str) -> Organization:
    if key not in ORGANIZATIONS:
        return demo_organization(key)
    name, kind, code, county_name, first10 = ORGANIZATIONS[key]
    province = Province.objects.get(code=code)
    organization, created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={
            "name": name,
            "kind": kind,
            "province": province,
            "county": County.objects.filter(province=province, name=county_name).first(),
            "verification": Organization.Verification.VERIFIED,
        },
    )
    if created:
        organization_refresh_search(organization)
    return organization


def _user(username: str) -> User:
    if username not in USERS:
        return User.objects.get(username=username)
    first, last, role, key = USERS[username]
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    organization = _organization(key)
    RoleGrant.objects.get_or_create(
        user=user, role=role, organization=organization, province=organization.province
    )
    return user


def _routes(admin) -> None:
    table = {
        MAZANDARAN: {
            "financing": ("employment_fund", 10),
            "tax": ("tax_mazandaran", 10),
            "insurance": ("insurance_mazandaran", 10),
            "internet": ("ict_directorate_mazandaran", 7),
            "recognition": ("governorate_mazandaran", 15),
            "workspace": ("ict_directorate_mazandaran", 10),
        },
        EAST_AZARBAIJAN: {
            "internet": ("ict_east_azarbaijan", 7),
            "workspace": ("ict_east_azarbaijan", 10),
            "recognition": ("governorate_east_azarbaijan", 15),
        },
    }
    for code, rows in table.items():
        province = Province.objects.get(code=code)
        for slug, (key, days) in rows.items():
            category = Category.objects.get(slug=slug)
            if not Route.objects.filter(category=category, province=province).exists():
                services.route_set(
                    actor=admin,
                    category=category,
                    province=province,
                    body=_organization(key),
                    answer_days=days,
                )
    if not ClosureDay.objects.filter(day=_j("1404/09/02")).exists():
        ClosureDay.objects.create(
            day=_j("1404/09/02"),
            province=Province.objects.get(code=EAST_AZARBAIJAN),
            reason="تعطیلی ادارات تبریز برای آلودگی هوا (نمونه)",
        )


def _backdate(obstacle: Obstacle, *, routed: str, due: str, answered: str | None = None) -> None:
    """Set the demo's fixed 1404 dates on the record and its timeline."""
    fields = {"routed_at": _at(routed), "due_on": _j(due), "created_at": _at(routed, 9)}
    if answered:
        fields["answered_at"] = _at(answered, 12)
        fields["answered_on_time"] = _j(answered) <= _j(due)
    Obstacle.objects.filter(pk=obstacle.pk).update(**fields)
    for step in Step.objects.filter(obstacle=obstacle):
        at = {"report": _at(routed, 9), "route": _at(routed), "start": _at(routed, 14)}.get(
            step.action, fields.get("answered_at", _at(routed, 15))
        )
        Step.objects.filter(pk=step.pk).update(at=at)
    obstacle.refresh_from_db()


def _report(actor, organization_key, slug, code, county, title, description, **extra):
    existing = Obstacle.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    province = Province.objects.get(code=code)
    obstacle = services.obstacle_report(
        actor=actor,
        category=Category.objects.get(slug=slug),
        title=title,
        description=description,
        province=province,
        county=County.objects.filter(province=province, name=county).first(),
        reporter_organization=_organization(organization_key) if organization_key else None,
        **extra,
    )
    return obstacle, True


def _obstacles(admin) -> None:
    actor = _user("actor.demo")
    tabriz = _user("actor.tabriz")
    agency = _user("agency.demo")
    _user("tax.demo")
    insurance = _user("insurance.demo")
    park = _user("park.demo")
    gov = _user("gov.mazandaran")

    # 1. Recognition as a business (003), answered in time by the governorate's staff route.
    recognition, new = _report(
        actor,
        "actor_company",
        "recognition",
        MAZANDARAN,
        "ساری",
        "به رسمیت شناخته نشدن کسب‌وکارهای نرم‌افزاری در استعلام‌های دستگاه‌ها",
        "دستگاه‌ها پروانه نظام صنفی رایانه‌ای را برای شرکت‌های نرم‌افزاری کافی نمی‌دانند و "
        "برای قرارداد، مجوز دیگری می‌خواهند (مقاله ۰۰۳: «شناخته نشدن به عنوان کسب‌وکار»).",
        since=_j("1403/10/01"),
    )
    if new:
        services.obstacle_support(
            actor=tabriz, obstacle=recognition, organization=_organization("firm_tabriz")
        )
        services.obstacle_reroute(
            actor=gov,
            obstacle=recognition,
            body=_organization("ict_directorate_mazandaran"),
            reason="پیگیری با اداره کل ارتباطات است که دبیر کارگروه است.",
        )
        services.obstacle_start(actor=agency, obstacle=recognition, note="با نصر بررسی می‌شود")
        services.answer_add(
            actor=agency,
            obstacle=recognition,
            text="بخشنامه استانی: پروانه نظام صنفی رایانه‌ای در استعلام‌های دستگاه‌های استان "
            "پذیرفته می‌شود. نامه به همه دستگاه‌ها ارسال شد.",
        )
        _backdate(recognition, routed="1404/02/05", due="1404/02/27", answered="1404/02/20")
        services.obstacle_rate(actor=actor, obstacle=recognition, rating=5, note="سریع و روشن")

    # 2. Loan paperwork for rural firms, answered late.
    loans, new = _report(
        actor,
        None,
        "financing",
        MAZANDARAN,
        "سوادکوه",
        "کاغذبازی پرونده وام شرکت‌های روستایی",
        "برای وام اشتغال روستایی، شرکت‌های فناوری روستا باید ده مدرک کاغذی را حضوری در ساری "
        "تحویل دهند.",
        affected=[_organization("firm_rural")],
    )
    if new:
        fund_user = _user("fund.rep")
        services.answer_add(
            actor=fund_user,
            obstacle=loans,
            text="مدارک از این پس در سامانه خوشه بارگذاری می‌شود و نسخه کاغذی لازم نیست.",
        )
        _backdate(loans, routed="1404/03/01", due="1404/03/17", answered="1404/04/10")

    # 3. Internet bandwidth in a county: late, escalated to the working group (004).
    internet, new = _report(
        actor,
        "actor_company",
        "internet",
        MAZANDARAN,
        "سوادکوه",
        "پهنای باند ناکافی اینترنت در شهرستان سوادکوه",
        "شرکت‌های فناوری سوادکوه با پهنای باند کم و قطعی‌های پیاپی نمی‌توانند خدمات ابری بدهند.",
        since=_j("1403/06/01"),
    )
    if new:
        for key in ("firm_rural", "firm_babol"):
            organization = _organization(key)
            rep, _created = User.objects.get_or_create(
                username=f"rep.{key}",
                defaults={"first_name": "نماینده", "last_name": organization.name},
            )
            RoleGrant.objects.get_or_create(
                user=rep, role=Role.ACTOR, organization=organization, province=organization.province
            )
            services.obstacle_support(actor=rep, obstacle=internet, organization=organization)
        services.obstacle_start(actor=agency, obstacle=internet, note="با شرکت زیرساخت مکاتبه شد")
        _backdate(internet, routed="1404/05/10", due="1404/05/20")
        body = Body.objects.filter(name=WORKING_GROUP).first()
        if body is not None:
            meeting = Meeting.objects.filter(body=body, title__contains="موانع").first()
            if meeting is None:
                meeting = governance.meeting_create(
                    actor=gov,
                    body=body,
                    title="جلسه رسیدگی به موانع کسب‌وکارهای فضای مجازی",
                    held_at=_at("1404/07/15"),
                    place="ساری، استانداری مازندران",
                )
            services.obstacle_escalate(actor=gov, obstacle=internet, meeting=meeting)
            services.obstacle_resolve(
                actor=gov,
                obstacle=internet,
                text="اداره کل ارتباطات و فناوری اطلاعات پهنای باند شهرستان سوادکوه را تا پایان "
                "بهمن ۱۴۰۴ دو برابر کند و گزارش آن را به کارگروه بدهد.",
                owner=demo_organization("ict_directorate_mazandaran"),
                due_on=_j("1404/11/30"),
            )

    # 4. Workspace in the ICT park (East Azarbaijan), answered in time.
    workspace, new = _report(
        tabriz,
        "firm_tabriz",
        "workspace",
        EAST_AZARBAIJAN,
        "تبریز",
        "نبود فضای کار کافی در پارک فناوری اطلاعات و ارتباطات تبریز",
        "شرکت‌های نوپا ماه‌ها در نوبت فضای کار پارک می‌مانند (مقاله ۰۰۳: خوشه و پارک فناوری).",
    )
    if new:
        services.answer_add(
            actor=park,
            obstacle=workspace,
            text="طبقه دوم ساختمان پارک برای ۱۲ شرکت نوپا تا پایان مهر آماده می‌شود.",
        )
        _backdate(workspace, routed="1404/06/01", due="1404/06/15", answered="1404/06/10")

    # 5. Insurance of freelancers: private, in progress.
    freelancers, new = _report(
        actor,
        "actor_company",
        "insurance",
        MAZANDARAN,
        "ساری",
        "بیمه نشدن فریلنسرهای حوزه فناوری اطلاعات",
        "برنامه‌نویسان آزادکار نمی‌توانند به عنوان صاحب حرفه بیمه شوند.",
        is_public=False,
    )
    if new:
        services.obstacle_start(actor=insurance, obstacle=freelancers, note="در حال بررسی")

    # 6. Internet in East Azarbaijan, routed and waiting; 7. tax, unrouted (no route used).
    _report(
        tabriz,
        "firm_tabriz",
        "internet",
        EAST_AZARBAIJAN,
        "مراغه",
        "کندی اینترنت ثابت در شهرک صنعتی مراغه",
        "شرکت‌های شهرک صنعتی مراغه سرعت اینترنت ثابت را کمتر از قرارداد می‌گیرند.",
    )
    _report(
        actor,
        "actor_company",
        "procurement",
        MAZANDARAN,
        "ساری",
        "نبود سهم شرکت‌های بومی در خرید نرم‌افزار دستگاه‌ها",
        "دستگاه‌های استان نرم‌افزار را از شرکت‌های تهرانی می‌خرند و شرکت‌های بومی خبر ندارند.",
    )


def load(*, stdout) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("obstacles: no demo users (run the registry's demo first)")
        return
    with transaction.atomic():
        # the migration's categories, back if a flushed database lost them
        ensure_default_categories()
        _routes(admin)
        _obstacles(admin)
    stdout.write(
        f"obstacles: {Category.objects.count()} categories, {Route.objects.count()} routes, "
        f"{Obstacle.objects.count()} obstacles "
        f"({Obstacle.objects.filter(agenda_item__isnull=False).count()} escalated)"
    )
