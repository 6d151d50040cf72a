"""One visibility rule per entity: the queryset filters the lists use (``visibility``, the
staff queues, the directory's bitmaps) agree with the predicates a single record is checked
with (``permissions``), for every role × every state, and the API's list with its detail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.registry import bitmaps, facets, permissions, selectors
from khooshe.registry.models import ClaimRequest, Organization
from khooshe.registry.tests.factories import OrganizationFactory, PersonFactory, county

pytestmark = pytest.mark.django_db


def _user(role=None, **where):
    user = UserFactory()
    if role is not None:
        grant(user, role, **where)
    return user


@pytest.fixture
def records():
    """Organizations in every state, in two provinces; people public and hidden; a pending
    claim on each unmerged organization."""
    orgs = {}
    for code in ("IR-02", "IR-03"):
        place = {"province": county(code).province, "county": county(code)}
        orgs[f"public {code}"] = OrganizationFactory(**place)
        orgs[f"verified {code}"] = OrganizationFactory(
            verification=Organization.Verification.VERIFIED, **place
        )
        orgs[f"hidden {code}"] = OrganizationFactory(is_public=False, **place)
        orgs[f"merged {code}"] = OrganizationFactory(
            is_public=False, merged_into=orgs[f"public {code}"], **place
        )
    people = {
        f"{state} {code}": PersonFactory(
            is_public=state == "public", province=county(code).province, county=county(code)
        )
        for code in ("IR-02", "IR-03")
        for state in ("public", "hidden")
    }
    claimant = UserFactory()
    claims = [
        ClaimRequest.objects.create(organization=org, user=claimant)
        for name, org in orgs.items()
        if not name.startswith("merged")
    ]
    bitmaps.everything_changed()
    return orgs, people, claims


@pytest.fixture
def viewers(records):
    orgs, people, claims = records
    hidden_person = people["hidden IR-02"]
    hidden_person.user = _user()
    hidden_person.save(update_fields=["user"])
    return {
        "anonymous": AnonymousUser(),
        "signed in": _user(),
        "owner of the hidden IR-02": _user(Role.ACTOR, organization=orgs["hidden IR-02"]),
        "owner of another": _user(Role.ACTOR, organization=orgs["public IR-03"]),
        "the hidden IR-02 person": hidden_person.user,
        "guild staff IR-02": _user(Role.GUILD_STAFF, province="IR-02"),
        "guild staff IR-03": _user(Role.GUILD_STAFF, province="IR-03"),
        "governorate staff IR-02": _user(Role.GOVERNORATE_STAFF, province="IR-02"),
        "national staff": _user(Role.NATIONAL_STAFF),
        "admin": _user(Role.ADMIN),
        "claimant": claims[0].user,
    }


def test_organization_lists_show_what_the_profile_predicate_allows(records, viewers):
    """Merged duplicates never list, whoever looks (their page redirects to the record they
    were merged into); every other record lists exactly for whoever may open it."""
    orgs, _people, _claims = records
    index = bitmaps.current()
    for role, viewer in viewers.items():
        listed = set(selectors.organizations_visible_to(viewer).values_list("pk", flat=True))
        counted = set(facets._visible(index, viewer))
        for state, org in orgs.items():
            may_open = permissions.can_view_organization(viewer, org)
            expected = may_open and not org.merged_into_id
            assert (org.pk in listed) == expected, (role, state)
            assert (org.pk in counted) == expected, (role, state, "bitmaps")


def test_person_lists_show_what_the_profile_predicate_allows(records, viewers):
    _orgs, people, _claims = records
    for role, viewer in viewers.items():
        listed = set(selectors.people_visible_to(viewer).values_list("pk", flat=True))
        for state, person in people.items():
            expected = permissions.can_view_person(viewer, person)
            assert (person.pk in listed) == expected, (role, state)


def test_staff_queues_hold_what_the_staff_may_decide(records, viewers):
    orgs, _people, claims = records
    for role, viewer in viewers.items():
        queued = set(selectors.pending_claims_for(viewer).values_list("pk", flat=True))
        own = set()
        if viewer.is_authenticated:
            own = set(selectors.own_pending_claims(viewer).values_list("pk", flat=True))
        for claim in claims:
            assert (claim.pk in queued) == permissions.can_decide_claim(viewer, claim), role
            assert (claim.pk in queued | own) == permissions.can_view_claim(viewer, claim), role
        to_verify = set(selectors.unverified_for(viewer).values_list("pk", flat=True))
        for state, org in orgs.items():
            expected = (
                permissions.can_verify(viewer, org)
                and org.verification == Organization.Verification.UNVERIFIED
                and not org.merged_into_id
            )
            assert (org.pk in to_verify) == expected, (role, state)


@pytest.mark.parametrize(
    ("path", "kind"), [("/api/v1/organizations/", "orgs"), ("/api/v1/people/", "people")]
)
def test_the_api_lists_what_its_detail_shows(records, viewers, path, kind):
    orgs, people, _claims = records
    rows = orgs if kind == "orgs" else people
    for role, viewer in viewers.items():
        api = APIClient()
        if viewer.is_authenticated:
            api.force_authenticate(viewer)
        listing = api.get(path, {"page_size": 100}).json()["results"]
        listed = {row["id"] for row in listing}
        for state, record in rows.items():
            detail = api.get(f"{path}{record.pk}/").status_code
            if getattr(record, "merged_into_id", None):
                assert record.pk not in listed, (role, state)
                continue
            assert detail == (200 if record.pk in listed else 404), (role, state)
