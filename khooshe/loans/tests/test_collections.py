"""Collections: days overdue from the installments' due dates and paid parts, the aging
buckets against a count by hand, bucket history, the monthly snapshot, reminders sent once
each in the app and by SMS, the fund officer's list sorted by bucket."""

import datetime

import pytest
from django.urls import reverse

from khooshe.accounts import sms
from khooshe.accounts.models import Role
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.core.models import Notification
from khooshe.geo.models import County
from khooshe.loans import selectors
from khooshe.loans.aging import bucket_of, days_overdue, days_overdue_by_loan
from khooshe.loans.models import (
    AgingSnapshot,
    Application,
    Bucket,
    BucketChange,
    Disbursement,
    Installment,
    Reminder,
)
from khooshe.loans.services import collections
from khooshe.loans.tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    ProgramFactory,
    county,
    fund_officer,
    staff,
)

pytestmark = pytest.mark.django_db
S = Application.State
TODAY = datetime.date(2025, 3, 10)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def loan(program, lines, *, state=S.REPAYING, organization=None, applicant=None):
    """A loan with installments ``(due offset from TODAY, principal, paid principal, paid
    interest)``, each with 1,000 interest."""
    organization = organization or OrganizationFactory()
    application = ApplicationFactory(
        program=program,
        organization=organization,
        applicant=applicant or UserFactory(),
        amount_approved=sum(line[1] for line in lines),
        state=state,
    )
    disbursement = Disbursement.objects.create(
        application=application, amount=application.amount_approved, disbursed_on=day(-400)
    )
    for number, (offset, principal, paid_principal, paid_interest) in enumerate(lines, 1):
        Installment.objects.create(
            application=application,
            disbursement=disbursement,
            number=number,
            due_on=day(offset),
            principal=principal,
            interest=1000,
            total=principal + 1000,
            balance=0,
            paid_principal=paid_principal,
            paid_interest=paid_interest,
            paid_on=day(offset) if paid_principal == principal and paid_interest == 1000 else None,
        )
    return application


def test_bucket_boundaries():
    assert [bucket_of(d) for d in (0, 1, 30, 31, 60, 61, 90, 91, 4000)] == [
        Bucket.CURRENT,
        Bucket.B1_30,
        Bucket.B1_30,
        Bucket.B31_60,
        Bucket.B31_60,
        Bucket.B61_90,
        Bucket.B61_90,
        Bucket.B90_PLUS,
        Bucket.B90_PLUS,
    ]


def test_days_overdue_counts_from_the_oldest_installment_not_fully_paid():
    program = ProgramFactory()
    application = loan(
        program,
        [
            (-70, 500, 500, 1000),  # paid
            (-40, 500, 500, 999),  # one rial of interest missing: still overdue
            (-10, 500, 0, 0),
            (0, 500, 0, 0),  # due today: not overdue yet
        ],
    )
    assert days_overdue(application, TODAY) == 40
    assert days_overdue(application, day(-41)) == 0
    assert days_overdue_by_loan([application.pk], TODAY) == {application.pk: 40}
    Installment.objects.filter(application=application, number=2).update(paid_interest=1000)
    assert days_overdue(application, TODAY) == 10


def test_replaced_lines_and_reversed_tranches_are_not_overdue():
    """A rescheduling keeps the old lines for reading (``is_active`` off); a reversed
    disbursement's lines stay too: neither is owed, so neither ages the loan."""
    program = ProgramFactory()
    application = loan(program, [(-40, 500, 0, 0), (20, 500, 0, 0)])
    assert days_overdue(application, TODAY) == 40
    Installment.objects.filter(application=application, number=1).update(is_active=False)
    assert days_overdue(application, TODAY) == 0
    assert days_overdue_by_loan([application.pk], TODAY) == {}
    Installment.objects.filter(application=application).update(is_active=True)
    Disbursement.objects.filter(application=application).update(is_reversed=True)
    assert days_overdue(application, TODAY) == 0


def test_aging_buckets_match_a_count_by_hand(django_assert_max_num_queries):
    program = ProgramFactory()
    other = ProgramFactory(province=program.province, fund=program.fund)
    officer = fund_officer(program.fund)
    second_county = County.objects.filter(province__code="IR-02").exclude(pk=county().pk).first()
    by_hand = {  # days overdue → (program, principal outstanding)
        0: (program, 1000),
        1: (program, 2000),
        30: (other, 3000),
        31: (program, 4000),
        60: (program, 5000),
        61: (other, 6000),
        90: (program, 7000),
        91: (program, 8000),
        400: (other, 9000),
    }
    loans = {}
    for days, (prog, principal) in by_hand.items():
        organization = OrganizationFactory(county=second_county) if days >= 61 else None
        loans[days] = loan(
            prog,
            [(-days if days else 5, principal, 0, 0), (20, 1000, 0, 0)],
            organization=organization,
        )
    # a partly paid principal counts what is left of it
    Installment.objects.filter(application=loans[1], number=1).update(paid_principal=500)
    # settled and not yet disbursed loans are outside the portfolio
    loan(program, [(-50, 777, 0, 0)], state=S.SETTLED)
    with django_assert_max_num_queries(6):
        report = selectors.aging_report(viewer=officer, today=TODAY)
    total = report["total"]
    expected = {
        Bucket.CURRENT: [1, 2000],
        Bucket.B1_30: [2, (1500 + 1000) + (3000 + 1000)],
        Bucket.B31_60: [2, 5000 + 6000],
        Bucket.B61_90: [2, 7000 + 8000],
        Bucket.B90_PLUS: [2, 9000 + 10000],
    }
    assert {b: total.cells[b] for b in Bucket.values} == expected
    assert total.loans == 9
    assert total.at_risk_loans == 8
    assert total.principal == sum(cell[1] for cell in expected.values())
    by_program = {row.key: row for row in report["program"]}
    assert by_program[program.pk].cells[Bucket.B90_PLUS] == [1, 9000]
    assert by_program[other.pk].cells[Bucket.B90_PLUS] == [1, 10000]
    assert by_program[other.pk].loans == 3
    by_county = {row.key: row for row in report["county"]}
    assert by_county[second_county.pk].loans == 4
    assert by_county[second_county.pk].cells[Bucket.B61_90] == [2, 15000]
    (province_row,) = report["province"]
    assert province_row.loans == 9
    # a stranger, and staff of another province, see none of it
    assert selectors.aging_report(viewer=staff(code="IR-07"), today=TODAY)["total"].loans == 0
    # filtered by program
    only = selectors.aging_report(viewer=officer, today=TODAY, program=other.pk)
    assert only["total"].loans == 3


def test_bucket_history_and_monthly_snapshot():
    program = ProgramFactory()
    application = loan(program, [(-1, 1000, 0, 0), (29, 1000, 0, 0)])
    current = loan(program, [(100, 1000, 0, 0)])
    assert collections.buckets_record(today=TODAY) == 1
    assert collections.buckets_record(today=day(1)) == 0  # still 1–30
    assert collections.buckets_record(today=day(29)) == 0  # 30 days: still 1–30
    assert collections.buckets_record(today=day(30)) == 1  # 31 days: 31–60
    Installment.objects.filter(application=application).update(
        paid_principal=1000, paid_interest=1000
    )
    assert collections.buckets_record(today=day(32)) == 1  # back to current
    history = list(selectors.bucket_history(application).values_list("bucket", "days_overdue"))
    assert history == [(Bucket.B1_30, 1), (Bucket.B31_60, 31), (Bucket.CURRENT, 0)]
    assert not BucketChange.objects.filter(application=current).exists()

    assert collections.aging_snapshot_take(today=TODAY) == 1  # one program, county, bucket
    assert collections.aging_snapshot_take(today=day(1)) == 0  # once a month
    (row,) = AgingSnapshot.objects.all()
    assert row.period == "1403-12"
    assert (row.bucket, row.loans, row.principal) == (Bucket.CURRENT, 2, 1000)  # all paid + 1000
    assert collections.aging_snapshot_take(today=day(25)) > 0  # Farvardin 1404
    trend = selectors.aging_trend(viewer=fund_officer(program.fund))
    assert [month["period"] for month in trend] == ["1403-12", "1404-01"]


def test_reminders_once_each_in_the_app_and_by_sms():
    program = ProgramFactory()
    borrower = UserFactory(mobile="09121234567")
    application = loan(
        program,
        [
            (7, 1000, 0, 0),
            (-1, 1000, 0, 0),
            (-15, 1000, 0, 0),
            (-30, 1000, 0, 0),
            (-3, 1000, 1000, 1000),
        ],
        applicant=borrower,
    )
    sms.outbox.clear()
    assert collections.reminders_send(today=TODAY) == 4
    kinds = dict(Reminder.objects.values_list("installment__number", "kind"))
    assert kinds == {1: "before_7", 2: "overdue_1", 3: "overdue_15", 4: "overdue_30"}
    assert len(sms.outbox) == 4
    assert {m.to for m in sms.outbox} == {"09121234567"}
    assert Notification.objects.filter(recipient=borrower).count() == 4
    assert collections.reminders_send(today=TODAY) == 0  # sent once
    assert len(sms.outbox) == 4
    # six days later: the first installment's «1 day before» is due; the others wait
    assert collections.reminders_send(today=day(6)) == 1
    assert Reminder.objects.filter(installment__number=1, kind="before_1").exists()
    # a pass that missed the 15th day still sends «day 15», once
    assert collections.reminders_send(today=day(16)) == 3
    assert set(
        Reminder.objects.filter(sent_on=day(16)).values_list("installment__number", "kind")
    ) == {(1, "overdue_1"), (2, "overdue_15"), (3, "overdue_30")}
    assert application.installments.get(number=1).reminders.count() == 3


def test_reminder_windows():
    due = TODAY
    assert collections.reminder_kind(due, day(-8)) is None
    assert collections.reminder_kind(due, day(-7)) == "before_7"
    assert collections.reminder_kind(due, day(-2)) == "before_7"
    assert collections.reminder_kind(due, day(-1)) == "before_1"
    assert collections.reminder_kind(due, day(0)) == "before_1"
    assert collections.reminder_kind(due, day(1)) == "overdue_1"
    assert collections.reminder_kind(due, day(15)) == "overdue_15"
    assert collections.reminder_kind(due, day(30)) == "overdue_30"
    assert collections.reminder_kind(due, day(37)) is None


def test_fund_desk_lists_loans_by_bucket_and_collections_page(
    client, django_assert_max_num_queries
):
    program = ProgramFactory()
    officer = fund_officer(program.fund)
    today = datetime.date.today()
    offsets = (-5, -95, -40, 3)
    loans = [loan(program, [((today - TODAY).days + o, 1000, 0, 0)]) for o in offsets]
    at_risk = selectors.loans_at_risk_for_fund(viewer=officer, today=today)
    assert [r.application.pk for r in at_risk] == [loans[1].pk, loans[2].pk, loans[0].pk]
    assert [r.bucket for r in at_risk] == [Bucket.B90_PLUS, Bucket.B31_60, Bucket.B1_30]
    client.force_login(officer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("loans:fund_desk"))
    body = response.content.decode()
    table = body[body.index('id="at-risk"') :]
    table = table[: table.index("</table>")]
    days = [table.index(f'fw-bold">{n}<') for n in ("۹۵", "۴۰", "۵")]
    assert days == sorted(days)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("loans:collections"))
    assert response.status_code == 200
    assert "بیش از ۹۰ روز" in response.content.decode()
    response = client.get(reverse("loans:collections"), {"program": "x"})
    assert response.status_code == 400
    client.force_login(UserFactory())
    assert client.get(reverse("loans:collections")).status_code == 403


def test_aging_api_and_bucket_history_api(client):
    program = ProgramFactory()
    officer = fund_officer(program.fund)
    today = datetime.date.today()
    application = loan(program, [((today - TODAY).days - 45, 3000, 0, 0)])
    collections.buckets_record(today=today)
    client.force_login(officer)
    response = client.get("/api/v1/loans/aging/")
    assert response.status_code == 200, response.content
    data = response.json()
    cells = {cell["bucket"]: cell for cell in data["total"]["buckets"]}
    assert (cells["31-60"]["loans"], cells["31-60"]["principal"]) == (1, 3000)
    assert data["date"]["iso"] == today.isoformat()
    assert client.get("/api/v1/loans/aging/", {"program": "x"}).status_code == 400
    response = client.get(f"/api/v1/loans/{application.pk}/buckets/")
    assert response.json()[0]["bucket"] == "31-60"
    assert response.json()[0]["days_overdue"] == 45
    assert client.get("/api/v1/loans/aging-trend/").status_code == 200
    national = UserFactory()
    grant(national, Role.NATIONAL_STAFF)
    client.force_login(national)
    assert client.get("/api/v1/loans/aging/").json()["total"]["loans"] == 1
    client.force_login(UserFactory())
    assert client.get("/api/v1/loans/aging/").json()["total"]["loans"] == 0
