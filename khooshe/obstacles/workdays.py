"""Working days: the one function that computes an answer deadline.

A working day is any day that is not a Friday, not one of Iran's official holidays (the
``holidays`` package, country "IR", which follows the Jalali and lunar calendars) and not a
closure day staff added (:class:`~khooshe.obstacles.models.ClosureDay`, for every province or
for one). Thursday counts as a working day (government offices' half day is still a day)."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.db.models import Q

from khooshe.obstacles.models import ClosureDay

FRIDAY = 4


@lru_cache(maxsize=16)
def official_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("IR", years=year))


def closure_days(start: datetime.date, end: datetime.date, province=None) -> set[datetime.date]:
    province_id = getattr(province, "pk", province)
    queryset = ClosureDay.objects.filter(day__gt=start, day__lte=end)
    scope = Q(province__isnull=True)
    if province_id is not None:
        scope |= Q(province_id=province_id)
    return set(queryset.filter(scope).values_list("day", flat=True))


def is_working_day(day: datetime.date, closed: set[datetime.date] = frozenset()) -> bool:
    return day.weekday() != FRIDAY and day not in official_holidays(day.year) and day not in closed


def add_working_days(start: datetime.date, days: int, *, province=None) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts): an
    obstacle routed on a Saturday with 1 working day is due on Sunday."""
    if days < 0:
        raise ValueError("days must not be negative")
    # A generous window for closure days: holidays never cover more than a few weeks.
    closed = closure_days(start, start + datetime.timedelta(days=days * 2 + 60), province)
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, *, province=None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    closed = closure_days(start, end, province)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, closed):
            count += 1
    return count
