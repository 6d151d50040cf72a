"""Population per province and Jalali year, for the indicators counted per 10,000 inhabitants.

``data/population.csv`` (columns ``province_code, jalali_year, population, kind``) holds the
Statistical Centre of Iran's 1395 (2016) general census of population and housing, one row per
province (kind ``census``; the 31 rows add up to the census total, 79,926,270). A year with
no row of its own is carried from the nearest census year by the mean annual growth of the
country between the 1390 and 1395 censuses, 1.24 % a year, and is marked an **estimate**: it
is not the Statistical Centre's own yearly estimate and does not follow each province's own
growth. When a newer census or an official estimate is published, add its rows to the file
(kind ``census`` or ``official_estimate``) and those years stop being carried.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "population.csv"
#: Mean annual growth between the 1390 and 1395 censuses (Statistical Centre of Iran).
ANNUAL_GROWTH = 0.0124
CENSUS, ESTIMATE = "census", "estimate"


@dataclass(frozen=True)
class Population:
    province_code: str
    year: int
    value: int
    kind: str  # census, official_estimate (rows of the file) or estimate (carried)

    @property
    def is_estimate(self) -> bool:
        return self.kind != CENSUS


@cache
def _rows() -> dict[str, dict[int, tuple[int, str]]]:
    table: dict[str, dict[int, tuple[int, str]]] = {}
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["province_code"], {})[int(row["jalali_year"])] = (
                int(row["population"]),
                row["kind"],
            )
    return table


def population(province_code: str, year: int) -> Population | None:
    """The population of a province in a Jalali year (None for an unknown province)."""
    years = _rows().get(province_code)
    if not years:
        return None
    if year in years:
        value, kind = years[year]
        return Population(province_code, year, value, kind)
    base = min(years, key=lambda y: (abs(y - year), -y))
    value = round(years[base][0] * (1 + ANNUAL_GROWTH) ** (year - base))
    return Population(province_code, year, value, ESTIMATE)


def populations(year: int) -> dict[str, Population]:
    """Every province's population in ``year``, by province code."""
    return {code: population(code, year) for code in _rows()}
