"""Public pages: the list of indicators, a province's dashboard, an indicator's page and the
claim checker. Charts read their numbers from ``json_script`` blocks (strict CSP: the chart
code is the static ``indicators/charts.js``); a table of the same numbers sits under each."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from khooshe.geo.models import Province
from khooshe.indicators import permissions, selectors
from khooshe.indicators.claims import check_claim
from khooshe.indicators.definitions import HEADLINE, INDICATORS, get_indicator
from khooshe.indicators.forms import ClaimForm
from khooshe.indicators.periods import parse_period
from khooshe.indicators.statements import statements_for

HOME_PROVINCE = "IR-02"
FRAGMENT_SECONDS = 60 * 10


def _period_label(code: str) -> str:
    try:
        return parse_period(code).label
    except ValidationError:
        return code


def _province(code: str | None, user=None) -> Province:
    if code:
        province = Province.objects.filter(code=str(code).upper()).first()
        if province is None:
            raise Http404
        return province
    ids = permissions.staff_province_ids(user)
    if ids and len(ids) == 1:
        return Province.objects.get(pk=next(iter(ids)))
    return Province.objects.get(code=HOME_PROVINCE)


def _number(value):
    return None if value is None or selectors.is_suppressed(value) else float(value)


def _shown(row, exact: bool):
    """A province value as the viewer may see it (the public: small groups suppressed)."""
    if row is None:
        return None
    return row.value if exact else selectors.suppress_small(row.value, row.group_size)


def index(request):
    groups: dict[str, list] = {}
    for indicator in INDICATORS.values():
        groups.setdefault(indicator.app_label, []).append(indicator)
    return render(
        request,
        "indicators/index.html",
        {
            "groups": groups,
            "provinces": Province.objects.order_by("name"),
            "latest_run": selectors.latest_run(),
            "has_demo": selectors.has_demo_values(),
            "may_enter": permissions.may_enter_values(request.user),
            "may_run": permissions.can_run_snapshot(request.user),
        },
    )


def _fragment(key_parts, build):
    """A rendered part of a page, cached until the data changes (the key holds the data
    version, the language and whether the viewer sees exact values)."""
    parts = [selectors.data_version(), get_language() or "fa", *map(str, key_parts)]
    key = "indicators:fragment:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, FRAGMENT_SECONDS)
    return found


def dashboard(request, code: str):
    province = _province(code)
    exact = permissions.sees_exact_values(request.user)
    cards_html = _fragment(
        ["dashboard", province.pk, int(exact)],
        lambda: render_to_string(
            "indicators/_dashboard_cards.html",
            {"cards": _cards(province, exact), "province": province},
            request,
        ),
    )
    return render(
        request,
        "indicators/dashboard.html",
        {
            "province": province,
            "cards_html": cards_html,
            "provinces": Province.objects.order_by("name"),
            "has_demo": selectors.has_demo_values(),
        },
    )


def _cards(province, exact: bool) -> list[dict]:
    tables = selectors.headline_tables()
    cards = []
    for indicator in HEADLINE:
        table = tables[indicator.slug]
        comparison = table.latest_for(province.pk)
        row = comparison.of(province.pk) if comparison else None
        trend = [c for c in table.quarters() if c.of(province.pk) is not None][-8:]
        shown = _shown(row, exact)
        hidden = selectors.is_suppressed(shown)
        points = [
            {
                "label": _period_label(c.period),
                "value": None if hidden else _number(c.of(province.pk).comparable),
                "average": _number(c.average),
            }
            for c in trend
        ]
        cards.append(
            {
                "indicator": indicator,
                "comparison": comparison,
                "row": row,
                "value": shown,
                "hidden": hidden,
                "period_label": _period_label(comparison.period) if comparison else "",
                "chart_id": f"spark-{indicator.slug}",
                "data_id": f"spark-{indicator.slug}-data",
                "chart": {
                    "kind": "spark",
                    "labels": [p["label"] for p in points],
                    "series": [p["value"] for p in points],
                    "average": [p["average"] for p in points],
                    "name": str(indicator.name_fa),
                    "averageName": str(_("میانگین استان‌ها")),
                },
                "points": points,
            }
        )
    return cards


def detail(request, slug: str):
    try:
        indicator = get_indicator(slug)
    except ValidationError as exc:
        raise Http404 from exc
    province = _province(request.GET.get("province"), request.user)
    exact = permissions.sees_exact_values(request.user)
    wanted = request.GET.get("period") or ""

    def build():
        context = _detail_context(indicator, province, wanted, exact)
        html = render_to_string("indicators/_detail_body.html", context, request)
        return html, context["value"], context["title"]

    body_html, value, title = _fragment(
        ["detail", indicator.slug, province.pk, wanted[:20], int(exact)], build
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "title": title,
            "province": province,
            "body_html": body_html,
            "value": value,
            "statements": statements_for(indicator.slug, province.pk),
            "has_demo": selectors.has_demo_values(),
        },
    )


def _detail_context(indicator, province, wanted: str, exact: bool) -> dict:
    table = selectors.indicator_table(indicator)
    comparison = None
    if wanted:
        try:
            comparison = table.comparisons.get(parse_period(wanted).code)
        except ValidationError:
            comparison = None
    comparison = comparison or table.latest_for(province.pk) or table.latest()
    row = comparison.of(province.pk) if comparison else None

    # Time series: the province against the average of the provinces that reported.
    series = []
    for c in table.years() + table.quarters():
        own = c.of(province.pk)
        shown = _shown(own, exact)
        series.append(
            {
                "period": c.period,
                "label": _period_label(c.period),
                "is_year": c.is_year,
                "value": shown,
                "comparable": None
                if own is None or selectors.is_suppressed(shown)
                else own.comparable,
                "average": c.average,
                "national": c.national,
                "reported": c.reported,
                "rank": own.rank if own else None,
            }
        )
    years = [s for s in series if s["is_year"]]
    quarters = [s for s in series if not s["is_year"]]
    timeline = quarters if len(quarters) > len(years) else years

    bars = []
    if comparison is not None:
        for p in comparison.provinces:
            shown = _shown(p, exact)
            hidden = selectors.is_suppressed(shown)
            bars.append(
                {
                    "row": p,
                    "value": shown,
                    "comparable": None if hidden else p.comparable,
                    "current": p.province_id == province.pk,
                }
            )
    english = (get_language() or "fa").startswith("en")
    groups = []
    if comparison is not None and row is not None:
        for key, label in indicator.disaggregation_labels():
            rows = selectors.disaggregation(
                indicator, province, comparison.period, key, exact=exact
            )
            if rows:
                groups.append({"key": key, "label": label, "rows": rows})
    return {
        "indicator": indicator,
        "name": indicator.name("en" if english else "fa"),
        "province": province,
        "provinces": Province.objects.order_by("name"),
        "comparison": comparison,
        "period_label": _period_label(comparison.period) if comparison else "",
        "row": row,
        "value": _shown(row, exact),
        "series": series,
        "timeline": timeline,
        "bars": bars,
        "groups": groups,
        "periods": [(c.period, _period_label(c.period)) for c in table.comparisons.values()],
        "line_chart": {
            "kind": "line",
            "labels": [s["label"] for s in timeline],
            "series": [_number(s["comparable"]) for s in timeline],
            "average": [_number(s["average"]) for s in timeline],
            "name": province.name_en if english else province.name,
            "averageName": str(_("میانگین استان‌های گزارش‌دهنده")),
        },
        "bar_chart": {
            "kind": "bar",
            "labels": [b["row"].name for b in bars],
            "series": [_number(b["comparable"]) for b in bars],
            "highlight": [b["current"] for b in bars],
            "average": _number(comparison.average) if comparison else None,
            "name": indicator.name("en" if english else "fa"),
            "averageName": str(_("میانگین")),
        },
        "title": indicator.name("en" if english else "fa"),
    }


def claim(request):
    form = ClaimForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = check_claim(form.cleaned_data["text"])
    return render(
        request,
        "indicators/claim.html",
        {"form": form, "result": result, "has_demo": selectors.has_demo_values()},
    )
