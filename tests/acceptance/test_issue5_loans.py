"""Issue 5 acceptance: schedules checked to the Rial and date by date against an independent
reference (fractions + jdatetime, written from the issue's rules only), bad parameters, who
sees which application, transitions out of order, repayments posted twice."""

from __future__ import annotations

import datetime
import itertools
import re
from fractions import Fraction

import jdatetime
import pytest
from django.utils import translation
from rest_framework.test import APIClient

from khooshe.accounts.models import Role
from khooshe.loans import services
from khooshe.loans.models import Application, EligibilityRule, Repayment
from khooshe.loans.tests.factories import application_for, fund_officer, staff

URL = "/api/v1/loan-schedules/"


# --- independent reference ----------------------------------------------------------------


def rnd(x: Fraction, unit: int = 1) -> int:
    """Round half up to a multiple of unit (x >= 0)."""
    q = Fraction(x) / unit
    return int((q + Fraction(1, 2)).__floor__()) * unit


def month_last_day(y: int, m: int) -> int:
    for d in (31, 30, 29):
        try:
            jdatetime.date(y, m, d)
            return d
        except ValueError:
            continue
    raise AssertionError


def ref_due(j0: jdatetime.date, k: int) -> jdatetime.date:
    idx = j0.month - 1 + k
    y, m = j0.year + idx // 12, idx % 12 + 1
    return jdatetime.date(y, m, min(j0.day, month_last_day(y, m)))


def reference(P, rate, N, G, grace, method, unit, j0):
    rate = Fraction(rate)
    r = rate / 1200
    rows = []  # (month, principal, interest)
    if grace == "paid_monthly":
        for m in range(1, G + 1):
            rows.append((m, 0, rnd(P * r)))
    Pa = rnd(P * (1 + r) ** G) if (grace == "capitalized" and G) else P
    regular = []
    if method == "flat":
        I_ = rnd(Fraction(Pa) * rate * (N + 1) / 2400)
        inst = rnd(Fraction(Pa + I_, N), unit)
        i_part = rnd(Fraction(I_, N))
        for _k in range(1, N):
            regular.append([inst - i_part, i_part])
        last_total = Pa + I_ - (N - 1) * inst
        last_i = I_ - (N - 1) * i_part
        regular.append([last_total - last_i, last_i])
    else:
        if method == "annuity":
            A = rnd(Fraction(Pa, N), unit) if r == 0 else rnd(Pa * r / (1 - (1 + r) ** -N), unit)
        else:
            level = rnd(Fraction(Pa, N), unit)
        bal = Pa
        for k in range(1, N + 1):
            i = rnd(bal * r)
            if k == N:
                p = bal
            elif method == "annuity":
                p = A - i
            else:
                p = level
            regular.append([p, i])
            bal -= p
    if G and grace in ("spread", "deferred"):
        gi = rnd(P * r * G)
        if grace == "deferred":
            regular[0][1] += gi
        else:
            part = rnd(Fraction(gi, N))
            for k in range(N - 1):
                regular[k][1] += part
            regular[-1][1] += gi - (N - 1) * part
    for k, (p, i) in enumerate(regular, start=1):
        rows.append((G + k, p, i))
    out, bal = [], Pa
    for n, (m, p, i) in enumerate(rows, start=1):
        if p or m > G or grace != "paid_monthly":
            bal -= p
        d = ref_due(j0, m)
        out.append(
            {
                "number": n,
                "due_date": f"{d.year:04d}/{d.month:02d}/{d.day:02d}",
                "due_date_iso": d.togregorian().isoformat(),
                "principal": p,
                "interest": i,
                "total": p + i,
                "balance": bal if m > G or grace != "paid_monthly" else P,
            }
        )
    return out


# --- schedule vectors ---------------------------------------------------------------------

FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

DATES = [
    ("1402/06/31", None),
    ("1403/01/31", FA),
    ("1403/06/30", AR),
    ("1403/11/30", None),  # across leap Esfand 1403 (30 days)
    ("1404/11/30", FA),  # across common Esfand 1404 (29 days)
    ("1404/12/29", None),
    ("1403/12/30", AR),
]
CASES = list(
    itertools.product(
        ["annuity", "equal_principal", "flat"],
        ["paid_monthly", "capitalized", "spread", "deferred", "waived"],
    )
)


def _post(client, **data):
    return client.post(URL, data, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "grace"), CASES)
def test_schedule_matches_independent_reference(method, grace):
    client = APIClient()
    params = [
        (1_750_000_000, "4", 24, 12, 1),
        (987_654_321, "18.5", 36, 6, 10_000),
        (300_000_000, "0", 10, 3, 10_000),
        (123_456_789, "23", 7, 0, 1),
        (2_000_000_001, "2.5", 60, 5, 10_000),
    ]
    for i, (P, rate, N, G, unit) in enumerate(params):
        text, digits = DATES[(i + CASES.index((method, grace))) % len(DATES)]
        y, m, d = (int(x) for x in text.split("/"))
        sent = text.translate(digits) if digits else text
        resp = _post(
            client,
            amount=P,
            annual_rate=rate,
            installments=N,
            grace_months=G,
            grace_interest=grace,
            method=method,
            rounding=unit,
            disbursed_on=sent,
        )
        assert resp.status_code == 200, resp.content
        body = resp.json()
        expected = reference(P, rate, N, G, grace, method, unit, jdatetime.date(y, m, d))
        got = [{k: line[k] for k in expected[0]} for line in body["installments"]]
        assert got == expected, (method, grace, P, rate, N, G, unit, text)
        assert body["total_interest"] == sum(e["interest"] for e in expected)
        assert body["total_paid"] == sum(e["total"] for e in expected)


@pytest.mark.django_db
def test_day_31_and_esfand_due_dates():
    client = APIClient()
    body = _post(
        client,
        amount=120_000_000,
        annual_rate="0",
        installments=12,
        method="equal_principal",
        disbursed_on="۱۴۰۳/۰۶/۳۱",
    ).json()
    dates = [line["due_date"] for line in body["installments"]]
    assert dates[0] == "1403/07/30"
    assert dates[5] == "1403/12/30"  # Esfand of leap 1403
    assert dates[6] == "1404/01/31"
    body = _post(
        client,
        amount=120_000_000,
        annual_rate="0",
        installments=12,
        method="equal_principal",
        disbursed_on="1404/06/31",
    ).json()
    assert body["installments"][5]["due_date"] == "1404/12/29"  # common 1404
    assert body["installments"][5]["due_date_iso"] == "2026-03-20"
    assert all(line["principal"] == 10_000_000 for line in body["installments"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", -5),
        ("amount", "abc"),
        ("annual_rate", "150"),
        ("installments", 0),
        ("grace_months", 999),
        ("grace_interest", "sometimes"),
        ("method", "balloon"),
        ("rounding", 7),
        ("disbursed_on", "1403/13/40"),
    ],
)
def test_bad_parameter_answers_400_with_persian_message_on_its_field(field, value):
    data = {
        "amount": 500_000_000,
        "annual_rate": "4",
        "installments": 12,
        "method": "annuity",
        "rounding": 1,
    }
    data[field] = value
    resp = _post(APIClient(), **data)
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert field in body, body
    message = " ".join(body[field])
    assert any("\u0600" <= ch <= "\u06ff" for ch in message), message


# --- who sees what, order of transitions, double posts --------------------------------------


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _disbursed_loan():
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    on = datetime.date.today() - datetime.timedelta(days=40)
    services.application_sign(actor=officer, application=application, signed_on=on)
    services.disbursement_record(actor=officer, application=application, disbursed_on=on)
    return application, officer


@pytest.mark.django_db
def test_actor_cannot_see_or_act_on_another_application(client):
    mine = application_for(state=Application.State.DRAFT)
    theirs = application_for(state=Application.State.SUBMITTED)
    api = _client(mine.applicant)
    assert api.get(f"/api/v1/applications/{theirs.pk}/").status_code == 404
    for action in ("submit", "withdraw", "review", "approve"):
        assert api.post(f"/api/v1/applications/{theirs.pk}/{action}/").status_code == 404
    assert (
        api.patch(f"/api/v1/applications/{theirs.pk}/", {"purpose": "x"}, format="json").status_code
        == 404
    )
    assert api.get(f"/api/v1/loans/{theirs.pk}/schedule/").status_code == 404
    listed = {a["id"] for a in api.get("/api/v1/applications/").json()["results"]}
    assert theirs.pk not in listed
    # pages
    client.force_login(mine.applicant)
    for url in (
        f"/programs/applications/{theirs.pk}/",
        f"/programs/applications/{theirs.pk}/edit/",
        f"/programs/applications/{theirs.pk}/history/",
        f"/programs/loans/{theirs.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/programs/applications/{theirs.pk}/submit/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Application.State.SUBMITTED
    assert client.get("/programs/applications/").content.decode().count(theirs.purpose) <= (
        1 if mine.purpose == theirs.purpose else 0
    )


@pytest.mark.django_db
def test_transitions_out_of_order_answer_409():
    application = application_for()
    officer = fund_officer(application.program.fund)
    decider = _client(staff())
    owner = _client(application.applicant)
    # the applicant may see the draft but not sign (403), before any question of order
    assert owner.post(f"/api/v1/applications/{application.pk}/sign/").status_code == 403
    assert owner.post(f"/api/v1/applications/{application.pk}/submit/").status_code == 200
    assert (
        _client(officer)
        .post(f"/api/v1/applications/{application.pk}/disburse/", {"amount": "1000000"})
        .status_code
        == 409
    )
    assert owner.post(f"/api/v1/applications/{application.pk}/submit/").status_code == 409
    assert _client(officer).post(f"/api/v1/applications/{application.pk}/sign/").status_code == 409
    _client(staff(Role.GUILD_STAFF)).post(f"/api/v1/applications/{application.pk}/review/")
    assert decider.post(f"/api/v1/applications/{application.pk}/approve/").status_code == 200
    assert decider.post(f"/api/v1/applications/{application.pk}/approve/").status_code == 409
    assert (
        _client(officer)
        .post(f"/api/v1/applications/{application.pk}/disburse/", {"amount": "1000000"})
        .status_code
        == 409
    )  # not signed yet


@pytest.mark.django_db
def test_repayment_posted_twice_is_recorded_once_api_and_form(client):
    application, officer = _disbursed_loan()
    api = _client(officer)
    url = f"/api/v1/loans/{application.pk}/repayments/"
    a = api.post(url, {"amount": "۵٬۰۰۰٬۰۰۰"}, format="json", HTTP_IDEMPOTENCY_KEY="k-42")
    b = api.post(url, {"amount": "۵٬۰۰۰٬۰۰۰"}, format="json", HTTP_IDEMPOTENCY_KEY="k-42")
    assert a.status_code == 201
    assert b.status_code == 201  # the stored answer of the first post, replayed
    assert a.json()["id"] == b.json()["id"]
    assert Repayment.objects.filter(application=application).count() == 1
    # the same form submitted twice (double click: same hidden key)
    client.force_login(officer)
    page = client.get(f"/programs/loans/{application.pk}/").content.decode()
    key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="idempotency_key"', page
    )
    assert key, "the repayment form carries a hidden idempotency key"
    form = {"amount": "۳٬۰۰۰٬۰۰۰", "paid_on": "", "reference": "", "idempotency_key": key[1]}
    first = client.post(f"/programs/loans/{application.pk}/", form)
    second = client.post(f"/programs/loans/{application.pk}/", form)
    assert first.status_code == second.status_code == 302
    assert Repayment.objects.filter(application=application).count() == 2


@pytest.mark.django_db
def test_calculator_page_rounding_choices_in_persian_digits(client):
    html = client.get("/programs/calculator/").content.decode()
    assert ">۱۰٬۰۰۰<" in html
    assert ">10,000<" not in html
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert ">10,000<" in client.get("/programs/calculator/").content.decode()


@pytest.mark.django_db
def test_eligibility_reasons_show_persian_digits(client):
    application = application_for(jobs_promised=7)
    EligibilityRule.objects.create(
        program=application.program, kind=EligibilityRule.Kind.MIN_JOBS, params={"min_jobs": 3}
    )
    services.application_submit(actor=application.applicant, application=application)
    client.force_login(application.applicant)
    html = client.get(f"/programs/applications/{application.pk}/").content.decode()
    assert "اشتغال تعهدشده ۷ نفر است." in html


@pytest.mark.django_db
def test_fund_desk_overdue_items_in_persian_digits(client):
    _application, officer = _disbursed_loan()
    client.force_login(officer)
    html = client.get("/desk/").content.decode()
    assert "روز تأخیر" in html
    assert not re.search(r"[0-9]+ روز تأخیر", html)
    assert re.search(r"[۰-۹]+ روز تأخیر", html)


@pytest.mark.django_db
def test_recorded_eligibility_rule_names_in_english(client):
    application = application_for(jobs_promised=7)
    EligibilityRule.objects.create(
        program=application.program, kind=EligibilityRule.Kind.MIN_JOBS, params={"min_jobs": 3}
    )
    services.application_submit(actor=application.applicant, application=application)
    client.force_login(application.applicant)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get(f"/programs/applications/{application.pk}/").content.decode()
    with translation.override("en"):
        english = str(EligibilityRule.Kind.MIN_JOBS.label)
    with translation.override("fa"):
        persian = str(EligibilityRule.Kind.MIN_JOBS.label)
    assert english != persian
    assert f"<strong>{english}</strong>" in html
    assert f"<strong>{persian}</strong>" not in html
    assert "اشتغال تعهدشده" not in html  # the reason too reads in English
    with translation.override("en"):
        reason = translation.gettext("اشتغال تعهدشده %(n)s نفر است.") % {"n": 7}
    assert reason in html


@pytest.mark.django_db
def test_english_statement_calls_repaid_amounts_paid_not_disbursed(client):
    application, officer = _disbursed_loan()
    client.force_login(officer)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    html = client.get(f"/programs/loans/{application.pk}/").content.decode()
    assert ">Paid<" in html
    assert "Total of installments" in html


@pytest.mark.django_db
def test_count_fields_errors_speak_of_a_count_not_an_amount():
    resp = _post(
        APIClient(), amount="۱۰۰٬۰۰۰٬۰۰۰", annual_rate="۴", installments="12.5", grace_months="x"
    )
    assert resp.status_code == 400
    body = resp.json()
    assert set(body) == {"installments", "grace_months"}
    assert all("مبلغ" not in m for m in body["installments"] + body["grace_months"])


@pytest.mark.django_db
def test_disbursement_form_submitted_twice_is_recorded_once(client):
    application = application_for()
    services.application_submit(actor=application.applicant, application=application)
    services.application_review(actor=staff(Role.GUILD_STAFF), application=application)
    services.application_approve(actor=staff(), application=application)
    officer = fund_officer(application.program.fund)
    services.application_sign(actor=officer, application=application)
    client.force_login(officer)
    page = client.get(f"/programs/applications/{application.pk}/").content.decode()
    key = re.search(r'name="disburse-idempotency_key"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="disburse-idempotency_key"', page
    )
    assert key, "the disbursement form carries a hidden idempotency key"
    form = {"disburse-amount": "۴۰۰٬۰۰۰٬۰۰۰", "disburse-idempotency_key": key[1]}
    url = f"/programs/applications/{application.pk}/disburse/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert application.disbursements.count() == 1


@pytest.mark.django_db
def test_out_of_order_action_on_the_page_shows_a_clear_message(client):
    application = application_for()
    client.force_login(application.applicant)
    client.post(f"/programs/applications/{application.pk}/submit/", {})
    officer = fund_officer(application.program.fund)
    client.force_login(officer)
    response = client.post(
        f"/programs/applications/{application.pk}/sign/", {"sign-note": ""}, follow=True
    )
    # a button: post/redirect/get, the refusal is a message on the application's page
    assert response.redirect_chain == [(f"/programs/applications/{application.pk}/", 302)]
    assert response.status_code == 200
    assert "ممکن نیست" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
