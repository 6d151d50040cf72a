"""Exports of the lists users work with: the page's rows and filters as .xlsx or .csv (Jalali
beside ISO dates, formula-safe, right to left), the user's own permissions, and long lists
written in the background with progress, a desk entry and a download for that user alone."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from khooshe.accounts.tests.factories import Role, UserFactory, grant
from khooshe.core.desk import desk_for
from khooshe.governance.models import Attendance
from khooshe.governance.services import resolution_create
from khooshe.governance.tests.factories import (
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
)
from khooshe.loans.tests.factories import ApplicationFactory, ProgramFactory, application_for
from khooshe.opendata import exports
from khooshe.opendata.models import ExportFile
from khooshe.opendata.tests.conftest import content_of
from khooshe.proposals.models import ProposalState
from khooshe.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = UserFactory(username="export-staff")
    grant(user, Role.GOVERNORATE_STAFF, province="IR-02")
    return user


def _url(slug, fmt, **params):
    url = reverse("opendata:export", args=[slug, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _csv(response) -> list[dict]:
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_proposals_xlsx_holds_the_filtered_rows_right_to_left_with_jalali_dates(client, staff):
    submitted = ProposalFactory(
        title='=HYPERLINK("http://x")', state=ProposalState.SUBMITTED, estimated_budget=25 * 10**8
    )
    submitted.submitted_at = timezone.make_aware(datetime.datetime(2024, 6, 22, 10, 0))
    submitted.save()
    ProposalFactory(title="پیش‌نویس دیگران", state=ProposalState.DRAFT)
    ProposalFactory(title="طرح پذیرفته", state=ProposalState.APPROVED, approved_budget=10**9)
    client.force_login(staff)
    response = client.get(_url("proposals", "xlsx", state="submitted"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="proposals-14')
    sheet = load_workbook(io.BytesIO(content_of(response))).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    header, *rows = list(sheet.values)
    assert header[:2] == ("شناسه", "عنوان")
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["عنوان"] == '\'=HYPERLINK("http://x")'  # text, never a formula
    assert row["بودجه برآوردی"] == 25 * 10**8
    assert row["تاریخ ارسال (هجری شمسی)"] == "1403/04/02"


def test_proposals_csv_has_a_bom_and_mine_is_only_mine(client):
    actor = UserFactory(username="export-actor")
    mine = ProposalFactory(created_by=actor)
    grant(actor, Role.ACTOR, organization=mine.submitter_organization)
    ProposalFactory(state=ProposalState.SUBMITTED)
    client.force_login(actor)
    rows = _csv(client.get(_url("proposals", "csv", mode="mine")))
    assert [int(r["id"]) for r in rows] == [mine.pk]


def test_exports_need_a_signed_in_user_and_a_known_list(client, staff):
    assert client.get(_url("proposals", "csv")).status_code == 302
    client.force_login(staff)
    assert client.get(_url("nothing", "csv")).status_code == 404
    assert client.get("/opendata/exports/proposals.json").status_code == 404


def test_the_promise_board_export_is_what_the_board_shows_the_user(client, staff):
    shown = CommitmentFactory(title="مرکز داده استان")
    hidden = CommitmentFactory(title="تعهد پنهان", is_public=False)
    visitor = UserFactory(username="export-visitor")
    client.force_login(visitor)
    titles = [r["title"] for r in _csv(client.get(_url("commitments", "csv")))]
    assert shown.title in titles
    assert hidden.title not in titles
    client.force_login(staff)
    titles = [r["title"] for r in _csv(client.get(_url("commitments", "csv")))]
    assert hidden.title in titles


def test_the_list_page_links_to_its_export_with_its_filters(client, staff):
    client.force_login(staff)
    page = client.get(reverse("proposals:index"), {"state": "submitted", "page": "2"})
    html = page.content.decode()
    assert "/opendata/exports/proposals.xlsx?state=submitted" in html
    assert "page=2" not in html.split("/opendata/exports/proposals.xlsx")[1][:60]


def test_a_long_list_is_written_in_the_background_for_its_user_alone(
    client, staff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 2)
    for _n in range(3):
        ProposalFactory(state=ProposalState.SUBMITTED)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url("proposals", "csv", state="submitted"))
    assert response.status_code == 302
    job = ExportFile.objects.get()
    assert response.url == reverse("opendata:export_file", args=[job.pk])
    assert (job.state, job.rows_total, job.rows_written) == ("done", 3, 3)  # eager in tests
    page = client.get(response.url).content.decode()
    assert reverse("opendata:export_file_download", args=[job.pk]) in page
    assert [s.key for s in desk_for(staff)].count("exports") == 1
    other = UserFactory(username="export-other")
    grant(other, Role.GOVERNORATE_STAFF, province="IR-02")
    client.force_login(other)
    assert client.get(response.url).status_code == 404
    assert client.get(reverse("opendata:export_file_download", args=[job.pk])).status_code == 404
    client.force_login(staff)
    download = client.get(reverse("opendata:export_file_download", args=[job.pk]))
    assert len(_csv(download)) == 3
    assert "exports" not in [s.key for s in desk_for(staff)]


def test_old_files_are_deleted(staff):
    job = ExportFile.objects.create(user=staff, export="proposals", format="csv", state="done")
    later = timezone.now() + datetime.timedelta(days=exports.KEEP_DAYS + 1)
    assert exports.delete_old_files(now=later) == 1
    assert not ExportFile.objects.filter(pk=job.pk).exists()


def test_applications_export_follows_the_list_scope_state_and_program(client, staff):
    program = ProgramFactory()
    own = application_for(program)
    other = ApplicationFactory(program=program, state="submitted")
    ApplicationFactory(state="submitted")  # another program
    client.force_login(own.applicant)
    assert [int(r["id"]) for r in _csv(client.get(_url("loan-applications", "csv")))] == [own.pk]
    client.force_login(staff)
    rows = _csv(client.get(_url("loan-applications", "csv", state="submitted", program=program.pk)))
    assert [int(r["id"]) for r in rows] == [other.pk]
    assert rows[0]["amount_requested"] == "1000000000"
    page = client.get(reverse("loans:application_list")).content.decode()
    assert "/opendata/exports/loan-applications.xlsx?scope=all" in page


def test_resolutions_and_meetings_of_a_body_with_attendance(client, staff):
    meeting = MeetingFactory()
    MeetingFactory()  # another body's
    owner = OrganizationFactory()
    resolution_create(actor=staff, meeting=meeting, text="=1+1 ارائه خدمات", owner=owner)
    for presence in ("present", "present", "absent"):
        Attendance.objects.create(meeting=meeting, name="عضو", presence=presence)
    client.force_login(staff)
    rows = _csv(client.get(_url("resolutions", "csv", body=meeting.body_id)))
    assert len(rows) == 1
    assert rows[0]["text"] == "'=1+1 ارائه خدمات"
    assert rows[0]["meeting_on_jalali"] == "1403/04/02"
    meetings = _csv(client.get(_url("meetings", "csv", body=meeting.body_id)))
    assert [(m["invited"], m["present"], m["resolutions"]) for m in meetings] == [("3", "2", "1")]
    page = client.get(reverse("governance:body_detail", args=[meeting.body_id])).content.decode()
    assert f"/opendata/exports/meetings.xlsx?body={meeting.body_id}" in page
