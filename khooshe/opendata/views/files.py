"""The files: CSV, XLSX, JSON and Data Package descriptors, at stable URLs.

Each answer carries an ``ETag`` (the dataset's version: newest change, row count, schema) and
``Last-Modified``; a client that sends either back gets 304 without the rows being read. A
download (a 200) counts once, in the database (``services.download_count_increment``).
"""

from __future__ import annotations

import hashlib
import json

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from khooshe.opendata import formats, selectors, services
from khooshe.opendata.datasets import DATASETS
from khooshe.opendata.schema import CC_BY_4

#: Clients may keep a file this long before asking again (and then get 304 if unchanged).
MAX_AGE = 300

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def _conditional(request, *, etag: str, last_modified):
    """(a 304 response or None, the headers every answer carries)."""
    # Whole seconds: an HTTP date has no fraction, and a client sends back what it was given.
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=quote_etag(etag), last_modified=timestamp)
    headers = {"ETag": quote_etag(etag)}
    if timestamp is not None:
        headers["Last-Modified"] = http_date(timestamp)
    return not_modified, headers


def _finish(response, headers):
    for name, value in headers.items():
        response[name] = value
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_safe
def download(request, slug: str, name: str, fmt: str):
    dataset = selectors.dataset_get(slug=slug)
    if name != slug:
        return HttpResponse(status=404)
    state = selectors.dataset_state(dataset, fresh=True)
    not_modified, headers = _conditional(
        request, etag=f"{state.etag}-{fmt}", last_modified=state.last_modified
    )
    if not_modified is not None:
        return _finish(not_modified, headers)
    filename = f"{slug}.{fmt}"
    if fmt == "xlsx":
        response = FileResponse(
            formats.xlsx_file(dataset),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES[fmt],
        )
    else:
        chunks = formats.csv_lines(dataset) if fmt == "csv" else formats.json_chunks(dataset)
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if request.method == "GET":
        services.download_count_increment(dataset=slug, format=fmt)
    return _finish(response, headers)


def _json(data: dict):
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_safe
def datapackage(request, slug: str):
    """The dataset's Data Package: its CSV, relative to this descriptor, with its schema."""
    dataset = selectors.dataset_get(slug=slug)
    state = selectors.dataset_state(dataset, fresh=True)
    not_modified, headers = _conditional(
        request, etag=f"{state.etag}-dp", last_modified=state.last_modified
    )
    if not_modified is not None:
        return _finish(not_modified, headers)
    package = dataset.package(
        path=f"{slug}.csv",
        homepage=request.build_absolute_uri(reverse("opendata:detail", args=[slug])),
        last_modified=state.last_modified,
    )
    if request.method == "GET":
        services.download_count_increment(dataset=slug, format="datapackage")
    return _finish(_json(package), headers)


@require_safe
def catalogue_datapackage(request):
    """One Data Package for the whole catalogue: a resource per dataset."""
    datasets = list(DATASETS.values())
    states = [selectors.dataset_state(d, fresh=True) for d in datasets]
    version = hashlib.sha256("".join(s.etag for s in states).encode()).hexdigest()[:32]
    dates = [s.last_modified for s in states if s.last_modified]
    newest = max(dates) if dates else None
    not_modified, headers = _conditional(request, etag=f"{version}-dp", last_modified=newest)
    if not_modified is not None:
        return _finish(not_modified, headers)
    package = {
        "profile": "tabular-data-package",
        "name": "khooshe",
        "title": "داده‌های باز خوشه",
        "title_en": "Khooshe open data",
        "description": "همه مجموعه‌داده‌های عمومی خوشه: فهرست‌های عمومی و شاخص‌ها.",
        "description_en": "Every public dataset of Khooshe: the public lists and the indicators.",
        "homepage": request.build_absolute_uri(reverse("opendata:index")),
        "licenses": [CC_BY_4.descriptor()],
        "resources": [d.resource(f"{d.slug}/{d.slug}.csv") for d in datasets],
    }
    if newest is not None:
        package["last_modified"] = newest.isoformat()
    return _finish(_json(package), headers)
