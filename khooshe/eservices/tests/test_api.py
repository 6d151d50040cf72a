import pytest
from rest_framework.test import APIClient

from khooshe.eservices.models import EService
from khooshe.eservices.tests.factories import ChannelFactory, EServiceFactory
from khooshe.persian.jalali import today_jalali_year
from khooshe.persian.text import to_persian_digits
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/eservices/"


@pytest.fixture
def api():
    return APIClient()


def _payload(agency, **changes):
    return {
        "agency": agency.pk,
        "name": "پرداخت عوارض نوسازي",
        "audience": "citizens",
        "maturity": "transactional",
        "fee": "۵۰٬۰۰۰",
        "delivery_hours": "۰",
        "launched_on": "۱۳۹۸/۰۱/۱۵",
        "channels": [
            {"kind": "web", "address": "https://e.sari.ir"},
            {"kind": "ussd", "address": "*7#"},
        ],
        **changes,
    }


def test_list_filters_and_search(api, agency, other_agency, django_assert_max_num_queries):
    a = EServiceFactory(
        agency=agency, name="صدور كارت", maturity="integrated", audience="businesses"
    )
    ChannelFactory(eservice=a, kind="ussd")
    EServiceFactory(agency=other_agency, name="پروانه", maturity="informational")
    EServiceFactory(agency=agency, name="کهنه", status="retired")
    with django_assert_max_num_queries(6):
        rows = api.get(URL).json()["results"]
    assert {r["name"] for r in rows} == {"صدور كارت", "پروانه"}
    for params in (
        {"q": "صدور کارت"},
        {"q": "صدورکارت"},
        {"channel": "ussd"},
        {"maturity": "integrated"},
        {"audience": "businesses"},
        {"agency": to_persian_digits(str(agency.pk))},
        {"province": "IR-02", "q": "کارت"},
    ):
        names = [r["name"] for r in api.get(URL, params).json()["results"]]
        assert names == ["صدور كارت"], params
    assert api.get(URL, {"province": "IR-03"}).json()["results"] == []
    row = api.get(f"{URL}{a.pk}/").json()
    assert row["maturity_level"] == 4
    assert row["channels"][0]["kind"] == "ussd"


def test_anonymous_write_is_401(api, agency):
    assert api.post(URL, _payload(agency), format="json").status_code == 401


def test_representative_creates_with_any_digits(api, rep, agency):
    api.force_authenticate(rep)
    response = api.post(URL, _payload(agency), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "پرداخت عوارض نوسازی"
    assert body["fee"] == 50000
    assert body["launched_on"] == {"jalali": "1398/01/15", "iso": "2019-04-04"}
    assert {c["kind"] for c in body["channels"]} == {"web", "ussd"}


def test_create_refusals(api, rep, other_rep, agency):
    api.force_authenticate(other_rep)
    assert api.post(URL, _payload(agency), format="json").status_code == 403
    api.force_authenticate(rep)
    response = api.post(URL, _payload(agency, fee="-۱", delivery_hours=-2), format="json")
    assert response.status_code == 400
    assert response.json()["fee"] == ["هزینه نمی‌تواند منفی باشد."]
    assert response.json()["delivery_hours"] == ["زمان ارائه نمی‌تواند منفی باشد."]
    company = OrganizationFactory()
    response = api.post(URL, _payload(company), format="json")
    assert response.status_code == 400
    assert "agency" in response.json()
    response = api.post(URL, {"agency": agency.pk}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "audience", "maturity"}
    assert not EService.objects.exists()


def test_patch_version_conflict_and_permissions(api, rep, other_rep, staff, agency):
    eservice = EServiceFactory(agency=agency)
    api.force_authenticate(other_rep)
    assert api.patch(f"{URL}{eservice.pk}/", {"name": "x"}, format="json").status_code == 403
    api.force_authenticate(staff)
    assert api.patch(f"{URL}{eservice.pk}/", {"name": "x"}, format="json").status_code == 403
    api.force_authenticate(rep)
    response = api.patch(
        f"{URL}{eservice.pk}/", {"name": "نام تازه", "version": "۱"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    response = api.patch(f"{URL}{eservice.pk}/", {"name": "دیگر", "version": 1}, format="json")
    assert response.status_code == 409
    assert api.put(f"{URL}{eservice.pk}/", {}, format="json").status_code == 405


def test_hidden_service_is_404(api, other_rep, agency):
    eservice = EServiceFactory(agency=agency, status="retired")
    api.force_authenticate(other_rep)
    assert api.get(f"{URL}{eservice.pk}/").status_code == 404
    assert api.patch(f"{URL}{eservice.pk}/", {"name": "x"}, format="json").status_code == 404


def test_transactions_transition_confirm_history(api, rep, agency):
    eservice = EServiceFactory(agency=agency, status="planned")
    api.force_authenticate(rep)
    year = today_jalali_year()
    response = api.post(
        f"{URL}{eservice.pk}/transactions/",
        {"jalali_year": to_persian_digits(str(year + 1)), "count": 3, "source": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["jalali_year"] == ["سال آمار نمی‌تواند در آینده باشد."]
    response = api.post(
        f"{URL}{eservice.pk}/transactions/",
        {"jalali_year": str(year - 1), "count": "۱٬۲۰۰", "source": "سامانه"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["yearly_transactions"][0]["count"] == 1200
    assert (
        api.post(f"{URL}{eservice.pk}/transition/", {"action": "launch"}, format="json").status_code
        == 200
    )
    assert (
        api.post(f"{URL}{eservice.pk}/transition/", {"action": "launch"}, format="json").status_code
        == 409
    )
    assert api.post(f"{URL}{eservice.pk}/confirm/").status_code == 200
    history = api.get(f"{URL}{eservice.pk}/history/").json()
    assert history["count"] >= 3


def test_review_endpoint(api, staff, staff_elsewhere, agency):
    EServiceFactory(agency=agency)
    api.force_authenticate(staff_elsewhere)
    assert (
        api.post("/api/v1/eservice-reviews/", {"agency": agency.pk}, format="json").status_code
        == 403
    )
    api.force_authenticate(staff)
    response = api.post(
        "/api/v1/eservice-reviews/", {"agency": agency.pk, "note": "ok"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["services_count"] == 1
