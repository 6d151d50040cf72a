"""An application's documents and guarantees (the applicant uploads the program's required
documents; the fund's officer records guarantees), and the collections page (portfolio at
risk by bucket, the monthly trend)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import sees_as_staff_anywhere
from khooshe.core.idempotency import run_once
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.loans import selectors
from khooshe.loans.forms import AgingFilterForm, DocumentUploadForm, GuaranteeForm
from khooshe.loans.models import ApplicationDocument, Program
from khooshe.loans.permissions import (
    GOVERNORATE,
    GUILD,
    can_record_guarantee,
    can_upload_documents,
    is_fund_officer,
)
from khooshe.loans.services import cover


@login_required
def application_cover(request, pk: int):
    """The documents checklist and the guarantees with the cover they give; a POST with
    ``form=document`` uploads a file, ``form=guarantee`` records a guarantee."""
    application = selectors.application_cover_get(viewer=request.user, pk=pk)
    may_upload = can_upload_documents(request.user, application)
    may_record = (
        can_record_guarantee(request.user, application)
        and application.state in cover.GUARANTEE_STATES
    )
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted and not (
        (posted == "document" and may_upload) or (posted == "guarantee" and may_record)
    ):
        raise PermissionDenied
    document_form = guarantee_form = None
    if may_upload:
        document_form = DocumentUploadForm(
            request.POST if posted == "document" else None,
            request.FILES if posted == "document" else None,
            program=application.program,
        )
    if may_record:
        guarantee_form = GuaranteeForm(request.POST if posted == "guarantee" else None)
    if posted == "document" and document_form is not None and document_form.is_valid():
        data = document_form.cleaned_data
        if call_service(
            document_form,
            cover.document_add,
            actor=request.user,
            application=application,
            requirement=data["requirement"],
            uploaded_file=data["file"],
        ):
            messages.success(request, _("مدرک بارگذاری شد."))
            return redirect("loans:application_cover", pk=pk)
    if posted == "guarantee" and guarantee_form is not None and guarantee_form.is_valid():
        fields = guarantee_form.guarantee_fields()

        def act():
            guarantee = cover.guarantee_add(actor=request.user, application=application, **fields)
            return 201, {"guarantee": guarantee.pk}

        if call_service(
            guarantee_form,
            run_once,
            user=request.user,
            scope=f"loans:guarantee:{application.pk}",
            key=guarantee_form.cleaned_data.get("idempotency_key") or None,
            action=act,
        ):
            messages.success(request, _("تضمین ثبت شد."))
            return redirect("loans:application_cover", pk=pk)
    context = {
        "application": application,
        "checklist": selectors.document_checklist(application),
        "guarantees": selectors.guarantees_of(application),
        "cover_required": cover.cover_required(application),
        "cover_held": cover.cover_held(application),
        "document_form": document_form,
        "guarantee_form": guarantee_form,
        "may_upload": may_upload,
    }
    return render(
        request,
        "loans/application_cover.html",
        context,
        status=form_status(document_form, guarantee_form),
    )


@login_required
@require_POST
def document_remove(request, pk: int):
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    application = selectors.application_cover_get(viewer=request.user, pk=document.application_id)
    call_action(
        request,
        cover.document_remove,
        success=_("مدرک حذف شد."),
        actor=request.user,
        document=document,
    )
    return redirect("loans:application_cover", pk=application.pk)


@login_required
def collections(request):
    """Portfolio at risk by bucket per program, county and province, and the monthly trend —
    for the fund's officers and staff."""
    if not (
        is_fund_officer(request.user) or sees_as_staff_anywhere(request.user, GOVERNORATE + GUILD)
    ):
        raise PermissionDenied
    programs = Program.objects.filter(
        pk__in=selectors.aging_loans(viewer=request.user).values("program_id")
    ).order_by("name")
    form = AgingFilterForm(request.GET or None, programs=programs)
    program = province = None
    if form.is_valid():
        program = form.cleaned_data.get("program")
        province = form.cleaned_data.get("province")
    report = selectors.aging_report(
        viewer=request.user,
        program=program.pk if program else None,
        province=province.pk if province else None,
    )
    context = {
        "form": form,
        "report": report,
        "dimensions": [
            (_("برنامه"), report["program"]),
            (_("استان"), report["province"]),
            (_("شهرستان"), report["county"]),
        ],
        "trend": selectors.aging_trend(
            viewer=request.user, program=program.pk if program else None
        ),
    }
    return render(request, "loans/collections.html", context, status=400 if form.errors else 200)
