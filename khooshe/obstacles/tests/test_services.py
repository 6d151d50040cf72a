import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khooshe.core.notifications import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.obstacles import services
from khooshe.obstacles.models import Obstacle, Step, Support
from khooshe.obstacles.tests.factories import ObstacleFactory, category
from khooshe.obstacles.workdays import add_working_days
from khooshe.registry.tests.factories import county, province

pytestmark = pytest.mark.django_db


def test_report_routes_by_the_table_with_a_working_day_deadline(report, tax_office, body_rep):
    obstacle = report()
    assert obstacle.state == Obstacle.State.ROUTED
    assert obstacle.body == tax_office
    today = timezone.localdate()
    assert obstacle.due_on == add_working_days(today, 10, province=obstacle.province_id)
    assert [s.action for s in obstacle.steps.all()] == ["report", "route"]
    assert Notification.objects.filter(recipient=body_rep).exists()
    assert obstacle.history.count() >= 2


def test_report_without_a_route_stays_submitted(actor, firm):
    obstacle = services.obstacle_report(
        actor=actor,
        category=category("workspace"),
        title="فضای کار در پارک فناوری",
        description="فضای کافی نیست.",
        province=province("IR-02"),
        reporter_organization=firm,
    )
    assert obstacle.state == Obstacle.State.SUBMITTED
    assert obstacle.body is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": None}, "category"),
        ({"description": "  "}, "description"),
        ({"title": ""}, "title"),
        ({"since": datetime.date(2099, 1, 1)}, "since"),
        ({"county": None, "affected": [999999]}, "affected"),
    ],
)
def test_report_refuses_bad_input_and_writes_nothing(report, changes, field):
    with pytest.raises(ValidationError) as error:
        report(**changes)
    assert field in error.value.message_dict
    assert all("\u0600" <= m[0] <= "\u06ff" for m in error.value.message_dict[field])
    assert not Obstacle.objects.exists()


def test_report_refuses_a_county_of_another_province(report):
    with pytest.raises(ValidationError) as error:
        report(county=county("IR-03"))
    assert "county" in error.value.message_dict


def test_report_for_an_organization_one_does_not_represent(report, actor2, firm):
    with pytest.raises(PermissionDenied):
        report(actor=actor2, reporter_organization=firm)


def test_support_once_per_organization(report, actor2, firm2):
    obstacle = report()
    services.obstacle_support(actor=actor2, obstacle=obstacle, organization=firm2)
    assert obstacle.support_count == 1
    assert firm2 in obstacle.affected.all()
    with pytest.raises(ValidationError) as error:
        services.obstacle_support(actor=actor2, obstacle=obstacle, organization=firm2)
    assert "پیش‌تر" in error.value.message_dict["organization"][0]
    assert Support.objects.count() == 1
    obstacle.refresh_from_db()
    assert obstacle.support_count == 1


def test_support_for_an_organization_one_does_not_represent(report, actor2, firm):
    obstacle = report(reporter_organization=None)
    with pytest.raises(PermissionDenied):
        services.obstacle_support(actor=actor2, obstacle=obstacle, organization=firm)


def test_support_unknown_organization(report, actor2):
    obstacle = report()
    with pytest.raises(ValidationError):
        services.obstacle_support(actor=actor2, obstacle=obstacle, organization=987654)


def test_full_lifecycle(report, body_rep, actor, staff):
    obstacle = report()
    services.obstacle_start(actor=body_rep, obstacle=obstacle, note="بررسی آغاز شد")
    answer = services.answer_add(actor=body_rep, obstacle=obstacle, text="بخشنامه اصلاح شد.")
    obstacle.refresh_from_db()
    assert obstacle.state == Obstacle.State.ANSWERED
    assert obstacle.answered_on_time is True
    assert answer.organization_id == obstacle.body_id
    services.obstacle_rate(actor=actor, obstacle=obstacle, rating="۴", note="خوب")
    assert obstacle.rating == 4
    services.obstacle_close(actor=actor, obstacle=obstacle, closure="resolved")
    assert obstacle.state == Obstacle.State.CLOSED
    assert obstacle.closure == "resolved"
    actions = list(Step.objects.filter(obstacle=obstacle).values_list("action", "actor__username"))
    assert actions == [
        ("report", "actor"),
        ("route", "actor"),
        ("start", "tax-rep"),
        ("answer", "tax-rep"),
        ("close", "actor"),
    ]


def test_out_of_order_is_refused(report, body_rep, actor):
    obstacle = report()
    with pytest.raises(TransitionNotAllowed):
        services.obstacle_reopen(actor=actor, obstacle=obstacle, reason="دوباره")


def test_answer_by_someone_who_does_not_represent_the_body(report, other_rep, actor):
    obstacle = report()
    for user in (other_rep, actor):
        with pytest.raises(PermissionDenied) as error:
            services.answer_add(actor=user, obstacle=obstacle, text="پاسخ")
        assert "نمایندگان دستگاه" in str(error.value)
    assert not obstacle.answers.exists()


def test_late_answer_is_marked_late(report, body_rep):
    obstacle = report()
    Obstacle.objects.filter(pk=obstacle.pk).update(due_on=datetime.date(2020, 1, 1))
    obstacle.refresh_from_db()
    services.answer_add(actor=body_rep, obstacle=obstacle, text="دیر پاسخ دادیم")
    assert obstacle.answered_on_time is False


def test_reroute_by_staff_of_the_province_with_a_reason(report, staff, other_body, other_rep):
    obstacle = report()
    with pytest.raises(ValidationError):
        services.obstacle_reroute(actor=staff, obstacle=obstacle, body=other_body, reason="")
    services.obstacle_reroute(
        actor=staff, obstacle=obstacle, body=other_body.pk, reason="موضوع بیمه است"
    )
    assert obstacle.body == other_body
    assert obstacle.steps.last().note == "موضوع بیمه است"
    assert Notification.objects.filter(recipient=other_rep).exists()


def test_reroute_by_staff_of_another_province_is_refused(report, staff_elsewhere, other_body):
    obstacle = report()
    with pytest.raises(PermissionDenied) as error:
        services.obstacle_reroute(
            actor=staff_elsewhere, obstacle=obstacle, body=other_body, reason="دلیل"
        )
    assert "کارشناسان استان" in str(error.value)
    obstacle.refresh_from_db()
    assert obstacle.body_id != other_body.pk


def test_route_to_an_unknown_body(staff, actor):
    obstacle = ObstacleFactory(reporter=actor)
    with pytest.raises(ValidationError) as error:
        services.obstacle_route(actor=staff, obstacle=obstacle, body=424242)
    assert "شناسنامه" in error.value.message_dict["body"][0]
    obstacle.refresh_from_db()
    assert obstacle.state == Obstacle.State.SUBMITTED


def test_reopen_within_thirty_days_and_not_after(report, body_rep, actor):
    obstacle = report()
    services.answer_add(actor=body_rep, obstacle=obstacle, text="پاسخ")
    services.obstacle_reopen(actor=actor, obstacle=obstacle, reason="حل نشد")
    assert obstacle.state == Obstacle.State.ROUTED
    assert obstacle.answered_at is None
    services.answer_add(actor=body_rep, obstacle=obstacle, text="پاسخ دوم")
    Obstacle.objects.filter(pk=obstacle.pk).update(
        answered_at=timezone.now() - datetime.timedelta(days=31)
    )
    obstacle.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.obstacle_reopen(actor=actor, obstacle=obstacle, reason="باز هم")
    assert "۳۰" in error.value.message_dict["reason"][0]
    obstacle.refresh_from_db()
    assert obstacle.state == Obstacle.State.ANSWERED


def test_only_the_reporter_reopens(report, body_rep, actor2):
    obstacle = report()
    services.answer_add(actor=body_rep, obstacle=obstacle, text="پاسخ")
    with pytest.raises(PermissionDenied):
        services.obstacle_reopen(actor=actor2, obstacle=obstacle, reason="باز")


def test_close_not_ours_names_who_is(report, body_rep):
    obstacle = report()
    with pytest.raises(ValidationError):
        services.obstacle_close(actor=body_rep, obstacle=obstacle, closure="not_ours")
    services.obstacle_close(
        actor=body_rep,
        obstacle=obstacle,
        closure="not_ours",
        responsible_name="سازمان تأمین اجتماعی",
    )
    assert obstacle.responsible_name == "سازمان تأمین اجتماعی"


def test_close_as_duplicate(report, staff, body_rep):
    first = report()
    second = report(title="مالیات نرم‌افزار")
    with pytest.raises(ValidationError):
        services.obstacle_close(actor=staff, obstacle=second, closure="duplicate")
    services.obstacle_close(actor=staff, obstacle=second, closure="duplicate", duplicate_of=first)
    assert second.duplicate_of == first


def test_reporter_cannot_close_as_not_ours(report, actor):
    obstacle = report()
    with pytest.raises(PermissionDenied):
        services.obstacle_close(
            actor=actor, obstacle=obstacle, closure="not_ours", responsible_name="x"
        )


def test_rate_needs_an_answer_and_a_valid_score(report, body_rep, actor):
    obstacle = report()
    with pytest.raises(ValidationError):
        services.obstacle_rate(actor=actor, obstacle=obstacle, rating=5)
    services.answer_add(actor=body_rep, obstacle=obstacle, text="پاسخ")
    with pytest.raises(ValidationError):
        services.obstacle_rate(actor=actor, obstacle=obstacle, rating=9)
    with pytest.raises(PermissionDenied):
        services.obstacle_rate(actor=body_rep, obstacle=obstacle, rating=5)


def test_category_create_by_staff(staff, actor):
    with pytest.raises(PermissionDenied):
        services.category_create(actor=actor, name="انرژی")
    created = services.category_create(actor=staff, name="انرژی")
    assert created.is_active


def test_route_set_by_staff_of_the_province(staff, staff_elsewhere, tax_office):
    with pytest.raises(PermissionDenied):
        services.route_set(
            actor=staff_elsewhere,
            category=category("insurance"),
            province=province("IR-02"),
            body=tax_office,
            answer_days=5,
        )
    route = services.route_set(
        actor=staff,
        category=category("insurance"),
        province=province("IR-02"),
        body=tax_office,
        answer_days=5,
    )
    assert route.answer_days == 5
