"""The deadline function against the official calendar of 1404 (hand-computed)."""

import datetime

import pytest

from khooshe.obstacles.models import ClosureDay
from khooshe.obstacles.workdays import add_working_days, is_working_day, working_days_between
from khooshe.registry.tests.factories import province

D = datetime.date


def test_fridays_are_not_working_days():
    assert not is_working_day(D(2025, 5, 2))  # Friday 12 Ordibehesht 1404
    assert is_working_day(D(2025, 5, 1))  # Thursday
    assert is_working_day(D(2025, 5, 3))  # Saturday


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2025, 3, 21), "1 Farvardin"),
        (D(2025, 3, 22), "2 Farvardin"),
        (D(2025, 3, 23), "3 Farvardin"),
        (D(2025, 3, 24), "4 Farvardin"),
        (D(2025, 4, 1), "12 Farvardin"),
        (D(2025, 4, 2), "13 Farvardin"),
        (D(2025, 6, 4), "14 Khordad"),
        (D(2025, 6, 5), "15 Khordad"),
        (D(2025, 3, 31), "Eid al-Fitr 1404"),
        (D(2025, 6, 14), "Eid al-Ghadir 1404"),
        (D(2025, 7, 5), "Tasua 1404"),
        (D(2025, 7, 6), "Ashura 1404"),
        (D(2025, 8, 14), "Arbaeen 1404"),
    ],
)
def test_official_holidays_of_1404(day, name):
    assert not is_working_day(day), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Wed 28 Esfand 1403 + 1: 29 Esfand, 1–4 Farvardin (and a Friday) → Tue 5 Farvardin.
        (D(2025, 3, 19), 1, D(2025, 3, 25)),
        # Tue 5 Farvardin + 5: 6, 7, (8 Fri), 9, 10, (11 Eid al-Fitr, 12, 13) → Thu 14 Farvardin.
        (D(2025, 3, 25), 5, D(2025, 4, 3)),
        # Tue 13 Khordad + 1: 14, 15 Khordad, Fri 16 (Eid al-Adha) → Sat 17 Khordad.
        (D(2025, 6, 3), 1, D(2025, 6, 7)),
        # Thu 12 Tir + 2: Fri, Tasua, Ashura → Mon 16, Tue 17 Tir.
        (D(2025, 7, 3), 2, D(2025, 7, 8)),
        # Sat 13 Ordibehesht + 10 ordinary days: Friday 19 skipped → Wed 24 Ordibehesht.
        (D(2025, 5, 3), 10, D(2025, 5, 14)),
        (D(2025, 5, 3), 0, D(2025, 5, 3)),
    ],
)
def test_add_working_days_by_hand(start, days, due):
    assert add_working_days(start, days) == due


@pytest.mark.django_db
def test_closure_days_staff_added_are_skipped_in_their_province_only():
    start = D(2025, 5, 3)  # Saturday
    assert add_working_days(start, 3, province=province("IR-02")) == D(2025, 5, 6)
    ClosureDay.objects.create(day=D(2025, 5, 5), province=province("IR-02"), reason="آلودگی هوا")
    assert add_working_days(start, 3, province=province("IR-02")) == D(2025, 5, 7)
    assert add_working_days(start, 3, province=province("IR-03")) == D(2025, 5, 6)
    ClosureDay.objects.create(day=D(2025, 5, 4), reason="تعطیلی سراسری")
    assert add_working_days(start, 3, province=province("IR-03")) == D(2025, 5, 7)
    assert add_working_days(start, 3, province=province("IR-02")) == D(2025, 5, 8)


@pytest.mark.django_db
def test_working_days_between():
    assert working_days_between(D(2025, 3, 19), D(2025, 3, 25)) == 1
    assert working_days_between(D(2025, 3, 25), D(2025, 3, 25)) == 0
