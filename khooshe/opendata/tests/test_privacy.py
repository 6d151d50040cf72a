"""Nothing private is ever in a dataset: for each one, private records of its kind (and the
private fields of public ones) are created next to public ones, and the downloads hold the
public ones only."""

import datetime

import pytest

from khooshe.eservices.tests.factories import AgencyFactory, EServiceFactory
from khooshe.events.tests.factories import EventFactory
from khooshe.governance.tests.factories import CommitmentFactory
from khooshe.loans.tests.factories import ProgramFactory
from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.opendata.datasets import DATASETS
from khooshe.proposals.models import ProposalState
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _everything(rows: list[dict]) -> str:
    return "\n".join(" ".join(str(v) for v in row.values()) for row in rows)


def _check(rows_of, slug, *, present: list[str], absent: list[str]) -> None:
    for rows in rows_of(slug):
        text = _everything(rows)
        for value in present:
            assert value in text, (slug, value)
        for value in absent:
            assert value not in text, (slug, value)


def test_actors_hold_public_organizations_and_no_private_field(rows_of):
    public = OrganizationFactory(
        name="شرکت عمومی البرز",
        legal_id="10861234567",
        registration_number="778899",
        address="خیابان محرمانه ۱۲",
        phone="01133334444",
        email="private-org@example.ir",
        postal_code="4816789012",
    )
    hidden = OrganizationFactory(name="شرکت پنهان دماوند", is_public=False)
    merged = OrganizationFactory(name="شرکت ادغام‌شده تکراری", merged_into=public)
    person = PersonFactory(
        first_name="زهرا",
        last_name="رازداری",
        national_code="0012345679",
        mobile="09121234567",
        email="zahra.private@example.ir",
    )
    _check(
        rows_of,
        "actors",
        present=[public.name],
        absent=[
            hidden.name,
            merged.name,
            public.legal_id,
            "778899",
            public.address,
            public.phone,
            public.email,
            public.postal_code,
            person.last_name,
            person.national_code,
            person.mobile,
            person.email,
        ],
    )


def test_proposals_hold_approved_ones_only_without_contacts(rows_of):
    approved = ProposalFactory(
        title="طرح مصوب پایش آب",
        state=ProposalState.APPROVED,
        approved_budget=4_000_000_000,
        contact_name="رابط محرمانه",
        contact_phone="09351112233",
        contact_email="contact.private@example.ir",
    )
    hidden_submitter = OrganizationFactory(name="پیشنهاددهنده خصوصی", is_public=False)
    approved_by_private = ProposalFactory(
        title="طرح مصوب دوم", state=ProposalState.APPROVED, submitter_organization=hidden_submitter
    )
    others = [
        ProposalFactory(title=f"طرح {state} پنهان", state=state)
        for state in (ProposalState.DRAFT, ProposalState.SUBMITTED, ProposalState.REJECTED)
    ]
    _check(
        rows_of,
        "approved-proposals",
        present=[approved.title, approved_by_private.title, "4000000000"],
        absent=[
            *(p.title for p in others),
            "رابط محرمانه",
            "09351112233",
            "contact.private@example.ir",
            hidden_submitter.name,
            approved.created_by.email or "@nobody",
        ],
    )


def test_programs_hold_published_ones_only(rows_of):
    published = ProgramFactory(name="وام اشتغال روستایی")
    unpublished = ProgramFactory(name="برنامه منتشرنشده", is_published=False)
    _check(rows_of, "programs", present=[published.name], absent=[unpublished.name])


def test_commitments_hold_public_ones_only(rows_of):
    public = CommitmentFactory(title="راه‌اندازی مرکز داده استان")
    private = CommitmentFactory(title="تعهد داخلی محرمانه", is_public=False)
    _check(rows_of, "commitments", present=[public.title], absent=[private.title])


def test_eservices_hold_public_ones_of_public_agencies(rows_of):
    live = EServiceFactory(name="صدور پروانه کسب الکترونیکی")
    retired = EServiceFactory(name="خدمت ازرده‌خارج", status="retired")
    of_hidden = EServiceFactory(
        name="خدمت دستگاه پنهان", agency=AgencyFactory(name="دستگاه پنهان", is_public=False)
    )
    _check(
        rows_of,
        "eservices",
        present=[live.name],
        absent=[retired.name, of_hidden.name, "دستگاه پنهان"],
    )


def test_events_hold_public_ones_only(rows_of):
    public = EventFactory(title="جشنواره فاوای مازندران")
    private = EventFactory(title="نشست داخلی برنامه‌ریزی", is_public=False)
    _check(rows_of, "events", present=[public.title], absent=[private.title])


def test_obstacles_hold_public_ones_without_reporters_or_descriptions(rows_of):
    public = ObstacleFactory(title="تأخیر در صدور مجوز", description="شرح با تلفن ۰۹۱۲۰۰۰۰۰۰۰")
    private = ObstacleFactory(title="مانع خصوصی شرکت", is_public=False)
    _check(
        rows_of,
        "obstacles",
        present=[public.title],
        absent=[
            private.title,
            "۰۹۱۲۰۰۰۰۰۰۰",
            public.reporter.username,
            public.reporter.email or "@nobody",
        ],
    )


def test_small_support_counts_are_fewer_than_five(rows_of):
    few = ObstacleFactory(title="مانع با سه حامی", support_count=3)
    many = ObstacleFactory(title="مانع با دوازده حامی", support_count=12)
    csv_rows, json_rows = rows_of("obstacles")
    for rows in (csv_rows, json_rows):
        by_title = {row["title"]: row for row in rows}
        assert str(by_title[few.title]["support_count"]) == "<5"
        assert str(by_title[many.title]["support_count"]) == "12"


def test_every_dataset_has_a_privacy_test():
    tested = {
        "actors",
        "approved-proposals",
        "programs",
        "commitments",
        "eservices",
        "events",
        "obstacles",
    }
    lists = {slug for slug, d in DATASETS.items() if not slug.startswith("indicator-")}
    assert lists == tested


def test_dates_are_iso_and_jalali_side_by_side(rows_of):
    ProgramFactory(
        name="برنامه تاریخ‌دار",
        opens_on=datetime.date(2024, 6, 22),
        closes_on=datetime.date(2025, 3, 20),
    )
    csv_rows, json_rows = rows_of("programs")
    for row in (csv_rows[0], json_rows[0]):
        assert row["opens_on"] == "2024-06-22"
        assert row["opens_on_jalali"] == "1403/04/02"
        assert row["closes_on_jalali"] == "1403/12/30"
