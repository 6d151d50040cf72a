import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khooshe.governance import services
from khooshe.governance.models import Commitment, CommitmentStatus, CommitmentUpdate
from khooshe.governance.services import sanitize_minutes
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    ClauseFactory,
    CommitmentFactory,
    MeetingFactory,
    ProjectFactory,
    province,
)
from khooshe.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_board_lists_public_commitments_with_counts(client, agency, django_assert_max_num_queries):
    for i in range(12):
        CommitmentFactory(
            owner=agency,
            due_on=datetime.date.today() - datetime.timedelta(days=i + 1),  # late
        )
    CommitmentFactory(owner=agency, title="پنهان", is_public=False)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:index"), {"province": "IR-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "پنهان" not in html
    assert 'data-status="late"' in html
    assert "کارنامه دستگاه‌ها" in html
    assert "۱۲" in html


def test_board_filters_by_status_and_htmx_gets_the_partial(client, agency):
    CommitmentFactory(owner=agency, title="دیرکرد", due_on=datetime.date(2020, 1, 1))
    CommitmentFactory(owner=agency, title="در راه", last_percent=10)
    response = client.get(
        reverse("governance:index"),
        {"status": "late"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="board-results",
    )
    html = response.content.decode()
    assert "دیرکرد" in html
    assert "در راه" not in html
    assert "<html" not in html
    assert response["Vary"]
    assert "HX-Request" in response["Vary"]


def test_board_restored_by_the_back_button_is_a_whole_page(client, agency):
    """htmx restores history with ``historyCacheSize: 0`` by asking the server again, with
    HX-Request and HX-History-Restore-Request: that must get the whole page, not the bare
    ``#board-results`` fragment."""
    CommitmentFactory(owner=agency, title="دیرکرد", due_on=datetime.date(2020, 1, 1))
    response = client.get(
        reverse("governance:index"),
        {"status": "late"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/governance/?status=late",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'id="board-filters"' in html
    assert "دیرکرد" in html
    assert "HX-Request" in response["Vary"]


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_a_commitment_past_due_reads_late_without_a_write(client, agency, agency_rep):
    """The stored copy still says "not started" (the periodic task has not run since the
    deadline passed): the board, its counts, its filter and the desk say late, and the
    requests write nothing."""
    commitment = CommitmentFactory(owner=agency, title="دیرکرد", due_on=datetime.date(2020, 1, 1))
    Commitment.objects.filter(pk=commitment.pk).update(status=CommitmentStatus.NOT_STARTED)
    client.force_login(agency_rep)
    with CaptureQueriesContext(connection) as board:
        html = client.get(reverse("governance:index"), {"status": "late"}).content.decode()
    assert "دیرکرد" in html
    assert 'data-status="late"' in html
    assert 'class="badge status-late' in html
    with CaptureQueriesContext(connection) as desk:
        html = client.get(reverse("core:desk")).content.decode()
    assert "دیرکرد" in html
    with CaptureQueriesContext(connection) as detail:
        html = client.get(reverse("governance:commitment_detail", args=[commitment.pk]))
    assert 'class="badge status-late' in html.content.decode()
    assert _writes(board.captured_queries + desk.captured_queries + detail.captured_queries) == []
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.NOT_STARTED


def test_progress_typed_in_persian_digits_is_saved(client, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(agency_rep)
    form_html = client.get(reverse("governance:commitment_detail", args=[commitment.pk]))
    assert 'type="number"' not in form_html.content.decode()
    response = client.post(
        reverse("governance:commitment_update", args=[commitment.pk]),
        {"percent": "۴۰", "text": "نیمه راه"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.last_percent == 40
    assert commitment.updates.get().percent == 40


def test_a_refused_progress_report_is_a_400(client, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(agency_rep)
    url = reverse("governance:commitment_update", args=[commitment.pk])
    assert client.post(url, {"percent": "۱۰۰"}).status_code == 400  # done needs evidence
    assert client.post(url, {"percent": "۱۲۰"}).status_code == 400  # out of range


def test_an_agreement_page_signs_once(client, staff):
    agreement = AgreementFactory()
    client.force_login(staff)
    detail = reverse("governance:agreement_detail", args=[agreement.pk])
    url = reverse("governance:agreement_sign", args=[agreement.pk])
    assert 'action="' + url in client.get(detail).content.decode()
    response = client.post(url, {"signed_on": "۱۴۰۳/۰۵/۰۱"}, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "امضای سند ثبت شد" in response.content.decode()
    assert 'action="' + url not in response.content.decode()  # no second signing form
    agreement.refresh_from_db()
    assert (agreement.state, agreement.signed_on) == ("signed", datetime.date(2024, 7, 22))
    # a second post (another tab, a replayed form) is refused with the message, not re-signed
    response = client.post(url, {"signed_on": "۱۴۰۳/۰۶/۰۱"}, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "ممکن نیست" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.signed_on == datetime.date(2024, 7, 22)


def test_cancelling_twice_shows_the_refusal(client, staff, agency):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(staff)
    url = reverse("governance:commitment_cancel", args=[commitment.pk])
    assert client.post(url, {"reason": "منتفی شد"}).status_code == 302
    response = client.post(url, {"reason": "دوباره"}, follow=True)
    assert "ممکن نیست" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.cancel_reason == "منتفی شد"


def test_board_filters_by_body_and_year(client, agency):
    body = BodyFactory()
    CommitmentFactory(
        owner=agency, title="مصوبه کارگروه", body=body, due_on=datetime.date(2016, 3, 1)
    )
    CommitmentFactory(owner=agency, title="دیگری", due_on=datetime.date(2016, 3, 1))
    html = client.get(reverse("governance:index"), {"body": body.pk}).content.decode()
    assert "مصوبه کارگروه" in html
    assert "دیگری" not in html
    html = client.get(reverse("governance:index"), {"year": 1394}).content.decode()
    assert "مصوبه کارگروه" in html
    html = client.get(reverse("governance:index"), {"year": 1395}).content.decode()
    assert "مصوبه کارگروه" not in html
    html = client.get(reverse("governance:index"), {"year": "۱۳۹۴"}).content.decode()
    assert "مصوبه کارگروه" in html
    assert 'type="number"' not in html


def test_commitment_page_shows_timeline_and_form_only_to_owner(
    client, agency, agency_rep, other_rep
):
    commitment = CommitmentFactory(owner=agency, due_on=datetime.date(2014, 9, 22))
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=30, text="گام نخست"
    )
    url = reverse("governance:commitment_detail", args=[commitment.pk])
    html = client.get(url).content.decode()
    assert "گام نخست" in html
    assert "۱۳۹۳" in html
    assert "ثبت گزارش پیشرفت" not in html
    client.force_login(other_rep)
    assert "ثبت گزارش پیشرفت" not in client.get(url).content.decode()
    client.force_login(agency_rep)
    assert "ثبت گزارش پیشرفت" in client.get(url).content.decode()


def test_posting_an_update(client, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(agency_rep)
    url = reverse("governance:commitment_update", args=[commitment.pk])
    response = client.post(url, {"percent": 100, "text": "تمام"})
    assert response.status_code == 400
    assert "مستند" in response.content.decode()
    response = client.post(url, {"percent": 50, "reported_on": "", "idempotency_key": "k1"})
    assert response.status_code == 302
    client.post(url, {"percent": 50, "idempotency_key": "k1"})  # double click
    assert CommitmentUpdate.objects.count() == 1


def test_another_agency_cannot_post_an_update(client, agency, other_rep):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(other_rep)
    response = client.post(
        reverse("governance:commitment_update", args=[commitment.pk]), {"percent": 10}
    )
    assert response.status_code == 403


def test_private_commitment_is_404_for_visitors(client, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency, is_public=False)
    url = reverse("governance:commitment_detail", args=[commitment.pk])
    assert client.get(url).status_code == 404
    client.force_login(agency_rep)
    assert client.get(url).status_code == 200


def test_minutes_print_page_has_jalali_dates_and_persian_digits(client, staff, agency):
    meeting = MeetingFactory(title="نخستین نشست خوشه", minutes="<p>متن</p>")
    services.resolution_create(actor=staff, meeting=meeting, text="تشکیل دبیرخانه", owner=agency)
    services.attendance_add(actor=staff, meeting=meeting, name="الهام صفوی", title="مدیر")
    response = client.get(reverse("governance:meeting_print", args=[meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "صورتجلسه" in html
    assert "۲ تیر ۱۴۰۳" in html
    assert "۱۴۰۳/۰۱" in html  # the resolution number
    assert "الهام صفوی" in html
    assert "data-print" in html


def test_staff_records_a_resolution_from_the_meeting_page(client, staff, agency):
    meeting = MeetingFactory()
    client.force_login(staff)
    response = client.post(
        reverse("governance:resolution_add", args=[meeting.pk]),
        {"text": "ارائه خدمات در جشنواره", "owner": agency.pk, "due_on": "پایان اسفند ۱۴۰۳"},
    )
    assert response.status_code == 302
    resolution = meeting.resolutions.get()
    assert resolution.commitments.get().due_on == datetime.date(2025, 3, 20)


def test_agency_rep_cannot_edit_minutes(client, agency_rep):
    meeting = MeetingFactory()
    client.force_login(agency_rep)
    assert client.get(reverse("governance:meeting_minutes", args=[meeting.pk])).status_code == 403


def test_minutes_edit_conflict(client, staff):
    meeting = MeetingFactory()
    client.force_login(staff)
    url = reverse("governance:meeting_minutes", args=[meeting.pk])
    assert client.post(url, {"minutes": "<p>یک</p>", "version": 1}).status_code == 302
    response = client.post(url, {"minutes": "<p>دو</p>", "version": 1})
    assert response.status_code == 409
    assert "نسخه" in response.content.decode()


def test_agreement_page_shows_articles_and_note_in_order(client, django_assert_max_num_queries):
    clause = ClauseFactory(number=1, position=1, text="ماده نخست")
    agreement = clause.agreement
    for i in range(2, 6):
        ClauseFactory(agreement=agreement, number=i, position=i, text=f"متن {i}")
    ClauseFactory(agreement=agreement, kind="note", number=1, position=6, text="متن تبصره")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("governance:agreement_detail", args=[agreement.pk]))
    html = response.content.decode()
    assert "در ۵ ماده و ۱ تبصره" in html
    assert html.index("ماده نخست") < html.index("متن 5") < html.index("متن تبصره")


def test_lists_render_within_query_budgets(client, agency, django_assert_max_num_queries):
    for _ in range(5):
        project = ProjectFactory(owner=agency)
        CommitmentFactory(owner=agency, source_type="milestone", project=project)
        BodyFactory()
        ClauseFactory()
    for name in ("body_list", "agreement_list", "project_list"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(f"governance:{name}")).status_code == 200


def test_project_page_shows_weights(client, staff, agency):
    project = ProjectFactory(owner=agency, province=province())
    services.milestone_add(actor=staff, project=project, title="ساختمان", weight=3)
    services.milestone_add(actor=staff, project=project, title="تجهیزات", weight=1)
    html = client.get(reverse("governance:project_detail", args=[project.pk])).content.decode()
    assert "۷۵٪" in html
    assert "۲۵٪" in html
    assert "جمع وزن‌ها" in html


def test_body_page_and_history_pages(client, staff, agency):
    meeting = MeetingFactory()
    resolution = services.resolution_create(actor=staff, meeting=meeting, text="x", owner=agency)
    commitment = resolution.commitments.get()
    assert client.get(reverse("governance:body_detail", args=[meeting.body_id])).status_code == 200
    assert client.get(reverse("governance:meeting_detail", args=[meeting.pk])).status_code == 200
    assert (
        client.get(reverse("governance:commitment_history", args=[commitment.pk])).status_code
        == 200
    )
    assert client.get(reverse("governance:meeting_history", args=[meeting.pk])).status_code == 200
    response = client.get(reverse("governance:resolution_detail", args=[resolution.pk]))
    assert response.status_code == 302


def test_cancel_from_the_page(client, staff, agency):
    commitment = CommitmentFactory(owner=agency)
    client.force_login(staff)
    client.post(reverse("governance:commitment_cancel", args=[commitment.pk]), {"reason": "منتفی"})
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.CANCELLED


def test_mine_shows_only_my_organizations_commitments(client, agency, other_agency, agency_rep):
    CommitmentFactory(owner=agency, title="از آن من")
    CommitmentFactory(owner=other_agency, title="از آن دیگری")
    client.force_login(agency_rep)
    html = client.get(reverse("governance:index"), {"mine": "1"}).content.decode()
    assert "از آن من" in html
    assert "از آن دیگری" not in html


def test_admin_pages_load(admin_client, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=10)
    for url in (
        "/admin/governance/commitment/",
        f"/admin/governance/commitment/{commitment.pk}/change/",
        "/admin/governance/commitmentupdate/",
        "/admin/governance/agreement/",
        "/admin/governance/body/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_board_in_english(client, agency):
    CommitmentFactory(owner=agency, due_on=datetime.date(2014, 9, 22))  # late
    client.cookies["khooshe_language"] = "en"
    html = client.get(reverse("governance:index")).content.decode()
    assert "Commitment tracker" in html
    assert "Scorecard of agencies" in html
    assert "1393/06/31" in html  # Latin digits in English


def test_timeline_is_in_date_order(client, agency, agency_rep):
    commitment = CommitmentFactory(
        owner=agency, due_on=datetime.date.today() - datetime.timedelta(days=10)
    )
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=20, text="گام یک",
        reported_on=datetime.date.today() - datetime.timedelta(days=20),
    )  # fmt: skip
    services.commitment_update_add(
        actor=agency_rep, commitment=commitment, percent=100, text="پایان",
        evidence_url="https://e.ir/x",
    )  # fmt: skip
    html = client.get(
        reverse("governance:commitment_detail", args=[commitment.pk])
    ).content.decode()
    timeline = html[html.index('id="timeline"') :]
    assert timeline.index("گام یک") < timeline.index("موعد") < timeline.index("پایان")
    assert 'class="progress-bar progress-bar-width" data-progress="100"' in html


def test_board_query_budget_with_every_source(client, staff, agency, django_assert_max_num_queries):
    for i in range(4):
        meeting = MeetingFactory()
        services.resolution_create(actor=staff, meeting=meeting, text=f"r{i}", owner=agency)
        CommitmentFactory(owner=agency, source_type="clause", clause=ClauseFactory())
        services.milestone_add(actor=staff, project=ProjectFactory(owner=agency), title=f"m{i}")
        CommitmentFactory(owner=agency, source_url="https://news.example.ir/1", source_note="خبر")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:index"))
    html = response.content.decode()
    assert html.count("<tr>") >= 16
    assert "مصوبه" in html
    assert "مرحله پروژه" in html


def test_unknown_year_shows_nothing(client, agency):
    CommitmentFactory(owner=agency, title="یک")
    html = client.get(reverse("governance:index"), {"year": 99999}).content.decode()
    assert "تعهدی با این شرایط نیست" in html


def test_body_scorecard_and_election_list(client, staff, agency):
    meeting = MeetingFactory()
    services.resolution_create(actor=staff, meeting=meeting, text="x", owner=agency)
    html = client.get(reverse("governance:index")).content.decode()
    assert 'id="body-scorecard"' in html
    assert meeting.body.name in html
    assert client.get(reverse("governance:election_list")).status_code == 200


def test_plain_text_minutes_keep_their_paragraphs():
    assert sanitize_minutes("بند یک\n\nبند دو") == "<p>بند یک</p>\n\n<p>بند دو</p>"
    assert sanitize_minutes("a < b") == "<p>a &lt; b</p>"


def test_staff_edit_a_commitment_from_its_page(client, staff, agency_rep, agency):
    commitment = CommitmentFactory(owner=agency)
    url = reverse("governance:commitment_edit", args=[commitment.pk])
    client.force_login(agency_rep)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "عنوان تازه", "due_on": "پایان مهر ۱۴۰۶", "reason": "تمدید", "version": 1},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "عنوان تازه"
    response = client.post(url, {"title": "دوباره", "due_on": "", "reason": "x", "version": 1})
    assert response.status_code == 409  # edited since version 1


def test_project_from_a_proposal_links_to_it(client, agency):
    proposal = ProposalFactory()
    project = ProjectFactory(owner=agency, source_proposal=proposal, kind="proposal")
    html = client.get(reverse("governance:project_detail", args=[project.pk])).content.decode()
    assert reverse("proposals:detail", args=[proposal.pk]) in html


def test_detail_pages_query_budgets(
    client, staff, agency, agency_rep, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    for i in range(3):
        services.resolution_create(actor=staff, meeting=meeting, text=f"r{i}", owner=agency)
        services.attendance_add(actor=staff, meeting=meeting, name=f"حاضر {i}")
    commitment = meeting.resolutions.first().commitments.get()
    for percent in (10, 20, 30, 40, 50, 60):
        services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=percent)
    # Anonymous: no desk counts of other capabilities in the header. The meeting adds its
    # invitations, confirmations, amendments and the follow-up of earlier resolutions.
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("governance:meeting_detail", args=[meeting.pk])).status_code == 200
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("governance:meeting_print", args=[meeting.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(reverse("governance:commitment_detail", args=[commitment.pk]))
    assert response.status_code == 200
