"""Support packages (capacity, first come / by decision, delivery) and program definition."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from khooshe.accounts.models import Role
from khooshe.core.concurrency import EditConflict
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.history.selectors import history_entries
from khooshe.loans import services
from khooshe.loans.models import Application, PackageRequest, Program
from khooshe.loans.tests.factories import (
    FundFactory,
    OrganizationFactory,
    PackageFactory,
    ProgramFactory,
    actor_for,
    province,
    staff,
)
from khooshe.loans.tests.test_ledger import disbursed_loan

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def request(package, organization=None):
    organization = organization or OrganizationFactory()
    return services.package_request_create(
        actor=actor_for(organization), package=package, organization=organization
    )


def test_first_come_allocates_while_capacity_lasts():
    package = PackageFactory(capacity=2)
    states = [request(package).state for _ in range(3)]
    assert states == ["allocated", "allocated", "waitlisted"]


def test_by_decision_waits_for_staff_and_respects_capacity():
    package = PackageFactory(capacity=1, allocation="decision")
    first, second = request(package), request(package)
    assert first.state == second.state == "requested"
    with pytest.raises(PermissionDenied):
        services.package_request_decide(actor=staff(code="IR-03"), request=first, allocate=True)
    decider = staff()
    services.package_request_decide(actor=decider, request=first, allocate=True)
    with pytest.raises(ValidationError):
        services.package_request_decide(actor=decider, request=second, allocate=True)
    with pytest.raises(ValidationError):
        services.package_request_decide(actor=decider, request=second, allocate=False, note="")
    services.package_request_decide(actor=decider, request=second, allocate=False, note="ظرفیت پر")
    second.refresh_from_db()
    assert second.state == "declined"
    services.package_request_deliver(actor=decider, request=first, note="میز ۴")
    first.refresh_from_db()
    assert first.state == "delivered"
    assert first.delivered_on == TODAY
    with pytest.raises(TransitionNotAllowed):  # declined: nothing to deliver
        services.package_request_deliver(actor=decider, request=second)


def test_package_request_is_decided_once_and_delivered_once():
    package = PackageFactory(capacity=2, allocation="decision")
    decider = staff()
    first = request(package)
    services.package_request_decide(actor=decider, request=first, allocate=True)
    with pytest.raises(TransitionNotAllowed):  # already decided
        services.package_request_decide(actor=decider, request=first, allocate=False, note="نه")
    services.package_request_deliver(actor=decider, request=first)
    with pytest.raises(TransitionNotAllowed):
        services.package_request_deliver(actor=decider, request=first)
    # A stale copy (loaded before the delivery) is re-read under the lock: still refused.
    stale = PackageRequest.objects.get(pk=first.pk)
    stale.state = PackageRequest.State.ALLOCATED
    with pytest.raises(TransitionNotAllowed):
        services.package_request_deliver(actor=decider, request=stale)
    first.refresh_from_db()
    assert first.state == "delivered"
    assert [h.history_change_reason for h in first.history.order_by("history_id")][-2:] == [
        "واگذاری",
        "ثبت تحویل",
    ]
    notice = Notification.objects.get(recipient=first.applicant)
    assert package.name in notice.title


def test_package_request_refusals():
    package = PackageFactory()
    organization = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        services.package_request_create(
            actor=actor_for(OrganizationFactory()), package=package, organization=organization
        )
    request(package, organization)
    with pytest.raises(ValidationError):
        request(package, organization)
    east = OrganizationFactory(province=province("IR-03"))
    with pytest.raises(ValidationError):
        request(package, east)


def program_fields(**overrides):
    fields = {
        "name": "وام آزمون",
        "kind": Program.Kind.LOAN,
        "fund": FundFactory(),
        "budget": 10_000_000_000,
        "opens_on": TODAY,
        "closes_on": TODAY + datetime.timedelta(days=30),
        "min_amount": 100_000_000,
        "max_amount": 1_000_000_000,
        "annual_rate": Decimal("4"),
        "installments": 12,
        "grace_months": 12,
        "grace_interest": "spread",
        "method": "annuity",
        "rounding": 1000,
    }
    return {**fields, **overrides}


def test_program_created_by_governorate_staff_of_its_province_only():
    mazandaran = province("IR-02")
    with pytest.raises(PermissionDenied):
        services.program_create(
            actor=staff(code="IR-03"),
            province=mazandaran,
            provinces=[mazandaran],
            **program_fields(),
        )
    with pytest.raises(PermissionDenied):
        services.program_create(
            actor=staff(Role.GUILD_STAFF),
            province=mazandaran,
            provinces=[mazandaran],
            **program_fields(),
        )
    with pytest.raises(PermissionDenied):  # national programs are national staff's
        services.program_create(
            actor=staff(), province=None, provinces=[mazandaran], **program_fields()
        )
    program = services.program_create(
        actor=staff(),
        province=mazandaran,
        provinces=[mazandaran],
        rules={"guild_member": {}, "min_jobs": {"min_jobs": 2}},
        **program_fields(),
    )
    assert sorted(r.kind for r in program.rules.all()) == ["guild_member", "min_jobs"]
    national = staff(Role.NATIONAL_STAFF, code=None)
    services.program_create(
        actor=national, province=None, provinces=[mazandaran], **program_fields()
    )


def test_program_validation():
    mazandaran = province("IR-02")
    with pytest.raises(ValidationError) as error:
        services.program_create(
            actor=staff(), province=mazandaran, provinces=[mazandaran], **program_fields(fund=None)
        )
    assert "fund" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.program_create(
            actor=staff(),
            province=mazandaran,
            provinces=[mazandaran],
            **program_fields(closes_on=TODAY - datetime.timedelta(days=1)),
        )
    with pytest.raises(ValidationError):
        services.program_create(
            actor=staff(), province=mazandaran, provinces=[mazandaran], **program_fields(rounding=7)
        )


def test_program_update_with_version_conflict():
    program = ProgramFactory()
    user = staff()
    services.program_update(actor=user, program=program, expected_version=1, name="نام تازه")
    stale = Program.objects.get(pk=program.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.program_update(
            actor=user, program=stale, expected_version=1, annual_rate=Decimal(5)
        )
    with pytest.raises(PermissionDenied):
        services.program_update(actor=staff(code="IR-03"), program=program, name="x")


def test_program_provinces_change_lands_in_its_history():
    program = ProgramFactory()
    user = staff()
    services.program_update(
        actor=user,
        program=program,
        expected_version=program.version,
        provinces=[province("IR-02"), province("IR-03")],
    )
    changes = [change for entry in history_entries(program) for change in entry.changes]
    provinces_change = next(change for change in changes if change.field == "provinces")
    assert provinces_change.old == "مازندران"
    assert set(provinces_change.new.split("، ")) == {"مازندران", "آذربایجان شرقی"}


def test_daily_command_declares_default():
    application, _officer = disbursed_loan(days_ago=130, default_after=3)
    out = io.StringIO()
    call_command("loans_daily", stdout=out)
    application.refresh_from_db()
    assert application.state == Application.State.DEFAULTED
    assert "1 loans changed" in out.getvalue()
