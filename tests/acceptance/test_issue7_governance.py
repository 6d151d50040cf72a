"""Issue 7 acceptance: commitment status follows dates and updates, "end of Esfand" of leap and
common years, another body's representative refused, the MoU's five articles and one note in
order, minutes printed with Jalali dates, a valid iCalendar feed, due_before/due_after filters."""

from __future__ import annotations

import datetime
import io
import re

import icalendar
import jdatetime
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import Province
from khooshe.governance import demo, services
from khooshe.governance.models import AgendaItem, Agreement, Commitment
from khooshe.governance.tests.factories import (
    AgreementFactory,
    BodyFactory,
    ClauseFactory,
    MeetingFactory,
    OrganizationFactory,
)
from khooshe.registry import demo_users

pytestmark = pytest.mark.django_db
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def user_with(role, **where):
    user = UserFactory()
    grant(user, role, **where)
    return user


def staff02():
    return user_with(Role.GOVERNORATE_STAFF, province="IR-02")


def make(owner, days: int | None = None, **kwargs):
    today = timezone.localdate()
    return services.commitment_create(
        actor=staff02(),
        title=kwargs.pop("title", f"تعهد آزمون {days}"),
        owner=owner,
        source_type=Commitment.SourceType.PUBLIC_RECORD,
        due_on=None if days is None else today + datetime.timedelta(days=days),
        **kwargs,
    )


def status_via_api(commitment):
    body = api().get(f"/api/v1/commitments/{commitment.pk}/").json()
    return body["status"]


def test_status_follows_dates_and_updates():
    owner = OrganizationFactory()
    rep = user_with(Role.AGENCY_REP, organization=owner)
    yesterday = make(owner, -1)
    assert status_via_api(yesterday) == "late"
    soon = make(owner, 4)
    assert status_via_api(soon) == "due_soon"
    today_due = make(owner, 0)
    assert status_via_api(today_due) == "due_soon"
    far = make(owner, 90)
    assert status_via_api(far) == "not_started"
    # progress without done → on track
    r = api(rep).post(f"/api/v1/commitments/{far.pk}/updates/", {"percent": 40, "text": "نیمه راه"})
    assert r.status_code == 201, r.content
    assert status_via_api(far) == "on_track"
    # done after the due date → done late (needs evidence)
    no_evidence = api(rep).post(f"/api/v1/commitments/{yesterday.pk}/updates/", {"percent": 100})
    assert no_evidence.status_code == 400
    assert status_via_api(yesterday) == "late"
    done = api(rep).post(
        f"/api/v1/commitments/{yesterday.pk}/updates/",
        {"percent": 100, "text": "انجام شد", "evidence_url": "https://example.ir/report"},
    )
    assert done.status_code == 201, done.content
    # the owner's own 100 % is a claim until someone else accepts it
    assert status_via_api(yesterday) == "awaiting"
    staff = user_with(Role.GOVERNORATE_STAFF, province=owner.province.code)
    accepted = api(staff).post(f"/api/v1/commitments/{yesterday.pk}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert status_via_api(yesterday) == "done_late"
    # done before the due date → done on time, once accepted
    api(rep).post(
        f"/api/v1/commitments/{soon.pk}/updates/",
        {"percent": 100, "evidence_url": "https://example.ir/ok"},
    )
    api(staff).post(f"/api/v1/commitments/{soon.pk}/accept/", {}, format="json")
    assert status_via_api(soon) == "done_on_time"
    # a commitment whose deadline passes without a done update reads late the next day, before
    # the periodic task stores anything
    Commitment.objects.filter(pk=far.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert status_via_api(far) == "late"
    # updates are append-only through the API: no method deletes one (for anybody)
    url = f"/api/v1/commitments/{far.pk}/updates/"
    assert api(rep).delete(url).status_code == 405


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("پایان اسفند ۱۴۰۳", (1403, 12, 30)),
        ("پایان اسفند ۱۴۰۸", (1408, 12, 30)),
        ("پایان اسفند ۱۴۰۴", (1404, 12, 29)),
        ("پایان اسفند 1407", (1407, 12, 29)),
        ("پايان اسفند ١٣٩٩", (1399, 12, 30)),  # Arabic yeh and Arabic-Indic digits
        ("پایان شهریور ۱۳۹۳", (1393, 6, 31)),
        ("پایان مهر ۱۳۹۳", (1393, 7, 30)),
    ],
)
def test_end_of_month_resolves_to_the_months_last_day(text, expected):
    owner = OrganizationFactory()
    response = api(staff02()).post(
        "/api/v1/commitments/",
        {
            "title": "تعهد پایان ماه",
            "owner": owner.pk,
            "source_type": "public_record",
            "due_date": text,
            "source_url": "https://example.ir/news/1",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    y, m, d = expected
    assert body["due_date"] == f"{y}/{m:02d}/{d:02d}"
    assert body["due_date_iso"] == jdatetime.date(y, m, d).togregorian().isoformat()


def test_another_bodys_representative_cannot_update(client):
    owner = OrganizationFactory()
    other = OrganizationFactory()
    stranger = user_with(Role.AGENCY_REP, organization=other)
    east_staff = user_with(Role.GOVERNORATE_STAFF, province="IR-03")
    commitment = make(owner, 20)
    url = f"/api/v1/commitments/{commitment.pk}/updates/"
    assert api(stranger).post(url, {"percent": 50}).status_code == 403
    assert api(east_staff).post(url, {"percent": 50}).status_code == 403
    assert api().post(url, {"percent": 50}).status_code == 401
    client.force_login(stranger)
    detail = client.get(f"/governance/commitments/{commitment.pk}/").content.decode()
    assert f"/governance/commitments/{commitment.pk}/update/" not in detail
    posted = client.post(
        f"/governance/commitments/{commitment.pk}/update/", {"percent": "۵۰", "text": "x"}
    )
    assert posted.status_code == 403  # the commitment is public: seen, not updated
    assert commitment.updates.count() == 0
    # the owner's representative can
    rep = user_with(Role.AGENCY_REP, organization=owner)
    assert api(rep).post(url, {"percent": 50}).status_code == 201


def test_mou_shows_five_articles_and_one_note_in_order(client):
    demo_users.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    mou = Agreement.objects.get(title__contains="مرکز ملی فضای مجازی")
    body = api().get(f"/api/v1/agreements/{mou.pk}/").json()
    articles = body["articles"]
    notes = body["notes"]
    assert len(articles) == 5
    assert len(notes) == 1
    numbers = [a["number"] for a in articles]
    assert numbers == [1, 2, 3, 4, 5]
    html = client.get(f"/governance/agreements/{mou.pk}/").content.decode()
    positions = [html.find(f"ماده {n}") for n in "۱۲۳۴۵"]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions)
    assert html.find("تبصره ۱") > positions[-1]


def _visible(html: str) -> str:
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


def test_minutes_print_with_jalali_dates_and_persian_digits(client):
    body = BodyFactory(name="کارگروه دولت الکترونیک آزمون")
    meeting = MeetingFactory(
        body=body,
        title="نشست نخست خوشه فاوا",
        held_at=datetime.datetime(2024, 6, 22, 10, 30, tzinfo=datetime.UTC),  # 2 Tir 1403
        place="ساری، استانداری",
        minutes="<p>مقرر شد سامانه‌ها تا پایان مهر آماده شوند.</p>",
    )

    AgendaItem.objects.create(meeting=meeting, position=1, text="ایجاد خوشه فاوا")
    AgendaItem.objects.create(meeting=meeting, position=2, text="بانک اطلاعات فعالان")
    response = client.get(f"/governance/meetings/{meeting.pk}/print/")
    assert response.status_code == 200
    text = _visible(response.content.decode())
    assert "۱۴۰۳" in text
    assert "تیر" in text or "۱۴۰۳/۰۴/۰۲" in text
    assert "2024" not in text
    # the agenda is numbered in Persian digits (an <ol>'s markers would be Latin)
    assert re.search(r"۱\.\s*ایجاد خوشه فاوا", text)
    assert re.search(r"۲\.\s*بانک اطلاعات فعالان", text)
    assert not re.search(r"[0-9]", text), re.findall(r".{15}[0-9]+.{15}", text)[:5]


def test_icalendar_feed_validates():
    owner = OrganizationFactory()
    body = BodyFactory()
    make(owner, 10, title="راه‌اندازی مرکز داده", body=body)
    make(owner, -3, title="مرکز تماس")
    for url in (
        "/governance/provinces/IR-02/deadlines.ics",
        f"/governance/bodies/{body.pk}/deadlines.ics",
    ):
        response = APIClient().get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/calendar")
        raw = response.content
        assert b"\r\n" in raw
        cal = icalendar.Calendar.from_ical(raw)
        assert cal.name == "VCALENDAR"
        assert str(cal["VERSION"]) == "2.0"
        assert cal.get("PRODID")
        events = list(cal.walk("VEVENT"))
        assert events, url
        uids = set()
        for event in events:
            for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                assert event.get(prop) is not None, (url, prop)
            uids.add(str(event["UID"]))
            assert isinstance(event.decoded("DTSTART"), datetime.date)
        assert len(uids) == len(events)
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75, line


def test_due_filters_in_jalali_any_digits_and_iso():
    owner = OrganizationFactory()
    staff = staff02()
    ids = {}
    for text in ("1403/06/31", "1403/07/30", "1403/12/30"):
        ids[text] = services.commitment_create(
            actor=staff,
            title=f"تعهد {text}",
            owner=owner,
            source_type=Commitment.SourceType.PUBLIC_RECORD,
            due_on=text,
        ).pk

    def got(**params):
        response = api().get("/api/v1/commitments/", params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert got(due_before="1403/07/01") == {ids["1403/06/31"]}
    assert got(due_before="۱۴۰۳/۰۷/۰۱".translate(FA)) == {ids["1403/06/31"]}
    assert got(due_after="١٤٠٣/٠٧/٣٠") == {ids["1403/07/30"], ids["1403/12/30"]}
    assert got(due_after="2024-10-21") == {ids["1403/07/30"], ids["1403/12/30"]}  # 1403/07/30
    assert got(due_after="1403/07/01", due_before="2025-03-20") == {
        ids["1403/07/30"],
        ids["1403/12/30"],
    }
    assert got(due_before="2024-09-21") == {ids["1403/06/31"]}
    assert got(due_after="1403/07/01", due_before="2025-03-19") == {ids["1403/07/30"]}
    bad = api().get("/api/v1/commitments/", {"due_before": "1403/13/45"})
    assert bad.status_code == 400


def test_agreement_and_resolution_numbers_follow_the_language(client):
    agreement = AgreementFactory(title="تفاهم‌نامه آزمون زبان")
    ClauseFactory(agreement=agreement, number=1, position=1, text="ماده نخست")
    html = client.get(f"/governance/agreements/{agreement.pk}/").content.decode()
    assert "ماده ۱" in html
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get(f"/governance/agreements/{agreement.pk}/").content.decode()
    assert "Article 1" in html
    assert "Article ۱" not in html


def test_staff_page_resolves_end_of_esfand_of_a_leap_year(client):
    owner = OrganizationFactory()
    staff = staff02()
    client.force_login(staff)
    response = client.post(
        "/governance/commitments/new/",
        {
            "title": "راه‌اندازی مرکز تماس",
            "owner": owner.pk,
            "due_on": "پایان اسفند ۱۴۰۸",
            "source_url": "https://example.ir/news/2",
            "source_note": "خبر",
            "province": Province.objects.get(code="IR-02").pk,
        },
    )
    assert response.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)", response.content.decode()
    )
    commitment = Commitment.objects.get(title="راه‌اندازی مرکز تماس")
    assert commitment.due_on == jdatetime.date(1408, 12, 30).togregorian()
    page = client.get(f"/governance/commitments/{commitment.pk}/").content.decode()
    assert "۱۴۰۸/۱۲/۳۰" in page or "۳۰ اسفند ۱۴۰۸" in page


def test_progress_update_posted_twice_with_one_key_is_recorded_once():
    owner = OrganizationFactory()
    rep = user_with(Role.AGENCY_REP, organization=owner)
    commitment = make(owner, 30)
    url = f"/api/v1/commitments/{commitment.pk}/updates/"
    first = api(rep).post(url, {"percent": "۶۰", "text": "نصب تجهیزات"}, HTTP_IDEMPOTENCY_KEY="u-1")
    second = api(rep).post(
        url, {"percent": "۶۰", "text": "نصب تجهیزات"}, HTTP_IDEMPOTENCY_KEY="u-1"
    )
    assert first.status_code == 201, first.content
    assert second.status_code == 201
    assert commitment.updates.count() == 1
    history = api(rep).get(f"/api/v1/commitments/{commitment.pk}/history/")
    assert history.status_code == 200
