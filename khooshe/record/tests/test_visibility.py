"""One visibility rule: an article is in a viewer's list exactly when its page opens for
them, on the page and in the API (role × public/hidden grid)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.record import permissions, selectors
from khooshe.record.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(make_article, staff, other_staff, national):
    public = make_article(title="عمومی", original_text="متن عمومی.")
    hidden = make_article(title="پنهان", original_text="متن پنهان.", is_public=False)
    actor = UserFactory(username="record-actor")
    admin = UserFactory(username="record-admin")
    grant(admin, Role.ADMIN)
    viewers = {
        "anonymous": None,
        "actor": actor,
        "staff": staff,
        "other_staff": other_staff,
        "national": national,
        "admin": admin,
    }
    return viewers, [public, hidden]


def test_list_and_detail_agree(grid):

    viewers, articles = grid
    for name, user in viewers.items():
        viewer = user or AnonymousUser()
        listed = set(selectors.article_list(viewer=viewer).values_list("pk", flat=True))
        for article in articles:
            assert (article.pk in listed) == permissions.can_view_article(viewer, article), name


def test_hidden_articles_for_staff_who_see_the_province_only(grid):

    viewers, (public, hidden) = grid
    expected = {"anonymous": False, "actor": False, "staff": True, "other_staff": False}
    expected |= {"national": True, "admin": True}
    for name, user in viewers.items():
        assert permissions.can_view_article(user or AnonymousUser(), hidden) == expected[name]
        assert permissions.can_view_article(user or AnonymousUser(), public)


def test_api_and_page_agree(grid, client):
    viewers, articles = grid
    for name, user in viewers.items():
        api = APIClient()
        client.logout()
        if user is not None:
            api.force_authenticate(user)
            client.force_login(user)
        for article in articles:
            page = client.get(f"/record/{article.pk}/").status_code
            answer = api.get(f"/api/v1/articles/{article.pk}/").status_code
            assert (page == 200) == (answer == 200), name
    assert Article.objects.count() == 2
