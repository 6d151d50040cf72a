"""Calls for proposals (public list and page, the ongoing call; open, edit, extend), the
co-submitters of a proposal (name, remove, confirm, decline) and «آمادگی همکاری»."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import organization_ids_for, province_ids_for
from khooshe.core.pages import call_action, call_service, form_status, paginate, render_page
from khooshe.geo.models import Province
from khooshe.proposals import permissions as perms
from khooshe.proposals import selectors, services
from khooshe.proposals.forms import CallExtendForm, CallForm, CooperationForm, CoSubmitterForm
from khooshe.proposals.models import CoSubmitter
from khooshe.proposals.selectors import calls as call_selectors
from khooshe.proposals.selectors import cosubmitters as cosubmitter_selectors
from khooshe.proposals.services.calls import today
from khooshe.registry.models import Organization

STATUSES = (
    ("open", gettext_lazy("باز")),
    ("upcoming", gettext_lazy("در انتظار گشایش")),
    ("closed", gettext_lazy("بسته‌شده")),
)


def _status(call, day) -> str:
    if day < call.opens_on:
        return "upcoming"
    return "open" if day <= call.closes_on else "closed"


def _managed_provinces(user):
    """Provinces where ``user`` opens calls (None: every province, for admins)."""
    if not user.is_authenticated:
        return []
    provinces = province_ids_for(user, roles=perms.GOVERNORATE)
    if provinces is None:
        return Province.objects.order_by("code")
    return Province.objects.filter(pk__in=provinces).order_by("code")


def call_list(request):
    """Every call with its figures, and the ongoing call; filter by province and status."""
    code = request.GET.get("province", "")
    province = Province.objects.filter(code=code).first() if code else None
    status = request.GET.get("status", "")
    page = paginate(request, call_selectors.call_list(province=province, status=status))
    figures = call_selectors.call_figures(page)
    day = today()
    labels = dict(STATUSES)
    rows = [(call, figures[call.pk], labels[_status(call, day)]) for call in page]
    return render_page(
        request,
        "proposals/call_list.html",
        {
            "page": page,
            "rows": rows,
            "ongoing": call_selectors.ongoing_figures(province=province),
            "provinces": Province.objects.order_by("code"),
            "province": province,
            "status": status,
            "statuses": STATUSES,
            "can_open": list(_managed_provinces(request.user)),
        },
    )


def call_detail(request, pk: int):
    call = call_selectors.call_get(pk=pk)
    figures = call_selectors.call_figures([call])[call.pk]
    return render(
        request,
        "proposals/call_detail.html",
        {
            "call": call,
            "figures": figures,
            "status_label": dict(STATUSES)[_status(call, today())],
            "can_manage": perms.can_manage_call(request.user, call),
            "approved": selectors.public_proposals().filter(call=call)[:50],
        },
    )


def call_ongoing(request):
    code = request.GET.get("province", "")
    province = Province.objects.filter(code=code).first() if code else None
    return render(
        request,
        "proposals/call_ongoing.html",
        {
            "figures": call_selectors.ongoing_figures(province=province),
            "province": province,
            "provinces": Province.objects.order_by("code"),
        },
    )


@login_required
def call_create(request):
    provinces = _managed_provinces(request.user)
    code = (request.POST or request.GET).get("province", "")
    province = provinces.filter(code=code).first() if code else provinces.first()
    if province is None:
        raise PermissionDenied
    form = CallForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        call = call_service(
            form,
            services.call_create,
            actor=request.user,
            province=province,
            data=form.service_data(),
            themes=form.themes(),
        )
        if call:
            messages.success(request, _("فراخوان گشوده شد."))
            return redirect("proposals:call_detail", pk=call.pk)
    return render(
        request,
        "proposals/call_form.html",
        {"form": form, "province": province, "provinces": provinces, "call": None},
        status=form_status(form),
    )


@login_required
def call_edit(request, pk: int):
    call = call_selectors.call_get(pk=pk)
    if not perms.can_manage_call(request.user, call):
        raise PermissionDenied
    form = CallForm(request.POST or None, instance=call, province=call.province)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.call_update,
            actor=request.user,
            call=call_selectors.call_get(pk=pk),
            data=form.service_data(),
            themes=form.themes(),
            expected_version=form.cleaned_data.get("version"),
        )
        if saved:
            messages.success(request, _("فراخوان ذخیره شد."))
            return redirect("proposals:call_detail", pk=pk)
    return render(
        request,
        "proposals/call_form.html",
        {"form": form, "province": call.province, "call": call},
        status=form_status(form),
    )


@login_required
def call_extend(request, pk: int):
    call = call_selectors.call_get(pk=pk)
    if not perms.can_manage_call(request.user, call):
        raise PermissionDenied
    form = CallExtendForm(request.POST or None, initial={"version": call.version})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.call_extend,
            actor=request.user,
            call=call,
            closes_on=form.cleaned_data["closes_on"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
        if done:
            messages.success(request, _("فراخوان تمدید شد."))
            return redirect("proposals:call_detail", pk=pk)
    return render(
        request,
        "proposals/call_extend.html",
        {"form": form, "call": call},
        status=form_status(form),
    )


# --- Co-submitters ------------------------------------------------------------------------------


@login_required
@require_POST
def co_submitter_add(request, pk: int):
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    form = CoSubmitterForm(request.POST, proposal=proposal)
    if form.is_valid():
        call_action(
            request,
            services.cosubmitter_add,
            success=_("هم‌پیشنهاددهنده معرفی شد و باید همکاری را در کارتابل خود تأیید کند."),
            actor=request.user,
            proposal=proposal,
            role=form.cleaned_data["role"],
            organization=form.cleaned_data.get("organization"),
            person=form.cleaned_data.get("person"),
        )
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("proposals:detail", pk=pk)


def _co_submitter(request, pk: int, row_pk: int) -> CoSubmitter:
    proposal = selectors.proposal_get(viewer=request.user, pk=pk)
    row = cosubmitter_selectors.co_submitters_of(proposal).filter(pk=row_pk).first()
    if row is None:
        raise Http404
    return row


@login_required
@require_POST
def co_submitter_act(request, pk: int, row_pk: int, op: str):
    row = _co_submitter(request, pk, row_pk)
    if op == "remove":
        call_action(
            request,
            services.cosubmitter_remove,
            success=_("هم‌پیشنهاددهنده حذف شد."),
            actor=request.user,
            co_submitter=row,
        )
    elif op in ("confirm", "decline"):
        service = services.cosubmitter_confirm if op == "confirm" else services.cosubmitter_decline
        call_action(
            request,
            service,
            success=_("پاسخ شما ثبت شد."),
            actor=request.user,
            co_submitter=row,
            note=request.POST.get("note", ""),
        )
    else:
        raise Http404
    return redirect("proposals:detail", pk=pk)


# --- Readiness to cooperate ---------------------------------------------------------------------


@login_required
@require_POST
def cooperation(request, pk: int, op: str):
    proposal = selectors.public_proposal_get(pk=pk)
    if op == "mark":
        organizations = Organization.objects.filter(pk__in=organization_ids_for(request.user))
        form = CooperationForm(request.POST, organizations=organizations)
        if not form.is_valid():
            raise Http404
        call_action(
            request,
            services.cooperation_mark,
            success=_("آمادگی همکاری شما ثبت شد و کارشناسان آن را کنار مجریان پیشنهادی می‌بینند."),
            actor=request.user,
            proposal=proposal,
            organization=form.cleaned_data.get("organization"),
            note=form.cleaned_data.get("note", ""),
        )
    elif op == "withdraw":
        for offer in cosubmitter_selectors.own_cooperation_offers(request.user, proposal):
            call_action(
                request,
                services.cooperation_withdraw,
                success=_("آمادگی همکاری پس گرفته شد."),
                actor=request.user,
                offer=offer,
            )
    else:
        raise Http404
    return redirect("proposals:public_detail", pk=pk)
