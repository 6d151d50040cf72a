"""The catalogue: one :class:`~khooshe.opendata.schema.Dataset` per public list of the platform.

Rows come only from the public selectors the public pages use, read as an anonymous visitor
(``AnonymousUser()``): the directory's ``organization_list``, ``public_proposals``, the
programs' ``program_list``, the promise board's ``commitment_list``, the e-service catalogue's
``eservice_list``, ``event_list`` and ``obstacle_list``. A record hidden from a visitor is
hidden from every dataset, and a column is only ever a field a public page shows; fields that
are public on a page but can hold a person's contact details (an organization's address, phone
and e-mail; an obstacle's description) are left out all the same. ``tests/test_privacy.py``
creates private records of each kind and checks they are absent.

Each indicator is a dataset as well (:mod:`khooshe.opendata.indicator_datasets`).

Every dataset is under CC BY 4.0 (reuse with attribution), the licence Iran's open-data
portals and most provincial statistics adopt.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from khooshe.eservices.selectors import eservice_list
from khooshe.events.selectors import event_list
from khooshe.governance.selectors import commitment_list
from khooshe.loans.selectors import program_list
from khooshe.obstacles.selectors import obstacle_list
from khooshe.opendata.indicator_datasets import indicator_datasets
from khooshe.opendata.schema import Column, Dataset, date_columns
from khooshe.proposals.selectors import public_proposals
from khooshe.registry.models import Sector
from khooshe.registry.selectors import organization_list

__all__ = ["DATASETS", "get_dataset", "register"]

RIAL = ("ریال", "IRR (rial)")
SEPARATOR = "، "


def _visitor() -> AnonymousUser:
    return AnonymousUser()


def _id() -> Column:
    return Column(
        "id",
        "integer",
        "شناسه",
        "ID",
        "شناسه پایدار رکورد در خوشه",
        "The record's stable identifier in Khooshe",
        required=True,
    )


def _province() -> tuple[Column, Column]:
    return (
        Column(
            "province_code",
            "string",
            "کد استان",
            "Province code",
            "کد ISO 3166-2:IR استان",
            "The province's ISO 3166-2:IR code",
        ),
        Column("province", "string", "استان", "Province", "نام استان", "The province's name"),
    )


def _code_and_label(name: str, title: str, title_en: str) -> tuple[Column, Column]:
    return (
        Column(
            name,
            "string",
            f"{title} (کد)",
            f"{title_en} (code)",
            f"{title} به شکل کد ثابت",
            f"{title_en} as a fixed code",
        ),
        Column(
            f"{name}_label",
            "string",
            title,
            title_en,
            f"{title} به فارسی",
            f"{title_en} in Persian",
        ),
    )


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


# --- the directory of actors ----------------------------------------------------------------


def _actors():
    return (
        organization_list(filters={}, viewer=_visitor())
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("id", "name")),
        )
        .order_by("id")
    )


def _actor_row(org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "name_en": org.name_en,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "province_code": org.province.code,
        "province": org.province.name,
        "county": _name(org.county),
        "locality": org.locality,
        "locality_label": org.get_locality_display(),
        "website": org.website,
        "employees": org.employees,
        "knowledge_based": org.is_knowledge_based,
        "verification": org.verification,
        "verification_label": org.get_verification_display(),
        "capabilities": SEPARATOR.join(c.name for c in org.capabilities.all()),
        "sectors": SEPARATOR.join(s.name for s in org.sectors.all()),
        "founded_on": org.founded_on,
        "registered_on": org.created_at,
    }


ACTORS = Dataset(
    slug="actors",
    title="فهرست فعالان فاوا",
    title_en="Directory of ICT actors",
    description=(
        "سازمان‌های بانک فعالان (شرکت‌ها، استارتاپ‌ها، دانش‌بنیان‌ها، دستگاه‌ها، دفاتر پیشخوان، "
        "تشکل‌ها، دانشگاه‌ها، صندوق‌ها) با فیلدهای عمومی پروفایل؛ بی شناسه ملی، شماره ثبت، "
        "نشانی، تلفن و ایمیل."
    ),
    description_en=(
        "The organizations of the bank of actors (companies, startups, knowledge-based firms, "
        "agencies, service counters, guilds, universities, funds) with the public fields of "
        "their profiles; no legal ID, registration number, address, phone or e-mail."
    ),
    capability="M1 بانک فعالان",
    capability_en="M1 Registry",
    keywords=("registry", "directory", "organizations", "بانک فعالان", "شرکت", "دانش‌بنیان"),
    daily=True,  # knowledge-based status ends with the certificate's expiry date
    columns=(
        _id(),
        Column("name", "string", "نام", "Name", "نام سازمان", "The organization's name"),
        Column("name_en", "string", "نام انگلیسی", "English name", "", ""),
        *_code_and_label("kind", "نوع سازمان", "Kind of organization"),
        *_province(),
        Column("county", "string", "شهرستان", "County", "", ""),
        *_code_and_label("locality", "محدوده شهری یا روستایی", "Urban or rural"),
        Column("website", "string", "وب‌سایت", "Website", "", ""),
        Column(
            "employees",
            "integer",
            "تعداد کارکنان",
            "Employees",
            "تعداد کارکنان به اظهار سازمان",
            "Number of employees as declared",
            unit="نفر",
            unit_en="persons",
        ),
        Column(
            "knowledge_based",
            "boolean",
            "دانش‌بنیان",
            "Knowledge-based",
            "گواهی دانش‌بنیان معتبر در امروز",
            "Holds a knowledge-based certificate valid today",
        ),
        *_code_and_label("verification", "وضعیت تأیید نظام صنفی", "Guild verification"),
        Column(
            "capabilities",
            "string",
            "توانمندی‌ها",
            "Capabilities",
            "توانمندی‌های فاوا، جداشده با «، »",
            "ICT capabilities, separated by «، »",
        ),
        Column(
            "sectors",
            "string",
            "بخش‌های خدمت‌گیرنده",
            "Sectors served",
            "جداشده با «، »",
            "Separated by «، »",
        ),
        *date_columns("founded_on", "تاریخ تأسیس", "Founded on"),
        *date_columns("registered_on", "عضو بانک از", "Registered on"),
    ),
    queryset=_actors,
    row=_actor_row,
)


# --- approved proposals ---------------------------------------------------------------------


def _proposals():
    return public_proposals().order_by("id")


def _proposal_row(p) -> dict:
    submitter = p.submitter_organization
    return {
        "id": p.pk,
        "title": p.title,
        "problem": p.problem,
        "state": p.state,
        "state_label": p.get_state_display(),
        "province_code": p.province.code,
        "province": p.province.name,
        "county": _name(p.county),
        "sector": _name(p.sector),
        "beneficiary": _name(p.beneficiary),
        # The submitting firm only when its own profile is public.
        "submitter": submitter.name if submitter is not None and submitter.is_public else None,
        "approved_budget": p.approved_budget,
        "duration_months": p.duration_months,
        "decided_on": p.decided_at,
    }


PROPOSALS = Dataset(
    slug="approved-proposals",
    title="طرح‌های مصوب",
    title_en="Approved project proposals",
    description=(
        "طرح‌های فاوای تصویب‌شده و طرح‌هایی که پروژه شده‌اند، با بودجه مصوب؛ "
        "پیش‌نویس‌ها، طرح‌های در دست بررسی و ردشده در آن نیستند."
    ),
    description_en=(
        "ICT project proposals approved or turned into projects, with their approved budgets; "
        "drafts, proposals under review and rejected ones are not included."
    ),
    capability="M2 طرح‌ها",
    capability_en="M2 Proposals",
    keywords=("proposals", "projects", "budget", "طرح", "پروژه", "بودجه"),
    columns=(
        _id(),
        Column("title", "string", "عنوان", "Title", "", ""),
        Column(
            "problem",
            "string",
            "مسئله",
            "Problem",
            "مسئله‌ای که طرح حل می‌کند",
            "The problem the proposal addresses",
        ),
        *_code_and_label("state", "وضعیت", "State"),
        *_province(),
        Column("county", "string", "شهرستان", "County", "", ""),
        Column("sector", "string", "بخش", "Sector", "", ""),
        Column("beneficiary", "string", "دستگاه بهره‌بردار", "Beneficiary agency", "", ""),
        Column(
            "submitter",
            "string",
            "پیشنهاددهنده",
            "Submitted by",
            "سازمان پیشنهاددهنده، اگر پروفایلش عمومی است",
            "The submitting organization, when its profile is public",
        ),
        Column(
            "approved_budget",
            "integer",
            "بودجه مصوب",
            "Approved budget",
            "",
            "",
            unit=RIAL[0],
            unit_en=RIAL[1],
        ),
        Column(
            "duration_months",
            "integer",
            "مدت اجرا",
            "Duration",
            "",
            "",
            unit="ماه",
            unit_en="months",
        ),
        *date_columns("decided_on", "تاریخ تصویب", "Decided on"),
    ),
    queryset=_proposals,
    row=_proposal_row,
)


# --- support programs -----------------------------------------------------------------------


def _programs():
    return program_list(viewer=_visitor()).order_by("id")


def _program_row(p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "province_code": _code(p.province),
        "province": _name(p.province),
        "provinces": SEPARATOR.join(sorted(x.code for x in p.provinces.all())),
        "fund": _name(p.fund),
        "budget": p.budget,
        "min_amount": p.min_amount,
        "max_amount": p.max_amount,
        "annual_rate": p.annual_rate,
        "installments": p.installments,
        "grace_months": p.grace_months,
        "grace_interest": p.grace_interest,
        "grace_interest_label": p.get_grace_interest_display(),
        "method": p.method,
        "method_label": p.get_method_display(),
        "opens_on": p.opens_on,
        "closes_on": p.closes_on,
    }


PROGRAMS = Dataset(
    slug="programs",
    title="برنامه‌های حمایتی و تسهیلات",
    title_en="Support programs and loans",
    description=(
        "برنامه‌های منتشرشده: تسهیلات کم‌بهره با دوره تنفس و بسته‌های حمایتی، "
        "با اعتبار، سقف و کف مبلغ، نرخ سود، تعداد اقساط و بازه پذیرش."
    ),
    description_en=(
        "Published programs: low-interest loans with grace periods and support packages, with "
        "budget, amount limits, interest rate, instalments and application window."
    ),
    capability="M4 برنامه‌های حمایتی",
    capability_en="M4 Support programs",
    keywords=("loans", "programs", "grace", "وام", "تسهیلات", "تنفس", "بسته حمایتی"),
    columns=(
        _id(),
        Column("name", "string", "نام برنامه", "Program", "", ""),
        *_code_and_label("kind", "نوع برنامه", "Kind of program"),
        *_province(),
        Column(
            "provinces",
            "string",
            "استان‌های مشمول",
            "Provinces covered",
            "کدهای ISO استان‌هایی که می‌توانند درخواست دهند، جداشده با «، »",
            "ISO codes of the provinces whose actors may apply, separated by «، »",
        ),
        Column("fund", "string", "صندوق", "Fund", "", ""),
        Column("budget", "integer", "اعتبار", "Budget", "", "", unit=RIAL[0], unit_en=RIAL[1]),
        Column(
            "min_amount",
            "integer",
            "کمینه مبلغ",
            "Minimum amount",
            "",
            "",
            unit=RIAL[0],
            unit_en=RIAL[1],
        ),
        Column(
            "max_amount",
            "integer",
            "بیشینه مبلغ",
            "Maximum amount",
            "",
            "",
            unit=RIAL[0],
            unit_en=RIAL[1],
        ),
        Column(
            "annual_rate",
            "number",
            "نرخ سود سالانه",
            "Annual interest rate",
            "",
            "",
            unit="درصد",
            unit_en="percent",
        ),
        Column(
            "installments",
            "integer",
            "تعداد اقساط",
            "Instalments",
            "",
            "",
            unit="قسط",
            unit_en="instalments",
        ),
        Column(
            "grace_months",
            "integer",
            "دوره تنفس",
            "Grace period",
            "",
            "",
            unit="ماه",
            unit_en="months",
        ),
        *_code_and_label("grace_interest", "سود دوره تنفس", "Interest during the grace period"),
        *_code_and_label("method", "روش بازپرداخت", "Repayment method"),
        *date_columns("opens_on", "آغاز پذیرش", "Applications open"),
        *date_columns("closes_on", "پایان پذیرش", "Applications close"),
    ),
    queryset=_programs,
    row=_program_row,
)


# --- commitments and the promise board ------------------------------------------------------


def _commitments():
    return commitment_list(viewer=_visitor())


def _commitment_row(c) -> dict:
    status = c.current_status
    return {
        "id": c.pk,
        "title": c.title,
        "source_type": c.source_type,
        "source_type_label": c.get_source_type_display(),
        "province_code": _code(c.province),
        "province": _name(c.province),
        "owner": c.owner.name,
        "body": _name(c.body),
        "due_text": c.due_text,
        "status": status,
        "status_label": c.get_current_status_display(),
        "last_percent": c.last_percent,
        "due_on": c.due_on,
        "done_on": c.done_on,
        "last_update_on": c.last_update_on,
    }


COMMITMENTS = Dataset(
    slug="commitments",
    title="تعهدها و تابلوی وعده‌ها",
    title_en="Commitments and the promise board",
    description=(
        "هر تعهد عمومی از مصوبه‌ها، مواد تفاهم‌نامه‌ها، مراحل پروژه‌ها و اظهارات رسانه‌ای، "
        "با مسئول، موعد و وضعیت امروز (به‌موقع، نزدیک به موعد، با تأخیر، انجام‌شده)."
    ),
    description_en=(
        "Every public commitment from resolutions, MoU articles, project milestones and "
        "statements in the media, with its owner, due date and today's status (on track, due "
        "soon, late, done)."
    ),
    capability="M3 و M6 تعهدها و حکمرانی",
    capability_en="M3 and M6 Commitments and governance",
    keywords=(
        "promises",
        "commitments",
        "resolutions",
        "MoU",
        "وعده",
        "تعهد",
        "مصوبه",
        "تفاهم‌نامه",
    ),
    daily=True,  # a commitment due yesterday and not done turns late overnight
    columns=(
        _id(),
        Column("title", "string", "عنوان", "Title", "", ""),
        *_code_and_label("source_type", "منبع", "Source"),
        *_province(),
        Column(
            "owner",
            "string",
            "مسئول",
            "Owner",
            "سازمان مسئول انجام",
            "The organization that must deliver",
        ),
        Column(
            "body",
            "string",
            "نهاد تصمیم‌گیر",
            "Body",
            "شورا یا کارگروهی که تعهد را ساخت",
            "The council or working group that made it",
        ),
        Column(
            "due_text",
            "string",
            "موعد به بیان منبع",
            "Due date as stated",
            "مثلاً «پایان شهریور ۱۳۹۳»",
            "For example «the end of Shahrivar 1393»",
        ),
        *_code_and_label("status", "وضعیت امروز", "Status today"),
        Column(
            "last_percent",
            "integer",
            "آخرین درصد پیشرفت",
            "Last reported progress",
            "",
            "",
            unit="درصد",
            unit_en="percent",
        ),
        *date_columns("due_on", "موعد", "Due on"),
        *date_columns("done_on", "تاریخ انجام", "Done on"),
        *date_columns("last_update_on", "آخرین گزارش", "Last progress report on"),
    ),
    queryset=_commitments,
    row=_commitment_row,
)


# --- e-services -----------------------------------------------------------------------------


def _eservices():
    return eservice_list(viewer=_visitor(), filters={}).order_by("id")


def _eservice_row(e) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "agency": e.agency.name,
        "province_code": e.province.code,
        "province": e.province.name,
        "audience": e.audience,
        "audience_label": e.get_audience_display(),
        "maturity": e.maturity,
        "maturity_label": e.get_maturity_display(),
        "status": e.status,
        "status_label": e.get_status_display(),
        "channels": SEPARATOR.join(str(c.get_kind_display()) for c in e.channels.all()),
        "in_national_catalogue": e.in_national_catalogue,
        "fee": e.fee,
        "delivery_hours": e.delivery_hours,
        "launched_on": e.launched_on,
    }


ESERVICES = Dataset(
    slug="eservices",
    title="خدمات الکترونیکی دستگاه‌ها",
    title_en="E-services of government agencies",
    description=(
        "فهرست خدمات الکترونیکی فعال و در دست راه‌اندازی دستگاه‌های اجرایی، با درگاه‌ها، "
        "سطح بلوغ، مخاطب، هزینه و زمان ارائه."
    ),
    description_en=(
        "The e-services of government agencies, live and planned, with their channels, "
        "maturity, audience, fee and delivery time."
    ),
    capability="M7 خدمات الکترونیکی",
    capability_en="M7 E-services",
    keywords=("e-government", "smart government", "دولت الکترونیک", "دولت هوشمند", "پیشخوان"),
    columns=(
        _id(),
        Column("name", "string", "نام خدمت", "Service", "", ""),
        Column("agency", "string", "دستگاه", "Agency", "", ""),
        *_province(),
        *_code_and_label("audience", "مخاطب", "Audience"),
        *_code_and_label("maturity", "سطح بلوغ", "Maturity"),
        *_code_and_label("status", "وضعیت", "Status"),
        Column("channels", "string", "درگاه‌ها", "Channels", "جداشده با «، »", "Separated by «، »"),
        Column(
            "in_national_catalogue", "boolean", "در فهرست ملی", "In the national catalogue", "", ""
        ),
        Column("fee", "integer", "هزینه", "Fee", "", "", unit=RIAL[0], unit_en=RIAL[1]),
        Column(
            "delivery_hours",
            "integer",
            "زمان ارائه",
            "Delivery time",
            "",
            "",
            unit="ساعت",
            unit_en="hours",
        ),
        *date_columns("launched_on", "تاریخ راه‌اندازی", "Launched on"),
    ),
    queryset=_eservices,
    row=_eservice_row,
)


# --- events ---------------------------------------------------------------------------------


def _events():
    return event_list(viewer=_visitor()).order_by("id")


def _event_row(e) -> dict:
    return {
        "id": e.pk,
        "title": e.title,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "province_code": e.province.code,
        "province": e.province.name,
        "venue": e.venue,
        "organizer": e.organizer.name,
        "capacity": e.capacity,
        "meetings_arranged": e.meetings_arranged,
        "starts_on": e.starts_at,
        "ends_on": e.ends_at,
    }


EVENTS = Dataset(
    slug="events",
    title="رویدادها",
    title_en="Events",
    description="جشنواره‌ها، نمایشگاه‌ها و همایش‌های عمومی فاوا، با برگزارکننده، محل و ظرفیت.",
    description_en="Public ICT festivals, exhibitions and meetings, with organizer, venue and capacity.",
    capability="M5 رویدادها",
    capability_en="M5 Events",
    keywords=("festival", "exhibition", "جشنواره", "نمایشگاه", "همایش"),
    columns=(
        _id(),
        Column("title", "string", "عنوان", "Title", "", ""),
        *_code_and_label("kind", "نوع رویداد", "Kind of event"),
        *_province(),
        Column("venue", "string", "محل برگزاری", "Venue", "", ""),
        Column("organizer", "string", "برگزارکننده", "Organizer", "", ""),
        Column(
            "capacity",
            "integer",
            "ظرفیت بازدیدکنندگان",
            "Visitor capacity",
            "",
            "",
            unit="نفر",
            unit_en="persons",
        ),
        Column(
            "meetings_arranged",
            "integer",
            "جلسات دوجانبه برگزارشده",
            "B2B meetings held",
            "",
            "",
            unit="جلسه",
            unit_en="meetings",
        ),
        *date_columns("starts_on", "روز آغاز", "Starts on", "به وقت تهران", "Tehran time"),
        *date_columns("ends_on", "روز پایان", "Ends on", "به وقت تهران", "Tehran time"),
    ),
    queryset=_events,
    row=_event_row,
)


# --- public obstacles -----------------------------------------------------------------------


def _obstacles():
    return obstacle_list(viewer=_visitor()).order_by("id")


def _obstacle_row(o) -> dict:
    return {
        "id": o.pk,
        "title": o.title,
        "category": o.category.slug,
        "category_label": o.category.name,
        "province_code": o.province.code,
        "province": o.province.name,
        "county": _name(o.county),
        "body": _name(o.body),
        "state": o.state,
        "state_label": o.get_state_display(),
        "answered_on_time": o.answered_on_time,
        "support_count": o.support_count,
        "reported_on": o.created_at,
        "due_on": o.due_on,
        "answered_on": o.answered_at,
    }


OBSTACLES = Dataset(
    slug="obstacles",
    title="موانع کسب‌وکار (عمومی)",
    title_en="Business obstacles (public)",
    description=(
        "موانعی که فعالان عمومی گزارش کرده‌اند، با دسته، دستگاه پاسخگو، مهلت، وضعیت و پاسخ "
        "در مهلت؛ موانع خصوصی و گزارش‌دهندگان در آن نیستند."
    ),
    description_en=(
        "Obstacles actors reported publicly, with category, responsible body, deadline, state "
        "and whether the answer came in time; private obstacles and reporters are not included."
    ),
    capability="M8 موانع کسب‌وکار",
    capability_en="M8 Obstacles",
    keywords=("obstacles", "business", "مانع", "کسب‌وکار", "مالیات", "مجوز"),
    columns=(
        _id(),
        Column("title", "string", "عنوان", "Title", "", ""),
        *_code_and_label("category", "دسته", "Category"),
        *_province(),
        Column("county", "string", "شهرستان", "County", "", ""),
        Column("body", "string", "دستگاه پاسخگو", "Responsible body", "", ""),
        *_code_and_label("state", "وضعیت", "State"),
        Column("answered_on_time", "boolean", "پاسخ در مهلت", "Answered in time", "", ""),
        Column(
            "support_count",
            "integer",
            "تعداد حمایت",
            "Supporters",
            "فعالانی که همین مانع را دارند؛ کمتر از ۵ به شکل <5",
            "Actors who share the obstacle; fewer than 5 is written <5",
            unit="فعال",
            unit_en="actors",
            suppress=True,
        ),
        *date_columns("reported_on", "تاریخ گزارش", "Reported on"),
        *date_columns("due_on", "مهلت پاسخ", "Answer due on"),
        *date_columns("answered_on", "تاریخ پاسخ", "Answered on"),
    ),
    queryset=_obstacles,
    row=_obstacle_row,
)


# --- the registry ---------------------------------------------------------------------------

DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    if dataset.slug in DATASETS:
        raise ValueError(f"Dataset {dataset.slug!r} is registered twice.")
    DATASETS[dataset.slug] = dataset
    return dataset


for _dataset in (ACTORS, PROPOSALS, PROGRAMS, COMMITMENTS, ESERVICES, EVENTS, OBSTACLES):
    register(_dataset)
for _dataset in indicator_datasets():
    register(_dataset)


def get_dataset(slug: str) -> Dataset | None:
    return DATASETS.get(slug)
