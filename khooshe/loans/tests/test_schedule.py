"""Tests of the repayment schedule engine (no database; run with ``-p no:django``)."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from decimal import Decimal
from fractions import Fraction
from math import floor

import jdatetime
import pytest

from khooshe.loans.schedule import (
    GraceInterest,
    LoanTerms,
    Method,
    Schedule,
    build_schedule,
    compare_grace_treatments,
    due_date,
)

HALF = Fraction(1, 2)


def greg(year: int, month: int, day: int) -> datetime.date:
    """Gregorian date of a Jalali date (jdatetime rejects days that do not exist)."""
    return jdatetime.date(year, month, day).togregorian()


def jalali(d: datetime.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=d)
    return (j.year, j.month, j.day)


# --- an independent reference, in exact fractions -----------------------------------------------


def ref_round(x: Fraction, unit: int = 1) -> int:
    """Round half up (all amounts here are non-negative) to a multiple of ``unit``."""
    return floor(Fraction(x) / unit + HALF) * unit


def ref_due(disbursed: datetime.date, month: int) -> datetime.date:
    """Same Jalali day ``month`` months later, found by trying days downwards from the anchor."""
    j = jdatetime.date.fromgregorian(date=disbursed)
    year, month0 = divmod(j.year * 12 + (j.month - 1) + month, 12)
    for day in range(j.day, 0, -1):
        try:
            return jdatetime.date(year, month0 + 1, day).togregorian()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reference(terms: LoanTerms, disbursed: datetime.date) -> list[tuple]:
    """Rows ``(due_date, principal, interest, total, balance, is_grace)`` by the issue's rules."""
    p, n, g, unit = terms.amount, terms.installments, terms.grace_months, terms.rounding
    rate = Fraction(terms.annual_rate)
    r = rate / 1200
    treatment = terms.grace_interest

    pa = ref_round(p * (1 + r) ** g) if treatment == GraceInterest.CAPITALIZED else p
    rows = []
    if treatment == GraceInterest.PAID_MONTHLY:
        rows += [
            (ref_due(disbursed, m), 0, ref_round(p * r), None, p, True) for m in range(1, g + 1)
        ]

    # principal and interest of each regular installment
    principals: list[int] = []
    interests: list[int] = []
    if terms.method == Method.FLAT:
        total_interest = ref_round(Fraction(pa) * rate * (n + 1) / 2400)
        level = ref_round(Fraction(pa + total_interest, n), unit)
        totals = [level] * (n - 1) + [pa + total_interest - (n - 1) * level]
        interests = [ref_round(Fraction(total_interest, n))] * (n - 1)
        interests.append(total_interest - sum(interests))
        principals = [t - i for t, i in zip(totals, interests, strict=True)]
    else:
        if terms.method == Method.ANNUITY:
            level = ref_round(pa * r / (1 - (1 + r) ** -n) if r else Fraction(pa, n), unit)
        else:
            level = ref_round(Fraction(pa, n), unit)
        outstanding = pa
        for k in range(n):
            interest = ref_round(outstanding * r)
            if k == n - 1:
                principal = outstanding
            elif terms.method == Method.ANNUITY:
                principal = level - interest
            else:
                principal = level
            principals.append(principal)
            interests.append(interest)
            outstanding -= principal

    grace_interest = ref_round(p * r * g)
    if treatment == GraceInterest.SPREAD:
        share = ref_round(Fraction(grace_interest, n))
        extras = [share] * (n - 1) + [grace_interest - share * (n - 1)]
    elif treatment == GraceInterest.DEFERRED:
        extras = [grace_interest] + [0] * (n - 1)
    else:
        extras = [0] * n

    outstanding = pa
    for k in range(n):
        outstanding -= principals[k]
        interest = interests[k] + extras[k]
        rows.append(
            (ref_due(disbursed, g + k + 1), principals[k], interest, None, outstanding, False)
        )
    return [(d, pr, i, pr + i, b, gr) for (d, pr, i, _, b, gr) in rows]


def as_rows(schedule: Schedule) -> list[tuple]:
    return [
        (i.due_date, i.principal, i.interest, i.total, i.balance, i.is_grace)
        for i in schedule.installments
    ]


# --- invariants: every method x every grace treatment --------------------------------------------

CASES = [
    # amount, rate, N, G, rounding, disbursed (Jalali)
    (1_000_000_000, "4", 36, 12, 1, (1403, 6, 31)),
    (1_000_000_000, "4", 36, 12, 10_000, (1403, 11, 30)),
    (123_456_789, "23.5", 60, 6, 1_000, (1404, 11, 30)),
    (50_000_000, "18", 12, 3, 10_000, (1402, 12, 29)),
    (2_500_000_000, "0", 24, 6, 1, (1403, 12, 30)),
    (987_654_321, "12.75", 120, 24, 100, (1407, 12, 29)),
    (300_000_000, "30", 1, 0, 1, (1404, 1, 1)),
    (300_000_000, "30", 1, 5, 100_000, (1404, 1, 1)),
]


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("treatment", list(GraceInterest))
@pytest.mark.parametrize("case", CASES)
def test_invariants_and_reference(case, treatment, method):
    amount, rate, n, g, unit, disbursed = case
    terms = LoanTerms(amount, Decimal(rate), n, g, treatment, method, unit)
    schedule = build_schedule(terms, greg(*disbursed))
    rows = schedule.installments

    expected_count = n + g if treatment == GraceInterest.PAID_MONTHLY else n
    assert len(rows) == expected_count
    assert [i.number for i in rows] == list(range(1, expected_count + 1))
    assert sum(i.principal for i in rows) == schedule.amortized_principal
    assert schedule.total_principal == schedule.amortized_principal
    assert rows[-1].balance == 0
    assert all(i.total == i.principal + i.interest for i in rows)
    assert all(i.principal >= 0 and i.interest >= 0 and i.balance >= 0 for i in rows)
    assert schedule.total_paid == schedule.total_principal + schedule.total_interest
    if treatment != GraceInterest.CAPITALIZED or g == 0:
        assert schedule.amortized_principal == amount
    # balances decrease by each principal
    previous = schedule.amortized_principal
    for i in rows:
        if not i.is_grace:
            assert i.balance == previous - i.principal
            previous = i.balance
    # regular installments fall on months G+1..G+N, strictly increasing
    dates = [i.due_date for i in rows]
    assert dates == sorted(set(dates))
    assert sum(i.is_grace for i in rows) == (g if treatment == GraceInterest.PAID_MONTHLY else 0)
    # the level amount of each method is a multiple of the rounding unit
    regular = [i for i in rows if not i.is_grace]
    if method == Method.EQUAL_PRINCIPAL:
        assert all(i.principal % unit == 0 for i in regular[:-1])
    elif treatment not in (GraceInterest.SPREAD, GraceInterest.DEFERRED):
        assert all(i.total % unit == 0 for i in regular[:-1])
    if method == Method.FLAT and treatment in (GraceInterest.WAIVED, GraceInterest.CAPITALIZED):
        pa = schedule.amortized_principal
        flat_interest = ref_round(Fraction(pa) * Fraction(rate) * (n + 1) / 2400)
        assert schedule.total_paid == pa + flat_interest

    assert as_rows(schedule) == reference(terms, greg(*disbursed))


@pytest.mark.parametrize("method", list(Method))
def test_zero_grace_gives_the_plain_schedule_for_every_treatment(method):
    terms = LoanTerms(777_777_777, Decimal("21"), 48, 0, method=method, rounding=1_000)
    schedules = compare_grace_treatments(terms, greg(1403, 6, 31))
    assert list(schedules) == list(GraceInterest)
    plain = as_rows(schedules[GraceInterest.WAIVED])
    assert all(as_rows(s) == plain for s in schedules.values())
    assert all(s.terms.grace_interest == t for t, s in schedules.items())
    assert schedules[GraceInterest.PAID_MONTHLY].installments[0].due_date == greg(1403, 7, 30)


# --- the worked loan: 1,000,000,000 Rial, 4 %, N = 36, G = 12 ---------------------------

# (method, treatment): count, amortized principal, first total, first regular total, last total,
# total interest.  Hand checks: grace month interest 1e9 x 4/1200 = 3,333,333.33 -> 3,333,333;
# grace total 1e9 x 4 x 12/1200 = 40,000,000 -> spread parts 1,111,111 x 35 + 1,111,115;
# capitalized 1e9 x (1204/1200)^12 = 1,040,741,542.92 -> 1,040,741,543;
# annuity A = 29,523,985.0068 -> 29,523,985; flat I = 1e9 x 4 x 37/2400 = 61,666,666.67 ->
# 61,666,667, installment 1,061,666,667/36 = 29,490,740.75 -> 29,490,741, last
# 1,061,666,667 - 35 x 29,490,741 = 29,490,732; equal principal 27,777,777.78 -> 27,777,778.
# fmt: off
WORKED = {
    (Method.ANNUITY, GraceInterest.PAID_MONTHLY): (48, 10**9, 3_333_333, 29_523_985, 29_523_986, 102_863_457),
    (Method.ANNUITY, GraceInterest.CAPITALIZED): (36, 1_040_741_543, 30_726_838, 30_726_838, 30_726_825, 65_424_612),
    (Method.ANNUITY, GraceInterest.SPREAD): (36, 10**9, 30_635_096, 30_635_096, 30_635_101, 102_863_461),
    (Method.ANNUITY, GraceInterest.DEFERRED): (36, 10**9, 69_523_985, 69_523_985, 29_523_986, 102_863_461),
    (Method.ANNUITY, GraceInterest.WAIVED): (36, 10**9, 29_523_985, 29_523_985, 29_523_986, 62_863_461),
    (Method.EQUAL_PRINCIPAL, GraceInterest.PAID_MONTHLY): (48, 10**9, 3_333_333, 31_111_111, 27_870_363, 101_666_663),
    (Method.EQUAL_PRINCIPAL, GraceInterest.CAPITALIZED): (36, 1_040_741_543, 32_378_625, 32_378_625, 29_005_863, 64_179_065),
    (Method.EQUAL_PRINCIPAL, GraceInterest.SPREAD): (36, 10**9, 32_222_222, 32_222_222, 28_981_478, 101_666_667),
    (Method.EQUAL_PRINCIPAL, GraceInterest.DEFERRED): (36, 10**9, 71_111_111, 71_111_111, 27_870_363, 101_666_667),
    (Method.EQUAL_PRINCIPAL, GraceInterest.WAIVED): (36, 10**9, 31_111_111, 31_111_111, 27_870_363, 61_666_667),
    (Method.FLAT, GraceInterest.PAID_MONTHLY): (48, 10**9, 3_333_333, 29_490_741, 29_490_732, 101_666_663),
    (Method.FLAT, GraceInterest.CAPITALIZED): (36, 1_040_741_543, 30_692_239, 30_692_239, 30_692_240, 64_179_062),
    (Method.FLAT, GraceInterest.SPREAD): (36, 10**9, 30_601_852, 30_601_852, 30_601_847, 101_666_667),
    (Method.FLAT, GraceInterest.DEFERRED): (36, 10**9, 69_490_741, 69_490_741, 29_490_732, 101_666_667),
    (Method.FLAT, GraceInterest.WAIVED): (36, 10**9, 29_490_741, 29_490_741, 29_490_732, 61_666_667),
}
# fmt: on


@pytest.mark.parametrize(("method", "treatment"), list(WORKED))
def test_worked_loan_vectors(method, treatment):
    terms = LoanTerms(1_000_000_000, Decimal(4), 36, 12, treatment, method)
    disbursed = greg(1403, 6, 31)
    schedule = build_schedule(terms, disbursed)
    rows = schedule.installments
    regular = [i for i in rows if not i.is_grace]
    count, pa, first, first_regular, last, interest = WORKED[method, treatment]
    assert (
        len(rows),
        schedule.amortized_principal,
        rows[0].total,
        regular[0].total,
        rows[-1].total,
        schedule.total_interest,
    ) == (count, pa, first, first_regular, last, interest)
    assert as_rows(schedule) == reference(terms, disbursed)
    # first regular installment is month G+1 = 13 after 1403/06/31 -> 1404/07/30; last is month
    # 48 -> 1407/06/31
    assert jalali(regular[0].due_date) == (1404, 7, 30)
    assert jalali(rows[-1].due_date) == (1407, 6, 31)
    if treatment == GraceInterest.PAID_MONTHLY:
        assert [i.interest for i in rows[:12]] == [3_333_333] * 12
        assert [jalali(i.due_date) for i in rows[:7]] == [
            (1403, 7, 30),
            (1403, 8, 30),
            (1403, 9, 30),
            (1403, 10, 30),
            (1403, 11, 30),
            (1403, 12, 30),
            (1404, 1, 31),
        ]


def test_worked_loan_annuity_waived_lines():
    terms = LoanTerms(1_000_000_000, Decimal(4), 36, 12, GraceInterest.WAIVED)
    rows = build_schedule(terms, greg(1403, 6, 31)).installments
    # month 1: interest 1e9 x 4/1200 = 3,333,333.33 -> 3,333,333; principal 29,523,985 - that
    assert (rows[0].principal, rows[0].interest, rows[0].balance) == (
        26_190_652,
        3_333_333,
        973_809_348,
    )
    # month 2: interest 973,809,348 x 4/1200 = 3,246,031.16 -> 3,246,031
    assert (rows[1].principal, rows[1].interest) == (26_277_954, 3_246_031)
    assert rows[-1].total == rows[-1].principal + rows[-1].interest


def test_worked_loan_spread_and_deferred_lines():
    base = LoanTerms(1_000_000_000, Decimal(4), 36, 12, method=Method.EQUAL_PRINCIPAL)
    spread = build_schedule(
        dataclasses.replace(base, grace_interest=GraceInterest.SPREAD), greg(1403, 6, 31)
    )
    waived = build_schedule(
        dataclasses.replace(base, grace_interest=GraceInterest.WAIVED), greg(1403, 6, 31)
    )
    deferred = build_schedule(
        dataclasses.replace(base, grace_interest=GraceInterest.DEFERRED), greg(1403, 6, 31)
    )
    extra = [
        s.interest - w.interest
        for s, w in zip(spread.installments, waived.installments, strict=True)
    ]
    assert extra == [1_111_111] * 35 + [1_111_115]
    extra = [
        d.interest - w.interest
        for d, w in zip(deferred.installments, waived.installments, strict=True)
    ]
    assert extra == [40_000_000] + [0] * 35


# --- zero rate, rounding units ---------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_zero_rate(method):
    for treatment in GraceInterest:
        terms = LoanTerms(1_000_000_000, Decimal(0), 36, 12, treatment, method)
        schedule = build_schedule(terms, greg(1403, 6, 31))
        regular = [i for i in schedule.installments if not i.is_grace]
        assert schedule.total_interest == 0
        assert schedule.amortized_principal == 1_000_000_000
        # 1e9 / 36 = 27,777,777.78 -> 27,777,778; last 1e9 - 35 x 27,777,778 = 27,777,770
        assert [i.total for i in regular] == [27_777_778] * 35 + [27_777_770]
        grace = [i.total for i in schedule.installments if i.is_grace]
        assert grace == ([0] * 12 if treatment == GraceInterest.PAID_MONTHLY else [])


@pytest.mark.parametrize(
    ("method", "level", "last_total"),
    [
        # A = 29,523,985.0068 -> 29,520,000; the last takes the remaining balance plus interest
        (Method.ANNUITY, 29_520_000, None),
        # 1e9/36 = 27,777,777.78 -> principal 27,780,000; last principal 1e9 - 35 x 27,780,000
        (Method.EQUAL_PRINCIPAL, 27_780_000, None),
        # (1e9 + 61,666,667)/36 = 29,490,740.75 -> 29,490,000; last 1,061,666,667 - 35 x 29,490,000
        (Method.FLAT, 29_490_000, 1_061_666_667 - 35 * 29_490_000),
    ],
)
def test_rounding_unit_10000(method, level, last_total):
    terms = LoanTerms(1_000_000_000, Decimal(4), 36, 0, method=method, rounding=10_000)
    schedule = build_schedule(terms, greg(1403, 6, 31))
    rows = schedule.installments
    if method == Method.EQUAL_PRINCIPAL:
        assert [i.principal for i in rows[:-1]] == [level] * 35
        assert rows[-1].principal == 1_000_000_000 - 35 * 27_780_000 == 27_700_000
    else:
        assert [i.total for i in rows[:-1]] == [level] * 35
    if last_total is not None:
        assert rows[-1].total == last_total == 29_516_667
        # flat interest per installment stays to the Rial: 61,666,667/36 = 1,712,962.97
        assert [i.interest for i in rows] == [1_712_963] * 35 + [61_666_667 - 35 * 1_712_963]
    assert rows[-1].balance == 0
    assert schedule.total_principal == 1_000_000_000
    assert as_rows(schedule) == reference(terms, greg(1403, 6, 31))


def test_rounding_unit_1_vs_10000_only_moves_the_remainder():
    fine = build_schedule(LoanTerms(1_000_000_000, Decimal(4), 36), greg(1403, 6, 31))
    coarse = build_schedule(
        LoanTerms(1_000_000_000, Decimal(4), 36, rounding=10_000), greg(1403, 6, 31)
    )
    assert fine.installments[0].total == 29_523_985
    assert coarse.installments[0].total == 29_520_000
    assert fine.total_principal == coarse.total_principal == 1_000_000_000


def test_interest_rounds_half_up_exactly():
    # 600 x 1/1200 = 0.5 exactly -> 1 (a rounded r = 0.000833... would give 0.4999... -> 0)
    terms = LoanTerms(600, Decimal(1), 1, 1, GraceInterest.PAID_MONTHLY)
    rows = build_schedule(terms, greg(1403, 1, 1)).installments
    assert [(i.principal, i.interest) for i in rows] == [(0, 1), (600, 1)]
    # 1,800 x 1/1200 = 1.5 -> 2
    terms = LoanTerms(1_800, Decimal(1), 1, 1, GraceInterest.DEFERRED)
    rows = build_schedule(terms, greg(1403, 1, 1)).installments
    assert [(i.principal, i.interest) for i in rows] == [(1_800, 2 + 2)]


def test_capitalized_rounds_half_up_exactly():
    # P x (1 + 6/1200) = P x 201/200; P = 100 gives 100.5 exactly -> 101
    terms = LoanTerms(100, Decimal(6), 1, 1, GraceInterest.CAPITALIZED)
    schedule = build_schedule(terms, greg(1403, 1, 1))
    assert schedule.amortized_principal == 101
    assert schedule.installments[0].principal == 101


# --- due dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disbursed", "month", "expected"),
    [
        ((1403, 6, 31), 1, (1403, 7, 30)),
        ((1403, 6, 31), 6, (1403, 12, 30)),  # 1403 is leap: Esfand has 30 days
        ((1403, 6, 31), 7, (1404, 1, 31)),  # the anchor day stays 31
        ((1403, 6, 31), 18, (1404, 12, 29)),  # 1404 is common
        ((1403, 6, 31), 19, (1405, 1, 31)),
        ((1403, 11, 30), 1, (1403, 12, 30)),
        ((1403, 11, 30), 2, (1404, 1, 30)),
        ((1403, 11, 30), 13, (1404, 12, 29)),
        ((1404, 11, 30), 1, (1404, 12, 29)),
        ((1404, 11, 30), 2, (1405, 1, 30)),
        ((1402, 12, 29), 1, (1403, 1, 29)),
        ((1402, 12, 29), 12, (1403, 12, 29)),  # anchor day 29, not "last day of Esfand"
        ((1402, 12, 29), 24, (1404, 12, 29)),
        ((1403, 12, 30), 12, (1404, 12, 29)),
        ((1403, 12, 30), 13, (1405, 1, 30)),
        ((1403, 12, 30), 60, (1408, 12, 30)),  # 1408 is leap
        ((1403, 12, 30), 48, (1407, 12, 29)),  # 1407 is common
        ((1404, 1, 1), 12, (1405, 1, 1)),
    ],
)
def test_due_dates(disbursed, month, expected):
    assert due_date(greg(*disbursed), month) == greg(*expected)
    assert due_date(greg(*disbursed), month) == ref_due(greg(*disbursed), month)


def test_due_dates_day_31_schedule():
    terms = LoanTerms(120_000_000, Decimal(18), 12, 2, GraceInterest.PAID_MONTHLY)
    schedule = build_schedule(terms, greg(1403, 6, 31))
    assert [jalali(i.due_date) for i in schedule.installments] == [
        (1403, 7, 30),
        (1403, 8, 30),
        (1403, 9, 30),  # first regular installment: month G+1 = 3
        (1403, 10, 30),
        (1403, 11, 30),
        (1403, 12, 30),
        (1404, 1, 31),
        (1404, 2, 31),
        (1404, 3, 31),
        (1404, 4, 31),
        (1404, 5, 31),
        (1404, 6, 31),
        (1404, 7, 30),
        (1404, 8, 30),
    ]
    assert [i.is_grace for i in schedule.installments] == [True, True] + [False] * 12
    assert all(isinstance(i.due_date, datetime.date) for i in schedule.installments)
    assert schedule.installments[0].due_date_jalali == jdatetime.date(1403, 7, 30)


@pytest.mark.parametrize(
    ("disbursed", "esfand"),
    [((1403, 11, 30), (1403, 12, 30)), ((1404, 11, 30), (1404, 12, 29))],
)
def test_due_dates_across_esfand(disbursed, esfand):
    for treatment in GraceInterest:
        terms = LoanTerms(10_000_000, Decimal(20), 3, 0, treatment)
        rows = build_schedule(terms, greg(*disbursed)).installments
        assert jalali(rows[0].due_date) == esfand
        assert jalali(rows[1].due_date) == (esfand[0] + 1, 1, 30)


def test_due_dates_every_month_match_reference():
    for (year, month, day), offset in itertools.product(
        [(1402, 12, 29), (1403, 6, 31), (1403, 11, 30), (1403, 12, 30), (1406, 6, 30)],
        range(0, 130, 7),
    ):
        start = greg(year, month, day)
        assert due_date(start, offset) == ref_due(start, offset)


def test_datetime_disbursement_is_normalised():
    terms = LoanTerms(10_000_000, Decimal(20), 3)
    at = datetime.datetime(2024, 9, 21, 10, 30)
    schedule = build_schedule(terms, at)
    assert schedule.disbursed_on == datetime.date(2024, 9, 21)
    assert jalali(schedule.installments[0].due_date) == (1403, 7, 30)


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": 0},
        {"amount": -5},
        {"amount": True},
        {"amount": 1.5},
        {"annual_rate": Decimal(-1)},
        {"annual_rate": Decimal("100.01")},
        {"annual_rate": Decimal("NaN")},
        {"annual_rate": 4.0},
        {"annual_rate": "abc"},
        {"installments": 0},
        {"installments": 361},
        {"grace_months": -1},
        {"grace_months": 61},
        {"rounding": 0},
        {"rounding": 3},
        {"rounding": 5_000},
        {"method": "compound"},
        {"grace_interest": "forgiven"},
    ],
)
def test_validation_rejects(kwargs):
    base = {"amount": 1_000_000, "annual_rate": Decimal(4), "installments": 12}
    with pytest.raises(ValueError, match=r"[\u0600-\u06FF]"):
        LoanTerms(**{**base, **kwargs})


def test_validation_accepts_edges_and_coerces():
    terms = LoanTerms(1, "100", 360, 60, "waived", "flat", 1_000_000)
    assert terms.annual_rate == Decimal(100)
    assert terms.grace_interest is GraceInterest.WAIVED
    assert terms.method is Method.FLAT
    assert LoanTerms(1, 0, 1).annual_rate == Decimal(0)


def test_rounding_unit_too_large_for_the_loan_is_rejected():
    # 1,000,000 / 3 rounds to 0 under a 1,000,000 unit: fine (everything in the last)...
    terms = LoanTerms(1_000_000, Decimal(0), 3, rounding=1_000_000, method=Method.EQUAL_PRINCIPAL)
    assert [i.principal for i in build_schedule(terms, greg(1403, 1, 1)).installments] == [
        0,
        0,
        1_000_000,
    ]
    # ...but 1,800,000 / 3 = 600,000 rounds up to 1,000,000 and would overpay: rejected.
    terms = dataclasses.replace(terms, amount=1_800_000)
    with pytest.raises(ValueError, match="گرد"):
        build_schedule(terms, greg(1403, 1, 1))


def test_bad_disbursement_date_is_rejected():
    with pytest.raises(ValueError, match="تاریخ"):
        build_schedule(LoanTerms(1_000_000, Decimal(4), 12), jdatetime.date(1403, 1, 1))


def test_terms_are_frozen():
    terms = LoanTerms(1_000_000, Decimal(4), 12)
    with pytest.raises(dataclasses.FrozenInstanceError):
        terms.amount = 5  # type: ignore[misc]
