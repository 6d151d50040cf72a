"""Demo catalogue from the articles: Mazandaran's service agencies (article 001: every
service agency presents its e-services at the 1395 IT festival; the ICT directorate, the
post, the telecommunications company, the governorate, health insurance, registration, tax,
the municipality of Sari …) and some of East Azerbaijan's, with the government service
counters (دفاتر پیشخوان) and the provincial call center of article 002. Two Mazandaran
agencies have presented nothing yet: the governorate's checklist shows them.

Idempotent and deterministic: records are looked up by legal id and by (agency, name)."""

from __future__ import annotations

from khooshe.eservices.models import Channel, EService, YearlyTransactions
from khooshe.eservices.services.catalogue import _refresh_search
from khooshe.geo.models import County, Province
from khooshe.history.services import stamp
from khooshe.persian.jalali import parse_jalali_date
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.demo_users import demo_organization
from khooshe.registry.models import Organization
from khooshe.registry.services import organization_refresh_search

AGENCY = Organization.Kind.GOVERNMENT_AGENCY
COUNTER = Organization.Kind.SERVICE_COUNTER

#: key → (name, kind, province, county, first ten digits of the legal id)
AGENCIES = {
    "post_mazandaran": ("اداره کل پست استان مازندران", AGENCY, "IR-02", "ساری", "1420088001"),
    "telecom_mazandaran": ("شرکت مخابرات استان مازندران", AGENCY, "IR-02", "ساری", "1420088002"),
    "health_insurance_mazandaran": (
        "اداره کل بیمه سلامت استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088003",
    ),
    "registration_mazandaran": (
        "اداره کل ثبت اسناد و املاک استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088004",
    ),
    "tax_mazandaran": (
        "اداره کل امور مالیاتی استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088005",
    ),
    "sari_municipality": ("شهرداری ساری", AGENCY, "IR-02", "ساری", "1420088006"),
    "social_security_mazandaran": (
        "اداره کل تأمین اجتماعی استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088007",
    ),
    "electricity_mazandaran": (
        "شرکت توزیع نیروی برق استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088008",
    ),
    "education_mazandaran": (
        "اداره کل آموزش و پرورش استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088009",
    ),
    "agriculture_mazandaran": (
        "سازمان جهاد کشاورزی استان مازندران",
        AGENCY,
        "IR-02",
        "ساری",
        "1420088010",
    ),
    "post_east_azarbaijan": (
        "اداره کل پست استان آذربایجان شرقی",
        AGENCY,
        "IR-03",
        "تبریز",
        "1420088011",
    ),
    "telecom_east_azarbaijan": (
        "شرکت مخابرات استان آذربایجان شرقی",
        AGENCY,
        "IR-03",
        "تبریز",
        "1420088012",
    ),
    "counters_east_azarbaijan": (
        "دفتر پیشخوان دولت تبریز — کد ۳۰۱۲",
        COUNTER,
        "IR-03",
        "تبریز",
        "1420088013",
    ),
}

WEB, APP, COUNTER_CH, CALL, USSD, PERSON = (
    "web",
    "mobile_app",
    "service_counter",
    "call_center",
    "ussd",
    "in_person",
)
C, B, A = "citizens", "businesses", "agencies"
INFO, INTER, TRANS, INTEG = "informational", "interactive", "transactional", "integrated"

#: agency key → [(name, description, audience, maturity, national, fee, hours, launched,
#: status, {channel: address}, [(year, count, source)])]
SERVICES = {
    "ict_directorate_mazandaran": [
        (
            "ثبت درخواست مجوز ایجاد دفتر پیشخوان",
            "ثبت و پیگیری برخط درخواست مجوز دفاتر پیشخوان دولت",
            C,
            TRANS,
            True,
            0,
            720,
            "1394/06/01",
            "live",
            {WEB: "https://ict-mazandaran.example.ir/pishkhan"},
            [(1394, 310, "سامانه اداره کل")],
        ),
        (
            "پیگیری شکایات کاربران اینترنت",
            "ثبت شکایت از کیفیت خدمات اینترنت و پیگیری آن",
            C,
            INTER,
            False,
            0,
            168,
            "1393/10/01",
            "live",
            {WEB: "https://ict-mazandaran.example.ir/complaint", CALL: "۱۹۵"},
            [],
        ),
        (
            "اطلاع‌رسانی طرح روستای الکترونیک",
            "معرفی دفاتر ICT روستایی و خدمات آن‌ها",
            C,
            INFO,
            False,
            0,
            None,
            "1392/01/15",
            "live",
            {WEB: "https://ict-mazandaran.example.ir/rural"},
            [],
        ),
    ],
    "governorate_mazandaran": [
        (
            "سامانه ملاقات مردمی استاندار",
            "نوبت‌دهی برخط ملاقات عمومی",
            C,
            INTER,
            False,
            0,
            240,
            "1393/04/01",
            "live",
            {WEB: "https://ostan-mz.example.ir/meet", PERSON: "ساری، میدان امام، استانداری"},
            [(1394, 5200, "دفتر ارتباطات مردمی")],
        ),
        (
            "پایگاه اطلاع‌رسانی کارگروه توسعه دولت الکترونیک",
            "مصوبات و گزارش‌های کارگروه",
            B,
            INFO,
            False,
            0,
            None,
            "1394/11/15",
            "live",
            {WEB: "https://ostan-mz.example.ir/egov"},
            [],
        ),
        (
            "درگاه خدمات یکپارچه استان",
            "یک درگاه برای خدمات همه دستگاه‌های استان",
            C,
            INTEG,
            True,
            0,
            0,
            None,
            "planned",
            {WEB: "https://mazandaran.example.ir", APP: "اپلیکیشن «مازندران من»"},
            [],
        ),
    ],
    "post_mazandaran": [
        (
            "رهگیری مرسولات پستی",
            "رهگیری مرسوله با کد رهگیری",
            C,
            TRANS,
            True,
            0,
            0,
            "1391/02/01",
            "live",
            {WEB: "https://tracking.post.example.ir", USSD: "‎*۱۸۸#‎", APP: "اپلیکیشن پست من"},
            [(1393, 820000, "شرکت ملی پست"), (1394, 1040000, "شرکت ملی پست")],
        ),
        (
            "کد پستی ده‌رقمی",
            "استعلام و صدور گواهی کد پستی",
            C,
            TRANS,
            True,
            65000,
            48,
            "1392/05/10",
            "live",
            {WEB: "https://gnaf.post.example.ir", COUNTER_CH: "همه دفاتر پیشخوان استان"},
            [(1394, 41000, "شرکت ملی پست")],
        ),
        (
            "پست یافته",
            "ثبت گمشده‌ها و یافته‌ها (کارت و مدارک)",
            C,
            INTER,
            False,
            0,
            72,
            "1393/08/01",
            "live",
            {WEB: "https://yafteh.post.example.ir", PERSON: "ادارات پست استان"},
            [],
        ),
    ],
    "telecom_mazandaran": [
        (
            "درخواست اینترنت پرسرعت (ADSL)",
            "ثبت‌نام، پرداخت و پیگیری نصب",
            C,
            TRANS,
            False,
            500000,
            168,
            "1392/01/20",
            "live",
            {WEB: "https://adsl.tci-mz.example.ir", CALL: "۲۰۲۰", COUNTER_CH: "دفاتر پیشخوان"},
            [(1394, 23000, "شرکت مخابرات")],
        ),
        (
            "صورت‌حساب تلفن ثابت",
            "دریافت و پرداخت قبض تلفن ثابت",
            C,
            INTEG,
            True,
            0,
            0,
            "1390/06/01",
            "live",
            {WEB: "https://bill.tci-mz.example.ir", USSD: "‎*۲۰۲۰#‎", CALL: "۲۰۰۰"},
            [(1394, 2100000, "شرکت مخابرات")],
        ),
        (
            "ثبت خرابی تلفن",
            "اعلام خرابی و پیگیری",
            C,
            INTER,
            False,
            0,
            48,
            "1391/03/01",
            "live",
            {CALL: "۱۱۷", WEB: "https://117.tci-mz.example.ir"},
            [],
        ),
    ],
    "health_insurance_mazandaran": [
        (
            "ثبت‌نام بیمه سلامت همگانی",
            "ثبت‌نام برخط با کد ملی",
            C,
            TRANS,
            True,
            0,
            24,
            "1393/02/10",
            "live",
            {WEB: "https://bimehsalamat.example.ir", COUNTER_CH: "دفاتر پیشخوان"},
            [(1394, 98000, "اداره کل بیمه سلامت")],
        ),
        (
            "استعلام پوشش بیمه‌ای",
            "استعلام اعتبار دفترچه و پوشش بیمه",
            C,
            INTEG,
            True,
            0,
            0,
            "1394/01/15",
            "live",
            {WEB: "https://bimehsalamat.example.ir/estelam", USSD: "‎*۱۶۶۶#‎"},
            [],
        ),
    ],
    "registration_mazandaran": [
        (
            "ثبت نام و تأسیس شرکت",
            "ثبت برخط شرکت و مؤسسه غیرتجاری",
            B,
            TRANS,
            True,
            1200000,
            240,
            "1392/09/01",
            "live",
            {WEB: "https://irsherkat.example.ir"},
            [(1394, 3100, "اداره ثبت شرکت‌ها")],
        ),
        (
            "استعلام وضعیت ملک",
            "استعلام الکترونیکی ملک برای دفاتر اسناد رسمی",
            A,
            INTEG,
            False,
            0,
            2,
            "1393/06/01",
            "live",
            {WEB: "https://estelam.ssaa.example.ir"},
            [],
        ),
        (
            "نوبت‌دهی مراجعه به ادارات ثبت",
            "گرفتن نوبت مراجعه حضوری",
            C,
            INTER,
            False,
            0,
            0,
            "1394/03/01",
            "live",
            {WEB: "https://nobat.ssaa.example.ir", PERSON: "ادارات ثبت شهرستان‌ها"},
            [],
        ),
    ],
    "tax_mazandaran": [
        (
            "تسلیم اظهارنامه مالیاتی",
            "اظهارنامه اشخاص حقیقی و حقوقی",
            B,
            TRANS,
            True,
            0,
            0,
            "1390/01/01",
            "live",
            {WEB: "https://tax.example.ir"},
            [(1394, 87000, "سازمان امور مالیاتی")],
        ),
        (
            "صدور گواهی مفاصاحساب مالیاتی",
            "درخواست گواهی نقل و انتقال",
            C,
            INTER,
            False,
            0,
            120,
            "1393/01/01",
            "live",
            {WEB: "https://tax.example.ir/mafasa", PERSON: "ادارات امور مالیاتی"},
            [],
        ),
    ],
    "sari_municipality": [
        (
            "پرداخت عوارض نوسازی",
            "استعلام و پرداخت عوارض ملک",
            C,
            TRANS,
            False,
            0,
            0,
            "1393/07/01",
            "live",
            {WEB: "https://e.sari.example.ir/avarez", USSD: "‎*۷۸۸#‎"},
            [(1394, 15200, "شهرداری ساری")],
        ),
        (
            "سامانه ۱۳۷ شهرداری",
            "ثبت درخواست و شکایت شهری",
            C,
            INTER,
            False,
            0,
            72,
            "1390/05/01",
            "live",
            {CALL: "۱۳۷", WEB: "https://137.sari.example.ir"},
            [(1394, 41000, "شهرداری ساری")],
        ),
        (
            "صدور پروانه ساختمانی الکترونیکی",
            "درخواست و پیگیری پروانه",
            B,
            INFO,
            False,
            0,
            None,
            "1394/10/01",
            "live",
            {WEB: "https://e.sari.example.ir/parvaneh", PERSON: "ساری، شهرداری مرکزی"},
            [],
        ),
    ],
    "social_security_mazandaran": [
        (
            "سوابق بیمه‌ای",
            "مشاهده سوابق و فیش حقوق مستمری",
            C,
            TRANS,
            True,
            0,
            0,
            "1392/02/01",
            "live",
            {WEB: "https://es.tamin.example.ir", APP: "تأمین من"},
            [],
        ),
        (
            "ارسال لیست بیمه کارگاه",
            "ارسال برخط لیست بیمه و پرداخت حق بیمه",
            B,
            INTEG,
            True,
            0,
            0,
            "1391/01/01",
            "live",
            {WEB: "https://eservices.tamin.example.ir"},
            [(1394, 64000, "اداره کل تأمین اجتماعی")],
        ),
    ],
    "electricity_mazandaran": [
        (
            "قبض برق و پرداخت",
            "دریافت و پرداخت قبض برق",
            C,
            TRANS,
            False,
            0,
            0,
            "1392/04/01",
            "live",
            {WEB: "https://barghman.example.ir", APP: "برق من", USSD: "‎*۱۲۱#‎", CALL: "۱۲۱"},
            [],
        ),
        (
            "درخواست انشعاب برق",
            "ثبت و پرداخت هزینه انشعاب",
            C,
            INTER,
            False,
            0,
            360,
            "1393/11/01",
            "live",
            {WEB: "https://barghman.example.ir/ensheab", COUNTER_CH: "دفاتر پیشخوان"},
            [],
        ),
        (
            "قطعی برنامه‌ریزی‌شده",
            "اطلاع‌رسانی خاموشی‌ها",
            C,
            INFO,
            False,
            0,
            None,
            "1394/04/01",
            "retired",
            {WEB: "https://barghman.example.ir/khamooshi"},
            [],
        ),
    ],
    # education_mazandaran and agriculture_mazandaran have not presented their services yet.
    "governorate_east_azarbaijan": [
        (
            "مرکز تماس استان (۱۱۱)",
            "پاسخ‌گویی و پیگیری درخواست‌های مردم از همه دستگاه‌ها",
            C,
            INTER,
            False,
            0,
            72,
            "1393/09/01",
            "live",
            {CALL: "۱۱۱"},
            [(1393, 18000, "استانداری آذربایجان شرقی")],
        ),
        (
            "مرکز داده استان",
            "میزبانی سامانه‌های دستگاه‌های اجرایی",
            A,
            INTEG,
            False,
            0,
            0,
            "1393/06/30",
            "live",
            {WEB: "https://dc.ostan-as.example.ir"},
            [],
        ),
    ],
    "post_east_azarbaijan": [
        (
            "رهگیری مرسولات پستی تبریز",
            "رهگیری مرسوله",
            C,
            TRANS,
            True,
            0,
            0,
            "1391/02/01",
            "live",
            {WEB: "https://tracking.post.example.ir", USSD: "‎*۱۸۸#‎"},
            [],
        ),
    ],
    "telecom_east_azarbaijan": [
        (
            "ثبت خرابی تلفن تبریز",
            "اعلام خرابی و پیگیری",
            C,
            INTER,
            False,
            0,
            48,
            "1391/03/01",
            "live",
            {CALL: "۱۱۷"},
            [],
        ),
    ],
    "counters_east_azarbaijan": [
        (
            "صدور کارت سوخت المثنی",
            "درخواست کارت سوخت از دفتر پیشخوان",
            C,
            TRANS,
            True,
            80000,
            240,
            "1392/01/01",
            "live",
            {COUNTER_CH: "تبریز، خیابان امام، دفتر ۳۰۱۲"},
            [(1393, 2400, "دفتر پیشخوان ۳۰۱۲")],
        ),
        (
            "ثبت‌نام یارانه و تغییر سرپرست",
            "خدمات یارانه در دفتر پیشخوان",
            C,
            INTER,
            False,
            30000,
            24,
            "1392/01/01",
            "live",
            {COUNTER_CH: "تبریز، خیابان امام، دفتر ۳۰۱۲", PERSON: "دفتر ۳۰۱۲"},
            [],
        ),
    ],
}

DEMO_KEYS = ("ict_directorate_mazandaran", "governorate_mazandaran", "governorate_east_azarbaijan")


def _agency(key: str) -> Organization:
    if key in DEMO_KEYS:
        return demo_organization(key)
    name, kind, province_code, county_name, first10 = AGENCIES[key]
    province = Province.objects.get(code=province_code)
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


def _service(agency: Organization, row) -> bool:
    name, description, audience, maturity, national, fee, hours, launched, status, channels, tx = (
        row
    )
    eservice, created = EService.objects.get_or_create(
        agency=agency,
        name=name,
        defaults={
            "province_id": agency.province_id,
            "description": description,
            "audience": audience,
            "maturity": maturity,
            "in_national_catalogue": national,
            "fee": fee,
            "delivery_hours": hours,
            "launched_on": parse_jalali_date(launched) if launched else None,
            "status": status,
        },
    )
    if not created:
        return False
    _refresh_search(eservice)
    stamp(eservice, actor=None, reason="داده نمایشی")
    eservice.save(update_fields=["search_key", "search_text"])
    for kind, address in channels.items():
        Channel.objects.create(eservice=eservice, kind=kind, address=address)
    for year, count, source in tx:
        YearlyTransactions.objects.create(
            eservice=eservice, jalali_year=year, count=count, source=source
        )
    return True


def load(*, stdout) -> None:
    for key in AGENCIES:
        _agency(key)
    created = 0
    for key, rows in SERVICES.items():
        agency = _agency(key)
        created += sum(_service(agency, row) for row in rows)
    stdout.write(f"eservices: {len(AGENCIES) + len(DEMO_KEYS)} agencies, {created} new e-services")
