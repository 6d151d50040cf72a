"""Computed values against counts by hand; snapshots that do not change afterwards; values
entered by staff and their refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.eservices.models import EService
from khooshe.eservices.tests.factories import EServiceFactory
from khooshe.events.models import Event, Registration
from khooshe.events.tests.factories import EventFactory, RegistrationFactory
from khooshe.governance.tests.factories import CommitmentFactory
from khooshe.indicators.definitions import INDICATORS, get_indicator
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.services import snapshot_run, value_enter
from khooshe.indicators.tasks import compute_indicators
from khooshe.indicators.tests.conftest import Q2, YEAR, at
from khooshe.loans.models import Application, Disbursement, JobReport
from khooshe.loans.tests.factories import ApplicationFactory
from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.models import Cluster, GuildMembership, Organization
from khooshe.registry.tests.factories import (
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    province,
)

pytestmark = pytest.mark.django_db


def _value(slug, code="IR-02", period=YEAR, dis_key="", dis_value=""):
    row = Snapshot.objects.filter(
        indicator=slug,
        province__code=code,
        period=period.code,
        dis_key=dis_key,
        dis_value=dis_value,
        is_current=True,
    ).first()
    return None if row is None else row.value


def _backdate(queryset, **fields):
    queryset.update(**fields)


def test_unknown_indicator_is_a_persian_error():
    with pytest.raises(ValidationError) as error:
        get_indicator("no-such-thing")
    assert "تعریف نشده" in error.value.messages[0]


def test_every_definition_is_complete():
    for indicator in INDICATORS.values():
        assert indicator.name_fa
        assert indicator.name_en
        assert indicator.definition
        assert indicator.formula
        assert indicator.source
        assert indicator.unit_label
        assert indicator.keywords


def test_registry_indicators_match_a_hand_count():
    inside, before, after = at(Q2), at(Q2, -40), at(YEAR, 400)
    orgs = OrganizationFactory.create_batch(4)
    OrganizationFactory(province=province("IR-03"))
    kb = OrganizationFactory(kb_certificate_number="KB-1")
    expired = OrganizationFactory(
        kb_certificate_number="KB-2", kb_certificate_expires_on=Q2.end - datetime.timedelta(days=1)
    )
    late = OrganizationFactory()
    Organization.objects.filter(pk__in=[o.pk for o in orgs] + [kb.pk, expired.pk]).update(
        created_at=before
    )
    Organization.objects.filter(pk=late.pk).update(created_at=after)
    Organization.objects.filter(province__code="IR-03").update(created_at=inside)
    Organization.objects.filter(pk=orgs[0].pk).update(verification="verified", verified_at=inside)
    Organization.objects.filter(pk=orgs[1].pk).update(verification="verified", verified_at=after)
    GuildMembershipFactory(organization=orgs[0], started_on=Q2.start, expires_on=Q2.end)
    GuildMembershipFactory(
        organization=orgs[1], started_on=Q2.start, expires_on=Q2.start + datetime.timedelta(days=5)
    )
    GuildMembership.objects.update(created_at=before)
    c1 = ClusterFactory(identified_on=Q2.start, forming_on=Q2.start, operational_on=Q2.end)
    ClusterFactory(identified_on=Q2.start, forming_on=Q2.start)
    ClusterFactory(identified_on=YEAR.end + datetime.timedelta(days=3))
    Cluster.objects.filter(pk=c1.pk).update(created_at=before)

    snapshot_run(periods=[YEAR, Q2])

    assert _value("organizations", period=Q2) == 6  # 4 + kb + expired; not the later one
    assert _value("organizations", "IR-03", Q2) == 1
    assert _value("organizations", period=Q2, dis_key="kind", dis_value="company") == 6
    assert _value("knowledge-based-firms", period=Q2) == 1  # the expired one is not
    assert _value("verified-actors", period=Q2) == 1
    assert _value("guild-members", period=Q2) == 1
    assert _value("clusters-identified", period=Q2) == 2
    assert _value("clusters-operational", period=Q2) == 1
    assert _value("clusters-forming", period=Q2) == 1


def test_flow_indicators_match_a_hand_count():
    proposals = ProposalFactory.create_batch(3)
    for p in proposals:
        type(p).objects.filter(pk=p.pk).update(created_at=at(Q2, -30), submitted_at=at(Q2, 5))
    type(proposals[0]).objects.filter(pk=proposals[0].pk).update(
        state="approved", decided_at=at(Q2, 20), approved_budget=7_000_000
    )
    type(proposals[1]).objects.filter(pk=proposals[1].pk).update(
        state="rejected", decided_at=at(Q2, 20)
    )
    due = Q2.start + datetime.timedelta(days=10)
    kept = CommitmentFactory(due_on=due, done_on=due)
    done_late = CommitmentFactory(due_on=due, done_on=due + datetime.timedelta(days=4))
    open_late = CommitmentFactory(due_on=due)
    for c in (kept, done_late, open_late):
        type(c).objects.filter(pk=c.pk).update(created_at=at(Q2, -30), province=province("IR-02"))
    answered = ObstacleFactory.create_batch(3)
    type(answered[0]).objects.filter(pk__in=[o.pk for o in answered]).update(
        created_at=at(Q2, -30), answered_at=at(Q2, 8), answered_on_time=True
    )
    type(answered[0]).objects.filter(pk=answered[0].pk).update(answered_on_time=False)

    snapshot_run(periods=[Q2])

    assert _value("proposals-submitted", period=Q2) == 3
    assert _value("proposals-approved", period=Q2) == 1
    assert _value("proposals-approved-budget", period=Q2) == 7_000_000
    assert _value("commitments-on-time", period=Q2) == 1
    assert _value("commitments-done-late", period=Q2) == 1
    assert _value("commitments-late", period=Q2) == 1
    assert _value("commitments-kept-share", period=Q2) == Decimal("33.33")
    assert _value("obstacles-answered-on-time", period=Q2) == Decimal("66.67")


def test_a_province_without_records_does_not_report():
    OrganizationFactory()
    snapshot_run(periods=[YEAR])
    assert _value("organizations", "IR-03") is None
    assert _value("proposals-submitted") is None  # no proposals held at all


def test_snapshot_does_not_change_when_a_record_changes():
    org = OrganizationFactory()
    Organization.objects.filter(pk=org.pk).update(created_at=at(Q2))
    first = snapshot_run(periods=[YEAR])
    assert _value("organizations") == 1
    published = Snapshot.objects.get(
        indicator="organizations", period="1403", dis_key="", is_current=True
    )
    extra = OrganizationFactory()
    Organization.objects.filter(pk=extra.pk).update(created_at=at(Q2))
    second = snapshot_run(periods=[YEAR])  # a closed period is kept as published
    assert second.rows_written == 0
    assert _value("organizations") == 1
    published.refresh_from_db()
    assert published.value == 1
    assert published.run == first
    assert published.is_current
    third = snapshot_run(periods=[YEAR], recompute=True)
    assert _value("organizations") == 2
    published.refresh_from_db()
    assert published.value == 1
    assert not published.is_current
    assert (
        Snapshot.objects.get(
            indicator="organizations", period="1403", dis_key="", is_current=True
        ).run
        == third
    )


def test_snapshot_run_query_budget(django_assert_max_num_queries):
    OrganizationFactory.create_batch(5)
    with django_assert_max_num_queries(120):
        snapshot_run(periods=[YEAR, Q2])


@pytest.fixture
def staff02():
    user = UserFactory()
    grant(user, "governorate_staff", province="IR-02")
    return user


def test_enter_a_value(staff02):
    snapshot = value_enter(
        actor=staff02,
        indicator="internet-penetration",
        province="IR-02",
        period="۱۴۰۳",
        value="۸۴٫۵",
        source="مرکز آمار ایران",
        source_date="۱۴۰۳/۱۲/۰۱",
    )
    assert snapshot.value == Decimal("84.5")
    assert snapshot.is_entered
    assert snapshot.entered_by == staff02
    assert snapshot.history.first().history_user == staff02
    again = value_enter(
        actor=staff02,
        indicator="internet-penetration",
        province="مازندران",
        period="1403",
        value="85",
        source="مرکز آمار ایران",
        source_date="1403/12/05",
    )
    snapshot.refresh_from_db()
    assert not snapshot.is_current
    assert again.is_current


def test_entered_value_refusals_are_persian_and_nothing_is_written(staff02):
    future = timezone.localdate() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError) as error:
        value_enter(
            actor=staff02,
            indicator="nope",
            province="IR-02",
            period="۱۴۹۰",
            value="-3",
            source="",
            source_date="",
        )
    errors = error.value.message_dict
    assert set(errors) == {"indicator", "period", "value", "source", "source_date"}
    assert "منفی" in errors["value"][0]
    assert "آغاز نشده" in errors["period"][0]
    with pytest.raises(ValidationError) as error:
        value_enter(
            actor=staff02,
            indicator="organizations",
            province="Atlantis",
            period="1403",
            value="12",
            source="x",
            source_date=future,
        )
    assert "پیدا نشد" in error.value.message_dict["province"][0]
    assert "آینده" in error.value.message_dict["source_date"][0]
    assert not Snapshot.objects.exists()


def test_entered_value_refused_where_a_record_computes_it(staff02):
    OrganizationFactory()
    snapshot_run(periods=[YEAR, Q2])
    Organization.objects.update(created_at=at(Q2))
    snapshot_run(periods=[YEAR], recompute=True)
    with pytest.raises(ValidationError) as error:
        value_enter(
            actor=staff02,
            indicator="organizations",
            province="IR-02",
            period="1403",
            value="100",
            source="مرکز آمار ایران",
            source_date="1403/12/01",
        )
    assert "محاسبه" in error.value.message_dict["indicator"][0]


def test_only_staff_of_the_province_or_an_admin_enter(staff02):
    national = UserFactory()
    grant(national, "national_staff")
    kwargs = {
        "indicator": "internet-penetration",
        "period": "1403",
        "value": "80",
        "source": "مرکز آمار ایران",
        "source_date": "1403/12/01",
    }
    with pytest.raises(PermissionDenied):
        value_enter(actor=national, province="IR-02", **kwargs)
    with pytest.raises(PermissionDenied):
        value_enter(actor=staff02, province="IR-03", **kwargs)
    admin = UserFactory(is_superuser=True)
    assert value_enter(actor=admin, province="IR-03", **kwargs).entered_by == admin


def test_a_period_computed_while_open_is_computed_once_more_after_it_ends():
    org = OrganizationFactory()
    Organization.objects.filter(pk=org.pk).update(created_at=at(Q2))
    run = snapshot_run(periods=[Q2])
    # as if that run had happened on the quarter's last day
    Snapshot.objects.filter(run=run).update(computed_at=at(Q2, 80))
    late = OrganizationFactory()
    Organization.objects.filter(pk=late.pk).update(created_at=at(Q2, 85))
    snapshot_run(periods=[Q2])
    assert _value("organizations", period=Q2) == 2
    settled = snapshot_run(periods=[Q2])
    assert settled.periods == []


def test_command_and_task(capsys):
    OrganizationFactory()
    call_command("compute_indicators", "--period", "۱۴۰۳")
    assert "run" in capsys.readouterr().out
    run_id = compute_indicators()
    assert SnapshotRun.objects.get(pk=run_id).trigger == "task"


def test_loans_events_and_eservices_match_a_hand_count():
    applications = ApplicationFactory.create_batch(3)
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        created_at=at(Q2, -20), submitted_at=at(Q2, 3)
    )
    Application.objects.filter(pk__in=[a.pk for a in applications[:2]]).update(
        state="disbursed", decided_at=at(Q2, 9), amount_approved=800_000_000, jobs_promised=3
    )
    Disbursement.objects.create(
        application=applications[0], amount=500_000_000, disbursed_on=Q2.start
    )
    Disbursement.objects.create(
        application=applications[0], amount=300_000_000, disbursed_on=Q2.end
    )
    JobReport.objects.create(application=applications[0], jobs_created=2, reported_on=Q2.end)
    Disbursement.objects.update(created_at=at(Q2, -1))
    JobReport.objects.update(created_at=at(Q2, -1))
    held = EventFactory(starts_at=at(Q2, 4), ends_at=at(Q2, 6))
    EventFactory(starts_at=at(Q2, 4), ends_at=at(Q2, 6), is_public=False)
    Event.objects.update(created_at=at(Q2, -30))
    visitors = RegistrationFactory.create_batch(3, event=held)
    Registration.objects.filter(pk__in=[v.pk for v in visitors[:2]]).update(
        checked_in_at=at(Q2, 5), created_at=at(Q2, -2)
    )
    live = EServiceFactory.create_batch(2, launched_on=Q2.start)
    EServiceFactory(status="planned")
    EService.objects.update(created_at=at(Q2, -10))
    EService.objects.filter(pk=live[0].pk).update(maturity="transactional")

    snapshot_run(periods=[Q2])

    assert _value("loans-applied", period=Q2) == 3
    assert _value("loans-approved", period=Q2) == 2
    assert _value("loans-approved-amount", period=Q2) == 1_600_000_000
    assert _value("jobs-promised", period=Q2) == 6
    assert _value("loans-disbursed", period=Q2) == 1  # one loan, two payments
    assert _value("loans-disbursed-amount", period=Q2) == 800_000_000
    assert _value("jobs-created", period=Q2) == 2
    assert _value("events-held", period=Q2) == 1  # the private one is not counted
    assert _value("event-visitors", period=Q2) == 2
    assert _value("eservices-live", period=Q2) == 2
    assert _value("eservices-live", period=Q2, dis_key="maturity", dis_value="transactional") == 1
    assert _value("egov-readiness", period=Q2) is None  # a closed period: not computed
