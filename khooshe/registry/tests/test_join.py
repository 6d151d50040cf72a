"""The join pages a new user meets after sign-up: claim an organization of the registry (found
in any spelling) or register a new one, which waits unverified on the guild's desk."""

import pytest
from django.urls import reverse

from khooshe.accounts.middleware import ORGANIZATIONLESS_KEY
from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import County, Province
from khooshe.registry.models import ClaimRequest, Organization
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_join_needs_a_signed_in_user(client):
    response = client.get(reverse("registry:join"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_new_user_is_offered_to_join_until_they_represent_an_organization(client):
    user = UserFactory()
    client.force_login(user)
    assert client.session[ORGANIZATIONLESS_KEY] is True
    assert 'id="join-link"' in client.get(reverse("core:home")).content.decode()
    grant(user, Role.ACTOR, organization=OrganizationFactory(name="شرکت نمونه"))
    page = client.get(reverse("registry:join")).content.decode()
    assert "شرکت نمونه" in page
    assert client.session[ORGANIZATIONLESS_KEY] is False
    assert 'id="join-link"' not in client.get(reverse("core:home")).content.decode()


def test_search_finds_the_organization_in_another_spelling(client, django_assert_max_num_queries):
    firm = OrganizationFactory(name="شرکت نرم‌افزاری کاسپین", verification="unverified")
    OrganizationFactory.create_batch(12, name="شرکت نرم افزاری البرز")
    client.force_login(UserFactory())
    # the header's desk badge counts once per desk section (one query each), then caches
    with django_assert_max_num_queries(20):
        response = client.get(reverse("registry:join"), {"q": "نرم افزاري كاسپين"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-id="{firm.pk}"' in html
    assert reverse("registry:join_claim", args=[firm.pk]) in html
    page_two = client.get(reverse("registry:join"), {"q": "نرم افزاری", "page": 2})
    assert page_two.status_code == 200
    assert page_two.content.decode().count('class="card mb-2 result"') == 3  # 13 found, 10 a page


def test_claiming_an_organization_waits_for_the_guild(client):
    firm = OrganizationFactory(verification="unverified")
    guild = UserFactory()
    grant(guild, Role.GUILD_STAFF, province=firm.province)
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("registry:join_claim", args=[firm.pk]), {"message": "مدیر"})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:join")
    claim = ClaimRequest.objects.get(user=user, organization=firm)
    assert claim.status == ClaimRequest.Status.PENDING
    assert firm.name in client.get(reverse("registry:join")).content.decode()
    again = client.post(reverse("registry:join_claim", args=[firm.pk]), {"message": ""})
    assert again.status_code == 400  # already waiting: the service's refusal on the form


def test_a_verified_organization_cannot_be_claimed_here(client):
    firm = OrganizationFactory(verification="verified")
    client.force_login(UserFactory())
    page = client.get(reverse("registry:join_claim", args=[firm.pk]))
    assert page.status_code == 200
    assert 'id="send-claim"' not in page.content.decode()
    refused = client.post(reverse("registry:join_claim", args=[firm.pk]), {"message": ""})
    assert refused.status_code == 400
    assert not ClaimRequest.objects.exists()


def test_registering_a_new_organization_enters_it_unverified(client):
    user = UserFactory()
    client.force_login(user)
    province = Province.objects.get(code="IR-02")
    county = County.objects.filter(province=province).first()
    response = client.post(
        reverse("registry:join_new"),
        {
            "name": "استارتاپ ۱۴۰۴",
            "kind": "startup",
            "province": province.pk,
            "county": county.pk,
            "locality": "urban",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organization = Organization.objects.get(name="استارتاپ ۱۴۰۴")
    assert organization.verification == Organization.Verification.UNVERIFIED
    assert client.session[ORGANIZATIONLESS_KEY] is False
    assert organization.pk in {g.organization_id for g in user.role_grants.all()}
