"""A representative's pages: its agencies' services (retired ones included), adding and
editing a service, yearly transaction figures, status moves and "still correct"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.idempotency import key_from_request, new_key, run_once
from khooshe.core.pages import call_action, call_service, form_status
from khooshe.eservices import permissions, selectors, services
from khooshe.eservices.forms import EServiceForm, TransactionsForm, TransitionForm
from khooshe.eservices.views.catalogue import render_detail
from khooshe.registry.models import Organization


@login_required
def mine(request):
    """The agencies the user represents, each with all its services."""
    agency_ids = permissions.represented_agency_ids(request.user)
    if not agency_ids:
        raise PermissionDenied
    agencies = list(
        Organization.objects.filter(pk__in=agency_ids, kind__in=permissions.AGENCY_KINDS).order_by(
            "name"
        )
    )
    services_by_agency = {a.pk: [] for a in agencies}
    for eservice in (
        selectors.eservices_visible_to(request.user)
        .filter(agency_id__in=services_by_agency)
        .select_related("agency")
        .order_by("name", "id")
    ):
        services_by_agency[eservice.agency_id].append(eservice)
    stale = selectors.not_updated_this_year(request.user)
    return render(
        request,
        "eservices/mine.html",
        {
            "rows": [(a, services_by_agency[a.pk]) for a in agencies],
            "stale_ids": set(stale.values_list("pk", flat=True)) if stale is not None else set(),
        },
    )


def _form_page(request, form, *, title, back_url, agency=None):
    return render(
        request,
        "eservices/form.html",
        {"form": form, "title": title, "back_url": back_url, "agency": agency},
        status=form_status(form),
    )


@login_required
def create(request, agency_pk: int):
    agency = get_object_or_404(Organization, pk=agency_pk)
    if not permissions.can_add_eservice(request.user, agency):
        raise PermissionDenied
    form = EServiceForm(request.POST or None, initial={"idempotency_key": new_key()})
    if request.method == "POST" and form.is_valid():

        def add():
            eservice = services.eservice_create(
                actor=request.user,
                agency=agency,
                status=form.cleaned_data["status"],
                **form.service_kwargs(),
            )
            return 201, {"id": eservice.pk}

        outcome = call_service(
            form,
            run_once,
            user=request.user,
            scope=f"eservices.create:{agency.pk}",
            key=key_from_request(request),
            action=add,
        )
        if outcome:
            messages.success(request, _("خدمت ثبت شد."))
            _status, body, _replayed = outcome.value
            return redirect("eservices:detail", pk=body["id"])
    return _form_page(
        request,
        form,
        title=_("خدمت تازه برای %(agency)s") % {"agency": agency.name},
        back_url=reverse("eservices:mine"),
        agency=agency,
    )


@login_required
def edit(request, pk: int):
    eservice = selectors.eservice_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_eservice(request.user, eservice):
        raise PermissionDenied
    form = EServiceForm(
        request.POST or None, initial=EServiceForm.initial_for(eservice), editing=True
    )
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            form,
            services.eservice_update,
            actor=request.user,
            eservice=eservice,
            expected_version=form.cleaned_data.get("version"),
            **form.service_kwargs(),
        )
        if outcome:
            messages.success(request, _("خدمت ذخیره شد."))
            return redirect("eservices:detail", pk=eservice.pk)
    return _form_page(
        request,
        form,
        title=_("ویرایش خدمت"),
        back_url=reverse("eservices:detail", args=[pk]),
        agency=eservice.agency,
    )


def _editable(request, pk: int):
    eservice = selectors.eservice_get(viewer=request.user, pk=pk)
    if not permissions.can_edit_eservice(request.user, eservice):
        raise PermissionDenied
    return eservice


@login_required
@require_POST
def transactions(request, pk: int):
    eservice = _editable(request, pk)
    form = TransactionsForm(request.POST)
    if form.is_valid():
        outcome = call_service(
            form,
            services.transactions_record,
            actor=request.user,
            eservice=eservice,
            **form.cleaned_data,
        )
        if outcome:
            messages.success(request, _("آمار سالانه ثبت شد."))
            return redirect("eservices:detail", pk=pk)
    eservice = selectors.eservice_get(viewer=request.user, pk=pk)
    return render_detail(request, eservice, transactions_form=form, status=form_status(form))


@login_required
@require_POST
def transition(request, pk: int):
    eservice = _editable(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        call_action(
            request,
            services.eservice_transition,
            success=_("وضعیت خدمت تغییر کرد."),
            actor=request.user,
            eservice=eservice,
            action=form.cleaned_data["action"],
            note=form.cleaned_data["note"],
        )
    else:
        messages.error(request, _("این تغییر وضعیت شناخته نیست."))
    return redirect("eservices:detail", pk=pk)


@login_required
@require_POST
def confirm(request, pk: int):
    eservice = _editable(request, pk)
    call_action(
        request,
        services.eservice_confirm,
        success=_("درستی اطلاعات خدمت برای امسال تأیید شد."),
        actor=request.user,
        eservice=eservice,
    )
    return redirect(request.POST.get("next") or reverse("eservices:detail", args=[pk]))
