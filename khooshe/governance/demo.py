"""Demo data from the articles in ``../shared/seeds/`` (idempotent: every record is looked
up by a natural key first; deterministic apart from the agency desk's commitments, which are
dated relative to the day the demo is first loaded so that its desk is never empty).

- 002 East Azerbaijan: the data center (signed; due end of Shahrivar 1393, done late) and the
  call center (to be signed; due end of Mehr 1393) agreements and projects;
- 001 Mazandaran: the e-government working group, its resolution on the 1395 IT festival, and
  the joint meeting of the agencies' IT and PR managers;
- 004 Mazandaran: the MoU with the National Cyberspace Center, five articles and one note,
  commitments on every article;
- 000 Mazandaran: NASR's fifth-term board election, and the guild's promise of a working group;
- 003 East Azerbaijan: the first meeting on the ICT cluster and park, 2 Tir 1403, with minutes.

Where an article does not give a fact the software needs (a signing date, a meeting's hour,
the text of the MoU's note, the other board members), the demo says so in the record.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from khooshe.accounts.models import User
from khooshe.geo.models import Province
from khooshe.governance import services
from khooshe.governance.models import (
    Agreement,
    Body,
    Commitment,
    CommitmentUpdate,
    Election,
    Meeting,
    Project,
)
from khooshe.persian.jalali import TEHRAN, parse_jalali_date
from khooshe.persian.validators import legal_id_check_digit, national_code_check_digit
from khooshe.registry.demo_users import demo_organization
from khooshe.registry.models import Organization, Person
from khooshe.registry.services import organization_refresh_search, person_refresh_search

#: key → (name, kind, province code, first ten digits of the legal id)
EXTRA_ORGANIZATIONS = {
    "national_cyberspace_center": (
        "مرکز ملی فضای مجازی",
        Organization.Kind.GOVERNMENT_AGENCY,
        "IR-23",
        "1410099001",
    ),
    "infrastructure_company": (
        "شرکت ارتباطات زیرساخت",
        Organization.Kind.GOVERNMENT_AGENCY,
        "IR-23",
        "1410099002",
    ),
    "industrial_parks_east_azarbaijan": (
        "شرکت شهرک‌های صنعتی آذربایجان شرقی",
        Organization.Kind.GOVERNMENT_AGENCY,
        "IR-03",
        "1410099003",
    ),
}

#: key → (first name, last name, province code, first nine digits of the national code)
PEOPLE = {
    "ramdani": ("عباس", "رمدانی", "IR-02", "208800101"),
    "azizi": ("", "اعزی", "IR-02", "208800102"),
    "tahmasbi": ("", "طهماسبی", "IR-02", "208800103"),
    "safavi": ("الهام", "صفوی", "IR-03", "136600104"),
    "sheydaei": ("فرهاد", "شیدایی", "IR-03", "136600105"),
    "feyzzadeh": ("سهراب", "فیض‌زاده", "IR-03", "136600106"),
    "khodaei": ("سیدعلی", "اعرج خدایی", "IR-03", "136600107"),
    "board_2": ("عضو نمایشی", "هیئت‌مدیره ۲", "IR-02", "208800108"),
    "board_3": ("عضو نمایشی", "هیئت‌مدیره ۳", "IR-02", "208800109"),
    "board_4": ("عضو نمایشی", "هیئت‌مدیره ۴", "IR-02", "208800110"),
    "candidate_5": ("نامزد نمایشی", "۵", "IR-02", "208800111"),
}

EVIDENCE = "https://khooshe.example.ir/demo/evidence"


def _j(text: str) -> datetime.date:
    return parse_jalali_date(text)


def _at(text: str, hour: int, minute: int = 0) -> datetime.datetime:
    day = _j(text)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TEHRAN)


def _recorded(commitments, on) -> None:
    """Date ``commitments`` as recorded on the seed's own day (the news, the meeting, the
    signing), not on the day the demo was loaded: their timelines start there. ``on`` is a
    Jalali text, a date or a datetime. (An update of a timestamp only: no history row.)"""
    if isinstance(on, str):
        on = _j(on)
    if not isinstance(on, datetime.datetime):
        on = datetime.datetime(on.year, on.month, on.day, 9, tzinfo=TEHRAN)
    Commitment.objects.filter(pk__in=[c.pk for c in commitments]).update(created_at=on)


def _organization(key: str) -> Organization:
    name, kind, province_code, first10 = EXTRA_ORGANIZATIONS[key]
    organization, created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={
            "name": name,
            "kind": kind,
            "province": Province.objects.get(code=province_code),
            "verification": Organization.Verification.VERIFIED,
        },
    )
    if created:
        organization_refresh_search(organization)
    return organization


def _person(key: str) -> Person:
    first_name, last_name, province_code, first9 = PEOPLE[key]
    person, created = Person.objects.get_or_create(
        national_code=first9 + national_code_check_digit(first9),
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "province": Province.objects.get(code=province_code),
        },
    )
    if created:
        person_refresh_search(person)
    return person


def _update(actor, commitment, percent, on, text, evidence=""):
    if CommitmentUpdate.objects.filter(commitment=commitment, percent=percent).exists():
        return
    reported_on = _j(on) if isinstance(on, str) else on
    services.commitment_update_add(
        actor=actor,
        commitment=commitment,
        percent=percent,
        reported_on=reported_on,
        text=text,
        evidence_url=evidence,
    )
    if percent == 100:
        # A report of completion made on the seed's day (not the day the demo was loaded):
        # the days before automatic acceptance count from there. (A timestamp only.)
        Commitment.objects.filter(pk=commitment.pk).update(
            done_reported_at=datetime.datetime(
                reported_on.year, reported_on.month, reported_on.day, 12, tzinfo=TEHRAN
            )
        )


def _east_azarbaijan_centers(actor) -> None:
    """002: two documents, one signed, one to be signed; data center by the end of
    Shahrivar, call center by the end of Mehr (1393)."""
    governorate = demo_organization("governorate_east_azarbaijan")
    infrastructure = _organization("infrastructure_company")
    province = governorate.province
    if Project.objects.filter(title__startswith="مرکز داده استان آذربایجان شرقی").exists():
        return
    data_center_doc = services.agreement_create(
        actor=actor,
        title="سند مرکز داده (دیتاسنتر) استان آذربایجان شرقی",
        kind=Agreement.Kind.CONTRACT,
        parties=[governorate, infrastructure],
        province=province,
        state=Agreement.State.SIGNED,
        signed_on=_j("1393/05/28"),
        subject="ایجاد مرکز داده استان برای دولت الکترونیک و شبکه ملی اطلاعات. "
        "خبر (۲۸ مرداد ۱۳۹۳) می‌گوید یکی از دو سند امضا شده است؛ تاریخ امضا تاریخ خبر است.",
    )
    services.agreement_clause_add(
        actor=actor,
        agreement=data_center_doc,
        kind="article",
        text="مرکز داده استان تا پایان شهریور ۱۳۹۳ نهایی و قابل بهره‌برداری می‌شود.",
    )
    call_center_doc = services.agreement_create(
        actor=actor,
        title="سند مرکز تماس (CALL سنتر) استان آذربایجان شرقی",
        kind=Agreement.Kind.CONTRACT,
        parties=[governorate, infrastructure],
        province=province,
        state=Agreement.State.TO_BE_SIGNED,
        subject="سند دوم که بنا بود در سفر معاونان وزیر ارتباطات امضا شود.",
    )
    services.agreement_clause_add(
        actor=actor,
        agreement=call_center_doc,
        kind="article",
        text="بهره‌برداری از مرکز تماس تا اواخر مهر ۱۳۹۳ انجام می‌شود.",
    )
    data_center = services.project_create(
        actor=actor,
        title="مرکز داده استان آذربایجان شرقی",
        owner=governorate,
        province=province,
        agreement=data_center_doc,
        description="زیرساخت دولت الکترونیک و شبکه ملی اطلاعات در استان.",
    )
    signing = services.milestone_add(
        actor=actor, project=data_center, title="امضای سند مرکز داده", weight=1, due_on="1393/05/31"
    )
    _update(actor, signing, 100, "1393/05/28", "سند امضا شد.", EVIDENCE + "/002")
    operation = services.milestone_add(
        actor=actor,
        project=data_center,
        title="مرکز داده نهایی و قابل بهره‌برداری",
        weight=3,
        due_text="پایان شهریور ۱۳۹۳",
    )
    # Two dates for the same promise: the governorate's deputy said the end of Shahrivar,
    # the government's deputy "late Mehr" for both centers; the first stays the baseline.
    services.commitment_due_statement_add(
        actor=actor,
        commitment=operation,
        due_on="پایان مهر ۱۳۹۳",
        source_note="مهندس راسخ، معاون توسعه مدیریت دولت (همان نشست): «تا اواخر مهر ماه»",
    )
    _update(actor, operation, 70, "1393/06/25", "نصب تجهیزات انجام شد؛ آزمون‌ها مانده است.")
    _update(actor, operation, 100, "1393/08/20", "بهره‌برداری آغاز شد.", EVIDENCE + "/dc")
    call_center = services.project_create(
        actor=actor,
        title="مرکز تماس (CALL سنتر) استان آذربایجان شرقی",
        owner=governorate,
        province=province,
        agreement=call_center_doc,
    )
    services.milestone_add(
        actor=actor, project=call_center, title="امضای سند مرکز تماس", weight=1, due_on="1393/05/31"
    )
    milestone = services.milestone_add(
        actor=actor,
        project=call_center,
        title="بهره‌برداری از مرکز تماس",
        weight=3,
        due_text="پایان مهر ۱۳۹۳",
    )
    services.commitment_due_statement_add(
        actor=actor,
        commitment=milestone,
        due_on="پایان اسفند ۱۳۹۳",
        source_note="مهندس پاکزاد، معاون استانداری (همان نشست): «تا پایان سال»",
    )
    _update(actor, milestone, 30, "1393/07/15", "جانمایی و برآورد تجهیزات.")
    _recorded(
        Commitment.objects.filter(project__in=[data_center, call_center]), data_center_doc.signed_on
    )


def _mazandaran_working_group(actor) -> None:
    """001: the e-government working group's resolution on the 1395 festival."""
    governorate = demo_organization("governorate_mazandaran")
    directorate = demo_organization("ict_directorate_mazandaran")
    nasr = demo_organization("nasr_mazandaran")
    body = Body.objects.filter(name="کارگروه توسعه دولت الکترونیک استان مازندران").first()
    if body is not None:
        return
    body = services.body_create(
        actor=actor,
        name="کارگروه توسعه دولت الکترونیک استان مازندران",
        kind=Body.Kind.WORKING_GROUP,
        province=governorate.province,
        chair_organization=governorate,
        secretariat_organization=directorate,
    )
    services.body_member_add(
        actor=actor,
        body=body,
        person=_person("azizi"),
        organization=directorate,
        role="secretary",
        title="معاون اداره کل ارتباطات و فناوری اطلاعات",
        started_on=_j("1394/01/01"),
    )
    services.body_member_add(
        actor=actor,
        body=body,
        person=_person("ramdani"),
        organization=nasr,
        title="رئیس سازمان نظام صنفی رایانه‌ای استان",
        started_on=_j("1394/01/01"),
    )
    meeting = services.meeting_create(
        actor=actor,
        body=body,
        title="جلسه کارگروه توسعه دولت الکترونیک — جشنواره فناوری اطلاعات ۱۳۹۵",
        held_at=_at("1394/10/15", 10),
        place="ساری، استانداری مازندران",
        agenda=["حضور دستگاه‌های اجرایی خدمت‌رسان در جشنواره فناوری اطلاعات ۱۳۹۵"],
        minutes="<p>تاریخ دقیق این جلسه در خبر نیامده است (داده نمایشی).</p>",
    )
    resolution = services.resolution_create(
        actor=actor,
        meeting=meeting,
        text="همه دستگاه‌های اجرایی خدمت‌رسان، خدمات الکترونیک خود را در جشنواره فناوری "
        "اطلاعات استان در سال ۱۳۹۵ ارائه کنند.",
        owner=directorate,
        due_text="پایان شهریور ۱۳۹۵",
        commitment_title="ارائه خدمات الکترونیک دستگاه‌ها در جشنواره فناوری اطلاعات ۱۳۹۵",
    )
    _recorded(resolution.commitments.all(), meeting.held_at)
    _update(
        actor,
        resolution.commitments.get(),
        40,
        "1394/11/20",
        "نشست مشترک مدیران فناوری اطلاعات و روابط عمومی دستگاه‌ها در مرکز اصناف برگزار شد.",
    )
    joint = services.meeting_create(
        actor=actor,
        body=body,
        title="نشست مشترک مدیران فناوری اطلاعات و روابط عمومی دستگاه‌های خدمت‌رسان",
        held_at=_at("1394/11/20", 10),
        place="سالن اجتماعات مرکز اصناف استان",
        agenda=[
            "تمهیدات تحقق مصوبه کارگروه درباره جشنواره ۱۳۹۵",
            "نمایش دستاوردهای خدمات الکترونیک دستگاه‌ها",
        ],
        minutes="<p>هفت جشنواره پیشین فقط با حضور بخش خصوصی برگزار شد؛ جشنواره ۱۳۹۵ "
        "نخستین جشنواره با حضور دستگاه‌های دولتی است.</p>"
        "<p>توانمندی صنعت فاوای استان بالاتر از متوسط کشوری است.</p>",
    )
    services.attendance_add(
        actor=actor, meeting=joint, person=_person("azizi"), organization=directorate
    )
    services.attendance_add(
        actor=actor, meeting=joint, person=_person("ramdani"), organization=nasr
    )


def _cyberspace_mou(actor) -> None:
    """004: five articles and one note; commitments on every article. The ICT directorate
    (agency.demo) owns some: two due soon, one late — so its desk is not empty."""
    title = "تفاهم‌نامه همکاری و مشارکت استانداری مازندران و مرکز ملی فضای مجازی"
    if Agreement.objects.filter(title=title).exists():
        return
    governorate = demo_organization("governorate_mazandaran")
    directorate = demo_organization("ict_directorate_mazandaran")
    center = _organization("national_cyberspace_center")
    today = timezone.localdate()
    agreement = services.agreement_create(
        actor=actor,
        title=title,
        parties=[governorate, center],
        province=governorate.province,
        state=Agreement.State.SIGNED,
        signed_on=today - datetime.timedelta(days=120),
        subject="همکاری و مشارکت طرفین در توسعه فضای مجازی استان مازندران و هم‌راستاسازی "
        "دستگاه‌ها و نهادهای استان با مصوبات شورای عالی و مرکز ملی فضای مجازی. "
        "(تاریخ امضا در خبر نیامده است؛ تاریخ نمایشی.)",
    )
    articles = [
        (
            "تعیین اولویت‌های اجرایی و برنامه‌های اقدام مرتبط با فضای مجازی در سطح استان.",
            [("تدوین برنامه اقدام فضای مجازی استان", directorate, 5)],
        ),
        (
            "همکاری و کمک به رفع موانع توسعه کسب‌وکارهای فضای مجازی استان و تدوین بسته‌های حمایتی.",
            [("تدوین بسته‌های حمایتی کسب‌وکارهای فضای مجازی", governorate, 45)],
        ),
        (
            "تسریع و تسهیل اجرای مصوبات شورای عالی فضای مجازی و همکاری در توسعه زیرساخت‌های "
            "مورد نیاز استان.",
            [("گزارش اجرای مصوبات شورای عالی در استان", directorate, -7)],
        ),
        (
            "ایجاد آمادگی در همه ارکان و دستگاه‌های استان برای توسعه دولت هوشمند و همکاری در "
            "تعریف، راهبری و پیاده‌سازی پروژه‌های استانی.",
            [("ارزیابی آمادگی دستگاه‌ها برای دولت هوشمند", directorate, 12)],
        ),
        (
            "بالابردن دانش و سواد فضای مجازی مسئولان استانی و نظارت و هماهنگی در ایجاد و "
            "توسعه پلتفرم‌های بومی.",
            [("دوره آموزش سواد فضای مجازی مدیران استان", center, 90)],
        ),
    ]
    for text, commitments in articles:
        clause = services.agreement_clause_add(
            actor=actor, agreement=agreement, kind="article", text=text
        )
        for commitment_title, owner, days in commitments:
            recorded = services.commitment_create(
                actor=actor,
                title=commitment_title,
                owner=owner,
                source_type=Commitment.SourceType.CLAUSE,
                clause=clause,
                due_on=today + datetime.timedelta(days=days),
                province=governorate.province,
            )
            _recorded([recorded], agreement.signed_on)
    services.agreement_clause_add(
        actor=actor,
        agreement=agreement,
        kind="note",
        text="متن تبصره در گزارش خبری منتشر نشده است (داده نمایشی).",
    )


def _nasr_election(actor) -> None:
    """000: NASR Mazandaran's fifth-term board election; and its promise of a working group."""
    nasr = demo_organization("nasr_mazandaran")
    if not Election.objects.filter(organization=nasr, term=5).exists():
        election = services.election_record(
            actor=actor,
            organization=nasr,
            term=5,
            held_on=_j("1395/02/15"),
            notes="تاریخ و آرا نمایشی‌اند؛ خبر فقط از برگزاری انتخابات دوره پنجم می‌گوید.",
        )
        roles = [
            ("ramdani", 112, "chair"),
            ("board_2", 98, "vice_chair"),
            ("board_3", 91, "secretary"),
            ("board_4", 85, "treasurer"),
        ]
        for key, votes, role in roles:
            services.candidate_add(
                actor=actor,
                election=election,
                person=_person(key),
                votes=votes,
                elected=True,
                board_role=role,
            )
        services.candidate_add(
            actor=actor, election=election, person=_person("candidate_5"), votes=40
        )
    title = "تشکیل کارگروهی با حضور اعضای نصر و فعالان فناوری اطلاعات"
    if not Commitment.objects.filter(title=title).exists():
        promise = services.commitment_create(
            actor=actor,
            title=title,
            owner=nasr,
            source_type=Commitment.SourceType.PUBLIC_RECORD,
            source_note="سخنان رئیس سازمان نصر مازندران در دیدار با مدیرکل ارتباطات",
            province=nasr.province,
        )
        # Said after the fifth-term election (the news gives no day of its own).
        _recorded([promise], "1395/02/15")


def _cluster_meeting(actor) -> None:
    """003: the first meeting on the ICT cluster and industrial park, 2 Tir 1403."""
    name = "کارگروه ایجاد خوشه و شهرک فناوری اطلاعات و ارتباطات آذربایجان شرقی"
    if Body.objects.filter(name=name).exists():
        return
    governorate = demo_organization("governorate_east_azarbaijan")
    nasr = demo_organization("nasr_east_azarbaijan")
    parks = _organization("industrial_parks_east_azarbaijan")
    body = services.body_create(
        actor=actor,
        name=name,
        kind=Body.Kind.WORKING_GROUP,
        province=governorate.province,
        chair_organization=governorate,
        secretariat_organization=nasr,
    )
    meeting = services.meeting_create(
        actor=actor,
        body=body,
        title="اولین نشست ایجاد شهرک صنعتی و خوشه فناوری اطلاعات و ارتباطات استان",
        held_at=_at("1403/04/02", 7, 46),
        place="تبریز، استانداری آذربایجان شرقی",
        agenda=[
            "ایجاد خوشه و شهرک فناوری اطلاعات و ارتباطات استان",
            "گردآوری بانک اطلاعات فعالان حوزه فاوا",
            "موانع کسب‌وکار فعالان فاوا",
        ],
        minutes=(
            "<p>بر بهره‌مندی از ظرفیت بخش خصوصی در حوزه فاوا تأکید شد؛ بخش دولتی تنها "
            "بسترهای حمایتی را فراهم می‌کند.</p>"
            "<ul><li>بیش از ۵۰۰ شرکت و یک هزار عضو فعال در حوزه فاوای استان فعال‌اند.</li>"
            "<li>۴۱ خوشه در استان شناسایی شده که ۱۳ مورد عملیاتی است.</li>"
            "<li>با ایجاد خوشه می‌توان بانک اطلاعات فعالان این حوزه را گردآوری کرد.</li>"
            "<li>کسب‌وکار تلقی نشدن فعالیت‌های فاوا از اساسی‌ترین موانع است؛ متخصصانی بی‌دفتر "
            "و در خانه برای مشتریان خارج از کشور نرم‌افزار تولید می‌کنند.</li></ul>"
        ),
    )
    attendees = [
        ("safavi", governorate, "مدیر فناوری اطلاعات، امنیت فضای مجازی و شبکه دولت استانداری"),
        ("sheydaei", governorate, "مشاور استاندار در حوزه فناوری اطلاعات و ارتباطات"),
        ("feyzzadeh", parks, "مدیرعامل شرکت شهرک‌های صنعتی آذربایجان شرقی"),
        ("khodaei", nasr, "رئیس هیئت‌مدیره سازمان نظام صنفی رایانه‌ای استان"),
    ]
    for key, organization, title in attendees:
        person = _person(key)
        services.body_member_add(
            actor=actor,
            body=body,
            person=person,
            organization=organization,
            title=title,
            role="chair" if key == "safavi" else "member",
            started_on=_j("1403/04/02"),
        )
        services.attendance_add(
            actor=actor, meeting=meeting, person=person, organization=organization, title=title
        )
    resolution = services.resolution_create(
        actor=actor,
        meeting=meeting,
        text="گردآوری بانک اطلاعات فعالان حوزه فناوری اطلاعات و ارتباطات استان از راه خوشه "
        "(مصوبه نمایشی بر پایه گفته‌های نشست).",
        owner=nasr,
        due_text="پایان اسفند ۱۴۰۳",
    )
    _recorded(resolution.commitments.all(), meeting.held_at)
    # The article reports no second meeting: this one is planned for the demo only, so its
    # agenda shows the follow-up of the first meeting's open resolution.
    services.meeting_create(
        actor=actor,
        body=body,
        title="نشست دوم کارگروه خوشه فاوا (برنامه‌ریزی نمایشی؛ خبر تاریخی نداده است)",
        held_at=_at("1403/07/02", 9),
        place="تبریز، استانداری آذربایجان شرقی",
        agenda=["موانع کسب‌وکار فعالان فاوا"],
        state=Meeting.State.PLANNED,
    )


def load(*, stdout) -> None:
    actor = User.objects.filter(username="admin").first()
    with transaction.atomic():
        _east_azarbaijan_centers(actor)
        _mazandaran_working_group(actor)
        _cyberspace_mou(actor)
        _nasr_election(actor)
        _cluster_meeting(actor)
        # Reports of completion nobody reviewed in time are accepted automatically (and
        # say so), as the periodic task does.
        services.commitments_auto_accept()
        result = services.commitments_refresh_statuses()
    stdout.write(
        f"governance: {Body.objects.count()} bodies, {Meeting.objects.count()} meetings, "
        f"{Agreement.objects.count()} agreements, {Project.objects.count()} projects, "
        f"{Commitment.objects.count()} commitments ({result} statuses refreshed)"
    )
