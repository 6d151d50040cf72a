"""An agency's catalogue with its readiness score; staff review it. A province's readiness
and the governorate's checklist of agencies that have not presented their services
(article 001's resolution); the staff's queue of catalogues waiting for review."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_action
from khooshe.eservices import permissions, readiness, selectors, services
from khooshe.eservices.forms import ReviewForm
from khooshe.eservices.models import CatalogueReview
from khooshe.geo.models import Province
from khooshe.registry.models import Organization
from khooshe.registry.selectors import organization_find


def _agency(request, pk: int) -> Organization:
    agency = organization_find(pk=pk, viewer=request.user)
    if agency is None or agency.kind not in permissions.AGENCY_KINDS:
        raise Http404
    return agency


def agency_catalogue(request, pk: int):
    agency = _agency(request, pk)
    can_review = permissions.can_review_agency(request.user, agency)
    reviews = (
        CatalogueReview.objects.filter(agency=agency).select_related("reviewed_by")[:5]
        if can_review
        else []
    )
    return render(
        request,
        "eservices/agency.html",
        {
            "agency": agency,
            "eservices": selectors.eservices_of_agency(viewer=request.user, organization=agency),
            "readiness": readiness.agency_score(agency),
            "can_review": can_review,
            "can_add": permissions.can_add_eservice(request.user, agency),
            "review_form": ReviewForm() if can_review else None,
            "reviews": reviews,
        },
    )


@login_required
@require_POST
def agency_review(request, pk: int):
    agency = _agency(request, pk)
    if not permissions.can_review_agency(request.user, agency):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    call_action(
        request,
        services.catalogue_review,
        success=_("فهرست خدمات این دستگاه بررسی‌شده ثبت شد."),
        actor=request.user,
        agency=agency,
        note=note,
    )
    return redirect("eservices:agency", pk=agency.pk)


def province_readiness(request, code: str):
    province = get_object_or_404(Province, code__iexact=code)
    result = readiness.province_readiness(province)
    return render(
        request,
        "eservices/readiness.html",
        {
            "province": province,
            "result": result,
            "show_checklist": permissions.can_view_checklist(request.user, province),
            "provinces": Province.objects.order_by("name"),
        },
    )


@login_required
def review_queue(request):
    agencies = selectors.agencies_waiting_review(request.user)
    if agencies is None:
        raise PermissionDenied
    return render(
        request,
        "eservices/review_queue.html",
        {"agencies": agencies.select_related("province")[:200]},
    )
