import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khooshe.core.desk import desk_for
from khooshe.core.models import Attachment, Notification
from khooshe.persian.jalali import format_jalali
from khooshe.proposals import services
from khooshe.proposals.forms import ProposalForm
from khooshe.proposals.models import Priority, Proposal
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.selectors import project_url_for, proposal_statistics
from khooshe.proposals.tests.factories import (
    CapabilityFactory,
    CriterionFactory,
    OrganizationFactory,
    PriorityFactory,
    ProposalFactory,
    county,
)


def _proposal_queries(client, url) -> int:
    """Queries of this app's tables on ``url`` (the header's desk counts excluded)."""
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return sum(1 for q in context.captured_queries if 'FROM "proposals_proposal"' in q["sql"])


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def test_visitor_goes_to_public_page(client):
    response = client.get(reverse("proposals:index"))
    assert response.status_code == 302
    assert response.url == reverse("proposals:public")


def test_actor_creates_edits_and_submits_through_pages(login, actor, actor_org):
    client = login(actor)
    web = CapabilityFactory(slug="web")
    response = client.post(
        reverse("proposals:create"),
        {
            "title": "سامانه رزرو بوم‌گردی",
            "problem": "گردشگران اقامتگاه نمی‌یابند",
            "solution": "درگاه رزرو",
            "county": county("IR-02", "ساری").pk,
            "estimated_budget": "۱٬۲۰۰٬۰۰۰٬۰۰۰",
            "duration_months": "8",
            "expected_jobs": "4",
            "capabilities": [web.pk],
            "submitter_organization": actor_org.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get()
    assert proposal.estimated_budget == 1_200_000_000
    edit = client.post(
        reverse("proposals:edit", args=[proposal.pk]),
        {
            "title": "سامانه رزرو بوم‌گردی مازندران",
            "problem": proposal.problem,
            "solution": proposal.solution,
            "county": proposal.county_id,
            "estimated_budget": "1200000000",
            "duration_months": "8",
            "expected_jobs": "4",
            "version": "1",
        },
    )
    assert edit.status_code == 302
    stale = client.post(
        reverse("proposals:edit", args=[proposal.pk]),
        {
            "title": "کهنه",
            "problem": "x",
            "solution": "y",
            "county": proposal.county_id,
            "estimated_budget": "1",
            "duration_months": "8",
            "expected_jobs": "0",
            "version": "1",
        },
    )
    assert stale.status_code == 409
    assert stale.context["form"].non_field_errors()
    client.post(reverse("proposals:act", args=[proposal.pk, "submit"]))
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    # submitting twice: the form again with a clear message (409), no change
    response = client.post(reverse("proposals:act", args=[proposal.pk, "submit"]))
    assert response.status_code == 409
    assert "ممکن نیست" in response.content.decode()
    assert proposal.transitions.count() == 1


def test_numbers_typed_in_persian_digits_are_saved(login, actor, actor_org):
    client = login(actor)
    form = client.get(reverse("proposals:create")).context["form"]
    assert not [
        name
        for name, field in form.fields.items()
        if getattr(field.widget, "input_type", "") == "number"
    ]
    response = client.post(
        reverse("proposals:create"),
        {
            "title": "سامانه نوبت‌دهی درمانگاه‌ها",
            "problem": "صف‌های طولانی",
            "solution": "نوبت‌دهی برخط",
            "county": county("IR-02", "ساری").pk,
            "estimated_budget": "۹۰۰٬۰۰۰٬۰۰۰",
            "duration_months": "۱۸",
            "expected_jobs": "۱۹",
            "submitter_organization": actor_org.pk,
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.duration_months, proposal.expected_jobs) == (18, 19)
    edit = client.get(reverse("proposals:edit", args=[proposal.pk])).content.decode()
    assert 'value="۱۹"' in edit


def test_a_priority_weight_typed_in_persian_digits_is_saved(login, gov02):
    response = login(gov02).post(
        reverse("proposals:priorities"),
        {
            "form": "priority",
            "province": "IR-02",
            "year": "۱۴۰۴",
            "title": "گردشگری",
            "weight": "۲۵",
        },
    )
    assert response.status_code == 302
    assert Priority.objects.values_list("year", "weight").get() == (1404, 25)


def test_an_invalid_priority_is_shown_again_with_400(login, gov02):
    response = login(gov02).post(
        reverse("proposals:priorities"),
        {"form": "priority", "province": "IR-02", "year": "۱۴۰۴", "title": "x", "weight": "۵۰۰"},
    )
    assert response.status_code == 400
    assert response.context["priority_form"].errors["weight"]
    assert not Priority.objects.exists()


def test_actor_cannot_open_or_edit_anothers_proposal(login, proposal, other_actor):
    client = login(other_actor)
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
    assert client.post(reverse("proposals:act", args=[proposal.pk, "submit"])).status_code == 404


def test_guild_of_another_province_cannot_screen(login, proposal, advance, guild03):
    advance(proposal, S.SUBMITTED)
    client = login(guild03)
    response = client.post(reverse("proposals:act", args=[proposal.pk, "start_screening"]))
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


def test_return_needs_a_note_in_the_page(login, proposal, advance, guild02, actor):
    advance(proposal, S.SCREENING)
    client = login(guild02)
    page = client.post(reverse("proposals:act", args=[proposal.pk, "return"]), {"note": ""})
    assert page.status_code == 400
    assert page.context["form"].errors
    client.post(
        reverse("proposals:act", args=[proposal.pk, "return"]), {"note": "بودجه را تفکیک کنید"}
    )
    proposal.refresh_from_db()
    assert proposal.state == S.RETURNED
    assert Notification.objects.filter(recipient=actor, title__contains="اصلاح").exists()


def test_screening_queue_counts_and_query_budget(
    login, actor, actor_org, advance, guild02, django_assert_max_num_queries
):
    for _ in range(6):
        advance(ProposalFactory(created_by=actor, submitter_organization=actor_org), S.SUBMITTED)
    advance(ProposalFactory(created_by=actor, submitter_organization=actor_org), S.SCREENING)
    ProposalFactory(created_by=actor, submitter_organization=actor_org)  # draft: invisible
    client = login(guild02)
    with django_assert_max_num_queries(30):  # the header's desk counts belong to every app
        response = client.get(reverse("proposals:screening"))
    assert response.status_code == 200
    assert _proposal_queries(client, reverse("proposals:screening")) <= 7
    counts = {c["state"]: c["count"] for c in response.context["state_counts"]}
    assert counts["submitted"] == 6
    assert counts["screening"] == 1
    assert "draft" not in counts
    partial = client.get(
        reverse("proposals:screening"),
        {"state": "screening"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    assert b"<html" not in partial.content
    assert partial.context["page"].paginator.count == 1
    assert "HX-Request" in partial["Vary"]
    # the back button restores the whole page, never the bare fragment
    restored = client.get(
        reverse("proposals:screening"),
        {"state": "screening"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert b"<html" in restored.content
    assert "HX-Request" in restored["Vary"]


def test_my_proposals_query_budget(login, actor, actor_org, django_assert_max_num_queries):
    for _ in range(10):
        ProposalFactory(created_by=actor, submitter_organization=actor_org)
    client = login(actor)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("proposals:mine"))
    assert _proposal_queries(client, reverse("proposals:mine")) <= 7
    assert response.context["page"].paginator.count == 10


def test_public_page_shows_only_approved(client, proposal, advance, actor, actor_org):
    rejected = ProposalFactory(
        created_by=actor, submitter_organization=actor_org, title="رد شده محرمانه"
    )
    advance(proposal, S.APPROVED)
    rejected.state = S.REJECTED
    rejected.save()
    body = client.get(reverse("proposals:public")).content.decode()
    assert proposal.title in body
    assert "رد شده محرمانه" not in body
    assert client.get(reverse("proposals:public_detail", args=[rejected.pk])).status_code == 404
    assert client.get(reverse("proposals:public_detail", args=[proposal.pk])).status_code == 200


def test_statistics_page_and_selector(client, proposal, advance):
    advance(proposal, S.APPROVED)
    stats = proposal_statistics(province=proposal.province)
    assert stats["approved"] == 1
    assert stats["approved_budget"] == 4_000_000_000
    assert proposal_statistics(province=proposal.province_id)["total"] == 1
    assert client.get(reverse("proposals:statistics"), {"province": "IR-02"}).status_code == 200


def test_dossier_print_page_with_jalali_dates(login, proposal, advance, guild02, gov02):
    advance(proposal, S.FORWARDED)
    dossier = proposal.dossier
    client = login(gov02)
    response = client.get(reverse("proposals:dossier_detail", args=[dossier.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in body
    assert "۱۴" in dossier.code
    # The page shows Tehran's date (a day ahead of UTC late in the evening).
    assert format_jalali(timezone.localdate(dossier.forwarded_at), style="long") in body
    assert "data-print" in body
    assert "۵٬۰۰۰٬۰۰۰٬۰۰۰" in body or "5,000,000,000" in body


def test_guild_creates_and_forwards_a_dossier_in_pages(login, proposal, advance, guild02):
    advance(proposal, S.ACCEPTED)
    client = login(guild02)
    form = client.get(reverse("proposals:dossier_create"))
    assert proposal in form.context["form"].fields["proposals"].queryset
    response = client.post(
        reverse("proposals:dossier_create"),
        {
            "province": "IR-02",
            "title": "پرونده آزمون",
            "cover_letter": "با سلام",
            "proposals": [proposal.pk],
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == S.IN_DOSSIER
    client.post(reverse("proposals:dossier_forward", args=[proposal.dossier_id]))
    proposal.refresh_from_db()
    assert proposal.state == S.FORWARDED


def test_board_and_score_page(
    login, proposal, advance, gov02, evaluator02, django_assert_max_num_queries
):
    CriterionFactory(weight=2)
    PriorityFactory(keywords="کشاورزی")
    advance(proposal, S.UNDER_EVALUATION)
    client = login(evaluator02)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("proposals:board")).status_code == 200
    criterion = proposal.province and CriterionFactory._meta.model.objects.get()
    response = client.post(
        reverse("proposals:score", args=[proposal.pk]),
        {f"c{criterion.pk}": "4", "declare_no_conflict": "on"},
    )
    assert response.status_code == 302
    detail = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert detail.context["scores"].mean is not None
    assert detail.context["alignment"].percent == 100


def test_suggestions_page_and_shortlist(login, proposal, advance, guild02):
    web = CapabilityFactory(slug="web")
    proposal.capabilities.set([web])
    firm = OrganizationFactory(capabilities=[web])
    advance(proposal, S.SUBMITTED)
    client = login(guild02)
    page = client.get(reverse("proposals:suggestions", args=[proposal.pk]))
    assert page.status_code == 200
    assert firm.name in page.content.decode()
    client.post(reverse("proposals:shortlist_add", args=[proposal.pk]), {"organization": firm.pk})
    assert proposal.shortlist.filter(organization=firm).exists()


def test_priorities_page_for_governorate(login, gov02, guild02):
    client = login(gov02)
    response = client.post(
        reverse("proposals:priorities"),
        {
            "form": "priority",
            "province": "IR-02",
            "year": "1404",
            "title": "گردشگری",
            "weight": "20",
            "keywords": "گردشگری",
        },
    )
    assert response.status_code == 302
    assert (
        login(guild02)
        .post(
            reverse("proposals:priorities"),
            {"form": "priority", "province": "IR-02", "year": "1404", "title": "x", "weight": "20"},
        )
        .status_code
        == 403
    )


def test_history_page(login, proposal, actor):
    assert login(actor).get(reverse("proposals:history", args=[proposal.pk])).status_code == 200


def test_desk_sections(proposal, advance, guild02, actor, gov02, evaluator02):
    advance(proposal, S.SUBMITTED)
    assert any(s.key == "proposals.screening" for s in desk_for(guild02))
    advance(proposal, S.FORWARDED)
    assert any(s.key == "proposals.forwarded_dossiers" for s in desk_for(gov02))
    assert any(s.key == "proposals.to_score" for s in desk_for(evaluator02))
    services.proposal_transition(actor=gov02, proposal=proposal, action="start_evaluation")
    services.proposal_transition(actor=gov02, proposal=proposal, action="return", note="اصلاح")
    assert any(s.key == "proposals.returned" for s in desk_for(actor))


def test_pages_speak_english_to_english_users(login, actor, proposal, settings):
    client = login(actor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("proposals:mine")).content.decode()
    assert "My proposals" in body
    assert "Draft" in body


def test_attachment_upload_and_download_permissions(login, proposal, actor, other_actor, client):
    pdf = SimpleUploadedFile("طرح.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    owner = login(actor)
    owner.post(reverse("proposals:attach", args=[proposal.pk]), {"file": pdf, "title": "شرح طرح"})
    attachment = Attachment.objects.get()
    assert owner.get(reverse("core:attachment", args=[attachment.pk])).status_code == 200
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary")
    owner.post(reverse("proposals:attach", args=[proposal.pk]), {"file": exe})
    assert Attachment.objects.count() == 1  # refused by content type
    client.force_login(other_actor)
    assert client.get(reverse("core:attachment", args=[attachment.pk])).status_code == 404


def test_created_project_is_linked_from_the_proposal(login, proposal, advance, actor, client):
    advance(proposal, S.PROJECT_CREATED)
    url = project_url_for(proposal)
    body = client.get(reverse("proposals:public_detail", args=[proposal.pk])).content.decode()
    assert url
    assert url in body
    assert login(actor).get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200


@pytest.mark.django_db
def test_new_proposal_form_leaves_expected_jobs_blank_and_blank_means_none():
    # A prefilled 0 turned «۴» typed after it into 40.
    assert 'value="0"' not in str(ProposalForm()["expected_jobs"])
    form = ProposalForm(data={"expected_jobs": ""})
    form.is_valid()
    assert "expected_jobs" not in form.errors
    assert form.cleaned_data["expected_jobs"] == 0
