import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from khooshe.core.attachments import attachments_of
from khooshe.governance import services
from khooshe.governance.models import CommitmentUpdate
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    ClauseFactory,
    CommitmentFactory,
    MeetingFactory,
    OrganizationFactory,
    ProjectFactory,
    province,
)
from khooshe.governance.tests.test_services import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_commitments_list_shape(api, agency):
    CommitmentFactory(owner=agency, due_on=datetime.date(2014, 9, 22))
    data = api.get("/api/v1/commitments/").json()
    row = data["results"][0]
    assert row["due_date"] == "1393/06/31"
    assert row["due_date_iso"] == "2014-09-22"
    assert row["owner"]["id"] == agency.pk
    assert row["province"] == "IR-02"
    assert row["status"] == "late"  # due in 1393, never reported done


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"due_before": "1393/06/31"}, {"a"}),
        ({"due_before": "۱۳۹۳/۰۶/۳۱"}, {"a"}),
        ({"due_before": "2014-09-22"}, {"a"}),
        ({"due_after": "1393/07/01"}, {"b", "c"}),
        ({"due_after": "2014-09-23", "due_before": "2014-10-22"}, {"b"}),
        ({"province": "IR-02"}, {"a", "b"}),
        ({"province": "IR-03"}, {"c"}),
        ({"status": "late"}, {"c"}),
        ({"status": "done_on_time"}, {"a"}),
        ({"status": "cancelled"}, {"b"}),
        ({"source_type": "public_record"}, {"a", "b", "c"}),
    ],
)
def test_commitment_filters(api, agency, params, expected):
    east = OrganizationFactory(province=province("IR-03"))
    CommitmentFactory(
        owner=agency, title="a", due_on=datetime.date(2014, 9, 22),
        done_on=datetime.date(2014, 9, 20), last_percent=100,
    )  # fmt: skip
    CommitmentFactory(owner=agency, title="b", due_on=datetime.date(2014, 10, 22), cancelled=True)
    CommitmentFactory(owner=east, title="c", due_on=datetime.date(2015, 1, 1))
    data = api.get("/api/v1/commitments/", params).json()
    assert {row["title"] for row in data["results"]} == expected


def test_owner_filter(api, agency, other_agency):
    CommitmentFactory(owner=agency, title="mine")
    CommitmentFactory(owner=other_agency, title="theirs")
    data = api.get("/api/v1/commitments/", {"owner": agency.pk}).json()
    assert [row["title"] for row in data["results"]] == ["mine"]


def test_bad_date_filter_is_400(api):
    response = api.get("/api/v1/commitments/", {"due_before": "1403/13/40"})
    assert response.status_code == 400
    assert "due_before" in response.json()


def test_post_update(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    url = f"/api/v1/commitments/{commitment.pk}/updates/"
    assert api.post(url, {"percent": 10}, format="json").status_code == 401
    api.force_authenticate(agency_rep)
    response = api.post(
        url, {"percent": 40, "text": "پیشرفت", "reported_on": "1403/04/02"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reported_on"] == "1403/04/02"
    assert api.get(url).json()[0]["percent"] == 40


def test_post_update_by_another_agency_is_403(api, agency, other_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(other_rep)
    response = api.post(
        f"/api/v1/commitments/{commitment.pk}/updates/", {"percent": 10}, format="json"
    )
    assert response.status_code == 403
    assert not CommitmentUpdate.objects.exists()


def test_done_without_evidence_is_400(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(agency_rep)
    response = api.post(
        f"/api/v1/commitments/{commitment.pk}/updates/", {"percent": 100}, format="json"
    )
    assert response.status_code == 400
    assert "evidence" in response.json()
    response = api.post(
        f"/api/v1/commitments/{commitment.pk}/updates/",
        {"percent": 100, "evidence_url": "https://example.ir/done"},
        format="json",
    )
    assert response.status_code == 201
    assert api.get(f"/api/v1/commitments/{commitment.pk}/").json()["status"] == "awaiting"


def test_accept_contest_and_extend_through_the_api(api, agency, agency_rep, staff):
    """The owner's 100% report is not done until someone else accepts it; refusals are 403
    (the reporter's side) and 409 (nothing awaits acceptance), each with a Persian message."""
    commitment = CommitmentFactory(owner=agency, due_on=datetime.date.today())
    base = f"/api/v1/commitments/{commitment.pk}"
    api.force_authenticate(agency_rep)
    response = api.post(
        f"{base}/updates/", {"percent": 100, "evidence_url": "https://example.ir/d"}, format="json"
    )
    assert response.status_code == 201
    response = api.post(f"{base}/accept/", {}, format="json")
    assert response.status_code == 403
    assert "بپذیرد" in response.json()["detail"]  # the rule, named
    api.force_authenticate(staff)
    assert api.post(f"{base}/contest/", {}, format="json").status_code == 400
    response = api.post(f"{base}/contest/", {"reason": "مستند ناقص"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] in {"due_soon", "late"}
    assert api.post(f"{base}/accept/", {}, format="json").status_code == 409
    response = api.post(
        f"{base}/extend/",
        {"new_due_date": "1499/01/15", "reason": "نامه", "source": "letter"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["extension_count"] == 1
    assert body["original_due_date_iso"] == datetime.date.today().isoformat()
    assert api.post(f"{base}/extend/", {"new_due_date": "x", "reason": "y"}).status_code == 400
    record = api.get(f"{base}/record/").json()
    assert [r["decision"] for r in record["reviews"]] == ["contested"]
    assert record["extensions"][0]["old_due_date_iso"] == datetime.date.today().isoformat()


def test_updates_cannot_be_edited_or_deleted(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(agency_rep)
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert api.put(url, {}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert api.delete(url + "updates/").status_code == 405


def test_idempotent_update(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(agency_rep)
    url = f"/api/v1/commitments/{commitment.pk}/updates/"
    for _ in range(2):
        response = api.post(url, {"percent": 10}, format="json", HTTP_IDEMPOTENCY_KEY="abc")
        assert response.status_code == 201
    assert CommitmentUpdate.objects.count() == 1


def test_private_commitment_is_404(api, agency):
    commitment = CommitmentFactory(owner=agency, is_public=False)
    assert api.get(f"/api/v1/commitments/{commitment.pk}/").status_code == 404


def test_history_endpoint(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    services.commitment_update_add(actor=agency_rep, commitment=commitment, percent=10)
    data = api.get(f"/api/v1/commitments/{commitment.pk}/history/").json()
    entries = data["results"] if isinstance(data, dict) else data
    assert len(entries) == 2


def test_agreement_nested_articles_and_notes_in_order(api, django_assert_max_num_queries):
    first = ClauseFactory(number=1, position=1)
    agreement = first.agreement
    ClauseFactory(agreement=agreement, kind="note", number=1, position=3)
    ClauseFactory(agreement=agreement, number=2, position=2)
    with django_assert_max_num_queries(10):
        data = api.get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert [a["number"] for a in data["articles"]] == [1, 2]
    assert [n["number"] for n in data["notes"]] == [1]


def test_other_endpoints(api, staff, agency, django_assert_max_num_queries):
    meeting = MeetingFactory()
    services.resolution_create(actor=staff, meeting=meeting, text="x", owner=agency)
    project = ProjectFactory(owner=agency)
    services.milestone_add(actor=staff, project=project, title="m", weight=2)
    BodyFactory()
    for url in (
        "/api/v1/bodies/",
        "/api/v1/meetings/",
        "/api/v1/resolutions/",
        "/api/v1/projects/",
    ):
        with django_assert_max_num_queries(8):
            response = api.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] >= 1
    assert api.get("/api/v1/resolutions/").json()["results"][0]["number"] == "1403/01"
    assert api.get(f"/api/v1/projects/{project.pk}/").json()["milestones"][0]["weight"] == 2
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").json()["date"] == "1403/04/02"


def test_private_body_hidden_from_visitors_but_not_staff(api, staff):
    body = BodyFactory(is_public=False)
    assert api.get(f"/api/v1/bodies/{body.pk}/").status_code == 404
    api.force_authenticate(staff)
    assert api.get(f"/api/v1/bodies/{body.pk}/").status_code == 200


def test_commitments_list_query_budget(api, staff, agency, django_assert_max_num_queries):
    meeting = MeetingFactory()
    for i in range(5):
        services.resolution_create(actor=staff, meeting=meeting, text=f"r{i}", owner=agency)
        CommitmentFactory(owner=agency, source_type="clause", clause=ClauseFactory())
        project = ProjectFactory(owner=agency)
        services.milestone_add(actor=staff, project=project, title=f"m{i}")
    with django_assert_max_num_queries(4):
        data = api.get("/api/v1/commitments/").json()
    assert data["count"] == 15
    assert {row["source_type"] for row in data["results"]} == {"resolution", "clause", "milestone"}


def test_done_with_an_evidence_file_through_the_api(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(agency_rep)
    response = api.post(
        f"/api/v1/commitments/{commitment.pk}/updates/",
        {"percent": 100, "evidence_file": SimpleUploadedFile("done.png", PNG)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert attachments_of(CommitmentUpdate.objects.get()).count() == 1


def test_bad_update_payload_is_400(api, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    api.force_authenticate(agency_rep)
    url = f"/api/v1/commitments/{commitment.pk}/updates/"
    response = api.post(url, {"percent": 140}, format="json")
    assert response.status_code == 400
    assert "percent" in response.json()
    response = api.post(url, {"percent": 10, "reported_on": "1403/12/31"}, format="json")
    assert response.status_code == 400  # Esfand 1403 has 30 days
    assert "reported_on" in response.json()


def test_owner_by_legal_id_province_any_case_and_persian_year(api, agency, other_agency):
    CommitmentFactory(owner=agency, title="mine", due_on=datetime.date(2016, 3, 1))
    CommitmentFactory(owner=other_agency, title="theirs", due_on=datetime.date(2016, 3, 25))
    rows = api.get("/api/v1/commitments/", {"owner": agency.legal_id}).json()["results"]
    assert [row["title"] for row in rows] == ["mine"]
    assert api.get("/api/v1/commitments/", {"province": "ir-02"}).json()["count"] == 2
    rows = api.get("/api/v1/commitments/", {"year": "۱۳۹۴"}).json()["results"]
    assert [row["title"] for row in rows] == ["mine"]  # 1 March 2016 is in 1394; 25 March in 1395
    assert api.get("/api/v1/commitments/", {"owner": "abc"}).json()["count"] == 0


def test_staff_create_commitments_through_the_api(api, staff, agency, agency_rep):
    payload = {
        "title": "تشکیل کارگروه",
        "owner": agency.pk,
        "source_type": "public_record",
        "due_date": "پایان اسفند ۱۴۰۳",
        "source_note": "خبر ۰۰۰",
    }
    assert api.post("/api/v1/commitments/", payload, format="json").status_code == 401
    api.force_authenticate(agency_rep)
    assert api.post("/api/v1/commitments/", payload, format="json").status_code == 403
    api.force_authenticate(staff)
    response = api.post("/api/v1/commitments/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["due_date"] == "1403/12/30"
    assert response.json()["province"] == "IR-02"
    clause = ClauseFactory(agreement__province=province())
    response = api.post(
        "/api/v1/commitments/",
        {"title": "ماده", "owner": agency.pk, "source_type": "clause", "clause": clause.pk,
         "due_date": "2025-01-01"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["source"]["clause_id"] == clause.pk
    response = api.post(
        "/api/v1/commitments/",
        {"title": "x", "owner": agency.pk, "source_type": "milestone"},
        format="json",
    )
    assert response.status_code == 400
    assert "project" in response.json()
    response = api.post(
        "/api/v1/commitments/",
        {"title": "x", "owner": agency.pk, "source_type": "public_record", "due_date": "زود"},
        format="json",
    )
    assert response.status_code == 400
    assert "due_date" in response.json()


def test_staff_cancel_through_the_api(api, staff, agency, agency_rep):
    commitment = CommitmentFactory(owner=agency)
    url = f"/api/v1/commitments/{commitment.pk}/cancel/"
    api.force_authenticate(agency_rep)
    assert api.post(url, {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(staff)
    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"reason": "منتفی شد"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = api.post(url, {"reason": "دوباره"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_not_allowed"


def test_an_agreement_is_signed_once_through_the_api(api, staff, staff_elsewhere):
    agreement = AgreementFactory()
    hidden = AgreementFactory(is_public=False)
    url = f"/api/v1/agreements/{agreement.pk}/sign/"
    assert api.post(url, {"signed_on": "1403/05/01"}, format="json").status_code == 401
    api.force_authenticate(staff_elsewhere)
    assert api.post(url, {"signed_on": "1403/05/01"}, format="json").status_code == 403
    hidden_url = f"/api/v1/agreements/{hidden.pk}/sign/"
    assert api.post(hidden_url, {"signed_on": "1403/05/01"}, format="json").status_code == 404
    api.force_authenticate(staff)
    assert api.post(url, {"signed_on": "تاریخ"}, format="json").status_code == 400
    response = api.post(url, {"signed_on": "۱۴۰۳/۰۵/۰۱"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["signed_on_iso"]) == ("signed", "2024-07-22")
    again = api.post(url, {"signed_on": "1403/06/01"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "transition_not_allowed"
    agreement.refresh_from_db()
    assert agreement.signed_on == datetime.date(2024, 7, 22)


def test_staff_record_a_resolution_through_the_api(api, staff, staff_elsewhere, agency):
    meeting = MeetingFactory()
    payload = {
        "meeting": meeting.pk,
        "text": "ارائه خدمات",
        "owner": agency.pk,
        "due_date": "1403/06/31",
    }
    api.force_authenticate(staff_elsewhere)
    assert api.post("/api/v1/resolutions/", payload, format="json").status_code == 403
    api.force_authenticate(staff)
    response = api.post("/api/v1/resolutions/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == "1403/01"
    assert response.json()["due_date"] == "1403/06/31"
    assert len(response.json()["commitment_ids"]) == 1
