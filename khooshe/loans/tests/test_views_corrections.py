"""The correction pages: statement with penalty apart, reversal, waiver, rescheduling,
payoff quote and decrees."""

import pytest

from khooshe.loans import services
from khooshe.loans.models import Application, Decree, Reversal, ScheduleVersion
from khooshe.loans.tests.test_ledger import disbursed_loan
from khooshe.persian.jalali import format_jalali

pytestmark = pytest.mark.django_db


def test_statement_shows_penalty_apart_and_reversal_links(client, django_assert_max_num_queries):
    loan, officer = disbursed_loan(days_ago=100, penalty_enabled=True)
    for amount in (3_000_000, 4_000_000, 5_000_000):
        services.repayment_record(actor=officer, application=loan, amount=amount)
    client.force_login(officer)
    url = f"/programs/loans/{loan.pk}/"
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "وجه التزام" in page
    assert "/reverse/" in page


def test_reversing_from_the_page(client):
    loan, officer = disbursed_loan(days_ago=70)
    repayment = services.repayment_record(actor=officer, application=loan, amount=3_000_000)
    client.force_login(officer)
    url = f"/programs/loans/{loan.pk}/repayment/{repayment.pk}/reverse/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": "", "reference": ""})
    assert refused.status_code == 400
    done = client.post(url, {"reason": "چک برگشتی", "reference": "RV-1", "idempotency_key": "a"})
    assert done.status_code == 302
    assert Reversal.objects.filter(repayment=repayment).exists()
    again = client.post(url, {"reason": "دوباره", "reference": "RV-2", "idempotency_key": "b"})
    assert again.status_code == 409


def test_payoff_page_is_printable_and_the_applicant_reads_it(client):
    loan, _officer = disbursed_loan(days_ago=50)
    client.force_login(loan.applicant)
    response = client.get(f"/programs/loans/{loan.pk}/payoff/")
    assert response.status_code == 200
    quote = services.payoff_quote(loan)
    assert "data-print" in response.content.decode()
    assert response.context["quote"].amount == quote.amount
    assert client.get(f"/programs/loans/{loan.pk}/reschedule/").status_code == 403


def test_reschedule_page_previews_then_confirms(client):
    loan, officer = disbursed_loan(days_ago=40)
    client.force_login(officer)
    url = f"/programs/loans/{loan.pk}/reschedule/"
    preview = client.post(url, {"kind": "extend", "extra": "۳", "preview": "1"})
    assert preview.status_code == 200
    assert len(preview.context["preview"]["new"]) == 15
    page = preview.content.decode()
    assert format_jalali(preview.context["preview"]["new"][-1]["due_on"]) in page
    confirmed = client.post(
        url, {"kind": "extend", "extra": "3", "reason": "رکود بازار", "confirm": "1"}
    )
    assert confirmed.status_code == 302
    assert ScheduleVersion.objects.filter(application=loan, number=2).exists()


def test_decree_page_defers_installments(client):
    loan, officer = disbursed_loan(days_ago=20)
    first = loan.installments.first()
    client.force_login(officer)
    response = client.post(
        "/programs/fund/decrees/new/",
        {
            "kind": "pause",
            "title": "استمهال کرونا",
            "programs": [loan.program.pk],
            "date_from": format_jalali(first.due_on, digits="latin"),
            "date_to": format_jalali(first.due_on, digits="latin"),
            "months": "3",
            "reason": "مصوبه ستاد",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Decree.objects.get().versions.count() == 1
    loan.refresh_from_db()
    assert loan.state == Application.State.DISBURSED
