"""The registry's demo: the ICT-services taxonomy, 560 organizations and 1,100 people over
Mazandaran (IR-02) and East Azerbaijan (IR-03), about a thousand guild memberships,
affiliations with titles, verification states, East Azerbaijan's 41 identified clusters (13
operational) and its ICT cluster, and a richer profile for ``actor.demo``'s company.

Names are written the way people type them (article 003: «۵۰۰ شرکت», «سال 95», no ZWNJ at
all): with ZWNJ, with a space, with nothing («نرمافزاری»), some with Arabic ي/ك as legacy
lists carry them, digits in Persian or Latin script — so that the directory's search is
exercised by the demo itself.

Deterministic (``random.Random(1403)``): every run generates the same records and writes only
those missing (matched by legal ID, national code, membership number, cluster name), so a
second run changes nothing. Bulk writes go through ``bulk_create_with_history``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import jdatetime
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from khooshe.accounts.models import User
from khooshe.geo.models import County, Province
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text, search_key
from khooshe.persian.validators import legal_id_check_digit, national_code_check_digit
from khooshe.registry import demo_users, vouched
from khooshe.registry.bitmaps import everything_changed
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import (
    Affiliation,
    Capability,
    Cluster,
    GuildMembership,
    Locality,
    Organization,
    Person,
    ProposedChange,
    Sector,
)
from khooshe.registry.services import organization_refresh_search
from khooshe.registry.services.verification import change_propose

SEED = 1403
ORGANIZATIONS = 560
PEOPLE = 1100

#: slug → (name, English name, parent slug)
CAPABILITIES = {
    "software": ("توسعه نرم‌افزار", "Software development", None),
    "web": ("طراحی و توسعه وب", "Web", "software"),
    "mobile": ("اپلیکیشن موبایل", "Mobile apps", "software"),
    "enterprise": ("نرم‌افزارهای سازمانی", "Enterprise software", "software"),
    "games": ("بازی‌سازی", "Games", "software"),
    "networks": ("شبکه و زیرساخت", "Networks", None),
    "network-cabling": ("شبکه غیرفعال و کابل‌کشی", "Structured cabling", "networks"),
    "internet-services": ("خدمات اینترنت", "Internet services", "networks"),
    "security": ("امنیت اطلاعات", "Information security", None),
    "datacenter": ("مرکز داده و میزبانی", "Data center and hosting", None),
    "callcenter": ("مرکز تماس", "Call center", None),
    "hardware": ("سخت‌افزار و تجهیزات رایانه‌ای", "Hardware", None),
    "hardware-sales": ("فروش سخت‌افزار", "Hardware sales", "hardware"),
    "hardware-repair": ("تعمیر و نگهداری", "Repair and maintenance", "hardware"),
    "consulting": ("مشاوره فناوری اطلاعات", "IT consulting", None),
    "training": ("آموزش فاوا", "ICT training", None),
    "egov": ("خدمات دولت الکترونیک", "E-government services", None),
    "service-counter": ("دفتر پیشخوان دولت", "Government service counter", "egov"),
    "eservices": ("خدمات الکترونیک دستگاه‌ها", "Agency e-services", "egov"),
    "ai": ("هوش مصنوعی و تحلیل داده", "AI and data analytics", None),
    "iot": ("اینترنت اشیا و کشاورزی هوشمند", "IoT and smart farming", None),
    "ecommerce": ("تجارت الکترونیک", "E-commerce", None),
    "digital-marketing": ("بازاریابی دیجیتال و تولید محتوا", "Digital marketing", None),
}
SECTORS = {
    "agriculture": ("کشاورزی", "Agriculture"),
    "tourism": ("گردشگری", "Tourism"),
    "health": ("سلامت", "Health"),
    "education": ("آموزش", "Education"),
    "industry": ("صنعت", "Industry"),
    "government": ("خدمات دولتی", "Government services"),
    "commerce": ("بازرگانی", "Commerce"),
    "transport": ("حمل‌ونقل", "Transport"),
    "banking": ("بانک و بیمه", "Banking and insurance"),
    "energy": ("انرژی", "Energy"),
    "media": ("فرهنگ و رسانه", "Culture and media"),
    "fisheries": ("شیلات", "Fisheries"),
}

# Name parts. «‌» is a ZWNJ; _spell() writes each name the way some user would.
BRANDS = {
    "IR-02": [
        "کاسپین",
        "هیرکان",
        "البرز",
        "طبرستان",
        "مازند",
        "دیلمان",
        "شمال",
        "تجن",
        "هراز",
        "دماوند",
        "سبزکوه",
        "نارنجستان",
        "بابل‌رود",
        "خزر",
        "رویان",
        "پامنار",
    ],
    "IR-03": [
        "سهند",
        "ارس",
        "آذر",
        "ائل‌گلی",
        "سبلان",
        "آتروپات",
        "تبریزان",
        "قافلانکوه",
        "آجی‌چای",
        "ربع رشیدی",
        "شهریار",
        "ارک",
        "مهرآذر",
        "آذرآبادگان",
        "ستارخان",
        "کندوان",
    ],
    "both": [
        "پارس",
        "نوآوران",
        "فناوران",
        "پیشگامان",
        "رایان",
        "داده",
        "سامان",
        "ایده",
        "نگار",
        "افق",
        "ستاره",
        "مهر",
        "آریا",
        "پویا",
        "راهبرد",
        "اندیشه",
        "نوین",
        "هوشمند",
        "پردیس",
        "آینده",
        "ماهان",
        "آوا",
        "تیک",
        "سپهر",
        "کیان",
        "آرمان",
        "پیام",
        "رهنما",
    ],
}
FIELDS = [
    ("نرم‌افزاری", ["software", "web", "enterprise"]),
    ("فناوری اطلاعات", ["software", "consulting", "networks"]),
    ("داده‌پردازی", ["ai", "enterprise"]),
    ("رایانه", ["hardware-sales", "hardware-repair"]),
    ("شبکه", ["network-cabling", "internet-services"]),
    ("ارتباطات", ["networks", "callcenter"]),
    ("امنیت شبکه", ["security", "networks"]),
    ("هوش مصنوعی", ["ai"]),
    ("طراحی وب", ["web", "digital-marketing"]),
    ("اپلیکیشن", ["mobile"]),
    ("بازی‌سازی", ["games", "mobile"]),
    ("تجارت الکترونیک", ["ecommerce", "web"]),
    ("کشاورزی هوشمند", ["iot", "ai"]),
    ("آموزش رایانه", ["training"]),
    ("میزبانی وب", ["datacenter", "web"]),
]
PREFIXES = ["شرکت", "شرکت", "شرکت", "گروه", "شرکت فنی و مهندسی", "موسسه", ""]
STARTUP_WORDS = ["استارتاپ", "", "", "پلتفرم"]
FIRST_NAMES = [
    "علی",
    "محمد",
    "رضا",
    "حسین",
    "مهدی",
    "امیر",
    "سعید",
    "حمید",
    "مجید",
    "جواد",
    "یاسر",
    "بهروز",
    "فرهاد",
    "کیوان",
    "آرش",
    "بابک",
    "سامان",
    "پویا",
    "میلاد",
    "یوسف",
    "ابراهیم",
    "فاطمه",
    "زهرا",
    "مریم",
    "سارا",
    "نرگس",
    "الهام",
    "لیلا",
    "مهسا",
    "نازنین",
    "پریسا",
    "شیما",
    "آیدا",
    "سمیه",
    "فرزانه",
    "ریحانه",
    "هانیه",
    "سحر",
    "آیسان",
    "آیدین",
    "ائلناز",
]
LAST_NAMES = [
    "محمدی",
    "حسینی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "نظری",
    "قاسمی",
    "باقری",
    "کاظمی",
    "نوروزی",
    "صادقی",
    "رحیمی",
    "ابراهیمی",
    "طاهری",
    "یوسفی",
    "تبریزی",
    "آذری",
    "علیزاده",
    "حسن‌زاده",
    "اصغرزاده",
    "قلی‌زاده",
    "عباس‌زاده",
    "نجفی",
    "ساروی",
    "آملی",
    "بابلی",
    "طبری",
    "مازندرانی",
    "نوری",
    "فیروزجایی",
    "رمضانی",
    "گلپایگانی",
    "شیرازی",
    "اسدی",
    "میرزایی",
    "بهرامی",
    "سلطانی",
    "حیدری",
    "پاشایی",
    "خلیلی",
    "زمانی",
    "فتحی",
]
TITLES = [
    "مدیرعامل",
    "رئیس هیئت مدیره",
    "عضو هیئت مدیره",
    "نایب رئیس هیئت مدیره",
    "مدیر فنی",
    "مدیر فروش",
    "کارشناس ارشد",
    "برنامه‌نویس",
    "مشاور",
]
GRADES = ["۱", "۲", "۳", "۴", "۵", "پایه یک", "پایه دو"]
KB_TYPES = ["نوپا نوع یک", "نوپا نوع دو", "تولیدی نوع یک", "تولیدی نوع دو", "صنعتی"]
REVOCATION_REASONS = [
    "پروانه کسب منقضی شده و تمدید نشده است.",
    "نشانی اعلام‌شده با محل فعالیت مطابقت ندارد.",
    "مدارک ثبتی ناقص است.",
]
#: East Azerbaijan's clusters (article 003: 41 identified, 13 operational).
EA_CLUSTERS = [
    ("خوشه کفش تبریز", "کفش و چرم"),
    ("خوشه مبلمان تبریز", "مبلمان"),
    ("خوشه فرش دستباف تبریز", "فرش"),
    ("خوشه خشکبار", "کشاورزی"),
    ("خوشه سنگ‌های تزئینی", "معدن"),
    ("خوشه قطعات خودرو", "خودرو"),
    ("خوشه ماشین‌آلات کشاورزی", "ماشین‌سازی"),
    ("خوشه پوشاک", "پوشاک"),
    ("خوشه چرم", "کفش و چرم"),
    ("خوشه شیرینی و شکلات", "صنایع غذایی"),
    ("خوشه ریخته‌گری", "فلزات"),
    ("خوشه لبنیات", "صنایع غذایی"),
    ("خوشه عسل", "کشاورزی"),
    ("خوشه گل و گیاه زینتی", "کشاورزی"),
    ("خوشه بادام ملکان", "کشاورزی"),
    ("خوشه کشمش", "کشاورزی"),
    ("خوشه زردآلوی خشک", "کشاورزی"),
    ("خوشه صنایع دستی", "صنایع دستی"),
    ("خوشه سفال و سرامیک", "صنایع دستی"),
    ("خوشه مس", "معدن"),
    ("خوشه لوازم خانگی", "صنعت"),
    ("خوشه تجهیزات پزشکی", "سلامت"),
    ("خوشه داروسازی", "سلامت"),
    ("خوشه گردشگری سلامت", "گردشگری"),
    ("خوشه گردشگری روستایی", "گردشگری"),
    ("خوشه حمل‌ونقل و لجستیک", "حمل‌ونقل"),
    ("خوشه پتروشیمی", "صنعت"),
    ("خوشه بسته‌بندی", "صنعت"),
    ("خوشه نساجی", "صنعت"),
    ("خوشه ماشین‌آلات صنعتی", "ماشین‌سازی"),
    ("خوشه تجهیزات برق", "برق"),
    ("خوشه انرژی‌های تجدیدپذیر", "انرژی"),
    ("خوشه آبزی‌پروری", "شیلات"),
    ("خوشه دام و طیور", "کشاورزی"),
    ("خوشه قند و شکر", "صنایع غذایی"),
    ("خوشه کیف و چمدان", "کفش و چرم"),
    ("خوشه زیورآلات", "صنایع دستی"),
    ("خوشه مصالح ساختمانی", "ساختمان"),
    ("خوشه چاپ و نشر", "فرهنگ"),
    ("خوشه صنایع تبدیلی کشاورزی", "کشاورزی"),
]
ICT_CLUSTER = ("خوشه فناوری اطلاعات و ارتباطات آذربایجان شرقی", "فناوری اطلاعات و ارتباطات")
MAZANDARAN_CLUSTERS = [
    ("خوشه فاوای مازندران", "فناوری اطلاعات و ارتباطات"),
    ("خوشه مرکبات مازندران", "کشاورزی"),
    ("خوشه گردشگری ساحلی", "گردشگری"),
    ("خوشه صنایع چوب", "صنعت"),
    ("خوشه شیلات و آبزیان", "شیلات"),
]
COUNTY_WEIGHTS = {"ساری": 8, "بابل": 5, "آمل": 5, "قائم‌شهر": 3, "تبریز": 14, "مراغه": 3, "مرند": 2}


def _rng(offset: int) -> random.Random:
    """A seeded generator for one section of the demo (not for anything secret)."""
    return random.Random(SEED + offset)  # noqa: S311


def _jalali(rng: random.Random, first_year: int, last_year: int) -> date:
    return jdatetime.date(
        rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28)
    ).togregorian()


def _spell(rng: random.Random, text: str) -> str:
    """One way people type ``text``: ZWNJ kept, dropped or made a space; sometimes Arabic
    ي/ك from a legacy list; digits in either script."""
    roll = rng.random()
    if roll < 0.35:
        text = text.replace("\u200c", "")
    elif roll < 0.5:
        text = text.replace("\u200c", " ")
    if rng.random() < 0.08:
        text = text.replace("ی", "ي").replace("ک", "ك")
    if rng.random() < 0.5:
        text = text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return text


def _legal_id(index: int) -> str:
    first10 = f"1077{index:06d}"
    return first10 + legal_id_check_digit(first10)


def _national_code(index: int) -> str:
    first9 = f"27{index:07d}"
    return first9 + national_code_check_digit(first9)


def _postal_code(rng: random.Random, province_code: str) -> str:
    head = "48" if province_code == "IR-02" else "51"
    allowed = "13456789"
    return head + "".join(rng.choice(allowed) for _ in range(3)) + f"{rng.randint(0, 99999):05d}"


def _weighted_county(rng: random.Random, counties: list[County]) -> County:
    weights = [COUNTY_WEIGHTS.get(c.name, 1) for c in counties]
    return rng.choices(counties, weights=weights)[0]


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def load_taxonomy() -> tuple[dict[str, Capability], dict[str, Sector]]:
    capabilities: dict[str, Capability] = {}
    for slug, (name, name_en, parent) in CAPABILITIES.items():
        parent_obj = capabilities.get(parent) if parent else None
        path = f"{parent_obj.path}/{slug}" if parent_obj else slug
        capability, _created = Capability.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "parent": parent_obj, "path": path},
        )
        capabilities[slug] = capability
    sectors = {
        slug: Sector.objects.get_or_create(slug=slug, defaults={"name": n, "name_en": e})[0]
        for slug, (n, e) in SECTORS.items()
    }
    return capabilities, sectors


def _organization_rows(rng, provinces, counties, capabilities, sectors, count):
    """The generated organizations: (record, capability slugs, sector slugs, extras)."""
    rows = []
    sector_slugs = list(SECTORS)
    counter_numbers = iter(range(1001, 9999, 7))
    for index in range(count):
        code = "IR-03" if index % 7 < 4 else "IR-02"  # ~57% East Azerbaijan
        province = provinces[code]
        county = _weighted_county(rng, counties[code])
        roll = rng.random()
        field_name, field_caps = rng.choice(FIELDS)
        brand = rng.choice(BRANDS[code] + BRANDS["both"])
        caps = list(field_caps)
        if roll < 0.55:
            kind = Organization.Kind.COMPANY
            prefix = rng.choice(PREFIXES)
            name = f"{prefix} {field_name} {brand}".strip()
        elif roll < 0.67:
            kind = Organization.Kind.STARTUP
            name = f"{rng.choice(STARTUP_WORDS)} {brand} {rng.choice(['تک', 'لب', 'نو', 'یار', 'پی'])}".strip()
        elif roll < 0.77:
            kind = Organization.Kind.KNOWLEDGE_BASED
            name = f"شرکت دانش‌بنیان {field_name} {brand}"
        elif roll < 0.86:
            kind = Organization.Kind.SERVICE_COUNTER
            name = f"دفتر پیشخوان دولت شماره {next(counter_numbers)} {county.name}"
            caps = ["service-counter"]
        elif roll < 0.91:
            kind = Organization.Kind.GOVERNMENT_AGENCY
            agency = rng.choice(
                [
                    "اداره کل ثبت اسناد",
                    "اداره کل تعاون، کار و رفاه اجتماعی",
                    "اداره کل جهاد کشاورزی",
                    "اداره کل میراث فرهنگی و گردشگری",
                    "اداره کل امور مالیاتی",
                    "شهرداری",
                    "اداره کل آموزش و پرورش",
                    "دانشگاه علوم پزشکی",
                ]
            )
            name = f"{agency} {county.name if agency == 'شهرداری' else province.name} {index}"
            caps = ["eservices"]
        elif roll < 0.94:
            kind = Organization.Kind.UNIVERSITY
            name = (
                rng.choice(
                    [
                        "دانشگاه آزاد اسلامی واحد",
                        "دانشگاه پیام نور",
                        "آموزشکده فنی و حرفه‌ای",
                        "پارک علم و فناوری",
                    ]
                )
                + f" {county.name}"
            )
            caps = ["training", "consulting"]
        elif roll < 0.97:
            kind = Organization.Kind.NGO
            name = (
                f"انجمن {rng.choice(['فعالان', 'بانوان', 'جوانان'])} فناوری اطلاعات {county.name}"
            )
            caps = ["training"]
        else:
            kind = Organization.Kind.FUND
            name = f"صندوق پژوهش و فناوری {brand}"
            caps = ["consulting"]
        if rng.random() < 0.25:  # a year or a number, as in «فناوران ۲۰۲۰»
            name += f" {rng.choice(['2020', '1400', '24', '360', '110', '98'])}"
        name = _spell(rng, name)
        if rng.random() < 0.4:
            caps.append(rng.choice(list(CAPABILITIES)))
        served = rng.sample(sector_slugs, k=rng.randint(1, 3))
        if code == "IR-02" and rng.random() < 0.4:
            served.append(rng.choice(["agriculture", "tourism"]))  # article 000
        description = _spell(
            rng,
            f"ارائه خدمات {capabilities[caps[0]].name} برای کسب‌وکارهای "
            f"{'، '.join(SECTORS[s][0] for s in served[:2])} در {county.name}. "
            + rng.choice(
                [
                    "سابقه همکاری با دستگاه‌های اجرایی استان.",
                    "پشتیبانی ۲۴ ساعته.",
                    "تیم ۱۲ نفره متخصص.",
                    "فعال از سال 95.",
                    "مجری طرح‌های استانی.",
                    "",
                ]
            ),
        )
        founded = _jalali(rng, 1380, 1402)
        verification_roll = rng.random()
        organization = Organization(
            name=name[:200],
            kind=kind,
            legal_id=_legal_id(index) if rng.random() < 0.92 else None,
            registration_number=str(rng.randint(1000, 99999)),
            founded_on=founded,
            province=province,
            county=county,
            locality="rural" if rng.random() < 0.15 else "urban",
            address=f"{county.name}، خیابان {rng.choice(['امام', 'طالقانی', 'ولیعصر', 'آزادی', 'فردوسی', 'شریعتی'])}، پلاک {rng.randint(1, 250)}",
            postal_code=_postal_code(rng, code),
            phone=("011-" if code == "IR-02" else "041-") + f"{rng.randint(30000000, 39999999)}",
            employees=rng.choice([1, 2, 3, 5, 8, 12, 20, 35, 60, 120]),
            description=description,
            verification=(
                Organization.Verification.VERIFIED
                if verification_roll < 0.6
                else Organization.Verification.REVOKED
                if verification_roll < 0.64
                else Organization.Verification.UNVERIFIED
            ),
            is_public=rng.random() > 0.03,
        )
        if kind in (Organization.Kind.KNOWLEDGE_BASED,) or (
            kind == Organization.Kind.STARTUP and rng.random() < 0.3
        ):
            organization.kb_certificate_number = f"KB-{rng.randint(1398, 1403)}-{index:04d}"
            organization.kb_certificate_type = rng.choice(KB_TYPES)
            organization.kb_certificate_expires_on = _jalali(rng, 1402, 1406)
        if organization.verification == Organization.Verification.REVOKED:
            organization.revocation_reason = rng.choice(REVOCATION_REASONS)
        organization.search_key = search_key(organization.name)[:255]
        organization.search_text = " ".join(
            filter(None, [search_key(organization.name), search_key(organization.description)])
        )
        rows.append((organization, sorted(set(caps)), sorted(set(served))))
    return rows


def _people_rows(rng, provinces, counties, count):
    rows = []
    for index in range(count):
        code = "IR-03" if index % 11 < 6 else "IR-02"
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        person = Person(
            first_name=_spell(rng, first),
            last_name=_spell(rng, last),
            national_code=_national_code(index) if rng.random() < 0.9 else None,
            mobile=("0911" if code == "IR-02" else "0914") + f"{rng.randint(1000000, 9999999)}",
            email=f"user{index}@example.ir" if rng.random() < 0.5 else "",
            expertise=rng.choice(
                [
                    "برنامه‌نویس وب",
                    "توسعه‌دهنده اندروید",
                    "کارشناس شبکه",
                    "متخصص امنیت",
                    "تحلیلگر داده",
                    "طراح رابط کاربری",
                    "پشتیبان سخت‌افزار",
                    "مدیر پروژه فاوا",
                    "مدرس رایانه",
                    "متخصص هوش مصنوعی",
                ]
            ),
            province=provinces[code],
            county=_weighted_county(rng, counties[code]),
            works_from_home=rng.random() < 0.22,
            serves_abroad=rng.random() < 0.1,
            is_public=rng.random() > 0.05,
        )
        person.search_key = search_key(f"{person.first_name} {person.last_name}")[:255]
        rows.append((person, rng.sample(list(CAPABILITIES), k=rng.randint(1, 3))))
    return rows


def load(*, stdout, organizations: int = ORGANIZATIONS, people: int = PEOPLE) -> None:
    demo_users.load(stdout=stdout)
    # One generator per section, so what one section consumes (e.g. nothing on a second
    # run) never shifts what another generates.
    rng = _rng(0)
    provinces = {code: Province.objects.get(code=code) for code in ("IR-02", "IR-03")}
    counties = {
        code: list(County.objects.filter(province=province).order_by("name"))
        for code, province in provinces.items()
    }
    capabilities, sectors = load_taxonomy()
    staff = {
        "IR-02": User.objects.filter(username="guild.mazandaran").first(),
        "IR-03": User.objects.filter(username="guild.eastazarbaijan").first(),
    }

    # Organizations ------------------------------------------------------------------------
    org_rows = _organization_rows(rng, provinces, counties, capabilities, sectors, organizations)
    wanted = [o.legal_id for o, *_ in org_rows if o.legal_id]
    existing_ids = set(
        Organization.objects.filter(legal_id__in=wanted).values_list("legal_id", flat=True)
    )
    existing_keys = set(
        Organization.objects.filter(
            legal_id__isnull=True, province__in=provinces.values()
        ).values_list("search_key", "county_id")
    )
    new_rows = [
        row
        for row in org_rows
        if (row[0].legal_id and row[0].legal_id not in existing_ids)
        or (not row[0].legal_id and (row[0].search_key, row[0].county_id) not in existing_keys)
    ]
    rng_verify = _rng(2)
    for organization, *_ in new_rows:
        if organization.verification != Organization.Verification.UNVERIFIED:
            organization.verified_by = staff[organization.province.code]
            organization.verified_at = _aware(_jalali(rng_verify, 1401, 1403))
        if organization.verification == Organization.Verification.REVOKED:
            organization.revoked_by = staff[organization.province.code]
            organization.revoked_at = _aware(_jalali(rng_verify, 1403, 1403))
    created = bulk_create_with_history(
        [row[0] for row in new_rows],
        Organization,
        batch_size=500,
        default_change_reason="بارگذاری داده نمایشی",
    )
    by_key = {(o.legal_id, o.search_key, o.county_id): o for o in created}
    if any(o.pk is None for o in created):  # databases that return no ids
        by_key = {
            (o.legal_id, o.search_key, o.county_id): o
            for o in Organization.objects.filter(search_key__in=[o.search_key for o in created])
        }
    org_caps, org_secs = [], []
    for organization, caps, served in new_rows:
        saved = by_key[(organization.legal_id, organization.search_key, organization.county_id)]
        org_caps += [
            Organization.capabilities.through(organization_id=saved.pk, capability=capabilities[c])
            for c in caps
        ]
        org_secs += [
            Organization.sectors.through(organization_id=saved.pk, sector=sectors[s])
            for s in served
        ]
    Organization.capabilities.through.objects.bulk_create(org_caps, ignore_conflicts=True)
    Organization.sectors.through.objects.bulk_create(org_secs, ignore_conflicts=True)

    all_orgs = list(Organization.objects.filter(legal_id__in=wanted).order_by("legal_id")) + list(
        Organization.objects.filter(
            legal_id__isnull=True,
            province__in=provinces.values(),
            search_key__in=[o.search_key for o, *_ in org_rows if not o.legal_id],
        ).order_by("search_key", "id")
    )

    # People and affiliations ---------------------------------------------------------------
    person_rows = _people_rows(_rng(1), provinces, counties, people)
    codes = [p.national_code for p, _ in person_rows if p.national_code]
    existing_codes = set(
        Person.objects.filter(national_code__in=codes).values_list("national_code", flat=True)
    )
    demo_people_exist = Person.objects.filter(national_code__in=codes).exists()
    new_people = [
        (p, caps)
        for p, caps in person_rows
        if (p.national_code and p.national_code not in existing_codes)
        or (not p.national_code and not demo_people_exist)
    ]
    created_people = bulk_create_with_history(
        [p for p, _ in new_people],
        Person,
        batch_size=500,
        default_change_reason="بارگذاری داده نمایشی",
    )
    links = [
        Person.capabilities.through(person_id=person.pk, capability=capabilities[c])
        for person, (_, caps) in zip(created_people, new_people, strict=False)
        for c in caps
        if person.pk
    ]
    Person.capabilities.through.objects.bulk_create(links, ignore_conflicts=True)

    people_by_province = {
        code: list(Person.objects.filter(province=p, national_code__in=codes).order_by("id"))
        for code, p in provinces.items()
    }
    affiliations = []
    rng = _rng(3)
    if not demo_people_exist and created:
        for organization in created:
            pool = people_by_province[organization.province.code]
            if not pool:
                continue
            for title_index in range(rng.randint(1, 3)):
                started = _jalali(rng, 1390, 1403)
                ended = None
                if rng.random() < 0.15:
                    ended = _jalali(rng, 1403, 1403)
                    if ended < started:
                        started, ended = ended, started
                affiliations.append(
                    Affiliation(
                        person=rng.choice(pool),
                        organization=organization,
                        title=TITLES[title_index] if title_index < 2 else rng.choice(TITLES[2:]),
                        started_on=started,
                        ended_on=ended,
                    )
                )
        bulk_create_with_history(affiliations, Affiliation, batch_size=1000)

    # Guild memberships (~1,000 members) ----------------------------------------------------
    memberships = []
    rng = _rng(4)
    counters = {"IR-02": 2100, "IR-03": 4100}
    today = timezone.localdate()
    eligible = [
        o
        for o in all_orgs
        if o.kind
        in (Organization.Kind.COMPANY, Organization.Kind.STARTUP, Organization.Kind.KNOWLEDGE_BASED)
    ]
    members: list[tuple[str, Organization | None, Person | None]] = [
        (o.province.code, o, None) for o in eligible if rng.random() < 0.9
    ]
    for code, pool in people_by_province.items():
        members += [(code, None, p) for p in pool if rng.random() < 0.6]
    wanted_numbers = []
    for code, organization, person in members:
        counters[code] += 1
        number = f"{counters[code]}"
        wanted_numbers.append((code, number))
        started = _jalali(rng, 1388, 1402)
        expires = (
            started.replace(year=started.year + rng.randint(1, 3))
            if started.month != 2 or started.day != 29
            else started
        )
        if rng.random() < 0.85 and expires < today:
            expires = date(today.year + 1, rng.randint(1, 12), rng.randint(1, 28))
        memberships.append(
            GuildMembership(
                organization=organization,
                person=person,
                province=provinces[code],
                number=number,
                grade=rng.choice(GRADES),
                field=rng.choice(["نرم‌افزار", "سخت‌افزار", "شبکه", "خدمات ماشینی", "آموزش"]),
                started_on=started,
                expires_on=expires,
            )
        )
    existing_numbers = set(
        GuildMembership.objects.filter(province__in=provinces.values()).values_list(
            "province__code", "number"
        )
    )
    bulk_create_with_history(
        [m for m in memberships if (m.province.code, m.number) not in existing_numbers],
        GuildMembership,
        batch_size=1000,
    )

    # Clusters ------------------------------------------------------------------------------
    _load_clusters(_rng(5), provinces, all_orgs)
    _enrich_actor_company(capabilities, sectors, provinces)
    _verification_review()

    facets_changed()
    everything_changed()
    stdout.write(
        f"registry: {Organization.objects.count()} organizations, {Person.objects.count()} "
        f"people, {GuildMembership.objects.count()} guild memberships, "
        f"{Cluster.objects.count()} clusters"
    )


def _load_clusters(rng, provinces, organizations) -> None:
    existing = set(Cluster.objects.values_list("name", "province__code"))
    stages = (["operational"] * 13) + (["forming"] * 13) + (["identified"] * 14)
    rng.shuffle(stages)
    plan = [
        (name, focus, "IR-03", stage)
        for (name, focus), stage in zip(EA_CLUSTERS, stages, strict=True)
    ]
    plan.append((*ICT_CLUSTER, "IR-03", "forming"))
    plan += [(name, focus, "IR-02", "identified") for name, focus in MAZANDARAN_CLUSTERS]
    new = []
    for name, focus, code, stage in plan:
        identified = _jalali(rng, 1395, 1401)
        cluster = Cluster(
            name=name,
            province=provinces[code],
            focus=focus,
            stage=stage,
            identified_on=identified,
            search_key=search_key(name)[:255],
        )
        if stage in ("forming", "operational"):
            cluster.forming_on = _jalali(rng, 1401, 1402)
        if stage == "operational":
            cluster.operational_on = _jalali(rng, 1402, 1403)
        if name == ICT_CLUSTER[0]:
            cluster.forming_on = jdatetime.date(1403, 4, 2).togregorian()  # article 003
            cluster.description = clean_text(
                "نخستین نشست ایجاد خوشه و شهرک فناوری اطلاعات استان در ۲ تیر ۱۴۰۳ برگزار شد؛ "
                "بیش از ۵۰۰ شرکت و ۱۰۰۰ عضو فعال در استان. هدف: رفع موانع کسب‌وکار و ایجاد "
                "بانک اطلاعات فعالان این حوزه."
            )
        if (name, code) not in existing:
            new.append(cluster)
    if not new:
        return
    bulk_create_with_history(new, Cluster, default_change_reason="بارگذاری داده نمایشی")
    ict = Cluster.objects.filter(name=ICT_CLUSTER[0]).first()
    if ict is not None and not ict.members.exists():
        candidates = [
            o
            for o in organizations
            if o.province.code == "IR-03"
            and o.kind
            in (
                Organization.Kind.COMPANY,
                Organization.Kind.STARTUP,
                Organization.Kind.KNOWLEDGE_BASED,
            )
        ]
        members = rng.sample(candidates, k=min(60, len(candidates)))
        ict.members.add(*members)
        nasr = Organization.objects.filter(
            kind=Organization.Kind.GUILD, province=provinces["IR-03"]
        ).first()
        if nasr is not None:
            Cluster.objects.filter(pk=ict.pk).update(coordinator=nasr)


def _enrich_actor_company(capabilities, sectors, provinces) -> None:
    """``actor.demo`` represents the core demo's ``actor_company``: give it a full profile."""
    company = demo_users.demo_organization("actor_company")
    if company.description:
        return
    company.name_en = "Caspian Data Software Co."
    company.description = clean_text(
        "طراحی و توسعه نرم‌افزارهای تحت وب و موبایل برای کشاورزی و گردشگری مازندران؛ "
        "سامانه نوبت‌دهی، فروشگاه اینترنتی محصولات باغی و نقشه گردشگری استان. عضو نصر مازندران."
    )
    company.employees = 18
    company.founded_on = jdatetime.date(1395, 3, 15).togregorian()
    company.phone = "011-33224455"
    company.website = "https://caspiandata.example.ir"
    company.address = "ساری، بلوار خزر، ساختمان فناوری، طبقه ۳"
    company.registration_number = "12345"
    stamp(company, actor=None, reason="تکمیل نمایه نمونه")
    company.save()
    company.capabilities.add(capabilities["web"], capabilities["mobile"], capabilities["ecommerce"])
    company.sectors.add(sectors["agriculture"], sectors["tourism"])

    organization_refresh_search(company)
    if not GuildMembership.objects.filter(organization=company).exists():
        GuildMembership.objects.create(
            organization=company,
            province=provinces["IR-02"],
            number="2099",
            grade="۲",
            field="نرم‌افزار",
            started_on=jdatetime.date(1396, 7, 1).togregorian(),
            # valid for a year from the day the demo is loaded
            expires_on=timezone.localdate() + timedelta(days=365),
        )
    user = User.objects.filter(username="actor.demo").first()
    if user is not None and not Person.objects.filter(user=user).exists():
        person = Person.objects.create(
            first_name="رضا",
            last_name="نوروزی",
            national_code=_national_code(9_999_990),
            mobile="09111234567",
            expertise="مدیر پروژه فاوا",
            province=provinces["IR-02"],
            county=company.county,
            user=user,
            search_key=search_key("رضا نوروزی"),
        )
        person.capabilities.add(capabilities["web"])
        Affiliation.objects.create(
            person=person,
            organization=company,
            title="مدیرعامل",
            started_on=jdatetime.date(1395, 3, 15).togregorian(),
        )


def _verification_review() -> None:
    """A verified organization of Mazandaran whose representative proposed to become rural
    and knowledge-based (waiting on the guild's desk), with a licence that expires within the
    month (its reminder comes from the daily task)."""
    if ProposedChange.objects.exists():
        return
    organization = (
        Organization.objects.filter(
            province__code="IR-02",
            verification=Organization.Verification.VERIFIED,
            locality=Locality.URBAN,
            kb_certificate_number="",
            merged_into__isnull=True,
        )
        .order_by("name", "id")
        .first()
    )
    if organization is None:
        return
    Organization.objects.filter(pk=organization.pk).update(
        licence_number="PK-02-7781", licence_expires_on=timezone.localdate() + timedelta(days=25)
    )
    verified = {name: vouched.current_json(organization, name) for name in vouched.VOUCHED_FIELDS}
    with transaction.atomic():
        change_propose(
            actor=None,
            organization=organization,
            proposed={
                "locality": Locality.RURAL,
                "kb_certificate_number": "KB-1403-0999",
                "kb_certificate_expires_on": (
                    timezone.localdate() + timedelta(days=700)
                ).isoformat(),
            },
            verified=verified,
        )
