"""Demo data: the five articles of ``demo_articles/`` (copies of ``../shared/seeds/``, as
pasted, untouched), processed, with what staff would confirm in them.

- aliases on the records the news calls by other names: the guilds («نصر»), the ICT
  directorate, the governorates, the National Cyberspace Center, the data center project and
  the e-government working group;
- mentions of the guild, the directorate, the National Cyberspace Center, the governorates
  and the data center confirmed;
- 002: the data center's deadline («تا اوخر شهریورماه») confirmed as the data center
  milestone governance's demo already holds; 001: the festival resolution linked to the
  resolution's commitment (no duplicates);
- 003: its figures (more than 500 companies, one thousand active members, 41 clusters of
  which 13 operational) confirmed as statements.

Where an article does not say when it was published, the date is the demo's estimate from
its content: 000 after the guild's fifth-term election (1395), 001 at the anniversary of the
revolution it congratulates (Bahman 1394, the 37th).
Idempotent: an article is found by its text before it is added again.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from khooshe.accounts.models import User
from khooshe.geo.models import Province
from khooshe.governance.models import Body, Commitment, Project
from khooshe.persian.aliases import aliases_text
from khooshe.persian.jalali import parse_jalali_date
from khooshe.record import services
from khooshe.record.models import Article, Suggestion
from khooshe.record.text import repair_text
from khooshe.registry.models import Organization
from khooshe.registry.services import organization_refresh_search

ARTICLES_DIR = Path(__file__).resolve().parent / "demo_articles"

#: file prefix → (province, title, source, Jalali publication date, url)
ARTICLES = {
    "000": (
        "IR-02",
        "آمادگی اداره کل ارتباطات و فناوری اطلاعات مازندران برای همکاری با سازمان نصر",
        "ایلنا",
        "1395/02/20",
        "",
    ),
    "001": (
        "IR-02",
        "توانمندیهای صنعت ICT را در مازندران بالاتر از متوسط کشوری است",
        "ایلنا",
        "1394/11/20",
        "",
    ),
    "002": (
        "IR-03",
        "نشست معاونان وزیر با فعالان ICT استان آذربایجان شرقی برگزار شد",
        "روابط عمومی سازمان نظام صنفی رایانه‌ای آذربایجان شرقی",
        "1393/05/28",
        "",
    ),
    "003": (
        "IR-03",
        "بهرهمندی از ظرفیت بخش خصوصی در حوزه فناوری اطلاعات و ارتباطات ضروری است",
        "روابط عمومی استانداری آذربایجان شرقی",
        "1403/04/02",
        "",
    ),
    "004": (
        "IR-02",
        "امضای تفاهم نامه همکاری میان استاندار مازندران و مرکز ملی فضای مجازی",
        "ایرنا",
        "1403/07/03",
        "",
    ),
}

#: organization name → aliases
ORGANIZATION_ALIASES = {
    "سازمان نظام صنفی رایانه‌ای استان مازندران": [
        "نصر",
        "سازمان نصر مازندران",
        "نصر مازندران",
        "سازمان نظام صنفی رایانه‌ای مازندران",
        "سازمان نظام صنفی رایانه‌ای استان",
        "نظام صنفی رایانه‌ای",
    ],
    "سازمان نظام صنفی رایانه‌ای استان آذربایجان شرقی": [
        "نصر",
        "نصر آذربایجان شرقی",
        "سازمان نظام صنفی رایانه‌ای استان",
        "نظام صنفی رایانه‌ای",
    ],
    "اداره کل ارتباطات و فناوری اطلاعات استان مازندران": [
        "اداره کل ارتباطات و فناوری اطلاعات",
        "اداره کل ارتباطات و فناوری اطلاعات مازندران",
        "اداره کل ارتباطات",
    ],
    "استانداری مازندران": ["استانداری", "استاندار مازندران"],
    "استانداری آذربایجان شرقی": ["استانداری"],
    "مرکز ملی فضای مجازی": ["مرکز ملی فضای مجازی کشور", "مرکز ملّی فضای مجازی"],
}
BODY_ALIASES = {
    "کارگروه توسعه دولت الکترونیک استان مازندران": ["کارگروه توسعه دولت الکترونیک"],
}
PROJECT_ALIASES = {
    "مرکز داده استان آذربایجان شرقی": [
        "دیتا سنتر استان آذربایجان شرقی",
        "دیتاسنتر",
        "مرکز داده استان",
    ],
}

#: Mentions confirmed: names of organizations, bodies and projects.
CONFIRMED_TARGETS = {
    *ORGANIZATION_ALIASES,
    *BODY_ALIASES,
    *PROJECT_ALIASES,
}
#: Promises linked to governance's own commitments: (article, title of the commitment).
LINKED_PROMISES = {
    "002": ("دیتا سنتر استان آذربایجان شرقی", "مرکز داده نهایی و قابل بهره‌برداری"),
    "001": ("جشنواره", "ارائه خدمات الکترونیک دستگاه‌ها در جشنواره فناوری اطلاعات ۱۳۹۵"),
}


def _aliases() -> None:
    for name, aliases in ORGANIZATION_ALIASES.items():
        for organization in Organization.objects.filter(name=name):
            if organization.aliases != aliases_text(aliases):
                organization.aliases = aliases_text(aliases)
                organization.save(update_fields=["aliases"])
                organization_refresh_search(organization)
    for name, aliases in BODY_ALIASES.items():
        Body.objects.filter(name=name).update(aliases=aliases_text(aliases))
    for title, aliases in PROJECT_ALIASES.items():
        Project.objects.filter(title=title).update(aliases=aliases_text(aliases))


def _article(actor, prefix: str) -> Article:
    path = next(ARTICLES_DIR.glob(f"{prefix}_*.txt"))
    original = path.read_text(encoding="utf-8")
    province_code, title, source, published, url = ARTICLES[prefix]
    text_hash = services.text_hash(repair_text(original, title))
    article = Article.objects.filter(text_hash=text_hash).first()
    if article is not None:
        return article
    return services.article_create(
        actor=actor,
        province=Province.objects.get(code=province_code),
        title=title,
        source=source,
        published_on=parse_jalali_date(published),
        url=url,
        original_text=original,
        process=True,
    )


def _target_name(row: Suggestion) -> str:
    target = row.target
    return getattr(target, "name", None) or getattr(target, "title", "") or ""


def _decide(actor, article: Article, prefix: str) -> None:
    offered = article.suggestions.filter(state=Suggestion.State.OFFERED).select_related(
        "organization", "mentioned_body", "project"
    )
    for row in offered.filter(kind=Suggestion.Kind.MENTION):
        if _target_name(row) in CONFIRMED_TARGETS:
            services.suggestion_confirm(actor=actor, suggestion=row)
    if prefix == "003":
        for row in offered.filter(kind=Suggestion.Kind.FIGURE, value__in=[500, 1000, 41, 13]):
            if row.counts in ("شرکت", "عضو", "خوشه", "خوشه (مورد)"):
                services.suggestion_confirm(actor=actor, suggestion=row)
    if prefix in LINKED_PROMISES:
        needle, commitment_title = LINKED_PROMISES[prefix]
        commitment = Commitment.objects.filter(title=commitment_title).first()
        row = offered.filter(kind=Suggestion.Kind.PROMISE, sentence__contains=needle).first()
        if commitment is not None and row is not None:
            services.suggestion_confirm(actor=actor, suggestion=row, commitment=commitment)


def load(*, stdout) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("record: no demo users (run the registry's demo first)")
        return
    with transaction.atomic():
        _aliases()
        for prefix in sorted(ARTICLES):
            article = _article(admin, prefix)
            _decide(admin, article, prefix)
    confirmed = Suggestion.objects.filter(state=Suggestion.State.CONFIRMED)
    stdout.write(
        f"record: {Article.objects.count()} articles, "
        f"{confirmed.filter(kind='mention').count()} mentions, "
        f"{confirmed.filter(kind='figure').count()} statements, "
        f"{confirmed.filter(kind='promise').count()} promises confirmed"
    )
