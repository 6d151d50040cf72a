import io

import pytest

from khooshe.governance import demo as governance_demo
from khooshe.governance.models import Commitment
from khooshe.persian.jalali import format_jalali
from khooshe.record import demo
from khooshe.record.models import Article, Suggestion
from khooshe.registry import demo_users
from khooshe.registry.models import Organization
from khooshe.registry.search import organization_search

pytestmark = pytest.mark.django_db


def _load():
    demo_users.load(stdout=io.StringIO())
    governance_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())


def test_demo_processes_the_five_articles_and_confirms_what_the_issue_names():
    _load()
    commitments = Commitment.objects.count()
    assert Article.objects.count() == 5
    assert all(article.is_processed for article in Article.objects.all())
    demo.load(stdout=io.StringIO())  # idempotent
    assert Article.objects.count() == 5
    assert Commitment.objects.count() == commitments  # linked, never duplicated

    confirmed = Suggestion.objects.filter(state=Suggestion.State.CONFIRMED)
    names = {str(row.target) for row in confirmed.filter(kind="mention")}
    assert "سازمان نظام صنفی رایانه‌ای استان مازندران" in names
    assert "اداره کل ارتباطات و فناوری اطلاعات استان مازندران" in names
    assert "مرکز ملی فضای مجازی" in names
    assert "استانداری آذربایجان شرقی" in names
    assert "مرکز داده استان آذربایجان شرقی" in names

    data_center = confirmed.get(kind="promise", article__title__startswith="نشست معاونان")
    assert data_center.commitment.title == "مرکز داده نهایی و قابل بهره‌برداری"
    assert format_jalali(data_center.due_on, digits="latin") == "1393/06/31"
    festival = confirmed.get(kind="promise", article__title__startswith="توانمندیهای")
    assert festival.commitment.resolution is not None

    statements = confirmed.filter(kind="figure", article__title__startswith="بهرهمندی")
    assert {(s.value, s.qualifier, s.counts) for s in statements} >= {
        (500, "more_than", "شرکت"),
        (1000, "exact", "عضو"),
        (41, "exact", "خوشه"),
    }


def test_nasr_finds_the_guild_by_its_alias():
    _load()
    guild = Organization.objects.get(name="سازمان نظام صنفی رایانه‌ای استان مازندران")
    for query in ("نصر", "نظام صنفی رایانه‌ای", "نظام صنفی رایانه ای", guild.name):
        assert guild in organization_search(Organization.objects.all(), query)
