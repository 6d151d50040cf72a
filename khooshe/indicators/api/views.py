"""The indicators API: the definitions and the published values, read-only.

Answers are cached (keyed by the data version, the viewer's kind and the query) and carry an
``ETag`` and a ``Last-Modified``: a client that sends ``If-None-Match`` (or
``If-Modified-Since``) with what it already has gets ``304 Not Modified``. The public sees
small groups as «کمتر از ۵» (``value`` null, ``suppressed`` true); staff see exact values.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from khooshe.indicators import permissions, selectors
from khooshe.indicators.api import serializers as s
from khooshe.indicators.definitions import INDICATORS
from khooshe.indicators.filters import ValueFilter
from khooshe.indicators.models import Snapshot
from khooshe.indicators.templatetags.indicators_ui import format_value
from khooshe.persian.serializers import jalali_pair

CACHE_SECONDS = 60 * 10
NOT_MODIFIED = OpenApiResponse(description="the client already has this answer (ETag)")

_FILTER_PARAMETERS = [
    OpenApiParameter("province", str, description="استان: کد ISO (IR-02) یا نام"),
    OpenApiParameter("period", str, description="دوره: 1403 یا 1403-Q2 (هر رقمی)"),
    OpenApiParameter("from", str, description="از دوره یا تاریخ (جلالی یا ISO)"),
    OpenApiParameter("to", str, description="تا دوره یا تاریخ (جلالی یا ISO)"),
    OpenApiParameter(
        "disaggregation",
        str,
        enum=[key for key, _label in ValueFilter.base_filters["disaggregation"].extra["choices"]],
        description="تفکیک؛ بی‌مقدار: فقط جمع استان",
    ),
]


def _row(value: selectors.Value) -> dict:
    hidden = value.is_suppressed
    return {
        "indicator": value.indicator,
        "province_code": value.province_code,
        "province_name": value.province_name,
        "province_name_en": value.province_name_en,
        "period": value.period,
        "is_year": value.is_year,
        "dis_key": value.dis_key,
        "dis_value": value.dis_value,
        "dis_label": value.dis_label,
        "value": None if hidden else value.value,
        "suppressed": hidden,
        "display": format_value(value.value),
        "per_10k": None if hidden else value.per_10k,
        "origin": value.origin,
        "source": value.source,
        "source_url": value.source_url,
        "source_date": jalali_pair(value.source_date) if value.source_date else None,
        "computed_at": value.computed_at,
        "run_id": value.run_id,
        "is_demo": value.is_demo,
    }


class IndicatorViewSet(viewsets.GenericViewSet):
    """Indicator definitions; ``{slug}/values/`` their published values per province and
    period."""

    permission_classes = [AllowAny]
    serializer_class = s.IndicatorSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,64}"
    queryset = Snapshot.objects.none()  # the definitions live in code; for the schema only

    def _conditional(self, request, build):
        """Answer from the cache, or 304 when the client's copy is current."""
        version = selectors.data_version()
        exact = permissions.sees_exact_values(request.user)
        signature = f"{version}|{int(exact)}|{get_language()}|{request.get_full_path()}"
        etag = hashlib.sha256(signature.encode()).hexdigest()[:32]
        modified = selectors.last_modified()
        stamp = int(modified.timestamp()) if modified else None
        early = get_conditional_response(request._request, etag=f'"{etag}"', last_modified=stamp)
        if early is not None:
            return early
        key = f"indicators:api:{etag}"
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, CACHE_SECONDS)
        response = Response(data)
        response["ETag"] = f'"{etag}"'
        if stamp is not None:
            response["Last-Modified"] = http_date(stamp)
        return response

    def _indicator(self):
        indicator = INDICATORS.get(self.kwargs.get("slug", ""))
        if indicator is None:
            raise Http404
        return indicator

    @extend_schema(responses={200: s.IndicatorSerializer(many=True), 304: NOT_MODIFIED})
    def list(self, request):
        def build():
            items = list(INDICATORS.values())
            page = self.paginate_queryset(items)
            data = s.IndicatorSerializer(page, many=True).data
            return self.get_paginated_response(data).data

        return self._conditional(request, build)

    @extend_schema(responses={200: s.IndicatorSerializer, 304: NOT_MODIFIED})
    def retrieve(self, request, slug=None):
        indicator = self._indicator()
        return self._conditional(request, lambda: s.IndicatorSerializer(indicator).data)

    @extend_schema(
        parameters=_FILTER_PARAMETERS,
        responses={200: s.ValueSerializer(many=True), 304: NOT_MODIFIED},
    )
    @action(detail=True, methods=["get"], url_path="values")
    def values(self, request, slug=None):
        indicator = self._indicator()
        filterset = ValueFilter(
            request.query_params,
            queryset=selectors.published(indicator=indicator),
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        exact = permissions.sees_exact_values(request.user)

        def build():
            page = self.paginate_queryset(filterset.qs)
            rows = [_row(selectors.to_value(row, exact=exact)) for row in page]
            return self.get_paginated_response(s.ValueSerializer(rows, many=True).data).data

        return self._conditional(request, build)
