import pytest
from rest_framework.test import APIClient

from khooshe.core.models import Notification
from khooshe.proposals.models import Dossier, Proposal
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.tests.factories import (
    CapabilityFactory,
    CriterionFactory,
    OrganizationFactory,
    ProposalFactory,
    Role,
    UserFactory,
    county,
    grant,
)


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _payload(**overrides):
    data = {
        "title": "درگاه خدمات الکترونیک برای جشنواره ۱۳۹۵",
        "problem": "دستگاه‌ها خدمات الکترونیک خود را معرفی نکرده‌اند",
        "solution": "درگاه یکپارچه",
        "county": county("IR-02", "ساری").pk,
        "estimated_budget": "۲٬۵۰۰٬۰۰۰٬۰۰۰",
        "duration_months": 6,
    }
    data.update(overrides)
    return data


def test_actor_creates_and_lists_own_proposals(actor, other_actor):
    web = CapabilityFactory(slug="web")
    response = client_for(actor).post(
        "/api/v1/proposals/", _payload(capabilities=[web.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["estimated_budget"] == 2_500_000_000
    assert body["state"] == "draft"
    assert body["province"] == "IR-02"
    assert body["capabilities"] == [web.pk]
    assert client_for(actor).get("/api/v1/proposals/").json()["count"] == 1
    assert client_for(other_actor).get("/api/v1/proposals/").json()["count"] == 0


def test_create_validates_input(actor):
    response = client_for(actor).post(
        "/api/v1/proposals/", _payload(estimated_budget="abc", duration_months=0), format="json"
    )
    assert response.status_code == 400
    assert {"estimated_budget", "duration_months"} <= set(response.json())


def test_anonymous_sees_only_approved_proposals_without_private_fields(
    proposal, advance, actor, actor_org
):
    rejected = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    advance(proposal, S.APPROVED)
    response = client_for().get("/api/v1/proposals/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [proposal.pk]
    assert "estimated_budget" not in rows[0]
    assert "contact_phone" not in rows[0]
    assert client_for().get(f"/api/v1/proposals/{rejected.pk}/").status_code == 404
    assert client_for().get(f"/api/v1/proposals/{proposal.pk}/history/").status_code == 404
    assert client_for().post("/api/v1/proposals/", _payload(), format="json").status_code == 401


def test_another_actor_gets_404_and_cannot_patch(proposal, other_actor):
    assert client_for(other_actor).get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    response = client_for(other_actor).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 404


def test_patch_with_stale_version_is_409(proposal, actor):
    client = client_for(actor)
    ok = client.patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "تازه", "version": 1}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "کهنه", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"


def test_patch_after_submission_is_409(proposal, actor, guild02):
    client = client_for(actor)
    assert client.post(f"/api/v1/proposals/{proposal.pk}/submit/").status_code == 200
    assert (
        client.patch(f"/api/v1/proposals/{proposal.pk}/", {"title": "x"}, format="json").status_code
        == 409
    )
    # staff who can see it but do not own it: 403
    response = client_for(guild02).patch(
        f"/api/v1/proposals/{proposal.pk}/", {"title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_transitions_through_the_api(proposal, actor, guild02, guild03):
    url = f"/api/v1/proposals/{proposal.pk}"
    assert client_for(actor).post(f"{url}/submit/").json()["state"] == "submitted"
    # another province's guild does not even see it
    assert client_for(guild03).post(f"{url}/start-screening/").status_code == 404
    # the owner may not screen
    assert client_for(actor).post(f"{url}/start-screening/").status_code == 403
    response = client_for(guild02).post(f"{url}/accept/")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert client_for(guild02).post(f"{url}/start-screening/").status_code == 200
    response = client_for(guild02).post(f"{url}/return/", {}, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    response = client_for(guild02).post(f"{url}/return/", {"note": "اصلاح بودجه"}, format="json")
    assert response.json()["state"] == "returned"
    log = client_for(actor).get(f"{url}/transitions/").json()
    assert [t["to_state"] for t in log] == ["submitted", "screening", "returned"]
    history = client_for(actor).get(f"{url}/history/")
    assert history.status_code == 200


def test_idempotent_transition(proposal, actor):
    client = client_for(actor)
    url = f"/api/v1/proposals/{proposal.pk}/submit/"
    first = client.post(url, HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(url, HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 200
    assert proposal.transitions.count() == 1


def test_filters_search_in_any_spelling_and_province(actor, actor_org, guild02, advance):
    a = ProposalFactory(
        created_by=actor, submitter_organization=actor_org, title="سامانه برنامه‌ریزی کشت"
    )
    b = ProposalFactory(
        created_by=actor,
        submitter_organization=actor_org,
        title="مرکز تماس",
        county=county("IR-03"),
    )
    client = client_for(actor)
    assert [
        r["id"] for r in client.get("/api/v1/proposals/", {"q": "برنامهريزي"}).json()["results"]
    ] == [a.pk]
    assert [
        r["id"] for r in client.get("/api/v1/proposals/", {"q": "برنامه ریزی"}).json()["results"]
    ] == [a.pk]
    assert [
        r["id"] for r in client.get("/api/v1/proposals/", {"province": "IR-03"}).json()["results"]
    ] == [b.pk]
    assert client.get("/api/v1/proposals/", {"state": "draft"}).json()["count"] == 2
    ordered = client.get("/api/v1/proposals/", {"ordering": "title"}).json()["results"]
    assert [r["title"] for r in ordered] == sorted([a.title, b.title])


def test_suggested_actors_endpoint(proposal, actor):
    web = CapabilityFactory(slug="web")
    proposal.capabilities.set([web])
    firm = OrganizationFactory(capabilities=[web], county=proposal.county)
    assert (
        client_for(actor)
        .get(f"/api/v1/proposals/{proposal.pk}/suggested-actors/", {"limit": "x"})
        .status_code
        == 200
    )
    response = client_for(actor).get(f"/api/v1/proposals/{proposal.pk}/suggested-actors/")
    assert response.status_code == 200
    body = response.json()
    assert body["organizations"][0]["id"] == firm.pk
    assert body["organizations"][0]["reasons"][0]["code"] == "capabilities"


def test_shortlist_notifies_actor(proposal, advance, guild02):
    advance(proposal, S.SUBMITTED)
    firm = OrganizationFactory()
    rep = UserFactory()
    grant(rep, Role.ACTOR, organization=firm)
    response = client_for(guild02).post(
        f"/api/v1/proposals/{proposal.pk}/shortlist/", {"organization": firm.pk}, format="json"
    )
    assert response.status_code == 201
    assert Notification.objects.filter(recipient=rep).count() == 1


def test_scores_api_is_blind_until_own_submission(
    proposal, advance, evaluator02, evaluator02b, guild02
):
    criteria = [CriterionFactory(weight=2), CriterionFactory(weight=1)]
    advance(proposal, S.UNDER_EVALUATION)
    url = f"/api/v1/proposals/{proposal.pk}/scores/"
    response = client_for(evaluator02).post(
        url,
        {"scores": {str(c.pk): 5 for c in criteria}, "declare_no_conflict": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["mean"] == "100.00"
    blind = client_for(evaluator02b).get(url).json()
    assert blind["blind"] is True
    assert blind["sheets"] == []
    assert blind["mean"] is None
    junk = client_for(evaluator02b).post(url, {"scores": {"x": 3}}, format="json")
    assert junk.status_code == 400
    bad = client_for(evaluator02b).post(url, {"scores": {str(criteria[0].pk): 9}}, format="json")
    assert bad.status_code == 400
    assert (
        client_for(guild02)
        .post(url, {"scores": {str(c.pk): 3 for c in criteria}}, format="json")
        .status_code
        == 403
    )


def test_dossier_api_create_forward_and_permissions(proposal, advance, guild02, guild03, gov02):
    advance(proposal, S.ACCEPTED)
    response = client_for(guild03).post(
        "/api/v1/dossiers/",
        {"province": "IR-02", "title": "x", "proposals": [proposal.pk]},
        format="json",
    )
    assert response.status_code == 403
    unknown = client_for(guild02).post(
        "/api/v1/dossiers/", {"province": "IR-99", "title": "x"}, format="json"
    )
    assert unknown.status_code == 400
    assert "province" in unknown.json()
    response = client_for(guild02).post(
        "/api/v1/dossiers/",
        {
            "province": "IR-02",
            "title": "پرونده کشاورزی",
            "cover_letter": "با سلام",
            "proposals": [proposal.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    dossier = response.json()
    assert dossier["proposals"] == [proposal.pk]
    assert dossier["budget_total"] == proposal.estimated_budget
    forward = client_for(guild02).post(f"/api/v1/dossiers/{dossier['id']}/forward/")
    assert forward.status_code == 200
    assert forward.json()["state"] == "forwarded"
    assert client_for(guild02).post(f"/api/v1/dossiers/{dossier['id']}/forward/").status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).state == S.FORWARDED
    assert client_for(gov02).get("/api/v1/dossiers/").json()["count"] == 1
    assert client_for(guild03).get(f"/api/v1/dossiers/{dossier['id']}/").status_code == 404
    ranking = client_for(gov02).get(f"/api/v1/dossiers/{dossier['id']}/ranking/")
    assert ranking.status_code == 200
    assert ranking.json()[0]["id"] == proposal.pk


def test_priorities_api(gov02, guild02):
    payload = {
        "province": "IR-02",
        "year": 1404,
        "title": "کشاورزی هوشمند",
        "weight": 30,
        "keywords": "کشاورزی",
    }
    assert (
        client_for(guild02).post("/api/v1/priorities/", payload, format="json").status_code == 403
    )
    response = client_for(gov02).post("/api/v1/priorities/", payload, format="json")
    assert response.status_code == 201, response.json()
    listed = client_for().get("/api/v1/priorities/", {"province": "IR-02", "year": 1404}).json()
    assert listed["count"] == 1
    assert (
        client_for(gov02)
        .patch(f"/api/v1/priorities/{response.json()['id']}/", {"weight": 0}, format="json")
        .status_code
        == 400
    )


@pytest.mark.parametrize("path", ["/api/v1/dossiers/", "/api/v1/criteria/", "/api/v1/priorities/"])
def test_list_endpoints_answer(path, gov02):
    assert client_for(gov02).get(path).status_code == 200


def test_an_out_of_order_dossier_move_is_409_and_changes_nothing(
    proposal, advance, guild02, actor, actor_org
):
    advance(proposal, S.FORWARDED)
    dossier = proposal.dossier
    late = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    advance(late, S.ACCEPTED)
    version = Dossier.objects.get(pk=dossier.pk).version
    client = client_for(guild02)
    url = f"/api/v1/dossiers/{dossier.pk}"
    again = client.post(f"{url}/forward/")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_not_allowed"
    assert client.post(f"{url}/add/", {"proposal": late.pk}, format="json").status_code == 409
    assert (
        client.post(f"{url}/remove/", {"proposal": proposal.pk}, format="json").status_code == 409
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (Dossier.State.FORWARDED, version)
    late.refresh_from_db()
    proposal.refresh_from_db()
    assert (late.state, late.dossier_id) == (S.ACCEPTED, None)
    assert (proposal.state, proposal.dossier_id) == (S.FORWARDED, dossier.pk)
    assert list(dossier.proposals.all()) == [proposal]


def test_a_proposal_out_of_order_cannot_enter_an_open_dossier(proposal, advance, guild02):
    advance(proposal, S.SCREENING)
    client = client_for(guild02)
    created = client.post(
        "/api/v1/dossiers/", {"province": "IR-02", "title": "پرونده"}, format="json"
    ).json()
    response = client.post(
        f"/api/v1/dossiers/{created['id']}/add/", {"proposal": proposal.pk}, format="json"
    )
    assert response.status_code == 409
    proposal.refresh_from_db()
    assert (proposal.state, proposal.dossier_id) == (S.SCREENING, None)
