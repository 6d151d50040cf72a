"""Bulk import of the guild's member list: dry run, rejections, all-or-nothing, scale."""

from pathlib import Path

import pytest

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.geo.models import Province
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.imports import (
    COLUMNS,
    ImportError_,
    ImportRejected,
    import_apply,
    import_dry_run,
    read_table,
    template_xlsx,
)
from khooshe.registry.models import GuildMembership, Organization
from khooshe.registry.search import organization_search, search_fields

pytestmark = pytest.mark.django_db

#: The guild's sample member list (six bad rows, described in fixtures/README.md).
SAMPLE = Path(__file__).parent / "fixtures" / "nasr-members-sample.xlsx"
HEADER = list(COLUMNS.values())


def legal_id(n: int) -> str:
    first10 = f"10{n:08d}"
    return first10 + legal_id_check_digit(first10)


def csv_bytes(rows, *, bom=True, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    text = "\n".join(lines) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def row(
    n,
    *,
    name=None,
    province="مازندران",
    county="ساری",
    lid=None,
    date="۱۴۰۲/۰۱/۱۵",
    postal="4816897451",
    kb="بله",
    number=None,
):
    return [
        n,
        name if name is not None else f"شرکت نمونه {n}",
        "شرکت",
        lid if lid is not None else legal_id(n),
        f"{n}",
        date,
        province,
        county,
        "خیابان فرهنگ",
        postal,
        "01133333333",
        "example.ir",
        "12",
        number if number is not None else f"9{n:05d}",
        "پایه ۱",
        "تولید نرم‌افزار",
        "۱۴۰۵/۰۶/۳۱",
        kb,
        "info@example.ir",
    ]


@pytest.fixture
def staff():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    return user


def test_template_has_the_headers():
    table = read_table(template_xlsx(), "template.xlsx")
    assert table[0] == HEADER


def test_dry_run_writes_nothing_and_says_create(staff):
    content = csv_bytes([row(1), row(2)])
    report = import_dry_run(actor=staff, content=content, filename="members.csv")
    assert [r.action for r in report.rows] == ["create", "create"]
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom(staff, bom):
    report = import_dry_run(actor=staff, content=csv_bytes([row(1)], bom=bom), filename="m.csv")
    assert report.counts() == {"create": 1, "update": 0, "reject": 0}


def test_bad_rows_are_named_with_their_reason(staff):
    content = csv_bytes(
        [
            row(1),
            row(2, lid="10000000001"),  # checksum
            row(3, county="شهرستان ناموجود"),
            row(4, lid="۱" + legal_id(1)[1:].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))),
            row(5, name=""),
            row(6, date="1403/07/31"),
            row(7, postal="12345"),
            row(8, province="آذربایجان شرقی", county="تبریز"),
        ]
    )
    report = import_dry_run(actor=staff, content=content, filename="m.csv")
    rejected = {r.number: " ".join(r.errors) for r in report.rejected}
    assert sorted(rejected) == [2, 3, 4, 5, 6, 7, 8]
    assert "رقم کنترل" in rejected[2]
    assert "شهرستان ناموجود" in rejected[3]
    assert "ردیف ۱" in rejected[4]
    assert "نام" in rejected[5]
    assert "۱۴۰۳/۰۷/۳۱" in rejected[6]
    assert "کد پستی" in rejected[7]
    assert "استان" in rejected[8]
    with pytest.raises(ImportRejected) as excinfo:
        import_apply(actor=staff, content=content, filename="m.csv")
    assert len(excinfo.value.report.rejected) == 7
    assert Organization.objects.count() == 0
    assert GuildMembership.objects.count() == 0


def test_confirm_writes_everything_with_history(staff):
    content = csv_bytes([row(1), row(2, kb="خیر"), row(3, kb="")])
    report = import_apply(actor=staff, content=content, filename="m.csv")
    assert report.applied
    assert report.counts()["create"] == 3
    org = Organization.objects.get(legal_id=legal_id(1))
    assert org.province.code == "IR-02"
    assert org.county.name == "ساری"
    assert org.founded_on.isoformat() == "2023-04-04"
    assert org.website == "https://example.ir"
    assert org.is_knowledge_based
    assert not Organization.objects.get(legal_id=legal_id(2)).is_knowledge_based
    assert org.search_key
    assert organization_search(Organization.objects.all(), "نمونه 1").filter(pk=org.pk).exists()
    membership = org.guild_memberships.get()
    assert membership.number == "900001"
    assert membership.grade == "پایه ۱"
    entry = org.history.get()
    assert entry.history_user == staff
    assert entry.history_type == "+"
    assert membership.history.get().history_user == staff


def test_second_import_updates_by_legal_id_then_by_name_and_county(staff):
    province = Province.objects.get(code="IR-02")
    county = province.counties.get(name="ساری")
    by_name = Organization.objects.create(
        name="داده‌پردازان ساری",
        kind="company",
        province=province,
        county=county,
        **search_fields("داده‌پردازان ساری"),
    )
    import_apply(actor=staff, content=csv_bytes([row(1)]), filename="m.csv")
    content = csv_bytes(
        [row(1, name="شرکت نمونه یک"), row(2, name="داده پردازان ساري", number="12")]
    )
    report = import_dry_run(actor=staff, content=content, filename="m.csv")
    assert [r.action for r in report.rows] == ["update", "update"]
    assert report.rows[1].organization_id == by_name.pk
    import_apply(actor=staff, content=content, filename="m.csv")
    assert Organization.objects.count() == 2
    assert Organization.objects.get(legal_id=legal_id(1)).name == "شرکت نمونه یک"
    by_name.refresh_from_db()
    assert by_name.legal_id == legal_id(2)
    assert by_name.version == 2
    assert by_name.history.first().history_user == staff


def test_skip_invalid_writes_only_the_good_rows(staff):
    content = csv_bytes([row(1), row(2, name="")])
    report = import_apply(actor=staff, content=content, filename="m.csv", skip_invalid=True)
    assert report.counts() == {"create": 1, "update": 0, "reject": 1}
    assert Organization.objects.count() == 1


def test_unreadable_files_say_why(staff):
    with pytest.raises(ImportError_):
        import_dry_run(actor=staff, content=b"\xff\xfe\x00", filename="m.csv")
    with pytest.raises(ImportError_):
        import_dry_run(actor=staff, content=b"x", filename="m.pdf")
    with pytest.raises(ImportError_, match="شناسه ملی"):
        import_dry_run(actor=staff, content="نام,استان\nالف,مازندران\n".encode(), filename="m.csv")


def test_the_guild_sample_names_exactly_its_six_bad_rows():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    grant(user, Role.GUILD_STAFF, province="IR-03")
    content = SAMPLE.read_bytes()
    report = import_dry_run(actor=user, content=content, filename=SAMPLE.name)
    rejected = {r.number: r.errors for r in report.rejected}
    assert sorted(rejected) == [7, 15, 23, 31, 42, 55], rejected
    assert all(len(errors) == 1 for errors in rejected.values()), rejected
    assert "رقم کنترل" in rejected[7][0]
    assert "ناموجود" in rejected[15][0]
    assert "تکراری" in rejected[23][0]
    assert "نام" in rejected[31][0]
    assert "۱۴۰۳/۰۷/۳۱" in rejected[42][0]
    assert "کد پستی" in rejected[55][0]
    assert report.counts()["create"] == 54
    assert report.rows[6].line == 8  # ردیف ۷ is spreadsheet line 8
    with pytest.raises(ImportRejected):
        import_apply(actor=user, content=content, filename=SAMPLE.name)
    assert Organization.objects.count() == 0
    import_apply(actor=user, content=content, filename=SAMPLE.name, skip_invalid=True)
    assert Organization.objects.count() == 54


def test_the_sample_for_one_province_staff_rejects_the_other_province():
    user = UserFactory()
    grant(user, Role.GUILD_STAFF, province="IR-02")
    report = import_dry_run(actor=user, content=SAMPLE.read_bytes(), filename=SAMPLE.name)
    other = [r for r in report.rejected if r.province == "آذربایجان شرقی"]
    assert other
    assert all("استان" in " ".join(r.errors) for r in other)


def test_two_thousand_rows_at_once(staff):
    # How long 10,000 rows take is measured by benchmarks/bench_registry_import.py.
    rows = [row(n, county="ساری" if n % 2 else "بابل") for n in range(1, 2_001)]
    content = csv_bytes(rows)
    report = import_dry_run(actor=staff, content=content, filename="big.csv")
    assert report.counts()["create"] == 2_000
    import_apply(actor=staff, content=content, filename="big.csv")
    assert Organization.objects.count() == 2_000
    assert GuildMembership.objects.count() == 2_000
    assert organization_search(Organization.objects.all(), "نمونه 1999").count() == 1


def test_rows_touching_another_provinces_record_or_membership_are_rejected(staff):
    other = Organization.objects.create(
        name="تبریز داده",
        kind="company",
        legal_id=legal_id(1),
        province=Province.objects.get(code="IR-03"),
        **search_fields("تبریز داده"),
    )
    mine = Organization.objects.create(
        name="ساری داده",
        kind="company",
        province=Province.objects.get(code="IR-02"),
        **search_fields("ساری داده"),
    )
    GuildMembership.objects.create(organization=mine, province=mine.province, number="555")
    report = import_dry_run(
        actor=staff, content=csv_bytes([row(1), row(2, number="555")]), filename="m.csv"
    )
    errors = {r.number: " ".join(r.errors) for r in report.rejected}
    assert "استان دیگری" in errors[1]
    assert "۵۵۵" in errors[2]
    assert other.history.count() == 1


def test_membership_is_updated_on_reimport(staff):
    import_apply(actor=staff, content=csv_bytes([row(1)]), filename="m.csv")
    changed = row(1)
    changed[14] = "پایه ۳"
    report = import_apply(actor=staff, content=csv_bytes([changed]), filename="m.csv")
    assert report.counts()["update"] == 1
    membership = GuildMembership.objects.get()
    assert membership.grade == "پایه ۳"
    assert membership.history.count() == 2
