"""One visibility rule per entity: the list querysets (selectors, pages, API) agree with the
predicates (``permissions.can_view_proposal``, ``can_view_public``, ``can_view_dossier``) for
every role × every state, and every list agrees with its detail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors
from khooshe.proposals.models import Dossier, ProposalState
from khooshe.proposals.tests.factories import (
    DossierFactory,
    OrganizationFactory,
    ProposalFactory,
    Role,
    UserFactory,
    county,
    grant,
    province,
)

pytestmark = pytest.mark.django_db

#: Who looks: (name, role, where) — where is a province code, "own" (the submitting
#: organization) or "other" (another organization); None for nationwide roles.
VIEWERS = [
    ("anonymous", None, None),
    ("submitter", Role.ACTOR, "own"),
    ("other_actor", Role.ACTOR, "other"),
    ("guild_in_province", Role.GUILD_STAFF, "IR-02"),
    ("guild_out_of_province", Role.GUILD_STAFF, "IR-03"),
    ("governorate", Role.GOVERNORATE_STAFF, "IR-02"),
    ("evaluator", Role.EVALUATOR, "IR-02"),
    ("national", Role.NATIONAL_STAFF, None),
    ("admin", Role.ADMIN, None),
]


@pytest.fixture
def world():
    """One proposal of Sari (IR-02) in every state, and an open and a forwarded dossier."""
    organization = OrganizationFactory()
    submitter = UserFactory()
    grant(submitter, Role.ACTOR, organization=organization)
    proposals = {
        state: ProposalFactory(
            state=state,
            created_by=submitter,
            submitter_organization=organization,
            county=county("IR-02", "ساری"),
            title=f"طرح در وضعیت {state}",
        )
        for state in ProposalState.values
    }
    dossiers = [DossierFactory(province=province("IR-02"), state=s) for s in Dossier.State.values]
    return {"submitter": submitter, "proposals": proposals, "dossiers": dossiers}


def _viewer(world, role, where):
    if role is None:
        return AnonymousUser()
    if where == "own":
        return world["submitter"]
    user = UserFactory()
    if where == "other":
        grant(user, role, organization=OrganizationFactory())
    else:
        grant(user, role, province=where)
    return user


def _clients(viewer):
    page, api = Client(), APIClient()
    if viewer.is_authenticated:
        page.force_login(viewer)
        api.force_authenticate(viewer)
    return page, api


def _listed(client, url, **params) -> set[int]:
    body = client.get(url, {"page_size": 100, **params}).json()
    return {row["id"] for row in body["results"]}


@pytest.mark.parametrize(("name", "role", "where"), VIEWERS, ids=[v[0] for v in VIEWERS])
def test_proposal_lists_and_details_agree_with_the_predicates(world, name, role, where):
    viewer = _viewer(world, role, where)
    page, api = _clients(viewer)
    visible = set(selectors.proposals_visible_to(viewer).values_list("pk", flat=True))
    public = set(selectors.public_proposals().values_list("pk", flat=True))
    page_list = (
        {p.pk for p in page.get(reverse("proposals:index"), {"page_size": 100}).context["page"]}
        if viewer.is_authenticated
        else set()
    )
    public_page_list = {
        p.pk for p in page.get(reverse("proposals:public"), {"page_size": 100}).context["page"]
    }
    api_rows = {
        row["id"]: row
        for row in api.get("/api/v1/proposals/", {"page_size": 100}).json()["results"]
    }
    for state, proposal in world["proposals"].items():
        may_open = perms.can_view_proposal(viewer, proposal)
        may_read = perms.can_view_public(viewer, proposal)
        where_ = f"{name} / {state}"
        assert (proposal.pk in visible) == may_open, where_
        assert (proposal.pk in page_list) == (may_open and viewer.is_authenticated), where_
        detail = page.get(reverse("proposals:detail", args=[proposal.pk])).status_code
        assert detail == (200 if may_open else 302 if not viewer.is_authenticated else 404), where_
        assert (proposal.pk in public) == proposal.is_public, where_
        assert (proposal.pk in public_page_list) == proposal.is_public, where_
        public_detail = page.get(reverse("proposals:public_detail", args=[proposal.pk]))
        assert public_detail.status_code == (200 if proposal.is_public else 404), where_
        assert (proposal.pk in api_rows) == may_read, where_
        api_detail = api.get(f"/api/v1/proposals/{proposal.pk}/")
        assert api_detail.status_code == (200 if may_read else 404), where_
        if may_read:
            # in full for whoever may open it, in its public form for everyone else
            assert ("contact_phone" in api_rows[proposal.pk]) == may_open, where_
            assert ("contact_phone" in api_detail.json()) == may_open, where_


@pytest.mark.parametrize(("name", "role", "where"), VIEWERS, ids=[v[0] for v in VIEWERS])
def test_dossier_lists_and_details_agree_with_the_predicate(world, name, role, where):
    viewer = _viewer(world, role, where)
    page, api = _clients(viewer)
    visible = set(selectors.dossiers_visible_to(viewer).values_list("pk", flat=True))
    api_list = _listed(api, "/api/v1/dossiers/") if viewer.is_authenticated else set()
    for dossier in world["dossiers"]:
        may_open = perms.can_view_dossier(viewer, dossier)
        where_ = f"{name} / {dossier.state}"
        assert (dossier.pk in visible) == may_open, where_
        assert (dossier.pk in api_list) == may_open, where_
        api_detail = api.get(f"/api/v1/dossiers/{dossier.pk}/").status_code
        assert api_detail == (200 if may_open else 401 if not viewer.is_authenticated else 404)
        detail = page.get(reverse("proposals:dossier_detail", args=[dossier.pk])).status_code
        assert detail == (200 if may_open else 302 if not viewer.is_authenticated else 404)
