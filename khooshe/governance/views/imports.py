"""Resolutions from a spreadsheet: check (the default) or record, with a report per row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from khooshe.core.pages import BAD_INPUT
from khooshe.governance import imports, permissions
from khooshe.governance.forms import ResolutionImportForm


@login_required
def resolution_import(request):
    if not permissions.may_record(request.user):
        raise PermissionDenied
    form = ResolutionImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        service = (
            imports.resolutions_apply if form.cleaned_data["apply"] else imports.resolutions_check
        )
        try:
            report = service(actor=request.user, content=upload.read(), filename=upload.name)
        except imports.FileRefused as refusal:
            form.add_error("file", str(refusal))
        if report is not None and report.applied:
            messages.success(request, _("%(count)s مصوبه ثبت شد.") % {"count": len(report.rows)})
        elif report is not None and report.rejected and form.cleaned_data["apply"]:
            messages.error(
                request,
                _("هیچ ردیفی ثبت نشد: %(count)s ردیف نادرست است.")
                % {"count": len(report.rejected)},
            )
            status = BAD_INPUT
    if form.errors:
        status = BAD_INPUT
    return render(
        request,
        "governance/resolution_import.html",
        {"form": form, "report": report, "columns": imports.COLUMNS},
        status=status,
    )


@login_required
def resolution_import_template(request):
    if not permissions.may_record(request.user):
        raise PermissionDenied
    response = HttpResponse(
        imports.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="resolutions-template.xlsx"'
    return response
