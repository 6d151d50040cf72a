"""Demo data of the support programs (idempotent; deterministic for a given load day).

- Mazandaran's rural employment loan (تسهیلات اشتغال‌زایی روستایی) for NASR members and other
  IT actors: 4 %, 12-month grace (interest paid monthly), 36 installments, fund = the core
  demo's employment fund. Applications in every state; disbursed loans with repayments, one
  in two tranches with an under-payment, one overdue into default, one settled early.
- East Azerbaijan's knowledge-based firms program, with its own fund.
- A Mazandaran support-packages program: ICT-park workspace (first come) and exhibition booths
  (by decision).

Applicants are registry organizations of the province (rural companies first, by legal id)
and, when the registry demo has not run, a few organizations of our own. Each applicant
organization gets a demo actor ``actor.loans.<n>`` (password ``khooshe-demo``); ``actor.demo``
keeps a draft and a disbursed loan for its own company. Dates are offsets from the load day, so
the overdue installments are overdue whenever the demo is loaded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.geo.models import County, Province
from khooshe.loans import services
from khooshe.loans.models import Application, Program, SupportPackage
from khooshe.loans.services.collections import aging_snapshot_take, buckets_record
from khooshe.persian.validators import legal_id_check_digit, national_code_check_digit
from khooshe.registry.demo_users import DEMO_PASSWORD, demo_organization
from khooshe.registry.models import GuildMembership, Organization

RURAL_LOAN = "تسهیلات اشتغال‌زایی روستایی فعالان فناوری اطلاعات مازندران"
KB_LOAN = "تسهیلات توسعه شرکت‌های دانش‌بنیان فاوای آذربایجان شرقی"
PACKAGES = "بسته‌های حمایت از کسب‌وکارهای فضای مجازی مازندران"
SHEBA = "IR820540102680020817909002"

#: Own applicant organizations when the registry has too few: (name, county, locality, kind)
OWN_MAZANDARAN = [
    ("شرکت فناوران سبز هراز", "آمل", "rural", Organization.Kind.COMPANY),
    ("استارتاپ کشت‌یار", "بابل", "rural", Organization.Kind.STARTUP),
    ("شرکت داده‌پردازان تالار", "قائم‌شهر", "rural", Organization.Kind.COMPANY),
    ("گروه نرم‌افزاری جنگل‌نت", "نوشهر", "rural", Organization.Kind.COMPANY),
    ("شرکت گردشگری هوشمند دریاکنار", "بابلسر", "rural", Organization.Kind.STARTUP),
    ("شرکت شبکه‌گستران تجن", "ساری", "rural", Organization.Kind.COMPANY),
    ("استارتاپ بازارچه روستا", "نکا", "rural", Organization.Kind.STARTUP),
    ("شرکت خدمات رایانه‌ای سوادکوه", "سوادکوه", "rural", Organization.Kind.COMPANY),
    ("شرکت سامانه‌های کشاورزی دقیق مازند", "جویبار", "rural", Organization.Kind.COMPANY),
    ("شرکت پردازش ابری چالوس", "چالوس", "rural", Organization.Kind.COMPANY),
    ("شرکت هوشمندسازی شالیزار", "محمودآباد", "rural", Organization.Kind.KNOWLEDGE_BASED),
    ("شرکت ارتباطات روستایی البرز شمالی", "تنکابن", "rural", Organization.Kind.COMPANY),
]
OWN_EAST_AZARBAIJAN = [
    ("شرکت دانش‌بنیان رایان‌پردازان ائل‌گلی", "تبریز"),
    ("شرکت دانش‌بنیان سامانه‌های صنعتی سهند", "تبریز"),
    ("شرکت دانش‌بنیان هوش مصنوعی مراغه", "مراغه"),
]
EAST_FUND = ("صندوق نوآوری و شکوفایی — کارگزاری آذربایجان شرقی", "14003456001")


def _legal_id(n: int) -> str:
    first10 = f"1470{n:06d}"
    return first10 + legal_id_check_digit(first10)


def _county(province: Province, name: str) -> County:
    return (
        County.objects.filter(province=province, name=name).first()
        or County.objects.filter(province=province).order_by("name").first()
    )


def _own_organization(n: int, name, province, county_name, locality, kind, **extra) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        legal_id=_legal_id(n),
        defaults={
            "name": name,
            "kind": kind,
            "province": province,
            "county": _county(province, county_name),
            "locality": locality,
            "verification": Organization.Verification.VERIFIED,
            **extra,
        },
    )
    return organization


def _actor(organization: Organization, username: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": "مدیرعامل",
            "last_name": organization.name[:100],
            "email": f"{username}@khooshe.example.ir",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(
        user=user, role=Role.ACTOR, province=organization.province, organization=organization
    )
    return user


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _mazandaran_applicants(province: Province, count: int) -> list[Organization]:
    chosen = list(
        Organization.objects.filter(
            province=province,
            kind__in=[Organization.Kind.COMPANY, Organization.Kind.STARTUP],
            locality="rural",
            county__isnull=False,
            legal_id__isnull=False,
        )
        .exclude(legal_id__startswith="1470")
        .exclude(pk=demo_organization("actor_company").pk)
        .order_by("legal_id")[:count]
    )
    for n, (name, county, locality, kind) in enumerate(OWN_MAZANDARAN):
        if len(chosen) >= count:
            break
        chosen.append(_own_organization(n, name, province, county, locality, kind))
    return chosen


def load(*, stdout) -> None:
    today = timezone.localdate()
    mazandaran = Province.objects.get(code="IR-02")
    east = Province.objects.get(code="IR-03")
    if Program.objects.filter(name=RURAL_LOAN).exists():
        stdout.write("loans: demo already loaded")
        return
    _rural_loan(today, mazandaran)
    _cover_and_collections(today)
    _kb_loan(today, east)
    _packages(today, mazandaran)
    stdout.write(
        f"loans: {Program.objects.count()} programs, {Application.objects.count()} applications, "
        f"{SupportPackage.objects.count()} support packages"
    )


def _days(today, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


def _rural_loan(today, province: Province) -> None:
    governor = _user("gov.mazandaran")
    guild = _user("guild.mazandaran")
    officer = _user("fund.demo")
    program = services.program_create(
        actor=governor,
        province=province,
        provinces=[province],
        name=RURAL_LOAN,
        kind=Program.Kind.LOAN,
        description=(
            "تسهیلات کم‌بهره با یک سال تنفس برای ایجاد اشتغال در روستاها، ویژه اعضای سازمان نظام "
            "صنفی رایانه‌ای و دیگر فعالان فناوری اطلاعات استان؛ خدمت به کشاورزی و گردشگری در اولویت است."
        ),
        fund=demo_organization("employment_fund"),
        budget=500_000_000_000,
        opens_on=_days(today, 450),
        closes_on=today + datetime.timedelta(days=180),
        min_amount=300_000_000,
        max_amount=5_000_000_000,
        annual_rate=Decimal(4),
        installments=36,
        grace_months=12,
        grace_interest="paid_monthly",
        method="annuity",
        rounding=1000,
        allow_override=True,
        screening=Program.Screening.GUILD,
        default_after=3,
        penalty_enabled=True,
        penalty_points=Decimal(6),
        penalty_grace_days=5,
        rules={
            "organization_kind": {"kinds": ["company", "startup", "knowledge_based"]},
            "rural": {},
            "min_jobs": {"min_jobs": 2},
            "no_overdue": {},
        },
    )
    company = demo_organization("actor_company")
    actor_demo = _user("actor.demo")
    applicants = _mazandaran_applicants(province, 12)
    for n, organization in enumerate(applicants[:4]):
        GuildMembership.objects.get_or_create(
            province=province,
            number=f"NASR-MZ-{4100 + n}",
            defaults={"organization": organization, "grade": "۲", "field": "نرم‌افزار"},
        )

    def new(organization, user, amount, jobs, purpose):
        return services.application_create(
            actor=user,
            program=program,
            organization=organization,
            amount_requested=amount,
            purpose=purpose,
            county=organization.county or _county(province, "ساری"),
            sheba=SHEBA,
            jobs_promised=jobs,
        )

    def submit(application):
        services.application_submit(actor=application.applicant, application=application)

    def review(application):
        submit(application)
        services.application_review(actor=guild, application=application, note="مدارک کامل است.")

    def approve(application, amount=None, note=""):
        review(application)
        application.refresh_from_db()
        override = application.eligibility_passed is False
        services.application_approve(
            actor=governor,
            application=application,
            amount=amount,
            override=override,
            note=note or ("تأیید با نظر کارگروه اشتغال استان" if override else ""),
        )

    def disburse(application, days_ago, tranches=None, amount=None):
        approve(
            application, amount=amount, note="کاهش مبلغ به سقف اعتبار شهرستان" if amount else ""
        )
        services.application_sign(
            actor=officer, application=application, signed_on=_days(today, days_ago + 5)
        )
        for part, ago in tranches or [(None, days_ago)]:
            services.disbursement_record(
                actor=officer,
                application=application,
                amount=part,
                disbursed_on=_days(today, ago),
                reference=f"PAY-{application.pk}-{ago}",
            )
        application.refresh_from_db()
        return application

    def pay(application, *, installments: int, short: int = 0):
        """Pay the first ``installments`` due amounts, each on its due date."""
        lines = application.installments.order_by("due_on", "id")[:installments]
        for k, line in enumerate(lines, start=1):
            services.repayment_record(
                actor=officer,
                application=application,
                amount=line.total - short,
                paid_on=line.due_on,
                reference=f"RCPT-{application.pk}-{k}",
            )

    actors = [_actor(org, f"actor.loans.{n + 1}") for n, org in enumerate(applicants)]
    a = list(zip(applicants, actors, strict=True))

    # actor.demo: a draft and a disbursed loan (grace interest paid for 5 months, 6th overdue)
    new(
        company,
        actor_demo,
        1_500_000_000,
        3,
        "توسعه سامانه فروش برخط محصولات کشاورزی روستاهای ساری",
    )
    mine = new(company, actor_demo, 2_000_000_000, 5, "مرکز پشتیبانی نرم‌افزاری روستایی در کیاسر")
    disburse(mine, 200)
    pay(mine, installments=5)
    services.job_report_add(
        actor=actor_demo,
        application=mine,
        jobs_created=3,
        reported_on=_days(today, 30),
        note="سه کارشناس پشتیبانی با بیمه تأمین اجتماعی",
    )

    new(*a[0], 900_000_000, 2, "راه‌اندازی دفتر خدمات دولت هوشمند روستایی")  # draft
    submit(new(*a[1], 1_200_000_000, 4, "سامانه رزرو اقامتگاه‌های بوم‌گردی"))  # submitted
    review(new(*a[2], 2_500_000_000, 6, "پایش هوشمند آبیاری شالیزارها"))  # under review
    returned = new(*a[3], 3_000_000_000, 2, "مرکز داده کوچک برای تعاونی‌های روستایی")
    submit(returned)
    services.application_return(
        actor=guild, application=returned, note="برآورد هزینه و پیش‌فاکتور تجهیزات را پیوست کنید."
    )
    rejected = new(*a[4], 4_800_000_000, 2, "خرید خودرو برای تبلیغات")
    review(rejected)
    services.application_reject(
        actor=governor, application=rejected, note="هزینه‌ها با هدف اشتغال‌زایی روستایی سازگار نیست."
    )
    approve(new(*a[5], 1_800_000_000, 5, "آموزش مهارت‌های دیجیتال به جوانان روستا"))  # approved
    signed = new(*a[6], 1_000_000_000, 3, "فروشگاه اینترنتی صنایع دستی")
    approve(signed)
    services.application_sign(actor=officer, application=signed, signed_on=_days(today, 3))
    recent = disburse(new(*a[7], 700_000_000, 2, "خدمات تعمیر رایانه سیار"), 20)  # disbursed
    on_time = disburse(
        new(*a[8], 3_500_000_000, 8, "کشاورزی دقیق با حسگرهای اینترنت اشیا"),
        400,
        amount=3_000_000_000,
    )
    pay(on_time, installments=13)  # grace interest and the first regular installment
    services.job_report_add(
        actor=on_time.applicant, application=on_time, jobs_created=9, reported_on=_days(today, 60)
    )
    defaulted = disburse(new(*a[9], 2_200_000_000, 4, "بازاریابی دیجیتال گردشگری"), 150)
    services.loan_refresh(application=defaulted)  # 4 grace installments overdue → default
    tranches = new(*a[10], 4_000_000_000, 10, "کارخانه نرم‌افزار روستایی هراز")
    disburse(tranches, 120, tranches=[(2_000_000_000, 120), (2_000_000_000, 60)])
    pay(tranches, installments=3, short=1_000_000)  # under-paid: one partly paid, overdue
    settled = disburse(new(*a[11], 300_000_000, 2, "خدمات طراحی وب برای کسب‌وکارهای روستایی"), 100)
    services.repayment_record(
        actor=officer,
        application=settled,
        amount=services.amount_owed(settled),
        paid_on=today,
        reference="SETTLE",
    )
    # a transfer posted twice by mistake, reversed (the record stays, pointing to the original)
    twice = services.repayment_record(
        actor=officer, application=recent, amount=5_000_000, paid_on=today, reference="DUP-1"
    )
    services.repayment_reverse(
        actor=officer,
        application=recent,
        repayment=twice,
        reason="واریز تکراری؛ مبلغ به حساب متقاضی بازگردانده شد.",
        reference="REV-DUP-1",
    )
    services.penalties_accrue(today=today)
    penalty = services.payoff_quote(tranches).penalty
    if penalty > 1:
        services.penalty_waive(
            actor=officer,
            application=tranches,
            amount=penalty // 2,
            reason="نیمی از وجه التزام به سبب تأخیر بانک عامل در واریز بخشوده شد.",
        )


DOCUMENTS = ("طرح کسب‌وکار", "پروانه کسب یا کارت عضویت نظام صنفی", "صورت‌حساب سه ماه اخیر بانکی")
#: A minimal PDF for the demo's uploaded documents.
DEMO_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
GUARANTORS = (
    ("رضا کریمی", "کارمند اداره کل ارتباطات مازندران", "پدر"),
    ("مهسا حسینی", "آموزگار آموزش و پرورش ساری", "همسر"),
    ("حمید نادری", "بانک ملی شعبه قائم‌شهر", "برادر"),
)


def _national_code(n: int) -> str:
    first9 = f"{4_120_000 + n:09d}"
    return first9 + national_code_check_digit(first9)


def _cover_and_collections(today) -> None:
    """The rural programme asks for three documents and guarantees worth the whole approved
    amount from now on: the demo's loans get a guarantor and a promissory note (the
    defaulted one's are on the fund's follow-up list), actor.demo's draft has two of the
    three documents, and the collections pass records buckets and this month's snapshot."""
    program = Program.objects.get(name=RURAL_LOAN)
    governor = _user("gov.mazandaran")
    officer = _user("fund.demo")
    services.program_update(actor=governor, program=program, required_cover_percent=100)
    requirements = services.program_set_documents(actor=governor, program=program, names=DOCUMENTS)
    draft = program.applications.filter(state="draft", applicant__username="actor.demo").first()
    for requirement in requirements[:2] if draft else ():
        services.document_add(
            actor=draft.applicant,
            application=draft,
            requirement=requirement,
            uploaded_file=SimpleUploadedFile(f"{requirement.pk}.pdf", DEMO_PDF),
        )
    states = ("contract_signed", "disbursed", "repaying", "defaulted")
    for n, application in enumerate(program.applications.filter(state__in=states).order_by("id")):
        name, employer, relationship = GUARANTORS[n % len(GUARANTORS)]
        amount = application.amount_approved
        services.guarantee_add(
            actor=officer,
            application=application,
            kind="guarantor",
            amount=amount // 2,
            guarantor_name=name,
            national_code=_national_code(n),
            employer=employer,
            relationship=relationship,
        )
        services.guarantee_add(
            actor=officer,
            application=application,
            kind="promissory_note",
            amount=amount - amount // 2,
            serial=f"۹۸۷۶{application.pk:04d}",
        )
    buckets_record(today=today)
    aging_snapshot_take(today=today)


def _kb_loan(today, province: Province) -> None:
    governor = _user("gov.eastazarbaijan")
    guild = _user("guild.eastazarbaijan")
    name, legal = EAST_FUND
    fund, _created = Organization.objects.get_or_create(
        legal_id=legal[:10] + legal_id_check_digit(legal[:10]),
        defaults={
            "name": name,
            "kind": Organization.Kind.FUND,
            "province": province,
            "county": _county(province, "تبریز"),
            "verification": Organization.Verification.VERIFIED,
        },
    )
    program = services.program_create(
        actor=governor,
        province=province,
        provinces=[province],
        name=KB_LOAN,
        kind=Program.Kind.LOAN,
        description="تسهیلات سرمایه در گردش و توسعه محصول برای شرکت‌های دانش‌بنیان فاوای استان.",
        fund=fund,
        budget=300_000_000_000,
        opens_on=_days(today, 60),
        closes_on=today + datetime.timedelta(days=120),
        min_amount=1_000_000_000,
        max_amount=20_000_000_000,
        annual_rate=Decimal(6),
        installments=24,
        grace_months=6,
        grace_interest="capitalized",
        method="annuity",
        rounding=10_000,
        allow_override=False,
        screening=Program.Screening.GOVERNORATE,
        default_after=3,
        rules={"knowledge_based": {}, "no_overdue": {}},
    )
    applications = []
    for n, (org_name, county) in enumerate(OWN_EAST_AZARBAIJAN):
        organization = _own_organization(
            100 + n,
            org_name,
            province,
            county,
            "urban",
            Organization.Kind.KNOWLEDGE_BASED,
            kb_certificate_number=f"KB-03-{7100 + n}",
            kb_certificate_type="نوپا",
            kb_certificate_expires_on=today + datetime.timedelta(days=400),
        )
        user = _actor(organization, f"actor.kb.{n + 1}")
        applications.append(
            services.application_create(
                actor=user,
                program=program,
                organization=organization,
                amount_requested=[8_000_000_000, 12_000_000_000, 5_000_000_000][n],
                purpose=["توسعه سکوی ابری بومی", "سامانه پایش صنعتی", "پردازش زبان ترکی و فارسی"][
                    n
                ],
                county=organization.county,
                sheba=SHEBA,
                jobs_promised=[12, 20, 6][n],
            )
        )
    first, second, third = applications
    services.application_submit(actor=first.applicant, application=first)
    services.application_submit(actor=second.applicant, application=second)
    services.application_review(actor=governor, application=second)
    services.application_approve(
        actor=governor, application=second, amount=10_000_000_000, note="سقف اعتبار این دوره"
    )
    del guild, third


def _packages(today, province: Province) -> None:
    governor = _user("gov.mazandaran")
    program = services.program_create(
        actor=governor,
        province=province,
        provinces=[province],
        name=PACKAGES,
        kind=Program.Kind.PACKAGE,
        description="بسته‌های حمایتی برای ایجاد شغل جوانان و نخبگان در کسب‌وکارهای فضای مجازی.",
        fund=None,
        budget=0,
        opens_on=_days(today, 30),
        closes_on=today + datetime.timedelta(days=90),
    )
    workspace = SupportPackage.objects.create(
        program=program,
        name="فضای کار اشتراکی در پارک علم و فناوری مازندران",
        kind=SupportPackage.Kind.WORKSPACE,
        capacity=8,
        allocation=SupportPackage.Allocation.FIRST_COME,
        description="یک میز کار با اینترنت و اتاق جلسه، شش ماه رایگان.",
    )
    booths = SupportPackage.objects.create(
        program=program,
        name="غرفه رایگان در نمایشگاه استارتاپی ساری",
        kind=SupportPackage.Kind.BOOTH,
        capacity=12,
        allocation=SupportPackage.Allocation.DECISION,
    )
    users = {
        grant.organization: grant.user
        for grant in RoleGrant.objects.filter(
            role=Role.ACTOR, user__username__startswith="actor.loans."
        ).select_related("organization", "user")[:4]
    }
    for organization, user in users.items():
        services.package_request_create(actor=user, package=workspace, organization=organization)
    for n, (organization, user) in enumerate(list(users.items())[:3]):
        request = services.package_request_create(
            actor=user, package=booths, organization=organization
        )
        if n == 0:
            services.package_request_decide(actor=governor, request=request, allocate=True)
            services.package_request_deliver(
                actor=governor, request=request, delivered_on=today, note="غرفه شماره ۱۴ سالن الف"
            )
        elif n == 1:
            services.package_request_decide(actor=governor, request=request, allocate=True)
