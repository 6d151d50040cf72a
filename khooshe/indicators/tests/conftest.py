import datetime

import pytest

from khooshe.indicators.periods import Period
from khooshe.persian.jalali import TEHRAN

#: A closed year and one of its quarters, both well in the past.
YEAR = Period(1403)
Q2 = Period(1403, 2)


def at(period: Period, day: int = 10) -> datetime.datetime:
    """A moment inside ``period`` (its start + ``day`` days, 10:00 in Tehran)."""
    return datetime.datetime.combine(
        period.start + datetime.timedelta(days=day), datetime.time(10), tzinfo=TEHRAN
    )


@pytest.fixture
def run_periods():
    return [YEAR, Q2]
