import datetime

import pytest
from django.utils import timezone

from khooshe.obstacles.models import Obstacle
from khooshe.obstacles.tests.factories import ObstacleFactory, OrganizationFactory, category
from khooshe.registry.tests.factories import province

pytestmark = pytest.mark.django_db


def test_index_renders_with_counts_and_a_bounded_number_of_queries(
    client, report, django_assert_max_num_queries
):
    for n in range(3):
        report(title=f"مانع شماره {n}")
    ObstacleFactory(title="مانع خصوصی", is_public=False)
    with django_assert_max_num_queries(12):
        response = client.get("/obstacles/", {"province": "IR-02"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "مانع شماره 2" in html
    assert "مانع خصوصی" not in html
    assert 'id="tta-formula"' in html


def test_index_filters_and_htmx_partial(client, report):
    report(title="اینترنت کند")
    report(title="مالیات")
    response = client.get(
        "/obstacles/", {"q": "اينترنت"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="obstacle-results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "اینترنت کند" in html
    assert "مالیات</a>" not in html


def test_time_to_answer_hides_small_groups_and_matches_a_count(client, tax_office, body_rep):
    now = timezone.now()
    rows = []
    for n in range(5):
        rows.append(
            ObstacleFactory(
                body=tax_office,
                state="answered",
                routed_at=now - datetime.timedelta(days=10),
                answered_at=now - datetime.timedelta(days=10 - n * 2),
                answered_on_time=n < 3,
                due_on=timezone.localdate(),
            )
        )
    small = OrganizationFactory(name="دستگاه کوچک")
    for _n in range(4):
        ObstacleFactory(body=small, state="routed", routed_at=now, category=category("insurance"))
    response = client.get("/obstacles/", {"province": "IR-02"})
    table = response.context["by_body"]()
    assert [row["name"] for row in table] == [tax_office.name]
    row = table[0]
    # days 0, 2, 4, 6, 8 → median 4; 3 of 5 within the deadline
    assert row["routed"] == 5
    assert row["answered"] == 5
    assert row["median_days"] == 4.0
    assert row["on_time_percent"] == 60
    assert "دستگاه کوچک" not in response.content.decode().split('id="tta-body"')[1]


def test_detail_and_private(client, report, actor2):
    obstacle = report(is_public=False)
    client.force_login(actor2)
    assert client.get(f"/obstacles/{obstacle.pk}/").status_code == 404
    public = report()
    response = client.get(f"/obstacles/{public.pk}/")
    assert response.status_code == 200
    assert "گاه‌شمار" in response.content.decode()


def test_report_form_errors_are_400_and_success_redirects(client, actor, firm, route):
    client.force_login(actor)
    assert client.get("/obstacles/report/").status_code == 200
    response = client.post("/obstacles/report/", {"title": "x", "province": province("IR-02").pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "دسته مانع را انتخاب کنید." in html
    assert "شرح مانع را بنویسید." in html
    response = client.post(
        "/obstacles/report/",
        {
            "category": category("tax").pk,
            "title": "مالیات نرم‌افزار",
            "description": "شرح",
            "province": province("IR-02").pk,
            "since": "۱۴۰۳/۰۱/۰۱",
            "reporter_organization": firm.pk,
            "is_public": "on",
            "affected": "۹۹۹۹۹",
        },
    )
    assert response.status_code == 400
    assert "پیدا نشد" in response.content.decode()
    assert not Obstacle.objects.exists()


def test_similar_shows_open_obstacles_of_the_province(client, report):
    report(title="بیمه فریلنسرها")
    response = client.get(
        "/obstacles/similar/", {"title": "بيمه", "province": province("IR-02").pk}
    )
    assert "بیمه فریلنسرها" in response.content.decode()


def test_step_refusals_on_the_page(client, report, body_rep, other_rep):
    obstacle = report()
    client.force_login(other_rep)
    assert client.post(f"/obstacles/{obstacle.pk}/answer/", {"text": "x"}).status_code == 403
    client.force_login(body_rep)
    assert client.post(f"/obstacles/{obstacle.pk}/answer/", {"text": ""}).status_code == 400
    assert client.post(f"/obstacles/{obstacle.pk}/answer/", {"text": "پاسخ"}).status_code == 302
    assert client.post(f"/obstacles/{obstacle.pk}/start/", {}).status_code == 409


def test_staff_manage_routes_closures_and_categories(
    client, staff, staff_elsewhere, tax_office, actor
):
    client.force_login(actor)
    assert client.get("/obstacles/manage/").status_code == 403
    client.force_login(staff_elsewhere)
    response = client.post(
        "/obstacles/manage/",
        {"form": "route", "province": province("IR-02").pk, "category": category("tax").pk,
         "body": str(tax_office.pk), "answer_days": "۵"},
    )  # fmt: skip
    assert response.status_code == 400
    client.force_login(staff)
    assert client.get("/obstacles/manage/").status_code == 200
    response = client.post(
        "/obstacles/manage/",
        {"form": "route", "province": province("IR-02").pk, "category": category("tax").pk,
         "body": str(tax_office.pk), "answer_days": "۵"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        "/obstacles/manage/",
        {"form": "closure", "province": province("IR-02").pk, "day": "۱۴۰۴/۰۹/۰۲", "reason": "آلودگی هوا"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post("/obstacles/manage/", {"form": "category", "name": "انرژی"})
    assert response.status_code == 302
    response = client.post(
        "/obstacles/manage/",
        {
            "form": "route",
            "province": province("IR-02").pk,
            "category": category("tax").pk,
            "body": "۹۹۹۹۹",
            "answer_days": "5",
        },
    )
    assert response.status_code == 400
    assert "پیدا نشد" in response.content.decode()


def test_similar_and_search_never_show_a_private_obstacle_to_others(client, report, actor2):
    report(title="بیمه خصوصی فریلنسرها", is_public=False)
    client.force_login(actor2)
    response = client.get(
        "/obstacles/similar/", {"title": "بیمه فریلنسرها", "province": province("IR-02").pk}
    )
    assert "بیمه خصوصی" not in response.content.decode()
    assert "بیمه خصوصی" not in client.get("/obstacles/", {"q": "بیمه"}).content.decode()
    assert client.get("/api/v1/obstacles/", {"q": "بیمه"}).json()["count"] == 0
