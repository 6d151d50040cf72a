"""Issue 6 acceptance: own proposals only, screening by the province's guild only, 409 out of
order (and a clear message in the UI), the dossier print, suggested actors for web development
for agriculture in Sari, blind scoring, and the public page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.core.attachments import attachments_of
from khooshe.proposals import services
from khooshe.proposals import workflow as wf
from khooshe.proposals.models import Proposal
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.tests.factories import CriterionFactory, ProposalFactory
from khooshe.registry.models import Organization
from khooshe.registry.tests.factories import (
    CapabilityFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    SectorFactory,
    county,
)

pytestmark = pytest.mark.django_db

LATIN_DIGIT = re.compile(r"[0-9]")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def user_with(role, **where):
    user = UserFactory()
    grant(user, role, **where)
    return user


def actor_and_proposal(org_name=None, **kwargs):
    org = OrganizationFactory(**({"name": org_name} if org_name else {}))
    user = user_with(Role.ACTOR, organization=org)
    proposal = ProposalFactory(created_by=user, submitter_organization=org, **kwargs)
    return user, proposal


def test_actor_cannot_see_or_edit_another_proposal(client):
    me, mine = actor_and_proposal()
    _other, theirs = actor_and_proposal(title="طرح محرمانه گردشگری هوشمند رامسر")
    c = api(me)
    assert c.get(f"/api/v1/proposals/{theirs.pk}/").status_code == 404
    assert (
        c.patch(f"/api/v1/proposals/{theirs.pk}/", {"title": "ربوده"}, format="json").status_code
        == 404
    )
    assert c.post(f"/api/v1/proposals/{theirs.pk}/submit/").status_code == 404
    ids = [p["id"] for p in c.get("/api/v1/proposals/").json()["results"]]
    assert ids == [mine.pk]
    theirs.refresh_from_db()
    assert theirs.title == "طرح محرمانه گردشگری هوشمند رامسر"
    assert theirs.state == S.DRAFT
    client.force_login(me)
    for url in (
        f"/proposals/{theirs.pk}/",
        f"/proposals/{theirs.pk}/edit/",
        f"/proposals/{theirs.pk}/history/",
        f"/proposals/{theirs.pk}/suggestions/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/proposals/{theirs.pk}/act/submit/").status_code == 404
    assert "رامسر" not in client.get("/proposals/mine/").content.decode()
    assert "رامسر" not in client.get("/proposals/").content.decode()


def test_guild_staff_of_another_province_cannot_screen(client):
    user, proposal = actor_and_proposal(county=county("IR-02", "ساری"))
    services.proposal_transition(actor=user, proposal=proposal, action=wf.SUBMIT)
    east_guild = user_with(Role.GUILD_STAFF, province="IR-03")
    response = api(east_guild).post(f"/api/v1/proposals/{proposal.pk}/start_screening/")
    assert response.status_code == 404  # another province's proposal is not theirs to see
    client.force_login(east_guild)
    assert client.post(f"/proposals/{proposal.pk}/act/start_screening/").status_code == 404
    assert proposal.title not in client.get("/proposals/screening/").content.decode()
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    # the province's own guild can
    own = user_with(Role.GUILD_STAFF, province="IR-02")
    assert api(own).post(f"/api/v1/proposals/{proposal.pk}/start_screening/").status_code == 200


def test_transitions_out_of_order_answer_409_and_a_clear_message(client):
    user, proposal = actor_and_proposal()
    guild = user_with(Role.GUILD_STAFF, province="IR-02")
    gov = user_with(Role.GOVERNORATE_STAFF, province="IR-02")
    # a draft cannot be accepted, approved or screened
    assert api(user).post(f"/api/v1/proposals/{proposal.pk}/submit/").status_code == 200
    assert api(user).post(f"/api/v1/proposals/{proposal.pk}/submit/").status_code == 409
    assert api(guild).post(f"/api/v1/proposals/{proposal.pk}/accept/").status_code == 409
    response = api(gov).post(
        f"/api/v1/proposals/{proposal.pk}/approve/",
        {"approved_budget": 1_000_000_000},
        format="json",
    )
    assert response.status_code == 409
    assert api(gov).post(f"/api/v1/proposals/{proposal.pk}/create-project/").status_code == 409
    assert api(gov).post(f"/api/v1/proposals/{proposal.pk}/create_project/").status_code == 409
    client.force_login(guild)
    page = client.post(f"/proposals/{proposal.pk}/act/accept/")
    assert page.status_code == 409
    text = page.content.decode()
    assert "Traceback" not in text
    assert "ممکن نیست" in text  # «… در وضعیت «ارسال‌شده» ممکن نیست.»
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def _to_dossier():
    user, proposal = actor_and_proposal(
        org_name="شرکت داده‌پردازان سبز",
        title="سامانه پایش هوشمند مزارع مرکبات",
        estimated_budget=7_250_000_000,
    )
    guild = user_with(Role.GUILD_STAFF, province="IR-02")
    services.proposal_transition(actor=user, proposal=proposal, action=wf.SUBMIT)
    services.proposal_transition(actor=guild, proposal=proposal, action=wf.START_SCREENING)
    services.proposal_transition(actor=guild, proposal=proposal, action=wf.ACCEPT)
    dossier = services.dossier_create(
        actor=guild, province=proposal.province, title="پرونده کشاورزی هوشمند", proposals=[proposal]
    )
    proposal.refresh_from_db()
    return guild, proposal, dossier


def test_dossier_prints_with_jalali_dates_and_persian_digits(client):
    guild, proposal, dossier = _to_dossier()
    client.force_login(guild)
    response = client.get(f"/proposals/dossiers/{dossier.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    visible = re.sub(
        r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    )
    assert "۷٬۲۵۰٬۰۰۰٬۰۰۰" in visible or "۷,۲۵۰,۰۰۰,۰۰۰" in visible  # the budget total
    assert re.search(r"۱۴[۰-۹]{2}", visible), "a Jalali year in Persian digits"
    assert not re.search(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}", visible), "no ISO/Gregorian dates"
    assert proposal.title in visible
    latin = LATIN_DIGIT.findall(visible)
    assert not latin, re.findall(r".{20}[0-9]+.{20}", visible)[:5]


def test_suggested_actors_rank_verified_sari_firm_above_unverified_tabriz_firm():
    web = CapabilityFactory(slug="web-dev-acc", name="توسعه وب")
    mobile = CapabilityFactory(slug="mobile-acc", name="اپلیکیشن موبایل")
    agriculture = SectorFactory(slug="agri-acc", name="کشاورزی")
    sari = county("IR-02", "ساری")
    tabriz = county("IR-03", "تبریز")
    user, proposal = actor_and_proposal(county=sari, sector=agriculture, capabilities=[web])
    tabriz_firm = OrganizationFactory(
        name="شرکت تبریز بدون وب",
        province=tabriz.province,
        county=tabriz,
        capabilities=[mobile],
        verification=Organization.Verification.UNVERIFIED
        if hasattr(Organization.Verification, "UNVERIFIED")
        else Organization.Verification.PENDING,
    )
    sari_firm = OrganizationFactory(
        name="شرکت ساری وب کشاورزی",
        province=sari.province,
        county=sari,
        capabilities=[web],
        sectors=[agriculture],
        verification=Organization.Verification.VERIFIED,
    )
    GuildMembershipFactory(organization=sari_firm)
    body = api(user).get(f"/api/v1/proposals/{proposal.pk}/suggested-actors/").json()
    ids = [o["id"] for o in body["organizations"]]
    assert sari_firm.pk in ids
    assert tabriz_firm.pk not in ids or ids.index(sari_firm.pk) < ids.index(tabriz_firm.pk)
    first = body["organizations"][0]
    assert first["id"] == sari_firm.pk
    codes = {r["code"] for r in first["reasons"]}
    assert {"capabilities"} <= codes
    assert len(codes) >= 3  # capability, sector/county, verified ...


def test_blind_scoring_and_weighted_score():
    guild, proposal, dossier = _to_dossier()
    gov = user_with(Role.GOVERNORATE_STAFF, province="IR-02")
    services.dossier_forward(actor=guild, dossier=dossier)
    services.proposal_transition(
        actor=gov, proposal=Proposal.objects.get(pk=proposal.pk), action=wf.START_EVALUATION
    )
    a = CriterionFactory(weight=3)
    b = CriterionFactory(weight=1)
    e1 = user_with(Role.EVALUATOR, province="IR-02")
    e2 = user_with(Role.EVALUATOR, province="IR-02")
    services.evaluators_assign(
        actor=gov, proposals=[proposal], evaluators=[e1, e2], due_on=datetime.date(2100, 1, 1)
    )
    url = f"/api/v1/proposals/{proposal.pk}/scores/"
    first = api(e1).post(
        url,
        {"scores": {str(a.pk): 5, str(b.pk): 1}, "declare_no_conflict": True},
        format="json",
    )
    assert first.status_code == 201, first.content
    blind = api(e2).get(url).json()
    assert blind["sheets"] == []
    assert blind["mean"] is None
    assert "5" not in str(blind.get("sheets"))
    second = api(e2).post(
        url,
        {"scores": {str(a.pk): 1, str(b.pk): 5}, "declare_no_conflict": True},
        format="json",
    )
    assert second.status_code == 201
    after = api(e2).get(url).json()
    assert len(after["sheets"]) == 2
    # weighted means 4 and 2 on the 1–5 scale, mapped 1→0 and 5→100: 75 and 25 → mean 50
    assert float(after["mean"]) == pytest.approx(50.0, abs=0.01)


def test_public_page_shows_only_approved_and_never_rejected_budgets(client):
    gov = user_with(Role.GOVERNORATE_STAFF, province="IR-02")
    guild = user_with(Role.GUILD_STAFF, province="IR-02")
    approved, rejected = [], []
    for title, budget, outcome in (
        ("طرح تصویب‌شده پایش شالیزار", 3_333_000_000, "approve"),
        ("طرح ردشده گردشگری مجازی", 9_876_000_000, "reject"),
    ):
        user, proposal = actor_and_proposal(title=title, estimated_budget=budget)
        services.proposal_transition(actor=user, proposal=proposal, action=wf.SUBMIT)
        services.proposal_transition(actor=guild, proposal=proposal, action=wf.START_SCREENING)
        services.proposal_transition(actor=guild, proposal=proposal, action=wf.ACCEPT)
        dossier = services.dossier_create(
            actor=guild, province=proposal.province, title="پ", proposals=[proposal]
        )
        services.dossier_forward(actor=guild, dossier=dossier)
        proposal.refresh_from_db()
        services.proposal_transition(actor=gov, proposal=proposal, action=wf.START_EVALUATION)
        proposal.refresh_from_db()
        if outcome == "approve":
            services.proposal_transition(
                actor=gov,
                proposal=proposal,
                action=wf.APPROVE,
                approved_budget=3_000_000_000,
                note="همسو",
                override_reason="آزمون",
            )
            approved.append(proposal)
        else:
            services.proposal_transition(
                actor=gov,
                proposal=proposal,
                action=wf.REJECT,
                note="خارج از اولویت",
                override_reason="آزمون",
            )
            rejected.append(proposal)
    html = client.get("/proposals/public/").content.decode()
    assert "پایش شالیزار" in html
    assert "گردشگری مجازی" not in html
    for digits in ("۹٬۸۷۶", "9,876", "9876", "۹۸۷۶"):
        assert digits not in html
    assert client.get(f"/proposals/public/{rejected[0].pk}/").status_code == 404
    anon = APIClient().get("/api/v1/proposals/").json()
    results = anon["results"] if isinstance(anon, dict) else anon
    assert [p["id"] for p in results] == [approved[0].pk]
    assert "9876000000" not in str(anon)
    assert APIClient().get(f"/api/v1/proposals/{rejected[0].pk}/").status_code == 404


def test_suggestions_page_reasons_in_persian_digits(client):
    web = CapabilityFactory(slug="web-dev-digits", name="توسعه وب")
    sari = county("IR-02", "ساری")
    user, proposal = actor_and_proposal(county=sari, capabilities=[web])
    OrganizationFactory(name="شرکت وب ساری", county=sari, capabilities=[web])
    client.force_login(user)
    html = client.get(f"/proposals/{proposal.pk}/suggestions/").content.decode()
    assert "۱ از ۱ توانمندی" in html
    assert "1 از 1" not in html


def test_dossier_in_english_uses_latin_digits(client):
    guild, _proposal, dossier = _to_dossier()
    client.force_login(guild)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get(f"/proposals/dossiers/{dossier.pk}/").content.decode()
    assert dossier.code_latin in html
    assert not re.search(r"[۰-۹]{4}/[۰-۹]{3}", html)


def test_another_actor_cannot_download_or_add_attachments(client):
    owner, proposal = actor_and_proposal()
    stranger, _theirs = actor_and_proposal()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    services.proposal_attach(
        actor=owner,
        proposal=proposal,
        uploaded_file=SimpleUploadedFile("plan.pdf", pdf, content_type="application/pdf"),
        title="طرح کسب‌وکار",
    )
    attachment = attachments_of(proposal)[0]
    url = reverse("core:attachment", args=[attachment.pk])
    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    upload = SimpleUploadedFile("x.pdf", pdf, content_type="application/pdf")
    response = client.post(
        f"/proposals/{proposal.pk}/attachments/", {"file": upload, "title": "نفوذ"}
    )
    assert response.status_code == 404
    assert len(attachments_of(proposal)) == 1
