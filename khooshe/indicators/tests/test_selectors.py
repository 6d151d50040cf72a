"""The national value, the average of the provinces that reported and the ranks, against a
computation by hand over all 31 provinces; the small-group rule."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.geo.models import Province
from khooshe.indicators import selectors
from khooshe.indicators.definitions import INDICATORS
from khooshe.indicators.models import Snapshot, SnapshotRun
from khooshe.indicators.population import population
from khooshe.indicators.selectors import SUPPRESSED, suppress_small


def test_suppress_small():
    assert suppress_small(0) == 0
    assert suppress_small(3) is SUPPRESSED
    assert suppress_small(5) == 5
    assert suppress_small(Decimal("9000000"), group_size=2) is SUPPRESSED
    assert suppress_small(Decimal("9000000"), group_size=7) == Decimal("9000000")
    assert suppress_small(Decimal("3"), group_size=None) == Decimal("3")  # a score
    assert str(SUPPRESSED) == "کمتر از ۵"


def _store(slug, values, period="1403", sizes=None):
    run = SnapshotRun.objects.create(trigger="command", started_at=timezone.now())
    provinces = {p.code: p for p in Province.objects.all()}
    Snapshot.objects.bulk_create(
        Snapshot(
            run=run,
            indicator=slug,
            province=provinces[code],
            period=period,
            period_start=datetime.date(2024, 3, 20),
            value=Decimal(value),
            group_size=(sizes or {}).get(code, value),
            computed_at=timezone.now(),
        )
        for code, value in values.items()
    )


@pytest.mark.django_db
def test_average_and_rank_by_hand_over_31_provinces():
    codes = sorted(Province.objects.values_list("code", flat=True))
    assert len(codes) == 31
    # 30 provinces report; IR-16 has no data and must not be compared.
    values = {code: (i * 7) % 23 + 1 for i, code in enumerate(codes) if code != "IR-16"}
    values["IR-05"] = values["IR-06"]  # a tie
    _store("proposals-submitted", values)
    table = selectors.indicator_table(INDICATORS["proposals-submitted"])
    comparison = table.comparisons["1403"]
    assert comparison.reported == 30
    assert comparison.of(Province.objects.get(code="IR-16").pk) is None
    assert comparison.national == sum(values.values())
    average = Decimal(sum(values.values())) / 30
    assert comparison.average == average.quantize(Decimal("0.0001"))
    # competition ranking, higher is better
    for code, value in values.items():
        better = sum(1 for other in values.values() if other > value)
        row = next(r for r in comparison.provinces if r.code == code)
        assert row.rank == better + 1, code
        assert row.difference == (Decimal(value) - comparison.average).quantize(Decimal("0.0001"))
    assert (
        next(r for r in comparison.provinces if r.code == "IR-05").rank
        == next(r for r in comparison.provinces if r.code == "IR-06").rank
    )


@pytest.mark.django_db
def test_per_10k_indicator_compares_by_population():
    codes = sorted(Province.objects.values_list("code", flat=True))
    values = {code: 1000 + 10 * i for i, code in enumerate(codes)}
    _store("organizations", values)
    comparison = selectors.indicator_table(INDICATORS["organizations"]).comparisons["1403"]
    per = {c: Decimal(v) * 10000 / population(c, 1403).value for c, v in values.items()}
    expected_average = sum(per.values()) / 31
    assert abs(comparison.average - expected_average) < Decimal("0.001")
    best = max(per, key=per.get)
    assert comparison.provinces[0].code == best
    assert comparison.provinces[0].rank == 1
    national_people = sum(population(c, 1403).value for c in codes)
    assert abs(
        comparison.national_comparable - Decimal(sum(values.values())) * 10000 / national_people
    ) < Decimal("0.001")


@pytest.mark.django_db
def test_lower_is_better_ranks_ascending():
    _store("commitments-late", {"IR-02": 3, "IR-03": 9, "IR-01": 1})
    comparison = selectors.indicator_table(INDICATORS["commitments-late"]).comparisons["1403"]
    assert [r.code for r in comparison.provinces] == ["IR-01", "IR-02", "IR-03"]


@pytest.mark.django_db
def test_share_national_is_weighted():
    _store(
        "obstacles-answered-on-time",
        {"IR-02": 50, "IR-03": 100},
        sizes={"IR-02": 10, "IR-03": 30},
    )
    comparison = selectors.indicator_table(INDICATORS["obstacles-answered-on-time"]).comparisons[
        "1403"
    ]
    assert comparison.national == Decimal("87.5")  # (5 + 30) / 40
    assert comparison.average == Decimal(75)


@pytest.mark.django_db
def test_public_values_suppress_small_groups_for_the_public_only():
    _store("loans-approved", {"IR-02": 3, "IR-03": 12})
    public = {v.province_code: v for v in selectors.public_values(indicator="loans-approved")}
    assert public["IR-02"].value is SUPPRESSED
    assert public["IR-03"].value == 12
    staff = UserFactory()
    grant(staff, "guild_staff", province="IR-02")
    exact = {
        v.province_code: v
        for v in selectors.public_values(indicator="loans-approved", viewer=staff)
    }
    assert exact["IR-02"].value == 3
