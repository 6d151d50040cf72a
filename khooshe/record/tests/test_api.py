import pytest
from rest_framework.test import APIClient

from khooshe.record.models import Article, Suggestion

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


PAYLOAD = {
    "province": "IR-02",
    "title": "خبر از راه API",
    "source": "ایرنا",
    "published_on": "۱۴۰۳/۰۴/۰۲",
    "original_text": "سازمان نظام صنفی رایانه ای مازندران تا پایان شهریور گزارش می‌دهد.",
}


def test_create_codes(staff, other_staff, guild):
    assert api().post("/api/v1/articles/", PAYLOAD, format="json").status_code == 401
    assert api(other_staff).post("/api/v1/articles/", PAYLOAD, format="json").status_code == 403
    bad = api(staff).post("/api/v1/articles/", {**PAYLOAD, "original_text": " "}, format="json")
    assert bad.status_code == 400
    assert "متن خبر خالی است." in bad.json()["original_text"]
    future = api(staff).post(
        "/api/v1/articles/", {**PAYLOAD, "published_on": "1500/01/01"}, format="json"
    )
    assert future.status_code == 400
    created = api(staff).post("/api/v1/articles/", PAYLOAD, format="json")
    assert created.status_code == 201
    assert created.json()["processed"] is True
    duplicate = api(staff).post("/api/v1/articles/", PAYLOAD, format="json")
    assert duplicate.status_code == 400


def test_list_filters_and_hidden_articles(article, make_article, other_staff):
    hidden = make_article(title="پنهان", original_text="متن پنهان.", is_public=False)
    ids = [row["id"] for row in api().get("/api/v1/articles/").json()["results"]]
    assert article.pk in ids
    assert hidden.pk not in ids
    assert api().get(f"/api/v1/articles/{hidden.pk}/").status_code == 404
    assert api(other_staff).get(f"/api/v1/articles/{hidden.pk}/").status_code == 404
    found = api().get("/api/v1/articles/", {"q": "رايانه‌اي", "year": "1403"}).json()
    assert [row["id"] for row in found["results"]] == [article.pk]
    assert api().get("/api/v1/articles/abc/").status_code == 404


def test_suggestions_confirm_and_reject(article, staff, national, guild):
    url = f"/api/v1/articles/{article.pk}/suggestions/"
    assert api().get(url).json()["count"] == 0  # nothing confirmed yet: the public sees none
    rows = api(staff).get(url, {"kind": "mention"}).json()["results"]
    row = next(r for r in rows if r["target"] and r["target"]["id"] == guild.pk)
    assert row["state"] == "offered"
    confirm = f"/api/v1/article-suggestions/{row['id']}/confirm/"
    assert api().post(confirm).status_code == 401
    assert api(national).post(confirm).status_code == 403
    assert api(staff).post(confirm).status_code == 200
    assert api(staff).post(confirm).status_code == 409
    assert api().get(url).json()["count"] == 1
    figure = Suggestion.objects.filter(article=article, kind="figure").first()
    if figure is not None:
        reject = f"/api/v1/article-suggestions/{figure.pk}/reject/"
        assert api(staff).post(reject).status_code == 200
    promise = article.suggestions.get(kind="promise")
    response = api(staff).post(
        f"/api/v1/article-suggestions/{promise.pk}/confirm/",
        {"due_on": "1403/06/31", "title": "گزارش نصر"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["commitment"]
    history = api(staff).get(f"/api/v1/articles/{article.pk}/history/")
    assert history.status_code == 200
    assert Article.objects.count() == 1
