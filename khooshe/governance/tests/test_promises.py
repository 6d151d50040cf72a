"""Done is accepted, not claimed; deadlines keep their history; the escalation ladder."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance import services
from khooshe.governance.models import (
    Commitment,
    CommitmentExtension,
    CommitmentReview,
    CommitmentStatus,
    EscalationStep,
    PromiseSettings,
    ReminderSent,
)
from khooshe.governance.selectors import commitment_ladder, owner_scorecard
from khooshe.governance.tests.factories import (
    BodyFactory,
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
    province,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
LINK = "https://example.ir/done"


@pytest.fixture
def second_staff():
    user = UserFactory(username="gov-staff-2")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


def _report_done(actor, commitment, on=None):
    return services.commitment_update_add(
        actor=actor, commitment=commitment, percent=100, evidence_url=LINK, reported_on=on
    )


# --- Done is accepted, not claimed ---------------------------------------------------------


def test_the_owners_100_percent_report_awaits_acceptance(agency, agency_rep):
    """Probe: the promising agency's representative reports 100 % with a link — it is not
    done on time with nobody agreeing."""
    commitment = CommitmentFactory(owner=agency, due_on=TODAY + 30 * DAY)
    _report_done(agency_rep, commitment)
    commitment.refresh_from_db()
    assert commitment.current_status == CommitmentStatus.AWAITING
    assert commitment.done_on is None
    assert not Commitment.objects.filter(status=CommitmentStatus.DONE_ON_TIME).exists()
    # The owner's representative cannot accept their own report.
    with pytest.raises(PermissionDenied):
        services.commitment_accept(actor=agency_rep, commitment=commitment)


def test_acceptance_dates_done_by_the_report_so_timeliness_is_when_the_work_was_done(
    agency, agency_rep, staff
):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - 5 * DAY)
    _report_done(agency_rep, commitment, on=TODAY - 6 * DAY)  # done a day before the due date
    commitment.refresh_from_db()
    assert commitment.current_status == CommitmentStatus.AWAITING
    services.commitment_accept(actor=staff, commitment=commitment, note="بازدید شد")
    commitment.refresh_from_db()
    assert commitment.done_on == TODAY - 6 * DAY
    assert commitment.current_status == CommitmentStatus.DONE_ON_TIME
    review = CommitmentReview.objects.get(commitment=commitment)
    assert (review.decision, review.actor) == (CommitmentReview.Decision.ACCEPTED, staff)
    assert commitment.history.first().history_user == staff
    with pytest.raises(TransitionNotAllowed):  # accepted once
        services.commitment_accept(actor=staff, commitment=commitment)


def test_a_staff_report_needs_a_second_staff_member(agency, staff, second_staff):
    commitment = CommitmentFactory(owner=agency)
    _report_done(staff, commitment)
    with pytest.raises(PermissionDenied) as refused:
        services.commitment_accept(actor=staff, commitment=commitment)
    assert "گزارش‌دهنده" in str(refused.value)
    services.commitment_accept(actor=second_staff, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.current_status == CommitmentStatus.DONE_ON_TIME


def test_staff_of_another_province_and_other_agencies_cannot_accept(
    agency, agency_rep, staff_elsewhere, other_rep
):
    commitment = CommitmentFactory(owner=agency)
    _report_done(agency_rep, commitment)
    for user in (staff_elsewhere, other_rep):
        with pytest.raises(PermissionDenied):
            services.commitment_accept(actor=user, commitment=commitment)


def test_the_bodys_secretariat_accepts_a_resolutions_report(agency, agency_rep):
    secretariat = OrganizationFactory()
    secretary = UserFactory()
    grant(secretary, Role.AGENCY_REP, organization=secretariat)
    body = BodyFactory(secretariat_organization=secretariat)
    resolution = services.resolution_create(
        actor=_admin(),
        meeting=MeetingFactory(body=body),
        text="راه‌اندازی سامانه",
        owner=agency,
        due_on=TODAY + 20 * DAY,
    )
    commitment = resolution.commitments.get()
    _report_done(agency_rep, commitment)
    services.commitment_accept(actor=secretary, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.current_status == CommitmentStatus.DONE_ON_TIME


def _admin():
    user = UserFactory()
    grant(user, Role.ADMIN)
    return user


def test_contest_goes_back_to_the_last_percentage_below_100(agency, agency_rep, staff):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - 2 * DAY)
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=60, reported_on=TODAY - 3 * DAY
    )
    _report_done(agency_rep, commitment)
    with pytest.raises(ValidationError):
        services.commitment_contest(actor=staff, commitment=commitment, reason=" ")
    services.commitment_contest(actor=staff, commitment=commitment, reason="سامانه باز نمی‌شود")
    commitment.refresh_from_db()
    assert commitment.last_percent == 60
    assert commitment.reported_done_on is None
    assert commitment.current_status == CommitmentStatus.LATE
    review = CommitmentReview.objects.get(commitment=commitment)
    assert (review.decision, review.percent_after) == (CommitmentReview.Decision.CONTESTED, 60)
    assert Notification.objects.filter(recipient=agency_rep).exists()
    # The owner may report again.
    _report_done(agency_rep, commitment)


def test_acceptance_is_automatic_after_the_provinces_days_and_labelled(agency, agency_rep):
    PromiseSettings.objects.create(province=province("IR-02"), auto_accept_days=5)
    commitment = CommitmentFactory(owner=agency, due_on=TODAY + 30 * DAY)
    _report_done(agency_rep, commitment)
    assert services.commitments_auto_accept(today=TODAY + 4 * DAY) == 0
    assert services.commitments_auto_accept(today=TODAY + 5 * DAY) == 1
    commitment.refresh_from_db()
    assert commitment.done_on == TODAY
    assert commitment.accepted_automatically
    review = CommitmentReview.objects.get(commitment=commitment)
    assert review.decision == CommitmentReview.Decision.AUTO_ACCEPTED
    assert review.actor is None
    assert services.commitments_auto_accept(today=TODAY + 9 * DAY) == 0


# --- Deadlines keep their history ----------------------------------------------------------


def test_a_commitment_40_days_late_extended_stays_late_against_the_original(agency, staff):
    """Probe: a commitment 40 days late gets a new due date — it does not quietly become
    "not started": the extension is recorded and it is late against the original."""
    original = TODAY - 40 * DAY
    commitment = CommitmentFactory(owner=agency, due_on=original, original_due_on=original)
    assert commitment.current_status == CommitmentStatus.LATE
    extension = services.commitment_extend(
        actor=staff,
        commitment=commitment,
        new_due_on=TODAY + 60 * DAY,
        reason="نامه استانداری",
        source=CommitmentExtension.Source.LETTER,
        source_reference="۱۲۳/۴۵",
    )
    commitment.refresh_from_db()
    assert commitment.original_due_on == original
    assert commitment.due_on == TODAY + 60 * DAY
    assert (commitment.extension_count, commitment.extension_days) == (1, 100)
    assert commitment.late_against_original is True
    assert (extension.old_due_on, extension.new_due_on, extension.actor) == (
        original,
        TODAY + 60 * DAY,
        staff,
    )
    assert "نامه استانداری" in commitment.history.first().history_change_reason
    # The scorecard counts it as extended and late against the original.
    row = owner_scorecard(Commitment.objects.filter(pk=commitment.pk))[0]
    assert (row["extended"], row["extensions"], row["extension_days"]) == (1, 1, 100)
    assert row["late_original"] == 1


def test_done_after_an_extension_is_labelled_so(agency, agency_rep, staff):
    commitment = CommitmentFactory(owner=agency, due_on=TODAY - 10 * DAY)
    commitment.original_due_on = commitment.due_on
    commitment.save()
    services.commitment_extend(
        actor=staff, commitment=commitment, new_due_on=TODAY + 10 * DAY, reason="مصوبه"
    )
    _report_done(agency_rep, commitment)
    services.commitment_accept(actor=staff, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.current_status == CommitmentStatus.DONE_EXTENDED
    row = owner_scorecard(Commitment.objects.filter(pk=commitment.pk))[0]
    assert (row["on_time"], row["on_time_original"], row["done_extended"]) == (1, 0, 1)


def test_extension_rules(agency, agency_rep, staff, other_rep):
    commitment = CommitmentFactory(owner=agency)
    with pytest.raises(PermissionDenied):
        services.commitment_extend(
            actor=agency_rep, commitment=commitment, new_due_on=TODAY, reason="x"
        )
    with pytest.raises(ValidationError) as refused:
        services.commitment_extend(
            actor=staff, commitment=commitment, new_due_on=commitment.due_on, reason=""
        )
    assert set(refused.value.error_dict) == {"new_due_on", "reason"}
    with pytest.raises(ValidationError) as refused:
        services.commitment_extend(
            actor=staff,
            commitment=commitment,
            new_due_on=TODAY,
            reason="x",
            source=CommitmentExtension.Source.RESOLUTION,
        )
    assert "source_resolution" in refused.value.error_dict
    elsewhere = services.resolution_create(
        actor=_admin(),
        meeting=MeetingFactory(body=BodyFactory(province=province("IR-03"))),
        text="تمدید",
        owner=agency,
    )
    with pytest.raises(ValidationError) as refused:
        services.commitment_extend(
            actor=staff,
            commitment=commitment,
            new_due_on=TODAY,
            reason="x",
            source=CommitmentExtension.Source.RESOLUTION,
            source_resolution=elsewhere,
        )
    assert "source_resolution" in refused.value.error_dict
    _report_done(agency_rep, commitment)
    with pytest.raises(TransitionNotAllowed):  # not after it is reported done
        services.commitment_extend(
            actor=staff, commitment=commitment, new_due_on=TODAY + 90 * DAY, reason="x"
        )
    assert not CommitmentExtension.objects.exists()


def test_the_edit_form_moving_the_date_records_an_extension(agency, staff):
    commitment = CommitmentFactory(owner=agency)
    commitment.original_due_on = commitment.due_on
    commitment.save()
    services.commitment_edit(
        actor=staff,
        commitment=commitment,
        expected_version=commitment.version,
        title=commitment.title,
        due_on=TODAY + 45 * DAY,
        reason="درخواست دستگاه",
    )
    extension = CommitmentExtension.objects.get()
    assert extension.reason == "درخواست دستگاه"
    commitment.refresh_from_db()
    assert commitment.extension_count == 1


def test_stated_dates_are_kept_and_staff_choose_the_baseline(agency, staff):
    commitment = services.commitment_create(
        actor=staff,
        title="بهره‌برداری از مرکز تماس",
        owner=agency,
        source_type=Commitment.SourceType.PUBLIC_RECORD,
        due_text="پایان مهر ۱۴۰۵",
        source_note="معاون وزیر",
        province=province("IR-02"),
    )
    assert commitment.original_due_on == commitment.due_on
    later = services.commitment_due_statement_add(
        actor=staff, commitment=commitment, due_on="پایان اسفند ۱۴۰۵", source_note="استانداری"
    )
    statements = list(commitment.due_statements.order_by("due_on"))
    assert [s.is_baseline for s in statements] == [True, False]
    assert statements[0].source_note == "معاون وزیر"
    services.commitment_baseline_choose(actor=staff, commitment=commitment, statement=later)
    commitment.refresh_from_db()
    assert commitment.original_due_on == later.due_on == commitment.due_on
    assert list(commitment.due_statements.filter(is_baseline=True)) == [later]


# --- The escalation ladder -----------------------------------------------------------------


def test_the_default_ladder_climbs_once_per_due_date_and_an_extension_resets_it(
    agency, agency_rep, staff
):
    secretariat = OrganizationFactory()
    secretary = UserFactory()
    grant(secretary, Role.AGENCY_REP, organization=secretariat)
    body = BodyFactory(secretariat_organization=secretariat)
    resolution = services.resolution_create(
        actor=staff,
        meeting=MeetingFactory(body=body),
        text="پیگیری",
        owner=agency,
        due_on=TODAY,
    )
    commitment = resolution.commitments.get()
    due = commitment.due_on
    assert services.send_escalations(today=due) == 1  # the owner, on the due date
    assert services.send_escalations(today=due) == 0
    assert services.send_escalations(today=due + 15 * DAY) == 1  # the secretariat
    assert Notification.objects.filter(recipient=secretary).count() == 1
    assert services.send_escalations(today=due + 31 * DAY) == 1  # the governorate
    assert Notification.objects.filter(recipient=staff).count() == 1
    commitment.refresh_from_db()
    assert commitment.followup_since == due + 31 * DAY
    ladder = commitment_ladder(commitment, today=due + 31 * DAY)
    assert [step["state"] for step in ladder["steps"]] == ["sent"] * 3
    # An extension resets the ladder visibly; the old rows stay.
    services.commitment_extend(
        actor=staff, commitment=commitment, new_due_on=due + 60 * DAY, reason="مصوبه جلسه"
    )
    commitment.refresh_from_db()
    assert commitment.followup_since is None
    ladder = commitment_ladder(commitment)
    assert [step["state"] for step in ladder["steps"]] == ["pending"] * 3
    assert len(ladder["reset"]) == 3
    assert services.send_escalations(today=due + 60 * DAY) == 1


def test_a_provinces_own_ladder_and_stopping_by_report_or_cancellation(agency, agency_rep, staff):
    services.ladder_set(
        actor=staff,
        province=province("IR-02"),
        rungs=[(3, EscalationStep.Notify.GOVERNORATE, False)],
        auto_accept_days=7,
    )
    late = CommitmentFactory(owner=agency, due_on=TODAY - 3 * DAY)
    reported = CommitmentFactory(owner=agency, due_on=TODAY - 3 * DAY)
    cancelled = CommitmentFactory(owner=agency, due_on=TODAY - 3 * DAY)
    _report_done(agency_rep, reported)
    services.commitment_cancel(actor=staff, commitment=cancelled, reason="منتفی")
    assert services.send_escalations(today=TODAY) == 1
    assert list(ReminderSent.objects.values_list("commitment", "kind")) == [(late.pk, "esc_3_g")]
    assert PromiseSettings.objects.get().auto_accept_days == 7
    reported.refresh_from_db()
    ladder = commitment_ladder(reported)
    assert [step["state"] for step in ladder["steps"]] == ["stopped"]


def test_only_staff_set_the_ladder(agency_rep):
    with pytest.raises(PermissionDenied):
        services.ladder_set(actor=agency_rep, province=province("IR-02"), rungs=[])


# --- Pages ---------------------------------------------------------------------------------


def test_pages_show_awaiting_extended_and_late_against_the_original(
    client, agency, agency_rep, staff, django_assert_max_num_queries
):
    late = CommitmentFactory(owner=agency, due_on=TODAY - 40 * DAY, title="تعهد تمدیدشده")
    late.original_due_on = late.due_on
    late.save()
    services.commitment_extend(
        actor=staff, commitment=late, new_due_on=TODAY + 60 * DAY, reason="نامه"
    )
    awaiting = CommitmentFactory(owner=agency, title="تعهد گزارش‌شده")
    _report_done(agency_rep, awaiting)
    board = client.get(reverse("governance:index")).content.decode()
    assert "در انتظار پذیرش" in board
    assert "تمدید ۱ بار، روی‌هم ۱۰۰ روز" in board
    assert "با تأخیر نسبت به موعد اصلی" in board
    url = reverse("governance:commitment_detail", args=[awaiting.pk])
    client.force_login(agency_rep)
    page = client.get(url).content.decode()
    assert 'id="review-refusal"' in page
    assert "commitment_accept" not in page
    assert 'id="review"' not in page
    client.force_login(staff)
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert 'id="review"' in page
    response = client.post(reverse("governance:commitment_accept", args=[awaiting.pk]), {})
    assert response.status_code == 302
    awaiting.refresh_from_db()
    assert awaiting.current_status == CommitmentStatus.DONE_ON_TIME
    page = client.get(reverse("governance:commitment_detail", args=[late.pk])).content.decode()
    assert 'id="original-due"' in page
    assert 'id="ladder"' in page
    assert 'id="extension-' in page
