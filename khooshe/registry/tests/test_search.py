"""Search in any spelling, on SQLite FTS5 and PostgreSQL pg_trgm (run the file on both)."""

import random

import pytest
from django.core.management import call_command
from django.db import connection

from khooshe.geo.models import County, Province
from khooshe.registry import search
from khooshe.registry.generate import organization_name
from khooshe.registry.models import Organization
from khooshe.registry.search import (
    organization_search,
    search_fields,
    search_index_install,
    search_suggestions,
    search_terms,
)

pytestmark = pytest.mark.django_db


def make(name, *, description="", name_en="", province="IR-02", **extra):
    province = Province.objects.get(code=province)
    extra.setdefault("kind", Organization.Kind.COMPANY)
    return Organization.objects.create(
        name=name,
        name_en=name_en,
        description=description,
        province=province,
        **search_fields(name, name_en, description),
        **extra,
    )


def found(q, queryset=None):
    queryset = Organization.objects.all() if queryset is None else queryset
    return [o.name for o in organization_search(queryset, q).order_by("search_rank", "name")]


def test_terms_drop_single_letters_and_contained_words():
    assert search_terms("کسب و کار") == ("کسبوکار", ["کسب", "کار"])
    assert search_terms("نرم نرم‌افزار") == ("نرمنرمافزار", ["نرمافزار"])
    assert search_terms("ای را") == ("ایرا", ["ایرا"])
    assert search_terms("ای ران") == ("ایران", ["ای", "ران"])
    assert search_terms("  ") == ("", [])


@pytest.mark.parametrize(
    "query",
    [
        "کسب‌وکار",  # ZWNJ
        "کسب و کار",  # spaces
        "کسبوکار",  # nothing
        "كسب وكار",  # Arabic kaf
        "کَسب‌و‌کار",  # diacritic
        "کســب وکار",  # kashida
        "\u200fکسب\u200e‌وکار",  # bidi marks
        "کار کسب",  # any order
    ],
)
def test_any_spelling_finds_the_record(query):
    make("مرکز کسب و کار نوین")
    make("شرکت داده پردازان")
    assert found(query) == ["مرکز کسب و کار نوین"]


@pytest.mark.parametrize("query", ["خدمات ۱۴۰۳", "خدمات ١٤٠٣", "خدمات 1403", "۱۴۰۳"])
def test_digits_in_any_script(query):
    make("خدمات رایانه‌ای 1403")
    make("خدمات رایانه‌ای ۱۴۰۲")
    assert found(query) == ["خدمات رایانه‌ای 1403"]


def test_arabic_letters_in_the_record_found_by_persian_query():
    make("شركت فناوري اطلاعات")  # Arabic ك and ي as typed
    assert found("شرکت فناوری") == ["شركت فناوري اطلاعات"]
    assert found("فناوري") == ["شركت فناوري اطلاعات"]


def test_unrelated_records_are_not_found():
    make("شبکه‌گستران شمال")
    make("نرم‌افزار پارس")
    assert found("شبکه پارس") == []
    assert found("امنیت") == []


def test_two_letter_word_matches_as_part_of_the_name():
    make("نرم‌افزار پارس")
    make("شبکه گستر")
    assert found("نر") == ["نرم‌افزار پارس"]
    assert found("پا") == ["نرم‌افزار پارس"]
    assert found("شب گستر") == ["شبکه گستر"]
    assert found("نرم پا") == ["نرم‌افزار پارس"]


def test_three_letters_and_longer_use_the_description_too():
    make("آلفا", description="طراحی وب‌سایت و اپلیکیشن موبایل")
    assert found("اپلیکیشن") == ["آلفا"]
    assert found("وبسایت موبایل") == ["آلفا"]


def test_english_name_is_searched():
    make("ره‌آورد", name_en="Rahavard Data Co.")
    assert found("rahavard") == ["ره‌آورد"]
    assert found("DATA") == ["ره‌آورد"]


def test_ranking_exact_then_prefix_then_name_then_description():
    make("پارس آنلاین تبریز")  # prefix
    make("گروه پارس‌آنلاین")  # name contains
    make("آریا", description="نماینده پارس آنلاین")  # description
    make("پارس‌آنلاین")  # exact
    results = organization_search(Organization.objects.all(), "پارس آنلاین").order_by(
        "search_rank", "name"
    )
    assert [(o.name, o.search_rank) for o in results] == [
        ("پارس‌آنلاین", 0),
        ("پارس آنلاین تبریز", 1),
        ("گروه پارس‌آنلاین", 2),
        ("آریا", 3),
    ]


def test_empty_query_keeps_everything():
    make("الف")
    make("ب")
    assert organization_search(Organization.objects.all(), " ").count() == 2


def test_index_follows_updates_bulk_writes_and_deletes():
    org = make("داده‌کاوان")
    Organization.objects.filter(pk=org.pk).update(**search_fields("ابرآروان"))
    assert found("داده") == []
    assert found("دا") == []
    assert found("ابرآروان") == ["داده‌کاوان"]
    assert found("رو") == ["داده‌کاوان"]
    province = Province.objects.get(code="IR-03")
    Organization.objects.bulk_create(
        [
            Organization(name=name, kind="company", province=province, **search_fields(name))
            for name in ("رایان تبریز", "تبریز سیستم")
        ]
    )
    assert sorted(found("تبریز")) == ["تبریز سیستم", "رایان تبریز"]
    with connection.cursor() as cursor:  # a plain SQL delete: the trigger, not Django
        cursor.execute("DELETE FROM registry_organization WHERE name = %s", ["رایان تبریز"])
    assert found("تبریز") == ["تبریز سیستم"]
    assert found("ای") == []


def test_index_install_is_idempotent():
    make("هم‌آوا")
    search_index_install()
    search_index_install()
    assert found("هماوا") == ["هم‌آوا"]


def test_suggestions_public_unmerged_only():
    county = County.objects.filter(province__code="IR-02").first()
    keep = make("رایانه پردازان ساری", county=county)
    make("رایانه پردازان پنهان", is_public=False)
    make("رایانه پردازان قدیم", merged_into=keep)
    suggestions = search_suggestions("رایانه")
    assert [s["name"] for s in suggestions] == ["رایانه پردازان ساری"]
    assert suggestions[0]["county"] == county.name
    assert suggestions[0]["kind"] == "شرکت"
    assert str(keep.pk) in suggestions[0]["url"]
    assert search_suggestions("") == []


def test_suggestions_limit_and_order():
    for i in range(15):
        make(f"تست {i:02d}")
    make("تست")
    suggestions = search_suggestions("تست", limit=5)
    assert len(suggestions) == 5
    assert suggestions[0]["name"] == "تست"


def test_the_database_index_is_used():
    make("نمونه")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM registry_organization_fts")
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'registry_organization_fts_%'"
            )
            assert len(cursor.fetchall()) == 3
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'registry_organization_bigram_%'"
            )
            assert len(cursor.fetchall()) == 3
        elif connection.vendor == "postgresql":
            # pg_trgm only makes trigrams of letters the ctype knows (none of Persian under C).
            cursor.execute("SELECT array_length(show_trgm('کسبوکار'), 1)")
            assert cursor.fetchone()[0] >= 5
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname IN"
                " ('registry_org_search_text_trgm', 'registry_org_search_key_c')"
            )
            assert len(cursor.fetchall()) == 2


def test_generated_organizations_are_searchable_in_other_spellings():
    call_command("generate_organizations", "300", "--seed", "7", stdout=__import__("io").StringIO())
    assert Organization.objects.count() == 300
    assert Organization.objects.filter(province__code="IR-03").count() == 150
    org = Organization.objects.exclude(search_text="").first()
    assert org.search_key
    # Every generated record is found by its own name written another way.
    query = org.name.replace("\u200c", " ").replace("ی", "ي").replace("ک", "ك")
    assert organization_search(Organization.objects.all(), query).filter(pk=org.pk).exists()

    assert organization_name(random.Random(1)) == organization_name(random.Random(1))


def test_suggestions_rank_exact_prefix_name_then_description():
    make("آریا", description="نماینده پارس آنلاین")
    make("گروه پارس‌آنلاین")
    make("پارس آنلاین تبریز")
    make("پارس‌آنلاین")
    make("بی‌ربط")
    names = [s["name"] for s in search_suggestions("پارس انلاين")]
    assert names == ["پارس‌آنلاین", "پارس آنلاین تبریز", "گروه پارس‌آنلاین", "آریا"]


def test_two_letter_suggestions_find_a_later_word_of_the_name():
    make("شرکت نرم‌افزار پارس")
    make("نرده‌سازان")
    assert [s["name"] for s in search_suggestions("نر")] == ["نرده‌سازان", "شرکت نرم‌افزار پارس"]


def test_one_letter_matches_names_starting_with_it():
    make("نرم‌افزار پارس")
    make("شرکت نوین")
    assert found("ن") == ["نرم‌افزار پارس"]
    assert found("1") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_dropped_triggers_are_put_back_and_the_index_rebuilt():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER registry_organization_fts_ai")
        cursor.execute("DROP TRIGGER registry_organization_bigram_ai")
    make("سامانه‌گستر")  # written while the triggers are missing
    search._checked_aliases.discard("default")
    assert found("سامانه") == ["سامانه‌گستر"]
    assert found("سا") == ["سامانه‌گستر"]
