"""«The article's claim, checked»: a sentence an official says — «توانمندی صنعت ICT مازندران
بالاتر از متوسط کشوری است» — tested against the published indicators.

The province is found in the sentence in any spelling (the folded search key of its Persian
or English name); the indicators are those whose keywords (in the definitions) appear in it;
the claimed direction is read from words such as «بالاتر/بیشتر/بهتر» or «پایین‌تر/کمتر/بدتر»
(«above» when none is found). For each indicator the answer is the latest year the province
reported: its value, the average of the provinces that reported, the difference, the rank,
and whether that part of the claim is supported.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from khooshe.geo.models import Province
from khooshe.indicators.definitions import INDICATORS, Indicator
from khooshe.indicators.selectors import Comparison, ProvinceValue, indicator_tables
from khooshe.persian.text import search_key

ABOVE_WORDS = ("بالاتر", "بیشتر", "بهتر", "جلوتر", "برتر", "above", "higher", "more", "better")
BELOW_WORDS = ("پایین‌تر", "پایینتر", "کمتر", "بدتر", "عقب‌تر", "below", "lower", "less", "worse")

#: Extra spellings of province names people write (folded when compared).
ALIASES = {
    "IR-03": ("آذربایجانشرقی", "آذربایجان شرقی", "تبریز"),
    "IR-04": ("آذربایجانغربی", "ارومیه"),
    "IR-23": ("تهران",),
    "IR-09": ("خراسان رضوی", "مشهد"),
}


@dataclass
class Finding:
    indicator: Indicator
    comparison: Comparison
    row: ProvinceValue
    claimed_above: bool

    @property
    def is_above(self) -> bool:
        """Better than the average (above it, or below for a lower-is-better indicator)."""
        if self.indicator.higher_is_better:
            return self.row.comparable > self.comparison.average
        return self.row.comparable < self.comparison.average

    @property
    def supports(self) -> bool:
        return (
            self.is_above == self.claimed_above and self.row.comparable != self.comparison.average
        )


@dataclass
class Check:
    text: str
    province: Province | None
    claimed_above: bool
    indicators: list[Indicator]
    findings: list[Finding]
    missing: list[Indicator]  # relevant, but the province reported no value

    @property
    def message(self) -> str:
        if self.province is None:
            return _("نام استانی در جمله پیدا نشد.")
        if not self.indicators:
            return _(
                "شاخصی مرتبط با جمله پیدا نشد؛ واژه‌هایی مانند «شرکت»، «دانش‌بنیان»، «وام» یا «دولت هوشمند» به کار ببرید."
            )
        supported = sum(1 for f in self.findings if f.supports)
        return _("%(s)s از %(n)s شاخص مرتبط این ادعا را تأیید می‌کنند.") % {
            "s": supported,
            "n": len(self.findings),
        }


def find_province_in(text: str) -> Province | None:
    key = search_key(text)
    best: tuple[int, Province] | None = None
    for province in Province.objects.all():
        names = {province.name, province.name_en, *ALIASES.get(province.code, ())}
        for name in names:
            folded = search_key(name)
            if folded and folded in key and (best is None or len(folded) > best[0]):
                best = (len(folded), province)
    return best[1] if best else None


def claimed_direction(text: str) -> bool:
    key = search_key(text)
    above = min((key.find(search_key(w)) for w in ABOVE_WORDS if search_key(w) in key), default=-1)
    below = min((key.find(search_key(w)) for w in BELOW_WORDS if search_key(w) in key), default=-1)
    return not (below >= 0 and (above < 0 or below < above))


def relevant_indicators(text: str) -> list[Indicator]:
    key = search_key(text)
    found = []
    for indicator in INDICATORS.values():
        if any(search_key(word) and search_key(word) in key for word in indicator.keywords):
            found.append(indicator)
    return found


def check_claim(text: str) -> Check:
    province = find_province_in(text)
    above = claimed_direction(text)
    indicators = relevant_indicators(text)
    findings: list[Finding] = []
    missing: list[Indicator] = []
    if province is not None and indicators:
        tables = indicator_tables(indicators)
        for indicator in indicators:
            comparison = tables[indicator.slug].latest_for(province.pk)
            row = comparison.of(province.pk) if comparison else None
            if row is None or comparison.average is None:
                missing.append(indicator)
                continue
            findings.append(Finding(indicator, comparison, row, above))
    return Check(text, province, above, indicators, findings, missing)
