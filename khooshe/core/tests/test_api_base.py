import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import UserFactory
from khooshe.core.api.pagination import KhooshePagePagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_is_issued_for_a_valid_login_and_authenticates(api):
    UserFactory(username="sara")
    response = api.post("/api/v1/auth/token/", {"username": "sara", "password": "secret-pass-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "sara"


def test_token_refused_for_a_wrong_password_in_persian_by_default(api):
    UserFactory(username="sara")
    response = api.post("/api/v1/auth/token/", {"username": "sara", "password": "wrong"})
    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]
    assert any("\u0600" <= ch <= "\u06ff" for ch in message)


def test_validation_errors_follow_accept_language(api):
    response = api.post("/api/v1/auth/token/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["username"] == ["This field is required."]
    persian = api.post("/api/v1/auth/token/", {})
    assert persian.json()["username"][0] != "This field is required."


def test_provinces_carry_current_iso_codes(api):
    response = api.get("/api/v1/provinces/")
    assert response.status_code == 200
    provinces = {p["code"]: p for p in response.json()}
    assert len(provinces) == 31
    assert provinces["IR-02"]["name"] == "مازندران"
    assert provinces["IR-02"]["name_en"] == "Mazandaran"
    assert provinces["IR-03"]["name_en"] == "East Azerbaijan"
    assert provinces["IR-23"]["name_en"] == "Tehran"
    assert provinces["IR-00"]["name_en"] == "Markazi"
    assert provinces["IR-30"]["name_en"] == "Alborz"


def test_counties_of_a_province(api):
    response = api.get("/api/v1/provinces/IR-02/counties/")
    assert response.status_code == 200
    names = {c["name"] for c in response.json()}
    assert {"ساری", "بابل", "آمل", "قائم‌شهر"} <= names
    assert all(c["province"] == "IR-02" for c in response.json())
    tabriz = api.get("/api/v1/provinces/IR-03/counties/").json()
    assert any(c["name"] == "تبریز" and c["center"] == "تبریز" for c in tabriz)
    assert api.get("/api/v1/provinces/IR-99/counties/").status_code == 404


def test_schema_and_docs_are_served_without_outside_hosts(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/provinces/" in schema.content
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "cdn" not in html.lower()
    assert "https://" not in html.replace("https://github.com", "")


def test_pagination_caps_page_size(api, settings):
    assert KhooshePagePagination.max_page_size == 100
    assert KhooshePagePagination.page_size_query_param == "page_size"
    assert reverse("api-token") == "/api/v1/auth/token/"
