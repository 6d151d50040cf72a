"""The bulk import of the guild's member list (guild staff: upload, dry run, confirm, progress)
and the export of any directory list (everyone)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from khooshe.core.pages import form_status, render_page
from khooshe.registry import exports, imports, tasks
from khooshe.registry.forms import ImportForm

#: How many created/updated rows the report page lists (every rejected row is listed).
REPORT_ROWS_SHOWN = 200


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    imports.require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job_id = tasks.job_create(
            user=request.user,
            filename=form.cleaned_data["file"].name,
            content=form.content,
            rows=form.rows,
        )
        tasks.job_start(job_id, mode="dry_run")
        return redirect("registry:import_status", job_id=job_id)
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "columns": list(imports.COLUMNS.values()),
            "threshold": imports.ASYNC_THRESHOLD,
        },
        status=form_status(form),
    )


def _own_job(request, job_id: str) -> dict:
    job = tasks.job_get(job_id)
    if job is None or job.get("user_id") != request.user.pk:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_status(request, job_id: str):
    imports.require_importer(request.user)
    job = _own_job(request, job_id)
    if request.method == "POST":
        if job["status"] in ("queued", "running"):
            return redirect("registry:import_status", job_id=job_id)
        if job.get("mode") == "apply" and job.get("report", {}) and not job.get("refused"):
            return redirect("registry:import_status", job_id=job_id)  # already imported
        tasks.job_start(job_id, mode="apply", skip_invalid=request.POST.get("skip_invalid") == "1")
        return redirect("registry:import_status", job_id=job_id)
    return render_page(
        request, "registry/import_status.html", _status_context(job), partial="import-status"
    )


def _status_context(job: dict) -> dict:
    report = imports.ImportReport.from_dict(job["report"]) if job.get("report") else None
    context = {"job": job, "report": report, "running": job["status"] in ("queued", "running")}
    if report is not None:
        counts = report.counts()
        shown = [row for row in report.rows if not row.is_rejected][:REPORT_ROWS_SHOWN]
        context.update(
            counts=counts,
            rejected=report.rejected,
            shown=shown,
            hidden_count=counts["create"] + counts["update"] - len(shown),
            applied=report.applied,
            can_confirm=not report.applied and (counts["create"] + counts["update"]) > 0,
        )
    return context


@login_required
def import_template(request):
    imports.require_importer(request.user)
    response = HttpResponse(
        imports.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="nasr-members-template.xlsx"'
    return response


@require_http_methods(["GET"])
def export(request):
    """The directory list of the query string (same filters as the directory) as .xlsx
    (``format=xlsx``, the default) or CSV (``format=csv``)."""
    filters = request.GET.copy()
    kind = filters.pop("format", ["xlsx"])[-1]
    queryset = exports.export_queryset(filters=filters, viewer=request.user)
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        response = StreamingHttpResponse(
            exports.export_csv(queryset, request.user), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="organizations-{stamp}.csv"'
        return response
    response = HttpResponse(
        exports.export_xlsx(queryset, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="organizations-{stamp}.xlsx"'
    return response
