import pytest

from khooshe.governance.models import Commitment
from khooshe.record import services
from khooshe.record.models import Suggestion

pytestmark = pytest.mark.django_db


def test_list_searches_in_any_spelling_with_a_bounded_number_of_queries(
    client, article, make_article, django_assert_max_num_queries
):
    make_article(title="خبر پنهان", original_text="متن پنهان.", is_public=False)
    with django_assert_max_num_queries(8):
        response = client.get("/record/", {"province": "IR-02", "q": "رايانه اي"})
    html = response.content.decode()
    assert response.status_code == 200
    assert article.title in html
    assert "خبر پنهان" not in html
    assert response["Vary"].count("HX-Request")
    htmx = client.get(
        "/record/", {"q": "استانداری"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert "<html" not in htmx.content.decode()
    assert article.title in htmx.content.decode()


def test_filters_by_mentioned_organization_and_year(client, article, staff, guild):

    assert article.title not in client.get("/record/", {"organization": guild.pk}).content.decode()
    row = article.suggestions.get(kind="mention", organization=guild)
    services.suggestion_confirm(actor=staff, suggestion=row)
    assert article.title in client.get("/record/", {"organization": str(guild.pk)}).content.decode()
    assert article.title in client.get("/record/", {"year": "۱۴۰۳"}).content.decode()
    assert article.title not in client.get("/record/", {"year": "1402"}).content.decode()


def test_article_page_shows_only_confirmed_links(client, article, staff, guild):

    page = client.get(f"/record/{article.pk}/").content.decode()
    assert f"/registry/organizations/{guild.pk}/" not in page
    services.suggestion_confirm(
        actor=staff, suggestion=article.suggestions.get(kind="mention", organization=guild)
    )
    page = client.get(f"/record/{article.pk}/").content.decode()
    assert f"/registry/organizations/{guild.pk}/" in page
    assert 'class="mark-mention"' in page


def test_review_desk_confirms_in_one_click_with_htmx(client, article, staff, guild):
    client.force_login(staff)
    page = client.get(f"/record/{article.pk}/review/")
    assert page.status_code == 200
    promise = article.suggestions.get(kind="promise")
    response = client.post(
        f"/record/suggestions/{promise.pk}/confirm/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="suggestion-{promise.pk}"' in html
    assert "<html" not in html
    promise.refresh_from_db()
    assert promise.state == Suggestion.State.CONFIRMED
    commitment = Commitment.objects.get(record_suggestions=promise)
    board = client.get("/governance/", {"province": "IR-02"}).content.decode()
    assert commitment.title in board
    assert f"/record/{article.pk}/" in board  # the article as its source
    detail = client.get(f"/governance/commitments/{commitment.pk}/").content.decode()
    assert 'id="in-the-news"' in detail


def test_reject_without_javascript_redirects_and_a_second_decision_is_409(client, article, staff):
    client.force_login(staff)
    row = article.suggestions.filter(kind="figure").first()
    response = client.post(f"/record/suggestions/{row.pk}/reject/")
    assert response.status_code == 302
    again = client.post(f"/record/suggestions/{row.pk}/confirm/", headers={"HX-Request": "true"})
    assert again.status_code == 409


def test_review_is_for_staff_who_see_the_province(client, article, other_staff, national):
    assert client.get(f"/record/{article.pk}/review/").status_code == 302  # sign in first
    client.force_login(other_staff)
    assert client.get(f"/record/{article.pk}/review/").status_code == 403
    row = article.suggestions.first()
    assert client.post(f"/record/suggestions/{row.pk}/confirm/").status_code == 404
    client.force_login(national)
    assert client.get(f"/record/{article.pk}/review/").status_code == 200  # reads
    assert client.post(f"/record/suggestions/{row.pk}/confirm/").status_code == 403


def test_add_article_page_refuses_bad_input_in_persian(client, staff, guild):
    client.force_login(staff)
    response = client.post(
        "/record/new/",
        {
            "province": guild.province_id,
            "kind": "news",
            "title": "عنوان",
            "source": "ایلنا",
            "published_on": "۱۵۰۰/۰۱/۰۱",
            "original_text": "متن.",
            "is_public": "on",
        },
    )
    assert response.status_code == 400
    assert "تاریخ انتشار نمی‌تواند در آینده باشد." in response.content.decode()


def test_in_the_news_on_the_organization_profile(client, article, staff, guild):

    services.suggestion_confirm(
        actor=staff, suggestion=article.suggestions.get(kind="mention", organization=guild)
    )
    page = client.get(f"/registry/organizations/{guild.pk}/").content.decode()
    assert 'id="in-the-news"' in page
    assert article.title in page


def test_a_figure_is_corrected_on_the_review_desk_in_persian_digits(client, article, staff):
    client.force_login(staff)
    figure = article.suggestions.get(kind="figure", value=500)
    page = client.get(f"/record/{article.pk}/review/").content.decode()
    assert f'id="value-{figure.pk}"' in page
    response = client.post(
        f"/record/suggestions/{figure.pk}/confirm/",
        {"value": "۶۰۰", "counts": "شرکت فعال", "indicator_slug": "active-companies"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    figure.refresh_from_db()
    assert (figure.value, figure.counts, figure.indicator_slug) == (
        600,
        "شرکت فعال",
        "active-companies",
    )
