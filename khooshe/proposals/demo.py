"""Demo proposals for Mazandaran (IR-02) and East Azerbaijan (IR-03), from the articles'
themes: IT for agriculture and tourism, agencies' e-services for the 1395 IT festival, the
provincial data center and call center, the ICT cluster's database of actors.

Every state of the workflow appears in both provinces; each province has one forwarded
dossier (decided in part) and one open dossier; priorities for 1403, 1404 and 1405 (the current year) with weights; a
four-criterion rubric; scores by two evaluators. Everything goes through the services, so the
transition log, the history and the notifications are real. Idempotent (a proposal is known
by its title and province) and deterministic (no randomness).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.accounts.permissions import forget_grants
from khooshe.geo.models import County, Province
from khooshe.persian.jalali import jalali_month_end, jalali_to_date, today_jalali_year
from khooshe.persian.text import to_persian_digits
from khooshe.persian.validators import legal_id_check_digit
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Call, Criterion, Priority, ProcurementMethod, Proposal
from khooshe.proposals.models import ProposalState as S
from khooshe.registry.demo import load_taxonomy
from khooshe.registry.demo_users import ORGANIZATIONS, demo_organization
from khooshe.registry.models import Organization

DEMO_PASSWORD = "khooshe-demo"

#: (year, title, weight, sector slug, capability slug, keywords)
PRIORITIES = {
    "IR-02": [
        (1403, "کشاورزی هوشمند و بازار محصولات باغی", 30, "agriculture", "iot", "مرکبات، برنج"),
        (1403, "گردشگری دیجیتال", 25, "tourism", None, "گردشگری، بوم‌گردی"),
        (1403, "دولت هوشمند و خدمات الکترونیک دستگاه‌ها", 25, "government", "eservices", ""),
        (1403, "زیرساخت و مرکز داده استانی", 20, None, "datacenter", "مرکز داده"),
        (1404, "کشاورزی هوشمند", 35, "agriculture", "iot", "کشاورزی، مرکبات، برنج"),
        (1404, "گردشگری دیجیتال", 25, "tourism", None, "گردشگری"),
        (1404, "آمادگی دستگاه‌ها برای دولت هوشمند", 25, "government", "egov", "پنجره واحد"),
        (1404, "سکوهای بومی و اشتغال جوانان", 15, None, None, "سکوی بومی، اشتغال"),
        (1405, "کشاورزی هوشمند و بازار برخط مرکبات", 30, "agriculture", "iot", "مرکبات، برنج"),
        (1405, "مرکز داده و دولت هوشمند", 30, "government", "datacenter", "مرکز داده، پنجره واحد"),
        (1405, "گردشگری دیجیتال", 20, "tourism", None, "گردشگری، بوم‌گردی"),
        (1405, "سکوهای بومی و اشتغال جوانان", 20, None, None, "سکوی بومی، اشتغال"),
    ],
    "IR-03": [
        (1403, "مرکز داده استانی", 30, None, "datacenter", "مرکز داده"),
        (1403, "مرکز تماس استانی", 20, None, "callcenter", "مرکز تماس"),
        (1403, "خوشه و شهرک فناوری اطلاعات", 25, None, None, "خوشه، بانک اطلاعات"),
        (1403, "دولت الکترونیک و دفاتر پیشخوان", 25, "government", "egov", "پیشخوان"),
        (1404, "مرکز داده و زیرساخت شبکه ملی اطلاعات", 30, None, "datacenter", "مرکز داده"),
        (1404, "صنعت هوشمند", 25, "industry", "ai", "صنعت، کارخانه"),
        (1404, "خوشه فناوری اطلاعات", 25, None, None, "خوشه"),
        (1404, "دولت هوشمند", 20, "government", "eservices", ""),
        (1405, "مرکز داده و زیرساخت شبکه ملی اطلاعات", 30, None, "datacenter", "مرکز داده"),
        (1405, "خوشه فناوری اطلاعات و بانک فعالان", 25, None, None, "خوشه، بانک اطلاعات"),
        (1405, "صنعت هوشمند", 25, "industry", "ai", "صنعت، کارخانه"),
        (1405, "دولت هوشمند", 20, "government", "eservices", ""),
    ],
}

#: (title, weight, guidance)
# Stored in Persian as staff would type them; marked for translation so that the seeded
# rubric reads in English on English pages (a template prints a criterion through
# {% translate %}: a title staff typed themselves, with no catalogue entry, shows as typed).
RUBRIC = [
    (
        gettext_noop("همسویی با اولویت‌های اجرایی استان"),
        3,
        gettext_noop("۱: بی‌ارتباط … ۵: کاملاً همسو"),
    ),
    (gettext_noop("اثر اقتصادی و اشتغال"), 3, gettext_noop("۱: ناچیز … ۵: چشمگیر و پایدار")),
    (
        gettext_noop("امکان‌پذیری فنی و توان اجرایی بومی"),
        2,
        gettext_noop("۱: مبهم … ۵: روشن با مجری بومی توانا"),
    ),
    (gettext_noop("تناسب هزینه و زمان"), 2, gettext_noop("۱: نامتناسب … ۵: بسیار مناسب")),
]

# Proposal: title, problem, solution, sector, capabilities, county, budget (Rial), months,
# jobs, beneficiary key, submitter key, target state.
PROPOSALS = {
    "IR-02": [
        (
            "سامانه بازار برخط مرکبات مازندران",
            "باغداران مرکبات ساری و جویبار محصول را به واسطه‌ها می‌فروشند و از قیمت روز بازار "
            "خبر ندارند؛ بخشی از محصول هر سال در باغ می‌ماند.",
            "سامانه وب و اپلیکیشن موبایل برای عرضه مستقیم محصول، اعلام قیمت روز و هماهنگی "
            "حمل؛ اتصال به تعاونی‌های روستایی.",
            "agriculture",
            ["web", "mobile", "ecommerce"],
            "ساری",
            18_000_000_000,
            12,
            14,
            "governorate_mazandaran",
            "actor_company",
            S.PROJECT_CREATED,
        ),
        (
            "پایش هوشمند آب و آفت شالیزارهای آمل",
            "کم‌آبی و آفت ساقه‌خوار برنج هزینه کشاورزان آمل را بالا برده است و هشدار به موقع نمی‌رسد.",
            "حسگرهای اینترنت اشیا در شالیزارهای نمونه، داشبورد تحلیل داده و پیامک هشدار به "
            "کشاورزان.",
            "agriculture",
            ["iot", "ai"],
            "آمل",
            26_000_000_000,
            18,
            9,
            "ict_directorate_mazandaran",
            "org:0",
            S.APPROVED,
        ),
        (
            "درگاه رزرو اقامتگاه‌های بوم‌گردی رامسر و نوشهر",
            "گردشگران اقامتگاه‌های بوم‌گردی غرب استان را نمی‌یابند و رزرو تلفنی است.",
            "درگاه رزرو برخط با نقشه گردشگری، پرداخت الکترونیک و نظرسنجی مسافران.",
            "tourism",
            ["web", "ecommerce"],
            "رامسر",
            9_500_000_000,
            9,
            6,
            "governorate_mazandaran",
            "actor_company",
            S.UNDER_EVALUATION,
        ),
        (
            "نمایشگاه خدمات الکترونیک دستگاه‌ها در جشنواره فاوای ۱۳۹۵",
            "در هفت جشنواره پیشین فقط بخش خصوصی حضور داشت و دستگاه‌های اجرایی خدمات "
            "الکترونیک خود را معرفی نکردند.",
            "طراحی غرفه مجازی و درگاه معرفی خدمات الکترونیک هر دستگاه برای جشنواره و پس از آن.",
            "government",
            ["web", "eservices"],
            "ساری",
            4_200_000_000,
            4,
            3,
            "ict_directorate_mazandaran",
            "org:1",
            S.REJECTED,
        ),
        (
            "سامانه نوبت‌دهی یکپارچه خدمات دستگاه‌های استان",
            "مراجعان برای هر دستگاه جداگانه نوبت می‌گیرند و صف‌های حضوری طولانی است.",
            "پنجره واحد نوبت‌دهی برخط متصل به دستگاه‌ها و دفاتر پیشخوان.",
            "government",
            ["web", "eservices"],
            "قائم‌شهر",
            7_800_000_000,
            8,
            5,
            "governorate_mazandaran",
            "org:2",
            S.FORWARDED,
        ),
        (
            "مطالعه امکان‌سنجی مرکز داده استانی مازندران",
            "داده‌های دستگاه‌های استان در سرورهای پراکنده و ناامن نگهداری می‌شود.",
            "امکان‌سنجی فنی و مالی مرکز داده استانی با مشارکت شرکت‌های بومی.",
            None,
            ["datacenter", "networks", "security"],
            "ساری",
            3_000_000_000,
            6,
            2,
            "ict_directorate_mazandaran",
            "actor_company",
            S.IN_DOSSIER,
        ),
        (
            "اپلیکیشن راهنمای گردشگری جاده هراز",
            "مسافران جاده هراز از خدمات بین راه، وضعیت جاده و جاذبه‌ها اطلاع ندارند.",
            "اپلیکیشن موبایل با نقشه آفلاین و معرفی کسب‌وکارهای محلی.",
            "tourism",
            ["mobile"],
            "آمل",
            2_600_000_000,
            6,
            4,
            "governorate_mazandaran",
            "org:3",
            S.ACCEPTED,
        ),
        (
            "سامانه ردیابی صید و فروش ماهی بابلسر",
            "صیادان بابلسر و فریدونکنار قیمت روز را نمی‌دانند و صید ثبت نمی‌شود.",
            "ثبت صید با موبایل و بازار برخط ماهی تازه.",
            "fisheries",
            ["mobile", "ecommerce"],
            "بابلسر",
            3_900_000_000,
            7,
            5,
            "governorate_mazandaran",
            "org:4",
            S.SCREENING,
        ),
        (
            "آموزش مجازی کشاورزان برای کشت گلخانه‌ای",
            "کشاورزان روستاهای نکا به آموزش روش‌های نوین کشت دسترسی ندارند.",
            "دوره‌های ویدئویی و مشاوره برخط با کارشناسان جهاد کشاورزی.",
            "agriculture",
            ["web"],
            "نکا",
            1_800_000_000,
            5,
            2,
            "governorate_mazandaran",
            "actor_company",
            S.SUBMITTED,
        ),
        (
            "بازی آموزشی تاریخ طبرستان",
            "نوجوانان با تاریخ و جاذبه‌های استان آشنا نیستند.",
            "بازی موبایلی آموزشی با روایت تاریخ طبرستان.",
            "tourism",
            ["mobile"],
            "بابل",
            2_200_000_000,
            10,
            4,
            "governorate_mazandaran",
            "org:5",
            S.RETURNED,
        ),
        (
            "خرید رایانه برای ادارات",
            "ادارات رایانه کم دارند.",
            "خرید رایانه.",
            None,
            [],
            "ساری",
            12_000_000_000,
            2,
            0,
            "governorate_mazandaran",
            "org:6",
            S.REJECTED_AT_SCREENING,
        ),
        (
            "نقشه دیجیتال باغ‌های چای و مرکبات تنکابن",
            "آمار دقیقی از سطح زیر کشت و وضعیت باغ‌ها در دست نیست.",
            "نقشه‌برداری با پهپاد و سامانه اطلاعات مکانی باغ‌ها.",
            "agriculture",
            ["ai", "web"],
            "تنکابن",
            5_400_000_000,
            9,
            3,
            "ict_directorate_mazandaran",
            "actor_company",
            S.DRAFT,
        ),
    ],
    "IR-03": [
        (
            "مرکز داده استانی آذربایجان شرقی",
            "تفاهم‌نامه مرکز داده استانی امضا شده ولی طرح اجرایی و برآورد هزینه ندارد؛ وعده "
            "راه‌اندازی تا پایان شهریور داده شده است.",
            "طراحی و استقرار مرحله نخست مرکز داده با میزبانی خدمات دستگاه‌ها و پشتیبان‌گیری.",
            "government",
            ["datacenter", "networks", "security"],
            "تبریز",
            85_000_000_000,
            14,
            25,
            "governorate_east_azarbaijan",
            "org:0",
            S.PROJECT_CREATED,
        ),
        (
            "مرکز تماس یکپارچه خدمات استان",
            "شهروندان برای هر دستگاه شماره جداگانه دارند؛ قرار است مرکز تماس تا پایان مهر "
            "راه‌اندازی شود.",
            "مرکز تماس با شماره واحد، پاسخگوی خودکار و اتصال به سامانه‌های دستگاه‌ها.",
            "government",
            ["callcenter", "software"],
            "تبریز",
            32_000_000_000,
            10,
            40,
            "governorate_east_azarbaijan",
            "org:1",
            S.APPROVED,
        ),
        (
            "بانک اطلاعات فعالان خوشه فناوری اطلاعات",
            "بیش از ۵۰۰ شرکت و هزار عضو فعال در استان هستند ولی بانک اطلاعات یکپارچه‌ای نیست.",
            "سامانه ثبت و معرفی فعالان خوشه با نقشه توانمندی‌ها.",
            None,
            ["web", "software"],
            "تبریز",
            6_000_000_000,
            8,
            6,
            "governorate_east_azarbaijan",
            "org:2",
            S.UNDER_EVALUATION,
        ),
        (
            "توسعه خدمات دفاتر پیشخوان روستایی",
            "دفاتر پیشخوان روستایی خدمات محدودی دارند و روستاییان به شهر می‌روند.",
            "افزودن خدمات الکترونیک دستگاه‌ها به دفاتر پیشخوان روستایی و آموزش متصدیان.",
            "government",
            ["eservices"],
            "مراغه",
            5_200_000_000,
            6,
            12,
            "governorate_east_azarbaijan",
            "org:3",
            S.REJECTED,
        ),
        (
            "پایش هوشمند خطوط تولید صنایع تبریز",
            "کارخانه‌های کوچک داده تولید را ثبت نمی‌کنند و توقف خطوط دیر دیده می‌شود.",
            "حسگرها و داشبورد تحلیل داده برای واحدهای صنعتی کوچک.",
            "industry",
            ["iot", "ai"],
            "تبریز",
            14_000_000_000,
            12,
            8,
            "governorate_east_azarbaijan",
            "org:4",
            S.FORWARDED,
        ),
        (
            "سکوی فروش برخط فرش دستباف",
            "بافندگان فرش به بازار جهانی دسترسی ندارند.",
            "فروشگاه اینترنتی چندزبانه و پرداخت بین‌المللی از راه شرکای بومی.",
            "industry",
            ["ecommerce", "web"],
            "تبریز",
            4_500_000_000,
            8,
            10,
            "governorate_east_azarbaijan",
            "org:5",
            S.IN_DOSSIER,
        ),
        (
            "سامانه کشاورزی هوشمند مراغه",
            "باغداران مراغه آبیاری را بر پایه تجربه انجام می‌دهند.",
            "حسگرهای رطوبت خاک و توصیه آبیاری از راه پیامک.",
            "agriculture",
            ["iot"],
            "مراغه",
            3_600_000_000,
            8,
            3,
            "governorate_east_azarbaijan",
            "org:6",
            S.ACCEPTED,
        ),
        (
            "راهنمای گردشگری کندوان و جلفا",
            "گردشگران خارجی راهنمای دیجیتال چندزبانه ندارند.",
            "اپلیکیشن چندزبانه با تور مجازی.",
            "tourism",
            ["mobile"],
            "جلفا",
            2_400_000_000,
            6,
            3,
            "governorate_east_azarbaijan",
            "org:7",
            S.SCREENING,
        ),
        (
            "امن‌سازی شبکه دستگاه‌های اجرایی",
            "حملات سایبری به شبکه دستگاه‌ها رو به افزایش است.",
            "ارزیابی امنیتی و استقرار مرکز عملیات امنیت مشترک.",
            "government",
            ["security", "networks"],
            "تبریز",
            11_000_000_000,
            9,
            6,
            "governorate_east_azarbaijan",
            "org:8",
            S.SUBMITTED,
        ),
        (
            "سامانه مدیریت پسماند هوشمند",
            "جمع‌آوری پسماند در تبریز بدون داده انجام می‌شود.",
            "سطل‌های هوشمند و مسیریابی خودروها.",
            None,
            ["iot"],
            "تبریز",
            7_000_000_000,
            12,
            5,
            "governorate_east_azarbaijan",
            "org:9",
            S.RETURNED,
        ),
        (
            "چاپ بروشور",
            "بروشور نیاز است.",
            "چاپ.",
            None,
            [],
            "اهر",
            500_000_000,
            1,
            0,
            "governorate_east_azarbaijan",
            "org:10",
            S.REJECTED_AT_SCREENING,
        ),
        (
            "اپلیکیشن نوبت‌دهی درمانگاه‌های روستایی",
            "روستاییان برای نوبت درمانگاه مسیر طولانی می‌روند.",
            "نوبت‌دهی پیامکی و برخط.",
            None,
            ["mobile"],
            "میانه",
            1_900_000_000,
            5,
            2,
            "governorate_east_azarbaijan",
            "org:11",
            S.DRAFT,
        ),
    ],
}

STAFF = {
    "IR-02": ("guild.mazandaran", "gov.mazandaran", "evaluator.mazandaran"),
    "IR-03": ("guild.eastazarbaijan", "gov.eastazarbaijan", "evaluator.eastazarbaijan"),
}
#: Submitter users created for registry organizations: username per province.
SUBMITTER_USERS = {"IR-02": "actor.babol", "IR-03": "actor.tabriz"}

#: Outcomes reached after the dossier is forwarded.
_AFTER_FORWARD = (S.FORWARDED, S.UNDER_EVALUATION, S.APPROVED, S.REJECTED, S.PROJECT_CREATED)


def _user(username: str, first: str, last: str, grants) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@khooshe.example.ir",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    for role, province, organization in grants:
        RoleGrant.objects.get_or_create(
            user=user, role=role, province=province, organization=organization
        )
    forget_grants(user)
    return user


def _registry_organizations(province: Province, count: int) -> list[Organization]:
    """Companies of the registry in ``province`` (the registry demo's, in a fixed order);
    a few are created when the registry demo has not run."""
    reserved = {legal[:10] for *_rest, legal in ORGANIZATIONS.values()}
    found = list(
        Organization.objects.filter(
            province=province,
            kind__in=(Organization.Kind.COMPANY, Organization.Kind.STARTUP),
            merged_into__isnull=True,
            legal_id__isnull=False,
        )
        .exclude(legal_id__regex=r"^(" + "|".join(reserved) + ")")
        .order_by("legal_id")[:count]
    )
    index = 0
    center = County.objects.filter(province=province, name=province.center).first()
    center = center or County.objects.filter(province=province).order_by("name").first()
    while len(found) < count:
        prefix = "1088" if province.code == "IR-02" else "1020"
        first10 = f"{prefix}{700000 + index:06d}"
        index += 1
        organization, _created = Organization.objects.get_or_create(
            legal_id=first10 + legal_id_check_digit(first10),
            defaults={
                "name": f"شرکت فناوران نمونه {province.name} {index}",
                "kind": Organization.Kind.COMPANY,
                "province": province,
                "county": center,
                "verification": Organization.Verification.VERIFIED,
            },
        )
        if organization not in found:
            found.append(organization)
    return found


def _county(province: Province, name: str) -> County:
    county = County.objects.filter(province=province, name=name).first()
    return county or County.objects.filter(province=province).order_by("name").first()


def _advance(proposal: Proposal, target: str, *, guild: User, gov: User) -> None:
    """Move ``proposal`` up to ``target`` without a dossier (the dossier steps are done by
    :func:`load`)."""
    note = {
        wf.RETURN: "لطفاً برآورد هزینه را به تفکیک مراحل و مجریان بومی توانا را مشخص کنید.",
        wf.REJECT_SCREENING: "طرح در حوزه فناوری اطلاعات نیست و خرید تجهیزات از راه دیگری است.",
    }
    plan = {
        S.SUBMITTED: [(wf.SUBMIT, proposal.created_by)],
        S.SCREENING: [(wf.SUBMIT, proposal.created_by), (wf.START_SCREENING, guild)],
        S.RETURNED: [
            (wf.SUBMIT, proposal.created_by),
            (wf.START_SCREENING, guild),
            (wf.RETURN, guild),
        ],
        S.REJECTED_AT_SCREENING: [
            (wf.SUBMIT, proposal.created_by),
            (wf.START_SCREENING, guild),
            (wf.REJECT_SCREENING, guild),
        ],
    }.get(
        target,
        [(wf.SUBMIT, proposal.created_by), (wf.START_SCREENING, guild), (wf.ACCEPT, guild)],
    )
    for action, user in plan:
        services.proposal_transition(
            actor=user, proposal=proposal, action=action, note=note.get(action, "")
        )


@transaction.atomic
def load(*, stdout) -> None:
    capabilities, sectors = load_taxonomy()
    created = 0
    for code, specs in PROPOSALS.items():
        province = Province.objects.get(code=code)
        guild_name, gov_name, evaluator_name = STAFF[code]
        guild = User.objects.filter(username=guild_name).first() or _user(
            guild_name, "کارشناس", "نصر", [(Role.GUILD_STAFF, province, None)]
        )
        gov = User.objects.filter(username=gov_name).first() or _user(
            gov_name,
            "کارشناس",
            "استانداری",
            [(Role.GOVERNORATE_STAFF, province, None), (Role.EVALUATOR, province, None)],
        )
        evaluator = _user(
            evaluator_name, "ارزیاب", province.name, [(Role.EVALUATOR, province, None)]
        )
        _load_priorities(province, gov, sectors, capabilities)
        criteria = _load_rubric(province, gov)
        organizations = _registry_organizations(province, 12)
        submitter = _user(
            SUBMITTER_USERS[code],
            "نماینده",
            organizations[0].name[:100],
            [(Role.ACTOR, province, org) for org in organizations],
        )
        if Proposal.objects.filter(province=province, title=specs[0][0]).exists():
            continue  # this province's demo is loaded
        call = _load_call(province, gov)
        actor_company = demo_organization("actor_company")
        actor_user = User.objects.filter(username="actor.demo").first()
        proposals: list[tuple[Proposal, str]] = []
        for spec in specs:
            (title, problem, solution, sector, caps, county, budget, months, jobs) = spec[:9]
            beneficiary_key, submitter_key, target = spec[9:]
            if submitter_key == "actor_company" and actor_user is not None:
                user, organization = actor_user, actor_company
            else:
                index = int(submitter_key.split(":")[1]) if ":" in submitter_key else 0
                user, organization = submitter, organizations[index]
            proposal = services.proposal_create(
                actor=user,
                data={
                    "title": title,
                    "problem": problem,
                    "solution": solution,
                    "beneficiary": demo_organization(beneficiary_key),
                    "sector": sectors.get(sector) if sector else None,
                    "county": _county(province, county),
                    "estimated_budget": budget,
                    "duration_months": months,
                    "expected_outcomes": f"اشتغال مستقیم {to_persian_digits(jobs)} نفر و بهبود خدمات",
                    "expected_jobs": jobs,
                    "contact_phone": "011-33220000" if code == "IR-02" else "041-35550000",
                    # Mazandaran's proposals answer its call; East Azerbaijan's are in the
                    # ongoing call.
                    "call": call,
                },
                capabilities=[capabilities[c] for c in caps if c in capabilities],
                submitter_organization=organization,
            )
            created += 1
            if target != S.DRAFT:
                _advance(proposal, target, guild=guild, gov=gov)
            proposals.append((proposal, target))
        forwarded = [p for p, t in proposals if t in _AFTER_FORWARD]
        open_ones = [p for p, t in proposals if t == S.IN_DOSSIER]
        dossier = services.dossier_create(
            actor=guild,
            province=province,
            title="طرح‌های فناوری اطلاعات برای کشاورزی، گردشگری و دولت هوشمند"
            if code == "IR-02"
            else "طرح‌های زیرساخت، مرکز داده و مرکز تماس استان",
            cover_letter=(
                "استاندار محترم، با سلام و احترام؛ بر پایه تفاهم همکاری اداره کل ارتباطات و "
                "فناوری اطلاعات و سازمان نظام صنفی رایانه‌ای، طرح‌های پیشنهادی فعالان فاوای "
                "استان که در بررسی اولیه پذیرفته شده‌اند برای ارزیابی و تصمیم تقدیم می‌شود. "
                "در همه طرح‌ها استفاده از ظرفیت شرکت‌های بومی پیشنهاد شده است."
            ),
            proposals=forwarded,
        )
        services.dossier_forward(actor=guild, dossier=dossier)
        # The governorate asks two scorers for every proposal of the dossier, in two weeks.
        services.evaluation_policy_set(actor=gov, province=province, min_score_sheets=2)
        services.dossier_assign(
            actor=gov,
            dossier=dossier,
            evaluators=[gov, evaluator],
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
        services.dossier_create(
            actor=guild,
            province=province,
            title="طرح‌های در حال تکمیل پرونده",
            cover_letter="پرونده در حال تکمیل است.",
            proposals=open_ones,
        )
        for proposal, target in proposals:
            if target not in _AFTER_FORWARD or target == S.FORWARDED:
                continue
            proposal.refresh_from_db()
            services.proposal_transition(actor=gov, proposal=proposal, action=wf.START_EVALUATION)
            for n, scorer in enumerate((gov, evaluator)):
                values = {
                    c.pk: min(5, 2 + (len(proposal.title) + n + i) % 4)
                    for i, c in enumerate(criteria)
                }
                services.score_submit(
                    actor=scorer,
                    proposal=proposal,
                    values=values,
                    comment="با اولویت‌های استان همسو است." if n == 0 else "",
                    declare_no_conflict=True,
                )
            if target == S.REJECTED:
                services.proposal_transition(
                    actor=gov,
                    proposal=proposal,
                    action=wf.REJECT,
                    note="با طرح‌های در حال اجرای دستگاه‌ها هم‌پوشانی دارد.",
                    failed_criteria=[criteria[0]],
                )
            elif target in (S.APPROVED, S.PROJECT_CREATED):
                services.proposal_transition(
                    actor=gov,
                    proposal=proposal,
                    action=wf.APPROVE,
                    approved_budget=proposal.estimated_budget * 9 // 10,
                    cost_lines=_cost_lines(proposal.estimated_budget * 9 // 10),
                    note="با بودجه ۹۰ درصد برآورد تصویب شد.",
                )
                if target == S.PROJECT_CREATED:
                    services.proposal_transition(
                        actor=gov, proposal=proposal, action=wf.CREATE_PROJECT
                    )
                    _award(proposal, gov=gov, organizations=organizations)
            for answer in proposal.answers.all():
                services.answer_publish(actor=gov, answer=answer)
        _load_partners(proposals, organizations, submitter)
    stdout.write(
        f"proposals: {created} new, {Proposal.objects.count()} in all; "
        f"{Priority.objects.count()} priorities, {Criterion.objects.count()} criteria"
    )


def _cost_lines(budget: int) -> list[dict]:
    """An approved budget split as a province's ICT office usually splits one."""
    software = budget * 6 // 10
    hardware = budget * 3 // 10
    return [
        {"title": "توسعه نرم‌افزار و استقرار", "amount": software},
        {"title": "تجهیزات و زیرساخت", "amount": hardware},
        {"title": "آموزش و پشتیبانی", "amount": budget - software - hardware},
    ]


def _award(proposal, *, gov, organizations) -> None:
    """The project goes to a local firm other than the submitter, by limited tender."""
    implementer = next(
        (o for o in organizations if o.pk != proposal.submitter_organization_id), None
    )
    if implementer is None:
        return
    services.award_record(
        actor=gov,
        proposal=proposal,
        organization=implementer,
        contract_date=timezone.localdate() - datetime.timedelta(days=30),
        contract_amount=proposal.approved_budget * 95 // 100,
        procurement_method=ProcurementMethod.LIMITED_TENDER,
    )


def _load_priorities(province, gov, sectors, capabilities) -> None:
    for year, title, weight, sector, capability, keywords in PRIORITIES[province.code]:
        Priority.objects.get_or_create(
            province=province,
            year=year,
            title=title,
            defaults={
                "weight": weight,
                "sector": sectors.get(sector) if sector else None,
                "capability": capabilities.get(capability) if capability else None,
                "keywords": keywords,
                "created_by": gov,
            },
        )


def _load_rubric(province, gov) -> list[Criterion]:
    criteria = []
    for position, (title, weight, guidance) in enumerate(RUBRIC):
        criterion, _created = Criterion.objects.get_or_create(
            province=province,
            title=title,
            defaults={"weight": weight, "description": guidance, "position": position},
        )
        criteria.append(criterion)
    return criteria


#: One call per province with a call: the year's call for smart-province projects, open the
#: whole Jalali year, with its credit envelope (Rial).
CALLS = {
    "IR-02": (
        "فراخوان طرح‌های هوشمندسازی استان مازندران",
        "طرح‌های فناوری اطلاعات برای کشاورزی، گردشگری و دولت هوشمند با اولویت ظرفیت بومی.",
        120_000_000_000,
    ),
}


def _load_call(province, gov) -> Call | None:
    """The province's call of the current Jalali year (None: its proposals stay in the
    ongoing call)."""
    if province.code not in CALLS:
        return None
    title, description, envelope = CALLS[province.code]
    year = today_jalali_year()
    call = Call.objects.filter(province=province, title=title).first()
    if call is None:
        call = services.call_create(
            actor=gov,
            province=province,
            data={
                "title": title,
                "description": description,
                "opens_on": jalali_to_date(year, 1, 1),
                "closes_on": jalali_month_end(year, 12),
                "envelope_rial": envelope,
            },
            themes={"priorities": list(Priority.objects.filter(province=province, year=year))},
        )
    return call


def _load_partners(proposals, organizations, submitter) -> None:
    """A co-submitter awaiting confirmation on the draft, and a readiness to cooperate on the
    approved proposal, from the province's other organizations."""
    draft = next((p for p, t in proposals if t == S.DRAFT), None)
    approved = next((p for p, t in proposals if t == S.APPROVED), None)
    if draft is not None and not draft.co_submitters.exists():
        services.cosubmitter_add(
            actor=draft.created_by,
            proposal=draft,
            organization=organizations[1],
            role="مجری فنی و پشتیبانی",
        )
    if approved is not None and not approved.cooperation_offers.exists():
        approved.refresh_from_db()
        services.cooperation_mark(
            actor=submitter,
            proposal=approved,
            organization=organizations[2],
            note="آماده همکاری در بخش نرم‌افزار و پشتیبانی هستیم.",
        )
