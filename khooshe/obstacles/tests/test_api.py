import pytest
from rest_framework.test import APIClient

from khooshe.obstacles.models import Obstacle, Support
from khooshe.obstacles.tests.factories import ObstacleFactory

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


PAYLOAD = {
    "category": "tax",
    "title": "مالیات خدمات نرم‌افزاری",
    "description": "شرح",
    "province": "IR-02",
    "since": "۱۴۰۳/۰۵/۰۱",
}


def test_categories_open311():
    response = api().get("/api/v1/obstacle-categories/")
    assert response.status_code == 200
    codes = [row["service_code"] for row in response.json()]
    assert len(codes) == 9
    assert "recognition" in codes
    assert response.json()[0]["metadata"] is False


def test_report_anonymous_401_invalid_400(actor, firm, route):
    assert api().post("/api/v1/obstacles/", PAYLOAD, format="json").status_code == 401
    response = api(actor).post(
        "/api/v1/obstacles/", {**PAYLOAD, "category": None, "description": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["category"] == ["دسته مانع را انتخاب کنید."]
    assert response.json()["description"] == ["شرح مانع را بنویسید."]
    response = api(actor).post(
        "/api/v1/obstacles/", {**PAYLOAD, "affected": [999999]}, format="json"
    )
    assert response.status_code == 400
    assert not Obstacle.objects.exists()


def test_report_is_idempotent_and_routed(actor, firm, route):
    client = api(actor)
    headers = {"HTTP_IDEMPOTENCY_KEY": "abc-1"}
    first = client.post(
        "/api/v1/obstacles/",
        {**PAYLOAD, "reporter_organization": firm.pk},
        format="json",
        **headers,
    )
    second = client.post(
        "/api/v1/obstacles/",
        {**PAYLOAD, "reporter_organization": firm.pk},
        format="json",
        **headers,
    )
    assert first.status_code == 201, first.json()
    assert second.json()["id"] == first.json()["id"]
    assert Obstacle.objects.count() == 1
    body = first.json()
    assert body["state"] == "routed"
    assert body["since"] == {"jalali": "1403/05/01", "iso": "2024-07-22"}
    assert set(body["due"]) == {"jalali", "iso"}


def test_transitions_and_codes(report, body_rep, other_rep, actor, actor2, firm2):
    obstacle = report()
    url = f"/api/v1/obstacles/{obstacle.pk}"
    assert api().post(f"{url}/start/", {}).status_code == 401
    assert api(other_rep).post(f"{url}/answer/", {"text": "x"}).status_code == 403
    assert api(body_rep).post(f"{url}/answer/", {"text": ""}).status_code == 400
    assert api(body_rep).post(f"{url}/start/", {}).status_code == 200
    assert api(body_rep).post(f"{url}/start/", {}).status_code == 409
    assert api(body_rep).post(f"{url}/answer/", {"text": "پاسخ"}).json()["state"] == "answered"
    assert api(actor).post(f"{url}/rate/", {"rating": "۵"}).json()["rating"] == 5
    assert api(actor).post(f"{url}/reopen/", {"reason": "حل نشد"}).json()["state"] == "routed"
    answers = api().get(f"{url}/answers/").json()
    assert answers[0]["text"] == "پاسخ"
    timeline = api().get(f"{url}/timeline/").json()
    assert [row["action"] for row in timeline][-1] == "reopen"
    response = api(actor2).post(f"{url}/supports/", {"organization": firm2.pk})
    assert response.status_code == 201
    response = api(actor2).post(f"{url}/supports/", {"organization": firm2.pk})
    assert response.status_code == 400
    assert "پیش‌تر" in response.json()["organization"][0]
    assert Support.objects.count() == 1
    assert api().get(f"{url}/supports/").json()[0]["organization"]["id"] == firm2.pk


def test_private_obstacle_is_404_for_others(report, actor2):
    obstacle = report(is_public=False)
    assert api(actor2).get(f"/api/v1/obstacles/{obstacle.pk}/").status_code == 404
    assert api().get(f"/api/v1/obstacles/{obstacle.pk}/").status_code == 404
    assert api(actor2).post(f"/api/v1/obstacles/{obstacle.pk}/start/", {}).status_code == 404


def test_reroute_by_staff_of_another_province_403(report, staff_elsewhere, staff, other_body):
    obstacle = report()
    url = f"/api/v1/obstacles/{obstacle.pk}/reroute/"
    data = {"body": other_body.pk, "reason": "بیمه"}
    assert api(staff_elsewhere).post(url, data).status_code == 403
    assert api(staff).post(url, {"body": 999999, "reason": "x"}).status_code == 400
    assert api(staff).post(url, data).json()["body"]["id"] == other_body.pk


def test_filters(report, body_rep, tax_office):
    routed = report()
    report(title="اینترنت شهرستان کند است")
    ObstacleFactory(title="مانع استان دیگر", province_id=routed.province_id + 1)
    client = api()
    assert client.get("/api/v1/obstacles/", {"q": "اينترنت"}).json()["count"] == 1
    assert client.get("/api/v1/obstacles/", {"body": str(tax_office.pk)}).json()["count"] == 2
    assert client.get("/api/v1/obstacles/", {"province": "IR-02"}).json()["count"] == 2
    assert (
        client.get("/api/v1/obstacles/", {"category": "tax", "state": "routed"}).json()["count"]
        == 3 - 1
    )
    assert client.get("/api/v1/obstacles/", {"overdue": "true"}).json()["count"] == 0
    Obstacle.objects.filter(pk=routed.pk).update(due_on="2020-01-01")
    assert client.get("/api/v1/obstacles/", {"overdue": "true"}).json()["count"] == 1
