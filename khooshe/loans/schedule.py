"""Repayment schedule engine for Khooshe loan programs (pure Python, no database).

Money is integer Rial.  Every intermediate value is a :class:`decimal.Decimal` computed in a
private context (400 significant digits, ``ROUND_HALF_UP``); floats are never used.  Each
quantity is formed as an exact numerator and divided once, so a value whose exact result is a
half (e.g. ``600 × 1% ÷ 1200 = 0.5``) is rounded up exactly as the rules say.

Notation
--------
``P`` amount, ``N`` number of regular installments, ``G`` grace months, ``r`` = annual rate
(percent) ÷ 1200, ``round`` = round half up.  ``round_u`` rounds half up to the rounding unit
(``LoanTerms.rounding``); ``round_1`` rounds half up to the whole Rial.

Methods (applied to the *amortized principal* ``Pa``, see grace treatments)
--------------------------------------------------------------------------
``annuity``
    ``A = round_u(Pa·r / (1 − (1+r)^−N))``, or ``round_u(Pa/N)`` when ``r = 0``.  Each month
    ``interest = round_1(balance·r)`` and ``principal = A − interest``.
``equal_principal``
    ``principal = round_u(Pa/N)``; ``interest = round_1(balance·r)``; total = sum of the two.
``flat`` (the simple method quoted by Iranian banks)
    ``I = round_1(Pa × annual rate × (N+1) / 2400)``; installment ``round_u((Pa+I)/N)``, of
    which the interest is ``round_1(I/N)`` and the rest principal.

The last installment absorbs every rounding difference, so the principals sum to exactly
``Pa`` and the balance reaches exactly 0.

Grace treatments (``G`` months before the first regular installment)
-------------------------------------------------------------------
``paid_monthly``
    ``G`` interest-only installments of ``round_1(P·r)`` on months ``1..G`` (flagged
    ``is_grace``), then the ``N`` regular ones.  ``Pa = P``.
``capitalized``
    Nothing is paid during grace; ``Pa = round_1(P·(1+r)^G)``.
``spread``
    Grace interest ``GI = round_1(P·r·G)`` is split in ``N`` equal parts of ``round_1(GI/N)``
    added to the interest line of each regular installment; the last part is
    ``GI − (N−1)·round_1(GI/N)``.  ``Pa = P``.
``deferred``
    Nothing is paid during grace; ``GI = round_1(P·r·G)`` is added to the interest line of the
    first regular installment (Apache Fineract's "grace on interest payment").  ``Pa = P``.
``waived``
    No interest for the grace months.  ``Pa = P``.

With ``G = 0`` every treatment yields the plain schedule.

Due dates
---------
Installment month ``m`` falls on the ``m``-th Jalali month after the disbursement date, on the
disbursement's Jalali day of the month clamped to that month's last day.  The anchor day never
changes: disbursed 1403/06/31 → month 1 is 1403/07/30, month 7 is 1404/01/31.  Regular
installment ``k`` is month ``G + k``; ``paid_monthly`` grace installments are months ``1..G``.
Month lengths come from jdatetime (Esfand: 30 days in leap years such as 1403 and 1408, 29 in
common years such as 1404 and 1407).  Due dates are returned as Gregorian ``datetime.date``.

Interpretation decisions (where the product issue was ambiguous)
-----------------------------------------------------------------
1. Annuity, last installment: "A − interest" is *not* used; its principal is the remaining
   balance and its total is that principal plus its interest, so the balance ends at exactly 0
   (its total may therefore differ from ``A`` by the accumulated rounding).
2. Equal principal, last installment: principal = remaining balance (= ``Pa − (N−1)·round_u(Pa/N)``).
3. Flat, last installment: total = ``(Pa+I) − (N−1)·installment``; interest =
   ``I − (N−1)·round_1(I/N)``; principal = total − interest.  Totals therefore sum to exactly
   ``Pa + I`` and interests to exactly ``I``.
4. The rounding unit applies only to the level amount of each method (``A``, ``round(Pa/N)``,
   ``round((Pa+I)/N)``).  Every interest line (regular interest, ``I/N``, grace interest, grace
   parts) is rounded to the whole Rial, so installment totals are multiples of the unit only
   where the method makes them so (annuity and flat installments before the last; equal
   principal's *principal* line, not its total).  Grace installments and grace add-ons are not
   rounded to the unit.
5. Grace treatments combined with ``flat``: ``capitalized`` substitutes ``Pa = P·(1+r)^G`` for
   ``P`` in the flat formula (``I`` is computed on ``Pa``); ``paid_monthly``, ``spread`` and
   ``deferred`` charge the grace interest at the monthly rate on ``P`` (``P·r`` per month, as for
   the other methods) on top of the flat schedule, which covers only the ``N`` regular months;
   ``waived`` charges nothing for the grace months.
6. ``spread`` and ``deferred`` grace interest is reported inside the ``interest`` column of the
   regular installments (it is interest, not principal); ``balance`` is always the principal
   outstanding after the installment, so it never includes unpaid grace interest.  For
   ``capitalized`` the balance starts from ``Pa`` (capitalized interest becomes principal) and
   ``Schedule.amortized_principal`` is ``Pa``, not ``P``.
7. ``paid_monthly`` grace installments are emitted even when the rate is 0 (with zero interest),
   so the installment count is always ``N + G`` for that treatment.
8. A combination whose rounding would make any line negative is rejected with a
   ``ValueError`` instead of producing a negative principal, interest or balance: a rounding
   unit too large for the loan (level principals overpaying the balance, or an annuity ``A``
   rounded down below the first month's interest at extreme rates), or interest so small that
   ``(N−1)·round(I/N)`` exceeds ``I`` (flat) or ``(N−1)·round(GI/N)`` exceeds ``GI`` (spread).
   Realistic loans (millions of Rial and more) never reach this.
9. Allowed rounding units: 1, 10, 100, 1,000, 10,000, 100,000 and 1,000,000 Rial.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

import jdatetime

__all__ = [
    "ALLOWED_ROUNDING",
    "GraceInterest",
    "Installment",
    "LoanTerms",
    "Method",
    "Schedule",
    "amortized_principal",
    "build_schedule",
    "compare_grace_treatments",
    "due_date",
]

MAX_INSTALLMENTS = 360
MAX_GRACE_MONTHS = 60
MAX_ANNUAL_RATE = Decimal(100)
ALLOWED_ROUNDING = frozenset({1, 10, 100, 1_000, 10_000, 100_000, 1_000_000})

# Enough digits that (1200 + rate)^60 and (1 + r)^360 are carried without loss that matters.
_CTX = Context(prec=400, rounding=ROUND_HALF_UP)
_ONE = Decimal(1)
_1200 = Decimal(1200)
_2400 = Decimal(2400)


class Method(StrEnum):
    ANNUITY = "annuity"
    EQUAL_PRINCIPAL = "equal_principal"
    FLAT = "flat"


class GraceInterest(StrEnum):
    PAID_MONTHLY = "paid_monthly"
    CAPITALIZED = "capitalized"
    SPREAD = "spread"
    DEFERRED = "deferred"
    WAIVED = "waived"


#: The largest loan the engine computes: a thousand trillion rials, far above any program's
#: ceiling, so an absurd amount (10³⁰ typed into the public calculator) is refused.
MAX_AMOUNT = 10**15


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class LoanTerms:
    amount: int
    annual_rate: Decimal
    installments: int
    grace_months: int = 0
    grace_interest: GraceInterest = GraceInterest.PAID_MONTHLY
    method: Method = Method.ANNUITY
    rounding: int = 1

    def __post_init__(self) -> None:
        if not _is_int(self.amount) or self.amount <= 0:
            raise ValueError("مبلغ وام باید عددی صحیح و بزرگ‌تر از صفر (به ریال) باشد.")
        if self.amount > MAX_AMOUNT:
            raise ValueError("مبلغ وام نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد.")

        rate = self.annual_rate
        if isinstance(rate, float | bool) or not isinstance(rate, Decimal | int | str):
            raise ValueError("نرخ سود سالانه باید عدد دهدهی (Decimal) باشد، نه عدد اعشاری شناور.")
        if not isinstance(rate, Decimal):
            try:
                rate = Decimal(rate)
            except ArithmeticError as exc:
                raise ValueError("نرخ سود سالانه عدد معتبری نیست.") from exc
            object.__setattr__(self, "annual_rate", rate)
        if not rate.is_finite() or rate < 0 or rate > MAX_ANNUAL_RATE:
            raise ValueError("نرخ سود سالانه باید بین ۰ و ۱۰۰ درصد باشد.")

        if not _is_int(self.installments) or not 1 <= self.installments <= MAX_INSTALLMENTS:
            raise ValueError("تعداد اقساط باید عددی صحیح بین ۱ و ۳۶۰ باشد.")
        if not _is_int(self.grace_months) or not 0 <= self.grace_months <= MAX_GRACE_MONTHS:
            raise ValueError("دوره تنفس باید عددی صحیح بین ۰ و ۶۰ ماه باشد.")

        try:
            object.__setattr__(self, "grace_interest", GraceInterest(self.grace_interest))
        except ValueError as exc:
            raise ValueError("نحوه محاسبه سود دوره تنفس نامعتبر است.") from exc
        try:
            object.__setattr__(self, "method", Method(self.method))
        except ValueError as exc:
            raise ValueError("روش بازپرداخت نامعتبر است.") from exc

        if not _is_int(self.rounding) or self.rounding not in ALLOWED_ROUNDING:
            raise ValueError(
                "واحد گرد کردن باید یکی از ۱، ۱۰، ۱۰۰، ۱٬۰۰۰، ۱۰٬۰۰۰، ۱۰۰٬۰۰۰ یا ۱٬۰۰۰٬۰۰۰ ریال باشد."
            )


#: The loan terms' fields, named once by :class:`LoanTerms`: a program stores all but the
#: amount (``Program.TERM_FIELDS``), the calculator takes all of them.
TERM_FIELDS = tuple(field.name for field in dataclasses.fields(LoanTerms))


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: datetime.date  # Gregorian
    principal: int
    interest: int
    total: int
    balance: int  # principal outstanding after this installment
    is_grace: bool

    @property
    def due_date_jalali(self) -> jdatetime.date:
        return jdatetime.date.fromgregorian(date=self.due_date)


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    disbursed_on: datetime.date
    installments: tuple[Installment, ...]

    @property
    def total_interest(self) -> int:
        return sum(i.interest for i in self.installments)

    @property
    def total_paid(self) -> int:
        return sum(i.total for i in self.installments)

    @property
    def total_principal(self) -> int:
        return sum(i.principal for i in self.installments)

    @property
    def amortized_principal(self) -> int:
        """The principal the regular installments repay (``P·(1+r)^G`` when capitalized)."""
        return amortized_principal(self.terms)


# --- arithmetic -------------------------------------------------------------------------------


def _round_div(numerator: Decimal | int, denominator: Decimal | int, unit: int = 1) -> int:
    """Round ``numerator / denominator`` half up to a multiple of ``unit`` with one division."""
    quotient = _CTX.divide(Decimal(numerator), _CTX.multiply(Decimal(denominator), Decimal(unit)))
    return int(quotient.quantize(_ONE, rounding=ROUND_HALF_UP, context=_CTX)) * unit


def _monthly_interest(balance: int, annual_rate: Decimal) -> int:
    """``round(balance · r)`` to the Rial, with ``r = annual_rate / 1200``."""
    return _round_div(_CTX.multiply(Decimal(balance), annual_rate), _1200)


def _grace_interest_total(terms: LoanTerms) -> int:
    """``round(P · r · G)`` to the Rial."""
    numerator = _CTX.multiply(Decimal(terms.amount * terms.grace_months), terms.annual_rate)
    return _round_div(numerator, _1200)


def amortized_principal(terms: LoanTerms) -> int:
    """``P``, or ``round(P·(1+r)^G)`` to the Rial when grace interest is capitalized."""
    if terms.grace_interest is not GraceInterest.CAPITALIZED or terms.grace_months == 0:
        return terms.amount
    # P·(1+r)^G = P·(1200 + rate)^G / 1200^G, numerator and denominator exact at 400 digits.
    growth = _CTX.power(_CTX.add(_1200, terms.annual_rate), terms.grace_months)
    numerator = _CTX.multiply(Decimal(terms.amount), growth)
    return _round_div(numerator, _CTX.power(_1200, terms.grace_months))


def _annuity_payment(principal: int, terms: LoanTerms) -> int:
    n = terms.installments
    if terms.annual_rate == 0:
        return _round_div(principal, n, terms.rounding)
    r = _CTX.divide(terms.annual_rate, _1200)
    factor = _CTX.power(_CTX.add(_ONE, r), n)  # (1+r)^N
    # P·r / (1 − (1+r)^−N) = P·r·(1+r)^N / ((1+r)^N − 1)
    numerator = _CTX.multiply(_CTX.multiply(Decimal(principal), r), factor)
    return _round_div(numerator, _CTX.subtract(factor, _ONE), terms.rounding)


# --- due dates --------------------------------------------------------------------------------


def _days_in_jalali_month(year: int, month: int) -> int:
    if month < 12:
        return jdatetime.j_days_in_month[month - 1]
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def due_date(disbursed_on: datetime.date, month: int) -> datetime.date:
    """The Gregorian date ``month`` Jalali months after ``disbursed_on``.

    Same Jalali day of the month as the disbursement, clamped to the target month's last day.
    """
    anchor = jdatetime.date.fromgregorian(date=disbursed_on)
    index = anchor.month - 1 + month
    year, month_of_year = anchor.year + index // 12, index % 12 + 1
    day = min(anchor.day, _days_in_jalali_month(year, month_of_year))
    return jdatetime.date(year, month_of_year, day).togregorian()


# --- schedule ---------------------------------------------------------------------------------


def _regular_lines(terms: LoanTerms, principal: int) -> list[tuple[int, int]]:
    """(principal, interest) for each of the N regular installments, before grace add-ons."""
    n, rate = terms.installments, terms.annual_rate
    lines: list[tuple[int, int]] = []
    balance = principal

    if terms.method is Method.FLAT:
        total_interest = _round_div(_CTX.multiply(Decimal(principal * (n + 1)), rate), _2400)
        payment = _round_div(principal + total_interest, n, terms.rounding)
        interest = _round_div(total_interest, n)
        lines = [(payment - interest, interest)] * (n - 1)
        last_total = principal + total_interest - (n - 1) * payment
        last_interest = total_interest - (n - 1) * interest
        lines.append((last_total - last_interest, last_interest))
        return lines

    if terms.method is Method.ANNUITY:
        payment = _annuity_payment(principal, terms)
    else:  # equal principal
        level_principal = _round_div(principal, n, terms.rounding)

    for k in range(1, n + 1):
        interest = _monthly_interest(balance, rate)
        if k == n:
            part = balance
        elif terms.method is Method.ANNUITY:
            part = payment - interest
        else:
            part = level_principal
        lines.append((part, interest))
        balance -= part
    return lines


def build_schedule(terms: LoanTerms, disbursed_on: datetime.date) -> Schedule:
    """Build the full repayment schedule of ``terms`` for a loan paid out on ``disbursed_on``."""
    if isinstance(disbursed_on, datetime.datetime):
        disbursed_on = disbursed_on.date()
    if not isinstance(disbursed_on, datetime.date):
        raise ValueError("تاریخ پرداخت وام باید تاریخ میلادی (datetime.date) باشد.")

    n, g, treatment = terms.installments, terms.grace_months, terms.grace_interest
    principal = amortized_principal(terms)
    rows: list[Installment] = []

    if treatment is GraceInterest.PAID_MONTHLY:
        grace_interest = _monthly_interest(terms.amount, terms.annual_rate)
        rows.extend(
            Installment(
                number=m,
                due_date=due_date(disbursed_on, m),
                principal=0,
                interest=grace_interest,
                total=grace_interest,
                balance=terms.amount,
                is_grace=True,
            )
            for m in range(1, g + 1)
        )

    add_ons = [0] * n
    if g and treatment in (GraceInterest.SPREAD, GraceInterest.DEFERRED):
        grace_total = _grace_interest_total(terms)
        if treatment is GraceInterest.DEFERRED:
            add_ons[0] = grace_total
        else:
            part = _round_div(grace_total, n)
            add_ons = [part] * (n - 1) + [grace_total - (n - 1) * part]

    balance = principal
    for k, ((part, interest), extra) in enumerate(
        zip(_regular_lines(terms, principal), add_ons, strict=True), start=1
    ):
        balance -= part
        interest += extra
        if part < 0 or interest < 0 or balance < 0:
            raise ValueError(
                "این ترکیب شرایط وام (مبلغ، نرخ، تعداد اقساط و واحد گرد کردن) به قسطی با"
                " مقدار منفی می‌رسد؛ واحد گرد کردن کوچک‌تری انتخاب کنید."
            )
        rows.append(
            Installment(
                number=len(rows) + 1,
                due_date=due_date(disbursed_on, g + k),
                principal=part,
                interest=interest,
                total=part + interest,
                balance=balance,
                is_grace=False,
            )
        )
    assert balance == 0  # the last installment always takes the remaining balance

    return Schedule(terms=terms, disbursed_on=disbursed_on, installments=tuple(rows))


def compare_grace_treatments(
    terms: LoanTerms, disbursed_on: datetime.date
) -> dict[GraceInterest, Schedule]:
    """The same loan under each grace-interest treatment, in declaration order."""
    return {
        treatment: build_schedule(
            dataclasses.replace(terms, grace_interest=treatment), disbursed_on
        )
        for treatment in GraceInterest
    }
