import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khooshe.accounts.tests.factories import Role, grant
from khooshe.core.concurrency import EditConflict
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.eservices import services
from khooshe.eservices.models import CatalogueReview, Channel, EService, YearlyTransactions
from khooshe.eservices.tests.factories import EServiceFactory
from khooshe.persian.jalali import today_jalali_year
from khooshe.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "صدور گواهي عدم سوء پيشينه",  # Arabic ي: stored as Persian ی
    "description": "درخواست برخط",
    "audience": "citizens",
    "maturity": "transactional",
    "fee": 250000,
    "delivery_hours": 48,
    "launched_on": datetime.date(2020, 3, 1),
}


def test_representative_adds_service_with_channels(rep, agency):
    eservice = services.eservice_create(
        actor=rep,
        agency=agency,
        channels={"web": "https://sana.example.ir", "call_center": "۱۱۱", "ussd": ""},
        **FIELDS,
    )
    assert eservice.name == "صدور گواهی عدم سوء پیشینه"
    assert eservice.province_id == agency.province_id
    assert eservice.status == EService.Status.LIVE
    assert set(eservice.channels.values_list("kind", flat=True)) == {"web", "call_center"}
    assert "ثبتاسناد" in eservice.search_text  # the agency's name is searchable
    assert eservice.history.first().history_user == rep


def test_representative_of_another_agency_is_refused(other_rep, agency):
    with pytest.raises(PermissionDenied):
        services.eservice_create(actor=other_rep, agency=agency, **FIELDS)
    assert not EService.objects.exists()


def test_a_company_holds_no_catalogue(rep):
    company = OrganizationFactory()
    grant(rep, Role.ACTOR, organization=company)
    with pytest.raises(PermissionDenied):
        services.eservice_create(actor=rep, agency=company, **FIELDS)


def test_bad_input_refused_with_persian_messages_and_nothing_written(rep, agency):
    with pytest.raises(ValidationError) as caught:
        services.eservice_create(
            actor=rep,
            agency=agency,
            channels={"fax": "123"},
            **{**FIELDS, "name": " ", "fee": -1, "delivery_hours": -5, "maturity": "x"},
        )
    errors = caught.value.message_dict
    assert errors["name"] == ["نام خدمت را بنویسید."]
    assert errors["fee"] == ["هزینه نمی‌تواند منفی باشد."]
    assert errors["delivery_hours"] == ["زمان ارائه نمی‌تواند منفی باشد."]
    assert "maturity" in errors
    assert "channels" in errors
    assert not EService.objects.exists()
    assert not Channel.objects.exists()


def test_live_service_launched_in_future_refused(rep, agency):
    future = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as caught:
        services.eservice_create(actor=rep, agency=agency, **{**FIELDS, "launched_on": future})
    assert "launched_on" in caught.value.message_dict
    planned = services.eservice_create(
        actor=rep, agency=agency, status="planned", **{**FIELDS, "launched_on": future}
    )
    assert planned.status == "planned"


def test_update_edits_only_own_agency_and_detects_conflicts(rep, other_rep, agency):
    eservice = EServiceFactory(agency=agency)
    Channel.objects.create(eservice=eservice, kind="web", address="https://a.ir")
    services.eservice_update(
        actor=rep,
        eservice=eservice,
        expected_version=1,
        name="ثبت‌نام برخط",
        channels={"mobile_app": "اپ ثبت"},
    )
    eservice.refresh_from_db()
    assert eservice.version == 2
    assert eservice.name == "ثبت‌نام برخط"
    assert list(eservice.channels.values_list("kind", flat=True)) == ["mobile_app"]
    with pytest.raises(EditConflict):
        services.eservice_update(actor=rep, eservice=eservice, expected_version=1, name="دیگر")
    with pytest.raises(PermissionDenied):
        services.eservice_update(actor=other_rep, eservice=eservice, expected_version=2, name="x")
    eservice.refresh_from_db()
    assert eservice.name == "ثبت‌نام برخط"


def test_status_machine(rep, agency):
    eservice = EServiceFactory(agency=agency, status="planned", launched_on=None)
    services.eservice_transition(actor=rep, eservice=eservice, action="launch")
    eservice.refresh_from_db()
    assert eservice.status == "live"
    assert eservice.launched_on == datetime.date.today()
    with pytest.raises(TransitionNotAllowed):
        services.eservice_transition(actor=rep, eservice=eservice, action="launch")
    services.eservice_transition(actor=rep, eservice=eservice, action="retire", note="ادغام")
    eservice.refresh_from_db()
    assert eservice.status == "retired"
    services.eservice_transition(actor=rep, eservice=eservice, action="reinstate")
    assert EService.objects.get(pk=eservice.pk).status == "live"


def test_transactions_year_rules(rep, other_rep, agency):
    eservice = EServiceFactory(agency=agency)
    this_year = today_jalali_year()
    services.transactions_record(
        actor=rep, eservice=eservice, jalali_year=this_year - 1, count=1200, source="سامانه"
    )
    services.transactions_record(
        actor=rep, eservice=eservice, jalali_year=this_year - 1, count=1300, source="سامانه"
    )
    assert YearlyTransactions.objects.get().count == 1300  # a correction, history keeps both
    with pytest.raises(ValidationError) as caught:
        services.transactions_record(
            actor=rep, eservice=eservice, jalali_year=this_year + 1, count=5, source="x"
        )
    assert caught.value.message_dict["jalali_year"] == ["سال آمار نمی‌تواند در آینده باشد."]
    with pytest.raises(ValidationError) as caught:
        services.transactions_record(
            actor=rep, eservice=eservice, jalali_year=2023, count=-1, source=""
        )
    assert set(caught.value.message_dict) == {"jalali_year", "count", "source"}
    with pytest.raises(PermissionDenied):
        services.transactions_record(
            actor=other_rep, eservice=eservice, jalali_year=this_year, count=1, source="x"
        )


def test_review_by_staff_of_the_province_only(staff, guild_staff, staff_elsewhere, rep, agency):
    EServiceFactory(agency=agency)
    review = services.catalogue_review(actor=staff, agency=agency, note="کامل است")
    assert review.services_count == 1
    services.catalogue_review(actor=guild_staff, agency=agency)
    for user in (staff_elsewhere, rep):
        with pytest.raises(PermissionDenied):
            services.catalogue_review(actor=user, agency=agency)
    assert CatalogueReview.objects.count() == 2


def test_confirm_touches_the_service(rep, agency):
    eservice = EServiceFactory(agency=agency)
    EService.objects.filter(pk=eservice.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    services.eservice_confirm(actor=rep, eservice=eservice)
    eservice.refresh_from_db()
    assert eservice.updated_at.year >= 2024
    assert eservice.version == 2
