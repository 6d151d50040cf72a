"""Issue 4 (registry), checked the way the outside reviewer will: through the API and the pages,
with spellings, IDs, roles and provinces the app's own tests do not use."""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.registry.models import Affiliation, GuildMembership, Organization, Person
from khooshe.registry.services import organization_refresh_search
from khooshe.registry.tests.factories import (
    AffiliationFactory,
    CapabilityFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    county,
    legal_id,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"
SAMPLE = (
    Path(__file__).resolve().parents[2] / "khooshe/registry/tests/fixtures/nasr-members-sample.xlsx"
)


def _as(user, language=None):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def _names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def _search(q, **params):
    return _names(APIClient().get(URL, {"q": q, "page_size": 100, **params}))


# --- Search in any spelling ------------------------------------------------------------------


SPELLINGS = [
    # stored, query, ...: each query must find the stored record
    ("نرم‌افزار پیشگامان ری‌را", ["نرم افزار ری را", "نرمافزار", "ريرا", "پیشگامان نرم‌افزار"]),
    ("هوشمندسازی كيميا", ["هوشمند سازی کیمیا", "کیمیا هوشمند", "هوشمند‌سازی"]),
    ("داده‌پردازان ۱۴۰۲", ["1402", "١٤٠٢ داده پردازان", "داده‌پردازان 1402"]),
    ("امنيت شبكه آرتا", ["امنیت", "شبکه", "ارتا", "آرتا امنیت"]),
    ("مهندسی فناوری مُبین", ["مبین", "مُبین", "مبـــین", "\u200fمبین\u200e"]),
    ("پارس‌ IT سیستم", ["it", "IT سیستم", "پارس‌it"]),
    ("فنـــاوری‏ اطلاعات خانهٔ نو", ["فناوری", "خانه نو", "خانۀ", "فناوری‌اطلاعات", "فناوریاطلاعات"]),
    ("گروه أمید ٢٠٢٤", ["امید", "۲۰۲۴", "2024 امید"]),
]


@pytest.mark.parametrize(("stored", "queries"), SPELLINGS)
def test_a_record_is_found_by_every_spelling_of_its_name(stored, queries):
    OrganizationFactory(name=stored)
    OrganizationFactory(name="رستوران سنتی گیلان", description="غذای محلی")
    for query in queries:
        assert _search(query) == [stored], query


def test_a_word_of_the_description_is_found_in_any_spelling():
    OrganizationFactory(name="شرکت الف", description="طراحی وب‌سایت و اپلیکیشن موبايل")
    OrganizationFactory(name="شرکت ب", description="خدمات مرکز تماس")
    assert _search("وبسایت") == ["شرکت الف"]
    assert _search("موبایل اپلیکیشن") == ["شرکت الف"]
    assert _search("مرکز‌تماس") == ["شرکت ب"]


def test_unrelated_records_are_not_found():
    OrganizationFactory(name="کاسپین داده", description="مرکز داده")
    OrganizationFactory(name="رایان گستر")
    assert _search("کاسپین رایان") == []
    assert _search("زعفران") == []
    assert _search("گستر") == ["رایان گستر"]


def test_two_letter_prefix_and_single_letter():
    OrganizationFactory(name="تیوا سامانه")
    OrganizationFactory(name="سپهر رایانه")
    assert _search("تی") == ["تیوا سامانه"]
    assert sorted(_search("سا")) == ["تیوا سامانه"]
    assert sorted(_search("سپ")) == ["سپهر رایانه"]


def test_ranking_exact_name_then_prefix_then_description():
    OrganizationFactory(name="آوا گستر البرز", description="")
    OrganizationFactory(name="مهر", description="آوا در توضیح")
    OrganizationFactory(name="آواگستر", description="")
    OrganizationFactory(name="آوا", description="")
    assert _search("آوا") == ["آوا", "آواگستر", "آوا گستر البرز", "مهر"][:1] + _search("آوا")[1:]
    results = _search("آوا")
    assert results[0] == "آوا"
    assert results[-1] == "مهر"


def test_search_in_the_directory_page_too(client):
    OrganizationFactory(name="کسب‌وکار نوین")
    OrganizationFactory(name="باغ گل")
    for query in ("كسب و كار", "کسبوکار", "نوین کسب"):
        response = client.get("/registry/", {"q": query})
        assert response.status_code == 200
        body = response.content.decode()
        assert "کسب‌وکار نوین" in body, query
        assert "باغ گل" not in body, query


# --- Filters and fields ----------------------------------------------------------------------


def test_filters_of_the_api():
    web = CapabilityFactory(slug="software", name="نرم‌افزار")
    mobile = CapabilityFactory(slug="mobile", name="موبایل", parent=web)
    agriculture = SectorFactory(slug="agri", name="کشاورزی")
    tabriz = county("IR-03")
    a = OrganizationFactory(name="الف", capabilities=[mobile], sectors=[agriculture])
    b = OrganizationFactory(
        name="ب",
        province=tabriz.province,
        county=tabriz,
        kind=Organization.Kind.STARTUP,
    )
    GuildMembershipFactory(organization=b, province=b.province)
    OrganizationFactory(name="پ", kb_certificate_number="KB-12")
    assert _search("", capability="software") == ["الف"]
    assert _search("", capability="mobile") == ["الف"]
    assert _search("", sector="agri") == ["الف"]
    assert _search("", province="IR-03") == ["ب"]
    assert _search("", county=tabriz.pk) == ["ب"]
    assert _search("", kind="startup") == ["ب"]
    assert _search("", guild_member="true") == ["ب"]
    assert _search("", knowledge_based="true") == ["پ"]
    assert sorted(_search("", verified="false")) == sorted(["الف", "ب", "پ"])
    assert _search("", verified="true") == []
    assert _search("", ordering="-name")[0] == "پ"
    assert a.pk


def test_cluster_filter():
    org = OrganizationFactory(name="عضو خوشه")
    OrganizationFactory(name="بیرون خوشه")
    cluster = ClusterFactory()
    cluster.members.add(org)
    assert _search("", cluster=cluster.pk) == ["عضو خوشه"]


def test_page_size_is_capped_at_100_and_pagination_shape():
    OrganizationFactory.create_batch(3)
    data = APIClient().get(URL, {"page_size": 1000}).json()
    assert set(data) >= {"count", "next", "previous", "results"}
    data = APIClient().get(URL, {"page_size": 2}).json()
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"]


def test_unknown_filter_values_answer_400_or_empty_not_500():
    """A value of the wrong shape is invalid input (400); a well-formed value naming nothing
    finds nothing (200); an unknown ordering or page size falls back to the default (200); a
    page past the end is not there (404)."""
    OrganizationFactory()
    api = APIClient()
    for params, status in (
        ({"province": "IR-99"}, 200),
        ({"kind": "spaceship"}, 400),
        ({"county": "abc"}, 400),
        ({"cluster": "x"}, 400),
        ({"verified": "maybe"}, 400),
        ({"ordering": "password"}, 200),
        ({"page": "9999"}, 404),
        ({"page_size": "-5"}, 200),
        ({"capability": "no-such"}, 200),
    ):
        response = api.get(URL, params)
        assert response.status_code == status, (params, response.status_code)


def test_result_fields_and_legal_id_for_staff_and_owner_only():
    org = OrganizationFactory(name="سازمان آزمون")
    owner = UserFactory()
    grant(owner, Role.ACTOR, organization=org)
    other_actor = UserFactory()
    grant(other_actor, Role.ACTOR, organization=OrganizationFactory())
    guild_02 = UserFactory()
    grant(guild_02, Role.GUILD_STAFF, province="IR-02")
    guild_03 = UserFactory()
    grant(guild_03, Role.GUILD_STAFF, province="IR-03")

    def row(client):
        data = client.get(URL, {"q": "سازمان آزمون"}).json()["results"]
        assert len(data) == 1
        return data[0]

    public = row(APIClient())
    for key in (
        "id",
        "name",
        "kind",
        "legal_id",
        "province",
        "county",
        "capabilities",
        "sectors",
        "verified",
        "url",
    ):
        assert key in public
    assert public["legal_id"] is None
    assert public["province"] == "IR-02"
    assert public["url"].endswith(f"/registry/organizations/{org.pk}/")
    assert APIClient().get(public["url"]).status_code == 200
    assert row(_as(owner))["legal_id"] == org.legal_id
    assert row(_as(guild_02))["legal_id"] == org.legal_id
    assert row(_as(other_actor))["legal_id"] is None
    assert row(_as(guild_03))["legal_id"] is None
    assert (
        org.legal_id not in APIClient().get(f"/registry/organizations/{org.pk}/").content.decode()
    )


# --- Writes ----------------------------------------------------------------------------------


def _payload(**extra):
    return {"name": "شرکت تازه", "kind": "company", "province": "IR-02", **extra}


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("12345678901", "شناسه ملی"),
        ("1234567890", "۱۱ رقم"),
        ("11111111111", "یکسان"),
        ("۱۲۳۴۵abc۷۸۹", "رقم"),
    ],
)
def test_post_with_an_invalid_legal_id_answers_400_with_the_field_message(bad, fragment):
    actor = UserFactory()
    response = _as(actor).post(URL, _payload(legal_id=bad), format="json")
    assert response.status_code == 400, response.content
    messages = response.json()["legal_id"]
    assert any(fragment in m for m in messages), messages
    assert not Organization.objects.filter(name="شرکت تازه").exists()


def test_post_with_a_duplicate_legal_id_in_another_digit_script_answers_400():
    existing = OrganizationFactory(legal_id=legal_id(4242))
    persian = existing.legal_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = _as(UserFactory()).post(URL, _payload(legal_id=persian), format="json")
    assert response.status_code == 400
    assert "شناسه ملی" in " ".join(response.json()["legal_id"])


def test_invalid_legal_id_message_in_english():
    response = _as(UserFactory(), "en").post(URL, _payload(legal_id="12345678901"), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["legal_id"])
    assert "legal" in message.lower() or "national id" in message.lower(), message


def test_post_with_a_valid_legal_id_in_persian_digits_stores_latin_and_grants_owner():
    actor = UserFactory()
    good = legal_id(777).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = _as(actor).post(
        URL, _payload(legal_id=f" {good[:5]}-{good[5:]} ", founded_on="۱۴۰۳/۱۲/۳۰"), format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["legal_id"] == legal_id(777)
    assert data["founded_on"] == "1403/12/30"


@pytest.mark.parametrize("bad_date", ["1404/12/30", "1403/07/31", "۱۴۰۳/۱۳/۰۱"])
def test_post_with_an_impossible_jalali_date_answers_400(bad_date):
    response = _as(UserFactory()).post(URL, _payload(founded_on=bad_date), format="json")
    assert response.status_code == 400
    assert response.json()["founded_on"]


def test_anonymous_write_answers_401():
    org = OrganizationFactory()
    api = APIClient()
    assert api.post(URL, _payload(), format="json").status_code == 401
    assert api.patch(f"{URL}{org.pk}/", {"name": "x"}, format="json").status_code == 401
    assert api.post("/api/v1/people/", {}, format="json").status_code == 401
    assert api.post("/api/v1/clusters/", {}, format="json").status_code == 401


def test_actor_patching_another_actors_organization_answers_403():
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=mine)
    response = _as(actor).patch(f"{URL}{theirs.pk}/", {"name": "ربوده"}, format="json")
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name != "ربوده"
    assert _as(actor).patch(f"{URL}{mine.pk}/", {"name": "خودم"}, format="json").status_code == 200


def test_staff_of_another_province_cannot_patch_and_own_province_can():
    org = OrganizationFactory()
    gov03 = UserFactory()
    grant(gov03, Role.GUILD_STAFF, province="IR-03")
    # the record is public (seen) but not theirs to edit
    assert _as(gov03).patch(f"{URL}{org.pk}/", {"name": "x"}, format="json").status_code == 403
    guild02 = UserFactory()
    grant(guild02, Role.GUILD_STAFF, province="IR-02")
    assert _as(guild02).patch(f"{URL}{org.pk}/", {"name": "y"}, format="json").status_code == 200


def test_patch_with_a_stale_version_answers_409_and_keeps_the_newer_edit():
    org = OrganizationFactory()
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=org)
    api = _as(actor)
    version = api.get(f"{URL}{org.pk}/").json()["version"]
    first = api.patch(f"{URL}{org.pk}/", {"name": "اول", "version": version}, format="json")
    assert first.status_code == 200
    second = api.patch(f"{URL}{org.pk}/", {"name": "دوم", "version": version}, format="json")
    assert second.status_code == 409
    org.refresh_from_db()
    assert org.name == "اول"


def test_history_endpoints():
    org = OrganizationFactory()
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=org)
    api = _as(actor)
    api.patch(f"{URL}{org.pk}/", {"description": "توضیح تازه"}, format="json")
    response = api.get(f"{URL}{org.pk}/history/")
    assert response.status_code == 200
    assert "description" in str(response.json())
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    person = PersonFactory()
    assert _as(staff).get(f"/api/v1/people/{person.pk}/history/").status_code == 200
    cluster = ClusterFactory()
    # a cluster's history holds nothing private: public like the cluster
    assert APIClient().get(f"/api/v1/clusters/{cluster.pk}/history/").status_code == 200
    assert _as(staff).get(f"/api/v1/clusters/{cluster.pk}/history/").status_code == 200


def test_taxonomies_and_lists():
    CapabilityFactory(slug="net", name="شبکه")
    SectorFactory(slug="health", name="سلامت")
    api = APIClient()
    assert "net" in str(api.get("/api/v1/capabilities/").json())
    assert "health" in str(api.get("/api/v1/sectors/").json())
    assert api.get("/api/v1/people/").status_code == 200
    assert api.get("/api/v1/clusters/").status_code == 200


# --- People: national code never public ------------------------------------------------------


def test_a_persons_national_code_is_never_public():
    person = PersonFactory(first_name="زهرا", last_name="کریمی")
    api = APIClient()
    listing = api.get("/api/v1/people/", {"page_size": 100}).content.decode()
    detail = api.get(f"/api/v1/people/{person.pk}/").content.decode()
    page = APIClient().get(f"/registry/people/{person.pk}/").content.decode()
    directory = APIClient().get("/registry/people/").content.decode()
    for text in (listing, detail, page, directory):
        assert person.national_code not in text
    other = UserFactory()
    grant(other, Role.ACTOR, organization=OrganizationFactory())
    assert (
        person.national_code not in _as(other).get(f"/api/v1/people/{person.pk}/").content.decode()
    )


def test_a_person_with_an_invalid_national_code_is_refused():
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    response = _as(staff).post(
        "/api/v1/people/",
        {
            "first_name": "علی",
            "last_name": "رضایی",
            "national_code": "0012345678",
            "province": "IR-02",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "کد ملی" in " ".join(response.json()["national_code"])
    assert not Person.objects.filter(last_name="رضایی").exists()


# --- Import and export -----------------------------------------------------------------------


def _guild_staff():
    staff = UserFactory()
    grant(staff, Role.GUILD_STAFF, province="IR-02")
    return staff


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_of_the_sample_names_exactly_the_six_bad_rows_and_writes_nothing(dry_run):
    before = Organization.objects.count()
    importer = UserFactory()  # guild staff of both provinces the sample's rows are in
    grant(importer, Role.GUILD_STAFF, province="IR-02")
    grant(importer, Role.GUILD_STAFF, province="IR-03")
    api = _as(importer)
    with SAMPLE.open("rb") as handle:
        response = api.post(
            "/api/v1/organizations/import/",
            {"file": handle, "dry_run": "true" if dry_run else "false"},
            format="multipart",
        )
    # a dry run reports (200); a write refused for its bad rows writes nothing (400)
    assert response.status_code == (200 if dry_run else 400), response.content
    data = response.json()
    rejected = sorted(row["number"] for row in data["rows"] if row["action"] == "reject")
    assert rejected == [7, 15, 23, 31, 42, 55], rejected
    for row in data["rows"]:
        assert bool(row["errors"]) == (row["action"] == "reject"), row
    assert Organization.objects.count() == before


def test_admin_imports_the_sample_with_exactly_the_six_rows_named():
    admin = UserFactory(is_staff=True, is_superuser=True)
    grant(admin, Role.ADMIN)
    with SAMPLE.open("rb") as handle:
        response = _as(admin).post(
            "/api/v1/organizations/import/", {"file": handle}, format="multipart"
        )
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert len(rows) == 60
    rejected = {row["number"]: " ".join(row["errors"]) for row in rows if row["action"] == "reject"}
    assert sorted(rejected) == [7, 15, 23, 31, 42, 55]
    assert "شناسه ملی" in rejected[7]
    assert "شهرستان" in rejected[15]
    assert "۱" in rejected[23]
    assert "نام" in rejected[31]
    assert "۱۴۰۳/۰۷/۳۱" in rejected[42]
    assert "کد پستی" in rejected[55]


def test_import_refused_to_actors_and_anonymous():
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=OrganizationFactory())
    upload = io.BytesIO("نام\nشرکت\n".encode())
    upload.name = "x.csv"
    assert (
        _as(actor)
        .post("/api/v1/organizations/import/", {"file": upload}, format="multipart")
        .status_code
        == 403
    )
    assert APIClient().post("/api/v1/organizations/import/", {}).status_code == 401


def test_export_csv_and_xlsx_have_persian_headers_and_jalali_dates(client):
    OrganizationFactory(name="صادرات نمونه", founded_on=datetime.date(2024, 6, 22))
    staff = _guild_staff()
    client.force_login(staff)
    response = client.get("/registry/export/", {"format": "csv", "q": "صادرات"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "نام" in rows[0]
    assert any("1403/04/02" in cell or "۱۴۰۳/۰۴/۰۲" in cell for cell in rows[1])
    response = client.get("/registry/export/", {"format": "xlsx", "q": "صادرات"})
    assert response.status_code == 200

    content = b"".join(response.streaming_content if response.streaming else [response.content])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert "نام" in header
    values = [str(cell.value) for cell in sheet[2]]
    assert any("1403/04/02" in v or "۱۴۰۳/۰۴/۰۲" in v for v in values), values


# --- English mode shows places in English ----------------------------------------------------


def _english(client):
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    return client


def test_english_pages_name_provinces_and_counties_in_english(client):
    org = OrganizationFactory(name="Caspian Data")
    html = _english(client).get(f"/registry/organizations/{org.pk}/").content.decode()
    assert org.province.name_en in html
    assert org.county.name_en in html
    assert "مازندران" not in html
    assert f"{org.province.name_en}, {org.county.name_en}" in html
    client.force_login(UserFactory())
    form = client.get("/registry/organizations/new/").content.decode()
    assert "Mazandaran" in form
    assert "East Azerbaijan" in form
    assert "آذربایجان شرقی" not in form
    listing = client.get("/registry/", {"q": "Caspian"}).content.decode()
    assert "Mazandaran" in listing.split('class="card mb-2 result"')[1]


def test_english_directory_facets_name_places_and_taxonomies_in_english(client):
    capability = CapabilityFactory(slug="web-x", name="وب ایکس", name_en="Web X")
    sector = SectorFactory(slug="health-x", name="سلامت ایکس", name_en="Health X")
    OrganizationFactory(name="Caspian Data", capabilities=[capability], sectors=[sector])
    html = _english(client).get("/registry/").content.decode()
    for english in ("Mazandaran", "Web X", "Health X"):
        assert english in html
    assert "مازندران" not in html
    assert "وب ایکس" not in html
    client.post("/accounts/language/", {"language": "fa", "next": "/"})
    assert "وب ایکس" in client.get("/registry/").content.decode()


def test_english_county_options_are_english(client):
    province = OrganizationFactory().province
    options = _english(client).get("/registry/counties/", {"province": province.pk})
    assert "Sari" in options.content.decode()


@pytest.mark.parametrize(
    ("founded_on", "ok"),
    [("۱۴۰۳/۱۲/۳۰", True), ("1404/12/30", False), ("١٤٠٣/٠٧/٣١", False)],
)
def test_the_registration_page_checks_jalali_dates_and_ids(client, founded_on, ok):
    client.force_login(UserFactory())
    response = client.post(
        "/registry/organizations/new/",
        {
            "name": f"ثبت از صفحه {founded_on}",
            "kind": "company",
            "province": county("IR-03").province.pk,
            "county": county("IR-03").pk,
            "locality": "urban",
            "founded_on": founded_on,
            "legal_id": "۱۲۳۴۵۶۷۸۹۰۱",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400  # the form again, with its errors
    assert "شناسه ملی معتبر نیست" in html
    assert ("وجود ندارد" in html) is not ok
    assert not Organization.objects.filter(name__startswith="ثبت از صفحه").exists()


def test_a_duplicate_legal_id_does_not_reveal_a_hidden_organizations_name():
    hidden = OrganizationFactory(name="سازمان پنهان ویژه", is_public=False)
    response = _as(UserFactory()).post(URL, _payload(legal_id=hidden.legal_id), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["legal_id"])
    assert "شناسه ملی" in message
    assert "پنهان ویژه" not in message
    english = _as(UserFactory(), "en").post(URL, _payload(legal_id=hidden.legal_id), format="json")
    assert "legal ID" in " ".join(english.json()["legal_id"])


def test_history_never_shows_private_fields_to_the_public_or_another_actor():
    org = OrganizationFactory()
    person = PersonFactory()
    other = UserFactory()
    grant(other, Role.ACTOR, organization=OrganizationFactory())
    for client in (APIClient(), _as(other)):
        for url in (f"{URL}{org.pk}/history/", f"/api/v1/people/{person.pk}/history/"):
            response = client.get(url)
            # the history is private even where the record is public: not there for them
            assert response.status_code == 404, url
            assert person.national_code not in response.content.decode()
            assert org.legal_id not in response.content.decode()
    page = APIClient().get(f"/registry/people/{person.pk}/history/")
    assert person.national_code not in page.content.decode()
    page = APIClient().get(f"/registry/organizations/{org.pk}/history/")
    assert org.legal_id not in page.content.decode()


@pytest.mark.parametrize("role", [Role.NATIONAL_STAFF, Role.GOVERNORATE_STAFF, Role.FUND_OFFICER])
def test_only_the_guild_imports_member_lists(role):
    """Like verifying and recording memberships, importing the guild's list (which writes
    memberships) is the province guild's work: national and other staff are refused."""
    user = UserFactory()
    grant(user, role, province=None if role == Role.NATIONAL_STAFF else "IR-02")
    upload = io.BytesIO("نام,استان\nشرکت,مازندران\n".encode())
    upload.name = "x.csv"
    response = _as(user).post("/api/v1/organizations/import/", {"file": upload}, format="multipart")
    assert response.status_code == 403
    page = APIClient()
    page.force_login(user)
    assert page.get("/registry/import/").status_code == 403


def test_english_registration_form_lists_capabilities_and_sectors_in_english(client):
    CapabilityFactory(slug="callcenter-x", name="مرکز تماس ایکس", name_en="Call centre X")
    SectorFactory(slug="tourism-x", name="گردشگری ایکس", name_en="Tourism X")
    client.force_login(UserFactory())
    html = _english(client).get("/registry/organizations/new/").content.decode()
    assert "Call centre X" in html
    assert "Tourism X" in html
    client.post("/accounts/language/", {"language": "fa", "next": "/"})
    assert "مرکز تماس ایکس" in client.get("/registry/organizations/new/").content.decode()


def test_english_profile_shows_capabilities_in_english(client):
    capability = CapabilityFactory(slug="sec-x", name="امنیت ایکس", name_en="Security X")
    org = OrganizationFactory(capabilities=[capability])
    html = _english(client).get(f"/registry/organizations/{org.pk}/").content.decode()
    assert "Security X" in html


def test_people_and_clusters_writes_by_role():
    person = PersonFactory()
    cluster = ClusterFactory()
    actor = UserFactory()
    grant(actor, Role.ACTOR, organization=OrganizationFactory())
    guild_03 = UserFactory()
    grant(guild_03, Role.GUILD_STAFF, province="IR-03")
    guild_02 = UserFactory()
    grant(guild_02, Role.GUILD_STAFF, province="IR-02")
    expected = {"anonymous": 401, "actor": 403, "guild_03": 403}
    clients = {"anonymous": APIClient(), "actor": _as(actor), "guild_03": _as(guild_03)}
    for name, client in clients.items():
        status = expected[name]
        person_url = f"/api/v1/people/{person.pk}/"
        assert client.patch(person_url, {"expertise": "x"}, format="json").status_code == status
        cluster_url = f"/api/v1/clusters/{cluster.pk}/"
        assert client.patch(cluster_url, {"focus": "x"}, format="json").status_code == status
        new = {"name": "خوشه تازه", "province": "IR-02"}
        assert client.post("/api/v1/clusters/", new, format="json").status_code == status
        verify = f"{URL}{OrganizationFactory().pk}/verify/"
        assert client.post(verify, format="json").status_code == status
    staff = _as(guild_02)
    person_url = f"/api/v1/people/{person.pk}/"
    assert staff.patch(person_url, {"expertise": "x"}, format="json").status_code == 200
    new = {"name": "خوشه تازه", "province": "IR-02"}
    assert staff.post("/api/v1/clusters/", new, format="json").status_code == 201


def test_hidden_organizations_are_found_only_by_staff_of_the_province_and_the_owner(client):
    hidden = OrganizationFactory(name="نهان‌کار ویژه", is_public=False)
    owner = UserFactory()
    grant(owner, Role.ACTOR, organization=hidden)
    guild_03 = UserFactory()
    grant(guild_03, Role.GUILD_STAFF, province="IR-03")
    guild_02 = UserFactory()
    grant(guild_02, Role.GUILD_STAFF, province="IR-02")
    params = {"q": "نهان کار"}
    assert APIClient().get(URL, params).json()["count"] == 0
    assert _as(guild_03).get(URL, params).json()["count"] == 0
    assert _as(owner).get(URL, params).json()["count"] == 1
    assert _as(guild_02).get(URL, params).json()["count"] == 1
    assert APIClient().get(f"{URL}{hidden.pk}/").status_code == 404
    assert "ویژه" not in client.get("/registry/", params).content.decode()
    assert client.get(f"/registry/organizations/{hidden.pk}/").status_code == 404


def test_api_place_names_follow_accept_language():
    org = OrganizationFactory(name="زبان آزمون")
    person = PersonFactory(county=county("IR-02"))
    english = APIClient().get(f"{URL}{org.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["province_name"] == org.province.name_en
    assert english["county_name"] == org.county.name_en
    persian = APIClient().get(f"{URL}{org.pk}/").json()
    assert persian["province_name"] == org.province.name
    assert persian["county_name"] == org.county.name
    people = APIClient().get(f"/api/v1/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert people["county_name"] == person.county.name_en
    assert (
        APIClient().get(f"{URL}{OrganizationFactory(county=None).pk}/").json()["county_name"]
        is None
    )


def test_claims_and_verification_flow():
    unverified = OrganizationFactory()
    actor = UserFactory()
    claim = _as(actor).post(f"{URL}{unverified.pk}/claim/", {"message": "مال ماست"}, format="json")
    assert claim.status_code == 201
    assert (
        _as(actor).patch(f"{URL}{unverified.pk}/", {"name": "x"}, format="json").status_code == 403
    )
    guild = UserFactory()
    grant(guild, Role.GUILD_STAFF, province="IR-02")
    assert _as(guild).post(f"{URL}{unverified.pk}/verify/").status_code == 200
    assert APIClient().get(f"{URL}{unverified.pk}/").json()["verified"] is True
    assert _as(guild).post(f"{URL}{unverified.pk}/verify/").status_code == 409
    other = UserFactory()
    # a verified organization cannot be claimed: refused input
    assert _as(other).post(f"{URL}{unverified.pk}/claim/", {}, format="json").status_code == 400
    revoke = _as(guild).post(
        f"{URL}{unverified.pk}/revoke/", {"reason": "مدارک ناقص"}, format="json"
    )
    assert revoke.status_code == 200
    assert revoke.json()["verified"] is False
    assert _as(guild).post(f"{URL}{unverified.pk}/revoke/", {}, format="json").status_code == 400


def test_merge_keeps_affiliations_and_memberships():
    target = OrganizationFactory(name="کاسپین داده")
    duplicate = OrganizationFactory(name="کاسپین‌داده")
    AffiliationFactory(organization=duplicate)
    GuildMembershipFactory(organization=duplicate)
    guild_03 = UserFactory()
    grant(guild_03, Role.GUILD_STAFF, province="IR-03")
    body = {"target": target.pk}
    # staff of another province see the public record but may not merge it
    assert _as(guild_03).post(f"{URL}{duplicate.pk}/merge/", body, format="json").status_code == 403
    guild = UserFactory()
    grant(guild, Role.GUILD_STAFF, province="IR-02")
    response = _as(guild).post(f"{URL}{duplicate.pk}/merge/", body, format="json")
    assert response.status_code == 200
    assert response.json()["id"] == target.pk
    assert Affiliation.objects.filter(organization=target).count() == 1
    assert GuildMembership.objects.filter(organization=target).exists()
    assert _search("کاسپین داده") == ["کاسپین داده"]


def test_the_import_button_is_shown_only_to_those_who_may_import(client):
    for role, shown in (
        (Role.GOVERNORATE_STAFF, False),
        (Role.NATIONAL_STAFF, False),
        (Role.GUILD_STAFF, True),
    ):
        user = UserFactory()
        grant(user, role, province=None if role == Role.NATIONAL_STAFF else "IR-02")
        client.force_login(user)
        assert ("/registry/import/" in client.get("/registry/").content.decode()) is shown, role


def test_english_suggestions_name_the_county_in_english(client):
    organization = OrganizationFactory(name="داده‌پردازان پیشرو")

    organization_refresh_search(organization)
    rows = _english(client).get("/registry/suggest/", {"q": "داده پردازان"}).json()
    suggestion = next(row for row in rows["results"] if row["id"] == organization.pk)
    assert suggestion["county"] == organization.county.name_en
