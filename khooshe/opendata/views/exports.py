"""Exports of the lists users see: ``/opendata/exports/<list>.<xlsx|csv>?<the page's filters>``.

A short list is answered at once; a longer one is queued and the user is sent to its page,
which shows the progress (polled by htmx) and then the download link. Only the user who asked
may see or download a queued file.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from khooshe.core import desk
from khooshe.opendata import exports, formats
from khooshe.opendata.models import ExportFile
from khooshe.opendata.tasks import write_export_file
from khooshe.opendata.views.files import CONTENT_TYPES


@login_required
@require_safe
def export(request, slug: str, fmt: str):
    declared = exports.get(slug)
    if declared is None or fmt not in exports.FORMATS:
        raise Http404
    params = request.GET.copy()
    params.pop("page", None)
    if declared.count(request.user, params) > exports.BACKGROUND_ROWS:
        job = ExportFile.objects.create(
            user=request.user, export=slug, format=fmt, params=params.urlencode()
        )
        desk.changed()
        transaction.on_commit(lambda: write_export_file.delay(job.pk))
        return redirect("opendata:export_file", pk=job.pk)
    name = exports.filename(declared, fmt)
    if fmt == "xlsx":
        return FileResponse(
            exports.write(declared, request.user, params, fmt),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[fmt],
        )
    dataset = declared.dataset(request.user, params)
    response = StreamingHttpResponse(formats.csv_lines(dataset), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _own(request, pk: int) -> ExportFile:
    return get_object_or_404(ExportFile, pk=pk, user=request.user)


@login_required
@require_safe
def export_file(request, pk: int):
    """The queued file's progress (the whole page, or the bar alone for htmx's poll)."""
    job = _own(request, pk)
    declared = exports.get(job.export)
    template = "opendata/_export_progress.html" if request.htmx else "opendata/export_file.html"
    return render(request, template, {"job": job, "export": declared})


@login_required
@require_safe
def export_file_download(request, pk: int):
    job = _own(request, pk)
    if job.state != ExportFile.State.DONE or not job.file:
        raise Http404
    if job.downloaded_at is None:
        ExportFile.objects.filter(pk=job.pk).update(downloaded_at=timezone.now())
        desk.changed()
    declared = exports.get(job.export)
    name = exports.filename(declared, job.format) if declared else job.file.name
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[job.format],
    )
