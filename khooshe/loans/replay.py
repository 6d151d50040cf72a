"""The loan ledger as a replay (pure Python, no database): the installments' paid parts, the
late-payment penalty (وجه التزام تأخیر), waivers, the credit carried forward and the payoff
quote all follow from the schedule lines and the dated events, replayed in date order.

Because the state is always *recomputed* from the events, a reversed repayment simply drops
out of the events and every later one is reallocated exactly as if it had never been posted.

Rules (money is integer Rial; every division rounds half up):

* **Allocation.** A repayment plus the credit held pays the lines due on or before its date,
  oldest first (due date, tranche, number); within each line in the program's order (penalty,
  interest, principal by default). What is left is credit, paid into each later line on its
  due date (the daily pass). Funds that cover everything owed pay off every line at once (no
  rebate); funds of at least the payoff quote settle the loan, the interest not yet accrued
  being rebated (``interest_rebate``) by what the funds fall short of everything owed.
* **Penalty.** Per line, per day ``d`` with ``due_on + grace < d ≤ payment day``, outside the
  pause windows of decrees: ``round(remaining × (contract rate + points) / 36,500)``, where
  ``remaining`` is the line's unpaid principal and interest at the start of that day.
* **Waivers.** A waiver of an amount lowers the penalties still owed, oldest line first, never
  the accruals; a range waiver (by decree) waives what accrued on the days of its range.
* **Payoff quote** on day ``D``: everything owed on ``D`` (penalties accrued through ``D``
  included) less the interest not yet accrued (a line's interest accrues linearly by day over
  its period, from the previous line's due date of its tranche) less the credit.
* **Checkpoint.** A rescheduling freezes the state (:meth:`Ledger.checkpoint`); later replays
  start from it with only the events recorded after it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal

_CTX = Context(prec=60, rounding=ROUND_HALF_UP)
_DAYS_RATE = Decimal(36_500)
PENALTY, INTEREST, PRINCIPAL = "penalty", "interest", "principal"
DEFAULT_ORDER = (PENALTY, INTEREST, PRINCIPAL)
ORDERS = {
    "penalty_first": (PENALTY, INTEREST, PRINCIPAL),
    "penalty_last": (INTEREST, PRINCIPAL, PENALTY),
}
ONE_DAY = datetime.timedelta(days=1)


def round_div(numerator: int | Decimal, denominator: int | Decimal) -> int:
    """``numerator / denominator`` rounded half up to an integer (exact, one division)."""
    quotient = _CTX.divide(Decimal(numerator), Decimal(denominator))
    return int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_CTX))


def daily_penalty(remaining: int, annual_rate: Decimal) -> int:
    """One day's penalty on ``remaining`` rials at ``annual_rate`` percent a year."""
    return round_div(_CTX.multiply(Decimal(remaining), Decimal(annual_rate)), _DAYS_RATE)


def overlap_days(start: datetime.date, end: datetime.date, windows) -> int:
    """Days ``d`` with ``start < d ≤ end`` inside any of ``windows`` (inclusive pairs)."""
    if end <= start:
        return 0
    days = 0
    for low, high in merge_windows(windows):
        first = max(start + ONE_DAY, low)
        last = min(end, high)
        if last >= first:
            days += (last - first).days + 1
    return days


def merge_windows(windows) -> list[tuple[datetime.date, datetime.date]]:
    merged: list[list[datetime.date]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def charged_days(
    start: datetime.date, end: datetime.date, *, due_on, grace_days: int, pauses
) -> int:
    """Penalty days ``d`` with ``start < d ≤ end`` and ``d > due_on + grace``, outside pauses."""
    start = max(start, due_on + datetime.timedelta(days=grace_days))
    if end <= start:
        return 0
    return (end - start).days - overlap_days(start, end, pauses)


@dataclass(frozen=True)
class PenaltyRule:
    annual_rate: Decimal | None = None  # contract rate + points; None: no penalty
    grace_days: int = 0
    order: tuple[str, ...] = DEFAULT_ORDER
    pauses: tuple[tuple[datetime.date, datetime.date], ...] = ()


@dataclass
class Line:
    key: int
    due_on: datetime.date
    period_start: datetime.date
    principal: int
    interest: int
    sort: tuple = ()
    number: int = 0
    paid_interest: int = 0
    paid_principal: int = 0
    paid_on: datetime.date | None = None
    interest_rebate: int = 0
    penalty_accrued: int = 0
    penalty_paid: int = 0
    penalty_waived: int = 0
    range_tally: dict = field(default_factory=dict)

    STATE = (
        "paid_interest",
        "paid_principal",
        "paid_on",
        "interest_rebate",
        "penalty_accrued",
        "penalty_paid",
        "penalty_waived",
    )

    @property
    def remaining(self) -> int:
        return (
            self.principal
            + self.interest
            - self.paid_interest
            - self.paid_principal
            - self.interest_rebate
        )

    @property
    def penalty_due(self) -> int:
        return self.penalty_accrued - self.penalty_paid - self.penalty_waived

    def owed(self, part: str) -> int:
        if part == PENALTY:
            return self.penalty_due
        if part == INTEREST:
            return self.interest - self.paid_interest - self.interest_rebate
        return self.principal - self.paid_principal

    def pay(self, part: str, amount: int) -> None:
        if part == PENALTY:
            self.penalty_paid += amount
        elif part == INTEREST:
            self.paid_interest += amount
        else:
            self.paid_principal += amount

    def state(self) -> dict:
        values = {name: getattr(self, name) for name in self.STATE}
        values["paid_on"] = self.paid_on.isoformat() if self.paid_on else None
        return values

    def restore(self, values: dict) -> None:
        for name in self.STATE:
            if name in values:
                setattr(self, name, values[name])
        if isinstance(self.paid_on, str):
            self.paid_on = datetime.date.fromisoformat(self.paid_on)

    def accrued_interest(self, on: datetime.date) -> int:
        """The line's interest accrued by ``on`` (linear by day over its period)."""
        if on >= self.due_on:
            return self.interest
        if on <= self.period_start:
            return 0
        return round_div(
            self.interest * (on - self.period_start).days, (self.due_on - self.period_start).days
        )

    def unaccrued_interest(self, on: datetime.date) -> int:
        unpaid = self.interest - self.paid_interest - self.interest_rebate
        return max(0, min(unpaid, self.interest - self.accrued_interest(on)))


@dataclass(frozen=True)
class Payment:
    key: int
    on: datetime.date
    amount: int
    seq: tuple = ()


@dataclass(frozen=True)
class Waiver:
    """``amount`` off the penalties owed on ``on``; or, with ``range``, what accrued on the
    days of ``range`` (inclusive dates), capped by what is still owed."""

    key: int
    on: datetime.date
    amount: int = 0
    range: tuple[datetime.date, datetime.date] | None = None
    seq: tuple = ()


@dataclass
class PaymentResult:
    allocation: list[dict]
    credit_used: int
    credit_left: int


class Ledger:
    """One loan's lines replayed through its events up to a day."""

    def __init__(
        self,
        lines: list[Line],
        rule: PenaltyRule,
        *,
        start: datetime.date,
        credit: int = 0,
    ):
        self.lines = sorted(lines, key=lambda line: line.sort or (line.due_on, line.key))
        self.rule = rule
        self.cursor = start
        self.credit = credit
        self.results: dict[int, PaymentResult] = {}
        self.waived: dict[int, int] = {}
        self._ranges: dict[int, tuple[datetime.date, datetime.date]] = {}

    # --- totals -----------------------------------------------------------------------------

    @property
    def outstanding(self) -> int:
        """Everything owed now: unpaid principal and interest of every line and penalties."""
        return sum(line.remaining + line.penalty_due for line in self.lines)

    @property
    def penalty_due(self) -> int:
        return sum(line.penalty_due for line in self.lines)

    def unaccrued_interest(self, on: datetime.date) -> int:
        return sum(line.unaccrued_interest(on) for line in self.lines if line.remaining)

    def payoff(self, on: datetime.date) -> int:
        """What settles the loan on ``on`` once the ledger has been run to ``on``."""
        return max(0, self.outstanding - self.unaccrued_interest(on) - self.credit)

    def overdue(self, on: datetime.date) -> list[Line]:
        return [line for line in self.lines if line.remaining and line.due_on < on]

    def checkpoint(self) -> dict:
        return {
            "on": self.cursor.isoformat(),
            "credit": self.credit,
            "lines": {str(line.key): line.state() for line in self.lines},
        }

    # --- time -------------------------------------------------------------------------------

    def _accrue(self, end: datetime.date) -> None:
        rate = self.rule.annual_rate
        if rate is None or end <= self.cursor:
            return
        for line in self.lines:
            if not line.remaining or line.due_on >= end:
                continue
            days = charged_days(
                self.cursor,
                end,
                due_on=line.due_on,
                grace_days=self.rule.grace_days,
                pauses=self.rule.pauses,
            )
            if not days:
                continue
            per_day = daily_penalty(line.remaining, rate)
            line.penalty_accrued += days * per_day
            for key, (low, high) in self._ranges.items():
                in_range = charged_days(
                    max(self.cursor, low - ONE_DAY),
                    min(end, high),
                    due_on=line.due_on,
                    grace_days=self.rule.grace_days,
                    pauses=self.rule.pauses,
                )
                if in_range > 0:
                    line.range_tally[key] = line.range_tally.get(key, 0) + in_range * per_day

    def advance(self, end: datetime.date) -> None:
        """Run time forward to ``end``: penalties accrue, credit pays lines on their due day."""
        while self.credit > 0:
            upcoming = [
                line.due_on
                for line in self.lines
                if line.remaining and self.cursor < line.due_on <= end
            ]
            if not upcoming:
                break
            day = min(upcoming)
            self._accrue(day)
            self.cursor = day
            self.credit = self._allocate(self.credit, day, [])
        self._accrue(end)
        self.cursor = max(self.cursor, end)

    # --- events -----------------------------------------------------------------------------

    def _allocate(self, funds: int, on: datetime.date, lines_out: list[dict]) -> int:
        everything = self.outstanding
        if funds >= everything:
            targets = self.lines
        elif funds >= everything - self.unaccrued_interest(on):
            self._rebate(everything - funds, on)
            targets = self.lines
        else:
            targets = [line for line in self.lines if line.due_on <= on]
        for line in targets:
            if funds <= 0:
                break
            paid = {}
            for part in self.rule.order:
                amount = min(funds, line.owed(part))
                if amount > 0:
                    line.pay(part, amount)
                    funds -= amount
                paid[part] = max(amount, 0)
            if not any(paid.values()):
                continue
            if line.remaining == 0 and line.paid_on is None:
                line.paid_on = on
            lines_out.append(
                {
                    "installment": line.key,
                    "number": line.number,
                    "due_on": line.due_on.isoformat(),
                    "penalty": paid.get(PENALTY, 0),
                    "interest": paid.get(INTEREST, 0),
                    "principal": paid.get(PRINCIPAL, 0),
                    "fully_paid": line.remaining == 0,
                }
            )
        return funds

    def _rebate(self, amount: int, on: datetime.date) -> None:
        """Forgive ``amount`` of the interest not yet accrued, latest line first."""
        for line in reversed(self.lines):
            if amount <= 0:
                break
            if not line.remaining:
                continue
            part = min(amount, line.unaccrued_interest(on))
            line.interest_rebate += part
            amount -= part

    def pay(self, payment: Payment) -> PaymentResult:
        self.advance(payment.on)
        lines: list[dict] = []
        credit_before = self.credit
        left = self._allocate(payment.amount + credit_before, payment.on, lines)
        allocated = payment.amount + credit_before - left
        self.credit = left
        result = PaymentResult(
            allocation=lines, credit_used=max(0, allocated - payment.amount), credit_left=left
        )
        self.results[payment.key] = result
        return result

    def waive(self, waiver: Waiver) -> int:
        self.advance(waiver.on)
        if waiver.range is not None:
            total = 0
            for line in self.lines:
                part = min(line.range_tally.pop(waiver.key, 0), line.penalty_due)
                line.penalty_waived += part
                total += part
        else:
            left = waiver.amount
            for line in self.lines:
                part = min(left, line.penalty_due)
                line.penalty_waived += part
                left -= part
            total = waiver.amount - left
        self.waived[waiver.key] = total
        return total

    def run(self, events, until: datetime.date) -> Ledger:
        """Replay ``events`` (payments and waivers) in date order, then run to ``until``."""
        ordered = sorted(events, key=lambda e: (e.on, e.seq))
        self._ranges = {e.key: e.range for e in ordered if isinstance(e, Waiver) and e.range}
        for event in ordered:
            if isinstance(event, Payment):
                self.pay(event)
            else:
                self.waive(event)
        self.advance(until)
        return self
