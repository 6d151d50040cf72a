"""Staff pages that record governance: every form goes through its service; people
without the role are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khooshe.core.attachments import attachments_of
from khooshe.governance.models import Agreement, Body, Commitment, Election, Project
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    ClauseFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    ProjectFactory,
    province,
)
from khooshe.governance.tests.test_services import PNG
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db


def test_staff_records_a_body_with_a_member_and_a_meeting(client, staff, agency):
    client.force_login(staff)
    assert client.get(reverse("governance:body_create")).status_code == 200
    response = client.post(
        reverse("governance:body_create"),
        {"name": "کارگروه دولت الکترونیک", "kind": "working_group", "province": province().pk,
         "secretariat_organization": agency.pk, "is_public": "on"},
    )  # fmt: skip
    body = Body.objects.get()
    assert response.status_code == 302
    person = PersonFactory()
    response = client.post(
        reverse("governance:body_member_add", args=[body.pk]),
        {"person": person.pk, "role": "secretary", "started_on": "1403/01/15"},
    )
    assert response.status_code == 302
    assert body.members.get().started_on.isoformat() == "2024-04-03"
    response = client.post(
        reverse("governance:meeting_create", args=[body.pk]),
        {"title": "جلسه نخست", "held_on": "۱۴۰۳/۰۴/۰۲", "held_time": "09:30",
         "agenda": "بند یک\nبند دو", "minutes": "<p>متن</p><script>x</script>", "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = body.meetings.get()
    assert meeting.agenda_items.count() == 2
    assert "script" not in meeting.minutes
    response = client.post(
        reverse("governance:attendance_add", args=[meeting.pk]),
        {"name": "مهمان", "presence": "delegate", "delegate_name": "جانشین"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("governance:meeting_attachment_add", args=[meeting.pk]),
        {"file": SimpleUploadedFile("minutes.png", PNG), "title": "تصویر صورتجلسه"},
    )
    assert response.status_code == 302
    assert attachments_of(meeting).count() == 1


def test_staff_of_another_province_is_refused(client, staff_elsewhere):
    body = BodyFactory()
    meeting = MeetingFactory(body=body)
    client.force_login(staff_elsewhere)
    assert client.get(reverse("governance:meeting_create", args=[body.pk])).status_code == 403
    assert client.get(reverse("governance:attendance_add", args=[meeting.pk])).status_code == 403
    response = client.post(
        reverse("governance:body_create"),
        {"name": "x", "kind": "council", "province": province().pk},
    )
    assert response.status_code == 400  # the province is not among the choices
    assert not Body.objects.filter(name="x").exists()


def test_agency_rep_cannot_open_staff_forms(client, agency_rep):
    client.force_login(agency_rep)
    for name in (
        "body_create",
        "agreement_create",
        "project_create",
        "commitment_create",
        "election_create",
    ):
        assert client.get(reverse(f"governance:{name}")).status_code == 403


def test_staff_records_an_agreement_clauses_commitments_and_signs(
    client, staff, agency, other_agency
):
    client.force_login(staff)
    response = client.post(
        reverse("governance:agreement_create"),
        {"title": "تفاهم‌نامه آزمون", "kind": "mou", "province": province().pk,
         "parties": [agency.pk, other_agency.pk], "state": "to_be_signed", "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    for kind, text in (("article", "ماده یک"), ("note", "تبصره یک")):
        client.post(
            reverse("governance:clause_add", args=[agreement.pk]), {"kind": kind, "text": text}
        )
    article = agreement.clauses.get(kind="article")
    response = client.post(
        reverse("governance:clause_commitment_add", args=[agreement.pk, article.pk]),
        {"title": "تعیین اولویت‌ها", "owner": agency.pk, "due_on": "پایان اسفند ۱۴۰۳"},
    )
    assert response.status_code == 302
    assert article.commitments.get().due_on.isoformat() == "2025-03-20"
    client.post(
        reverse("governance:agreement_sign", args=[agreement.pk]), {"signed_on": "1403/05/01"}
    )
    agreement.refresh_from_db()
    assert agreement.state == "signed"
    html = client.get(reverse("governance:agreement_detail", args=[agreement.pk])).content.decode()
    assert "تبصره ۱" in html


def test_staff_records_a_project_with_milestones(client, staff, agency):
    client.force_login(staff)
    response = client.post(
        reverse("governance:project_create"),
        {"title": "مرکز تماس", "kind": "infrastructure", "province": province().pk,
         "owner": agency.pk, "budget_rial": "۱۲٬۰۰۰٬۰۰۰", "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.budget_rial == 12_000_000
    response = client.post(
        reverse("governance:milestone_add", args=[project.pk]),
        {"title": "بهره‌برداری", "owner": agency.pk, "weight": 3, "due_on": "پایان مهر ۱۳۹۳"},
    )
    assert response.status_code == 302
    assert project.milestones.get().weight == 3


def test_bad_due_date_is_shown_on_the_form(client, staff, agency):
    project = ProjectFactory(owner=agency)
    client.force_login(staff)
    response = client.post(
        reverse("governance:milestone_add", args=[project.pk]),
        {"title": "x", "owner": agency.pk, "weight": 1, "due_on": "به‌زودی"},
    )
    assert response.status_code == 400
    assert "پایان شهریور" in response.content.decode()


def test_staff_records_a_public_record_commitment(client, staff, agency):
    client.force_login(staff)
    response = client.post(
        reverse("governance:commitment_create"),
        {"title": "تشکیل کارگروه", "owner": agency.pk, "province": province().pk,
         "source_note": "خبر ۰۰۰", "due_on": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Commitment.objects.get().source_type == "public_record"


def test_staff_records_an_election_and_candidates(client, staff):
    guild = OrganizationFactory(kind=Organization.Kind.GUILD)
    client.force_login(staff)
    response = client.post(
        reverse("governance:election_create"),
        {"organization": guild.pk, "term": 5, "held_on": "1395/02/15"},
    )
    assert response.status_code == 302
    election = Election.objects.get()
    person = PersonFactory()
    response = client.post(
        reverse("governance:candidate_add", args=[election.pk]),
        {"person": person.pk, "votes": 10, "elected": "on", "board_role": "chair"},
    )
    assert response.status_code == 302
    html = client.get(reverse("governance:election_detail", args=[election.pk])).content.decode()
    assert "رئیس هیئت‌مدیره" in html


def test_detail_pages_show_manage_links_only_to_staff(client, staff, agency_rep):
    agreement = ClauseFactory(agreement=AgreementFactory()).agreement
    url = reverse("governance:agreement_detail", args=[agreement.pk])
    client.force_login(agency_rep)
    assert "افزودن ماده" not in client.get(url).content.decode()
    client.force_login(staff)
    assert "افزودن ماده" in client.get(url).content.decode()


def test_staff_add_an_agenda_item(client, staff, agency_rep):
    meeting = MeetingFactory()
    url = reverse("governance:agenda_item_add", args=[meeting.pk])
    client.force_login(agency_rep)
    assert client.post(url, {"text": "x"}).status_code == 403
    client.force_login(staff)
    assert client.post(url, {"text": "بند تازه"}).status_code == 302
    assert meeting.agenda_items.get().position == 1
