import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.core.attachments import attachments_of
from khooshe.core.concurrency import EditConflict
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance import services
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
)
from khooshe.governance.selectors import (
    commitment_list,
    guild_board_for,
    status_counts,
    weighted_progress,
)
from khooshe.governance.services._common import resolve_due
from khooshe.governance.tests.factories import (
    BodyFactory,
    ClauseFactory,
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    province,
)
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
TODAY = datetime.date.today()


def staff_user(code: str = "IR-02"):
    """A second person who may accept: governorate staff of the province."""
    user = UserFactory()
    grant(user, Role.GOVERNORATE_STAFF, province=code)
    return user


# --- Due dates ---------------------------------------------------------------------------


def test_end_of_esfand_of_a_leap_year_is_day_30():
    assert resolve_due(None, "پایان اسفند ۱۴۰۳") == datetime.date(2025, 3, 20)  # 1403/12/30


def test_end_of_esfand_of_a_common_year_is_day_29():
    assert resolve_due(None, "پایان اسفند ۱۴۰۴") == datetime.date(2026, 3, 20)  # 1404/12/29


def test_end_of_shahrivar_1393():
    assert resolve_due(None, "پایان شهریور ۱۳۹۳") == datetime.date(2014, 9, 22)  # 1393/06/31


def test_jalali_and_iso_due_dates():
    assert resolve_due("۱۴۰۳/۰۴/۰۲") == datetime.date(2024, 6, 22)
    assert resolve_due("2024-06-22") == datetime.date(2024, 6, 22)
    with pytest.raises(ValidationError):
        resolve_due("به‌زودی")


# --- Progress updates --------------------------------------------------------------------


def test_owner_representative_reports_progress(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    update = services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=40, text="خرید تجهیزات"
    )
    commitment.refresh_from_db()
    assert commitment.last_percent == 40
    assert commitment.status == CommitmentStatus.ON_TRACK
    assert update.author_organization == agency
    assert commitment.history.first().history_user == agency_rep


def test_agency_rep_of_another_body_cannot_update(agency, other_rep):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(PermissionDenied):
        services.commitment_update_add(actor=other_rep, commitment=commitment, percent=10)
    assert not CommitmentUpdate.objects.exists()


def test_staff_of_the_province_may_update_but_not_staff_elsewhere(agency, staff, staff_elsewhere):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(actor=staff, commitment=commitment, percent=10)
    with pytest.raises(PermissionDenied):
        services.commitment_update_add(actor=staff_elsewhere, commitment=commitment, percent=20)


def test_actor_without_role_cannot_update(agency):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(PermissionDenied):
        services.commitment_update_add(actor=UserFactory(), commitment=commitment, percent=10)


def test_done_needs_evidence(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(ValidationError) as error:
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=100)
    assert "evidence" in error.value.message_dict
    commitment.refresh_from_db()
    assert commitment.done_on is None


def test_done_with_a_link_is_done_on_time(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(
        actor=agency_rep,
        commitment=commitment,
        percent=100,
        evidence_url="https://example.ir/report.pdf",
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING
    assert (commitment.done_on, commitment.reported_done_on) == (None, TODAY)
    services.commitment_accept(actor=staff_user(), commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE_ON_TIME
    assert commitment.done_on == TODAY


def test_done_with_a_file_after_due_is_done_late(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - datetime.timedelta(days=3))
    update = services.commitment_update_add(
        actor=agency_rep,
        commitment=commitment,
        percent=100,
        evidence_files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")],
    )
    services.commitment_accept(actor=staff_user(), commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE_LATE
    assert attachments_of(update).count() == 1


def test_no_update_after_done(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=100, evidence_url="https://example.ir/x"
    )
    with pytest.raises(TransitionNotAllowed):  # awaiting acceptance
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=50)
    services.commitment_accept(actor=staff_user(), commitment=commitment)
    with pytest.raises(ValidationError):
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=50)


def test_updates_are_append_only(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    update = services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=10)
    update.percent = 90
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    update.refresh_from_db()
    assert update.percent == 10
    assert update.history.count() == 1


def test_percent_and_dates_are_checked(agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(ValidationError):
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=120)
    with pytest.raises(ValidationError):
        services.commitment_update_add(
            actor=agency_rep,
            commitment=commitment,
            percent=10,
            reported_on=TODAY + datetime.timedelta(days=1),
        )


def test_cancel_needs_staff_and_reason(agency, agency_rep, staff):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(PermissionDenied):
        services.commitment_cancel(actor=agency_rep, commitment=commitment, reason="x")
    with pytest.raises(ValidationError):
        services.commitment_cancel(actor=staff, commitment=commitment, reason="  ")
    services.commitment_cancel(actor=staff, commitment=commitment, reason="منتفی شد")
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.CANCELLED
    assert (commitment.version, commitment.cancel_reason) == (2, "منتفی شد")
    assert commitment.history.first().history_change_reason == "لغو: منتفی شد"
    with pytest.raises(ValidationError):
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=5)
    with pytest.raises(TransitionNotAllowed):
        services.commitment_cancel(actor=staff, commitment=commitment, reason="دوباره")


def test_a_done_commitment_cannot_be_cancelled(agency, agency_rep, staff):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=100, evidence_url="https://e.ir/d"
    )
    with pytest.raises(TransitionNotAllowed):
        services.commitment_cancel(actor=staff, commitment=commitment, reason="دیر شد")
    commitment.refresh_from_db()
    assert not commitment.cancelled


def test_refresh_moves_status_with_the_calendar(agency):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY + datetime.timedelta(days=1))
    assert commitment.status == CommitmentStatus.DUE_SOON
    later = TODAY + datetime.timedelta(days=2)
    assert services.commitments_refresh_statuses(today=later) == 1
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.LATE
    assert services.commitments_refresh_statuses(today=later) == 0


def test_status_is_kept_right_whoever_saves_the_row(agency):
    """Created through the ORM (a shell, the admin): due yesterday, not done → late."""

    commitment = Commitment.objects.create(
        title="x", owner=agency, source_type="public_record",
        due_on=TODAY - datetime.timedelta(days=1),
    )  # fmt: skip
    assert commitment.status == CommitmentStatus.LATE
    commitment.due_on = TODAY + datetime.timedelta(days=60)
    commitment.save(update_fields=["due_on"])
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.NOT_STARTED


# --- Meetings and resolutions ------------------------------------------------------------


def test_resolutions_are_numbered_per_body_and_jalali_year(staff, agency):
    meeting = MeetingFactory()
    first = services.resolution_create(
        actor=staff, meeting=meeting, text="ارائه خدمات", owner=agency, due_text="پایان اسفند ۱۴۰۳"
    )
    second = services.resolution_create(actor=staff, meeting=meeting, text="دوم", owner=agency)
    other_body = services.resolution_create(
        actor=staff, meeting=MeetingFactory(), text="دیگر", owner=agency
    )
    assert (first.number_latin, second.number_latin) == ("1403/01", "1403/02")
    assert first.number == "۱۴۰۳/۰۱"
    assert other_body.number_latin == "1403/01"
    commitment = first.commitments.get()
    assert commitment.owner == agency
    assert commitment.due_on == datetime.date(2025, 3, 20)
    assert commitment.body == meeting.body
    assert commitment.source_type == Commitment.SourceType.RESOLUTION


def test_only_staff_of_the_province_records_resolutions(agency_rep, staff_elsewhere, agency):
    meeting = MeetingFactory()
    for user in (agency_rep, staff_elsewhere):
        with pytest.raises(PermissionDenied):
            services.resolution_create(actor=user, meeting=meeting, text="x", owner=agency)


def test_minutes_are_sanitised(staff):
    meeting = MeetingFactory()
    services.meeting_set_minutes(
        actor=staff,
        meeting=meeting,
        minutes='<p onclick="x()">بند <strong>یک</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">پیوند</a>',
        expected_version=meeting.version,
    )
    meeting.refresh_from_db()
    assert "<strong>یک</strong>" in meeting.minutes
    assert "script" not in meeting.minutes
    assert "onclick" not in meeting.minutes
    assert "javascript" not in meeting.minutes
    assert meeting.version == 2


def test_meeting_with_agenda_and_attendance(staff):
    body = BodyFactory()
    meeting = services.meeting_create(
        actor=staff,
        body=body,
        title="نخستین نشست",
        held_at=datetime.datetime(2024, 6, 22, 9, 30),  # naive = Tehran
        agenda=["ایجاد خوشه", "", "شهرک فناوری"],
    )
    assert meeting.number == 1
    assert [a.text for a in meeting.agenda_items.all()] == ["ایجاد خوشه", "شهرک فناوری"]
    services.attendance_add(actor=staff, meeting=meeting, name="الهام صفوی")
    with pytest.raises(ValidationError):
        services.attendance_add(actor=staff, meeting=meeting, name="x", presence="delegate")
    assert meeting.held_at.utcoffset() == datetime.timedelta(hours=3, minutes=30)


# --- Agreements and projects -------------------------------------------------------------


def test_mou_with_five_articles_and_one_note_in_order(staff, agency, other_agency):
    agreement = services.agreement_create(
        actor=staff,
        title="تفاهم‌نامه",
        parties=[agency, other_agency],
        province=province(),
        state=Agreement.State.SIGNED,
        signed_on=TODAY,
    )
    for i in range(1, 6):
        services.agreement_clause_add(
            actor=staff, agreement=agreement, kind="article", text=f"ماده {i}"
        )
    services.agreement_clause_add(actor=staff, agreement=agreement, kind="note", text="تبصره")
    clauses = list(agreement.clauses.all())
    assert [(c.kind, c.number) for c in clauses] == [
        ("article", 1), ("article", 2), ("article", 3), ("article", 4), ("article", 5),
        ("note", 1),
    ]  # fmt: skip


def test_signed_agreement_needs_a_date_and_two_parties(staff, agency, other_agency):
    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=staff,
            title="x",
            parties=[agency, other_agency],
            state="signed",
            province=province(),
        )
    with pytest.raises(ValidationError):
        services.agreement_create(actor=staff, title="x", parties=[agency], province=province())


def test_an_agreement_is_signed_once(staff, staff_elsewhere, agency, other_agency):
    agreement = services.agreement_create(
        actor=staff, title="تفاهم‌نامه", parties=[agency, other_agency], province=province()
    )
    with pytest.raises(PermissionDenied):
        services.agreement_sign(actor=staff_elsewhere, agreement=agreement, signed_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.agreement_sign(
            actor=staff, agreement=agreement, signed_on=TODAY + datetime.timedelta(days=1)
        )
    assert "signed_on" in error.value.message_dict
    signed_on = TODAY - datetime.timedelta(days=3)
    services.agreement_sign(actor=staff, agreement=agreement, signed_on=signed_on)
    agreement.refresh_from_db()
    assert (agreement.state, agreement.signed_on, agreement.version) == ("signed", signed_on, 2)
    assert agreement.history.first().history_user == staff
    stale = Agreement.objects.get(pk=agreement.pk)
    stale.state = Agreement.State.TO_BE_SIGNED  # a copy read before the signing
    with pytest.raises(TransitionNotAllowed):
        services.agreement_sign(actor=staff, agreement=stale, signed_on=TODAY)
    agreement.refresh_from_db()
    assert agreement.signed_on == signed_on


def test_project_progress_is_the_weighted_mean_of_milestones(staff, agency, agency_rep):
    project = services.project_create(actor=staff, title="مرکز داده", owner=agency)
    a = services.milestone_add(actor=staff, project=project, title="ساختمان", weight=3)
    b = services.milestone_add(actor=staff, project=project, title="تجهیزات", weight=1)
    services.commitment_update_add(
        actor=agency_rep, commitment=a, percent=100, evidence_url="https://e.ir/a"
    )
    services.commitment_update_add(actor=agency_rep, commitment=b, percent=20)
    assert weighted_progress(project.milestones.all()) == 80  # (3×100 + 1×20) / 4
    assert weighted_progress([]) is None


def test_project_from_proposal_reads_its_fields_and_is_idempotent(staff, agency):
    proposal = ProposalFactory(
        title="سامانه نوبت‌دهی",
        problem="صف‌های طولانی",
        beneficiary=agency,
        approved_budget=5_000_000_000,
    )
    project = services.project_create_from_proposal(actor=staff, proposal=proposal)
    assert (project.source_proposal, project.budget_rial, project.owner, project.province) == (
        proposal,
        5_000_000_000,
        agency,
        proposal.province,
    )
    assert (project.kind, project.title, project.description) == (
        "proposal",
        "سامانه نوبت‌دهی",
        "صف‌های طولانی",
    )
    assert services.project_create_from_proposal(actor=staff, proposal=proposal) == project
    assert list(proposal.projects.all()) == [project]


def test_project_from_proposal_without_beneficiary_is_owned_by_its_submitter(staff, agency):
    proposal = ProposalFactory(
        beneficiary=None,
        submitter_organization=agency,
        approved_budget=7,
    )
    project = services.project_create_from_proposal(actor=staff, proposal=proposal)
    assert (project.owner, project.budget_rial) == (agency, 7)


def test_project_from_a_persons_proposal_has_no_owner_yet(staff):
    proposal = ProposalFactory(
        beneficiary=None,
        submitter_organization=None,
        submitter_person=PersonFactory(),
        approved_budget=10,
    )
    project = services.project_create_from_proposal(actor=staff, proposal=proposal)
    assert project.owner is None
    assert project.budget_rial == 10
    with pytest.raises(ValidationError):
        services.milestone_add(actor=staff, project=project, title="m")


def test_clause_commitment(staff, agency):
    clause = ClauseFactory(agreement__province=province())
    commitment = services.commitment_create(
        actor=staff,
        title="تعیین اولویت‌ها",
        owner=agency,
        source_type="clause",
        clause=clause,
        due_text="پایان مهر ۱۳۹۳",
    )
    assert commitment.due_on == datetime.date(2014, 10, 22)
    assert commitment.province == province()
    assert clause.kind == AgreementClause.Kind.ARTICLE


# --- Elections ---------------------------------------------------------------------------


def test_guild_board_election(staff):
    guild = OrganizationFactory(kind=Organization.Kind.GUILD)
    election = services.election_record(
        actor=staff, organization=guild, term=5, held_on=datetime.date(2016, 5, 1)
    )
    chair, member, loser = PersonFactory(), PersonFactory(), PersonFactory()
    services.candidate_add(
        actor=staff, election=election, person=chair, votes=90, elected=True, board_role="chair"
    )
    services.candidate_add(actor=staff, election=election, person=member, votes=70, elected=True)
    services.candidate_add(actor=staff, election=election, person=loser, votes=10)
    with pytest.raises(ValidationError):
        services.candidate_add(
            actor=staff, election=election, person=PersonFactory(), board_role="chair"
        )
    found, members = guild_board_for(viewer=None, organization=guild)
    assert found == election
    assert {m.person for m in members} == {chair, member}


def test_guild_board_shows_on_the_guilds_registry_page(staff, client):
    guild = OrganizationFactory(kind=Organization.Kind.GUILD)
    election = services.election_record(
        actor=staff, organization=guild, term=5, held_on=datetime.date(2016, 5, 1)
    )
    chair = PersonFactory()
    services.candidate_add(
        actor=staff, election=election, person=chair, votes=90, elected=True, board_role="chair"
    )
    html = client.get(f"/registry/organizations/{guild.pk}/").content.decode()
    assert 'id="guild-board"' in html
    assert "دوره ۵" in html
    assert str(chair) in html


def test_election_only_for_guilds(staff, agency):
    with pytest.raises(ValidationError):
        services.election_record(actor=staff, organization=agency, term=1, held_on=TODAY)


def test_non_staff_cannot_record_elections(agency_rep):
    guild = OrganizationFactory(kind=Organization.Kind.GUILD)
    with pytest.raises(PermissionDenied):
        services.election_record(actor=agency_rep, organization=guild, term=1, held_on=TODAY)


def test_national_bodies_need_national_staff(staff):
    with pytest.raises(PermissionDenied):
        services.body_create(actor=staff, name="شورای ملی", kind="council", province=None)
    national = UserFactory()
    grant(national, Role.NATIONAL_STAFF)
    body = services.body_create(actor=national, name="شورای ملی", kind="council", province=None)
    assert body.province is None


def test_reads_compute_the_status_for_today_without_writing(agency):
    """The stored copy is a day old (the periodic task has not run): reads still say late."""
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - datetime.timedelta(days=1))
    Commitment.objects.filter(pk=commitment.pk).update(status=CommitmentStatus.NOT_STARTED)
    (row,) = commitment_list(viewer=None)
    assert row.current_status == CommitmentStatus.LATE
    assert status_counts(commitment_list(viewer=None))[CommitmentStatus.LATE] == 1
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.NOT_STARTED  # nothing was written


def test_staff_move_a_deadline_with_a_reason_and_reminders_rearm(agency, agency_rep, staff):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - datetime.timedelta(days=1))
    assert commitment.status == CommitmentStatus.LATE
    with pytest.raises(PermissionDenied):
        services.commitment_edit(
            actor=agency_rep, commitment=commitment, expected_version=1, title="x", due_on=None
        )
    with pytest.raises(ValidationError) as error:
        services.commitment_edit(
            actor=staff,
            commitment=commitment,
            expected_version=1,
            title="x",
            due_on="پایان اسفند ۱۴۰۵",
        )
    assert "reason" in error.value.message_dict
    services.commitment_edit(
        actor=staff,
        commitment=commitment,
        expected_version=1,
        title=commitment.title,
        due_on="1499/01/31",
        reason="تمدید با مصوبه کارگروه",
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.NOT_STARTED
    assert commitment.version == 2
    assert commitment.history.first().history_change_reason == "تمدید با مصوبه کارگروه"
    with pytest.raises(EditConflict):
        services.commitment_edit(
            actor=staff, commitment=commitment, expected_version=1, title="y", due_on="1499/01/31"
        )
