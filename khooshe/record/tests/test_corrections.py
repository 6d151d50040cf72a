"""Staff correct what the parser found: a mention pointed at another record (pages and API),
an article's details and text edited on its own page, the admin read-only where the pages
own the rules."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from khooshe.governance.tests.factories import BodyFactory
from khooshe.record import services
from khooshe.record.models import Article, Suggestion
from khooshe.record.targets import find_targets, resolve_target
from khooshe.registry.tests.factories import OrganizationFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def mention(article, guild):
    return article.suggestions.get(kind=Suggestion.Kind.MENTION, organization=guild)


@pytest.fixture
def right_one():
    return OrganizationFactory(
        name="سازمان نظام صنفی رایانه‌ای کشور", aliases="نصر کشور", province=province("IR-02")
    )


def test_find_targets_by_name_prefix_and_alias_any_spelling_local_first(right_one):
    BodyFactory(name="شورای فناوری اطلاعات استان", province=province("IR-02"))
    OrganizationFactory(name="سازمان نظام صنفی رایانه‌ای تهران", province=province("IR-23"))
    found = find_targets("سازمان نظام صنفي رايانه اي", province_id=province("IR-02").pk)
    organizations = [t for t in found if t.kind == "organization"]
    assert organizations[0].pk == right_one.pk  # the article's province first
    assert {t.label for t in organizations} >= {"سازمان نظام صنفی رایانه‌ای تهران"}
    by_alias = find_targets("نصر کشور", province_id=None)
    assert [t.pk for t in by_alias if t.kind == "organization"] == [right_one.pk]
    bodies = find_targets("شوراي فناوري", province_id=province("IR-02").pk)
    assert [t.kind for t in bodies] == ["body"]
    assert find_targets("س", province_id=None) == []


@pytest.mark.parametrize("value", ["", "org:1", "organization:abc", "organization:۱۲", "x:1"])
def test_resolve_target_names_the_expected_shape(value):
    with pytest.raises(ValidationError) as error:
        resolve_target(value)
    assert "نوع:شناسه" in str(error.value)


def test_resolve_target_refuses_an_unknown_or_merged_record(right_one):
    assert resolve_target(f"organization:{right_one.pk}") == right_one
    merged = OrganizationFactory(merged_into=right_one)
    for value in (f"organization:{merged.pk}", "organization:999999", "body:999999"):
        with pytest.raises(ValidationError, match="یافت نشد"):
            resolve_target(value)


def test_confirm_corrected_points_the_mention_at_the_other_record_only(
    mention, staff, right_one, client
):
    body = BodyFactory(name="کارگروه فناوری", province=province("IR-02"))
    confirmed = services.suggestion_confirm(actor=staff, suggestion=mention, target=body)
    assert confirmed.state == Suggestion.State.CONFIRMED
    assert confirmed.organization_id is None
    assert confirmed.mentioned_body == body
    reason = confirmed.history.latest().history_change_reason
    assert "کارگروه فناوری" in reason
    page = client.get(f"/record/{mention.article_id}/").content.decode()
    assert f"/governance/bodies/{body.pk}/" in page


def test_only_a_mention_can_be_pointed_elsewhere(article, staff, right_one):
    figure = article.suggestions.filter(kind=Suggestion.Kind.FIGURE).first()
    with pytest.raises(ValidationError):
        services.suggestion_confirm(actor=staff, suggestion=figure, target=right_one)
    figure.refresh_from_db()
    assert figure.state == Suggestion.State.OFFERED


def test_review_desk_search_and_corrected_confirm(client, mention, staff, right_one, other_staff):
    client.force_login(staff)
    review = client.get(f"/record/{mention.article_id}/review/").content.decode()
    assert f'id="q-{mention.pk}"' in review
    choices = client.get(
        f"/record/{mention.article_id}/targets/", {"q": "نصر کشور", "row": mention.pk}
    )
    assert choices.status_code == 200
    assert f'value="organization:{right_one.pk}"' in choices.content.decode()
    response = client.post(
        f"/record/suggestions/{mention.pk}/confirm/",
        {"target": f"organization:{right_one.pk}", "q": "نصر کشور"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    mention.refresh_from_db()
    assert (mention.state, mention.organization) == (Suggestion.State.CONFIRMED, right_one)
    client.force_login(other_staff)
    assert client.get(f"/record/{mention.article_id}/targets/", {"q": "نصر"}).status_code == 403


def test_review_desk_refuses_a_bad_target_in_persian_and_keeps_the_suggestion(
    client, mention, staff
):
    client.force_login(staff)
    response = client.post(
        f"/record/suggestions/{mention.pk}/confirm/",
        {"target": "organization:999999"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "یافت نشد" in response.content.decode()
    mention.refresh_from_db()
    assert mention.state == Suggestion.State.OFFERED


def test_api_confirm_with_a_target(mention, staff, right_one):
    api = APIClient()
    api.force_authenticate(staff)
    url = f"/api/v1/article-suggestions/{mention.pk}/confirm/"
    bad = api.post(url, {"target": "organization:0"}, format="json")
    assert bad.status_code == 400
    assert "target" in bad.json()
    good = api.post(url, {"target": f"organization:{right_one.pk}"}, format="json")
    assert good.status_code == 200
    assert good.json()["target"] == {
        "kind": "organization",
        "id": right_one.pk,
        "name": right_one.name,
    }


def test_edit_page_changes_the_text_as_a_new_version_and_checks_the_version(
    client, article, staff, other_staff
):
    client.force_login(staff)
    page = client.get(f"/record/{article.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert article.title in html
    assert "۱۴۰۳/۰۴/۰۲" in html
    data = {
        "version": article.version,
        "province": article.province_id,
        "kind": article.kind,
        "title": "عنوان درست‌شده",
        "source": "ایرنا",
        "published_on": "1403/04/02",
        "url": "",
        "original_text": article.original_text + "\nاستاندار نیز در این نشست حضور داشت.",
        "is_public": "on",
    }
    response = client.post(f"/record/{article.pk}/edit/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.source) == ("عنوان درست‌شده", "ایرنا")
    assert "استاندار نیز" in article.text
    stale = client.post(f"/record/{article.pk}/edit/", {**data, "title": "دیر رسیده"})
    assert stale.status_code == 409
    assert Article.objects.get(pk=article.pk).title == "عنوان درست‌شده"
    client.force_login(other_staff)
    assert client.get(f"/record/{article.pk}/edit/").status_code == 403


def test_edit_page_refuses_an_empty_text_in_persian(client, article, staff):
    client.force_login(staff)
    response = client.post(
        f"/record/{article.pk}/edit/",
        {
            "version": article.version,
            "province": article.province_id,
            "kind": article.kind,
            "title": article.title,
            "source": article.source,
            "published_on": "۱۴۰۳/۰۴/۰۲",
            "original_text": "   ",
        },
    )
    assert response.status_code == 400
    assert "متن" in response.content.decode()
    article.refresh_from_db()
    assert article.original_text.strip()


def test_admin_lists_articles_and_keeps_their_text_read_only(admin_client, article):
    listing = admin_client.get("/admin/record/article/")
    assert listing.status_code == 200
    assert article.title in listing.content.decode()
    change = admin_client.get(f"/admin/record/article/{article.pk}/change/")
    assert change.status_code == 200
    assert 'name="original_text"' not in change.content.decode()
    assert 'name="is_public"' in change.content.decode()
    assert admin_client.get("/admin/record/suggestion/add/").status_code == 403
