"""``/api/v1/datasets/``: the catalogue (``?q=`` in any spelling) and one dataset by slug,
with its files' URLs and, in the detail, its columns.

Both answer an ``ETag`` (a digest of the body); a client that sends it back in
``If-None-Match`` gets 304. The dataset figures come from the catalogue's cache
(:func:`khooshe.opendata.selectors.dataset_state`), so an answer costs one query (the download
counts). Every API answer is ``Cache-Control: no-store`` (``core.middleware.NoStoreMiddleware``:
an API answer may be personal); the files themselves, at ``/opendata/…``, are cacheable.
"""

from __future__ import annotations

import hashlib
import json

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from khooshe.opendata import selectors
from khooshe.opendata.api import serializers as s
from khooshe.opendata.models import DownloadCount
from khooshe.opendata.views.files import CONTENT_TYPES
from khooshe.persian.jalali import format_jalali_datetime


def _resources(request, slug: str) -> list[dict]:
    resources = [
        {
            "format": fmt,
            "mediatype": CONTENT_TYPES[fmt].split(";")[0],
            "url": request.build_absolute_uri(
                reverse("opendata:download", kwargs={"slug": slug, "name": slug, "fmt": fmt})
            ),
        }
        for fmt in ("csv", "xlsx", "json")
    ]
    resources.append(
        {
            "format": "datapackage",
            "mediatype": "application/json",
            "url": request.build_absolute_uri(reverse("opendata:datapackage", args=[slug])),
        }
    )
    return resources


def _entry(request, entry: selectors.Entry, *, detail: bool = False) -> dict:
    d, state = entry.dataset, entry.state
    data = {
        "slug": d.slug,
        "title": d.title,
        "title_en": d.title_en,
        "description": d.description,
        "description_en": d.description_en,
        "capability": d.capability,
        "capability_en": d.capability_en,
        "keywords": list(d.keywords),
        "licence": d.licence.descriptor(),
        "last_modified": state.last_modified,
        "last_modified_jalali": (
            format_jalali_datetime(state.last_modified, digits="latin")
            if state.last_modified
            else None
        ),
        "rows": state.count,
        "downloads": entry.downloads,
        "page": request.build_absolute_uri(reverse("opendata:detail", args=[d.slug])),
        "resources": _resources(request, d.slug),
    }
    if detail:
        data["fields"] = [
            {
                "name": c.name,
                "type": c.type,
                "title": c.title,
                "title_en": c.title_en,
                "description": c.description,
                "description_en": c.description_en,
                "unit": c.unit,
                "unit_en": c.unit_en,
            }
            for c in d.columns
        ]
        data["missing_values"] = d.table_schema()["missingValues"]
    return data


def _conditional(request, response: Response) -> Response:
    body = json.dumps(response.data, sort_keys=True, default=str, ensure_ascii=True)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    sent = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in sent or f"W/{etag}" in sent:
        response = Response(status=304)
    response["ETag"] = etag
    return response


class DatasetViewSet(viewsets.GenericViewSet):
    """The open-data catalogue."""

    permission_classes = [AllowAny]
    serializer_class = s.DatasetSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,64}"

    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator needs a model
            return DownloadCount.objects.none()
        return selectors.dataset_search(self.request.query_params.get("q", ""))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="جست‌وجو در هر املایی / search, any spelling"
            )
        ],
        responses=s.DatasetSerializer(many=True),
    )
    def list(self, request):
        datasets = self.paginate_queryset(self.get_queryset())
        entries = selectors.catalogue(datasets)
        data = s.DatasetSerializer([_entry(request, e) for e in entries], many=True).data
        return _conditional(request, self.get_paginated_response(data))

    @extend_schema(
        parameters=[OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses=s.DatasetDetailSerializer,
    )
    def retrieve(self, request, slug=None):
        dataset = selectors.dataset_get(slug=slug)
        entry = selectors.catalogue([dataset])[0]
        data = s.DatasetDetailSerializer(_entry(request, entry, detail=True)).data
        return _conditional(request, Response(data))
