"""Organization profiles and their self-service and staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_action, call_service, form_status
from khooshe.history.views import render_history
from khooshe.persian.aliases import aliases_read_only_unless
from khooshe.registry import permissions, selectors, services
from khooshe.registry.forms import (
    ClaimForm,
    MembershipForm,
    MergeForm,
    OrganizationForm,
    RejectChangeForm,
    RevokeForm,
)

# --- Organizations --------------------------------------------------------------------------


def organization_detail(request, pk: int):
    try:
        organization = selectors.organization_get(pk=pk, viewer=request.user)
    except Http404:
        target = selectors.organization_merged_into(pk=pk)
        if target is None:
            raise
        return redirect("registry:organization_detail", pk=target)  # a merged duplicate
    if organization.merged_into_id and not permissions.can_view_private(request.user, organization):
        return redirect("registry:organization_detail", pk=organization.merged_into_id)
    context = {
        "organization": organization,
        **selectors.organization_profile(organization=organization, viewer=request.user),
        "revoke_form": RevokeForm(),
        "claim_form": ClaimForm(),
        "merge_form": MergeForm(),
        "membership_form": MembershipForm(),
    }
    return render(request, "registry/organization_detail.html", context)


def register_from_form(request, form):
    """Registers the organization a valid ``OrganizationForm`` describes (unverified, for the
    guild's review) with the user as its representative; a refusal lands on the form."""
    return call_service(
        form,
        services.organization_register,
        actor=request.user,
        capabilities=form.cleaned_data["capabilities"],
        sectors=form.cleaned_data["sectors"],
        logo=form.cleaned_data.get("logo"),
        **form.service_fields(),
    )


@login_required
def organization_create(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    aliases_read_only_unless(form, permissions.is_verifier(request.user))
    if request.method == "POST" and form.is_valid():
        registered = register_from_form(request, form)
        if registered:
            messages.success(request, _("سازمان ثبت شد و پس از بررسی نظام صنفی تأیید می‌شود."))
            return redirect("registry:organization_detail", pk=registered.value.pk)
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "title": _("ثبت سازمان در بانک فعالان")},
        status=form_status(form),
    )


@login_required
def organization_edit(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_organization(request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    aliases_read_only_unless(form, permissions.can_verify(request.user, organization))
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.organization_update,
            actor=request.user,
            organization=organization,
            expected_version=form.cleaned_data.get("version"),
            capabilities=form.cleaned_data["capabilities"],
            sectors=form.cleaned_data["sectors"],
            logo=form.cleaned_data.get("logo"),
            **form.service_fields(),
        )
    ):
        if services.pending_change(organization) is not None:
            messages.info(
                request,
                _(
                    "تغییر نام، نوع، محل یا مدارک سازمان تأییدشده به نظام صنفی فرستاده شد؛ "
                    "تا پذیرش آن، مقدار تأییدشده نمایش داده و خوانده می‌شود."
                ),
            )
        else:
            messages.success(request, _("تغییرات ذخیره شد."))
        return redirect("registry:organization_detail", pk=organization.pk)
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "organization": organization, "title": _("ویرایش %s") % organization.name},
        status=form_status(form),
    )


@login_required
@require_POST
def organization_verify(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    call_action(
        request,
        services.organization_verify,
        success=_("سازمان تأیید شد."),
        actor=request.user,
        organization=organization,
    )
    return redirect("registry:organization_detail", pk=pk)


@login_required
def organization_revoke(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.organization_revoke,
            actor=request.user,
            organization=organization,
            reason=form.cleaned_data["reason"],
        )
    ):
        messages.success(request, _("تأیید سازمان لغو شد."))
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("لغو تأیید «%s»") % organization.name, "object": organization},
        status=form_status(form),
    )


@login_required
@require_POST
def change_accept(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    call_action(
        request,
        services.change_accept,
        success=_("تغییر پیشنهادی پذیرفته شد و در رکورد ثبت شد."),
        actor=request.user,
        organization=organization,
    )
    return redirect("registry:organization_detail", pk=pk)


@login_required
def change_reject(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    form = RejectChangeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.change_reject,
            actor=request.user,
            organization=organization,
            reason=form.cleaned_data["reason"],
        )
    ):
        messages.success(request, _("تغییر پیشنهادی رد شد؛ مقادیر تأییدشده ماندند."))
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("رد تغییر پیشنهادی «%s»") % organization.name,
            "object": organization,
        },
        status=form_status(form),
    )


@login_required
def organization_claim(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    form = ClaimForm(request.POST if request.method == "POST" else None)  # the note is optional
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.organization_claim,
            actor=request.user,
            organization=organization,
            message=form.cleaned_data["message"],
        )
    ):
        messages.success(
            request, _("درخواست شما ثبت شد و کارشناس نظام صنفی استان آن را بررسی می‌کند.")
        )
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("درخواست نمایندگی «%s»") % organization.name,
            "object": organization,
        },
        status=form_status(form),
    )


@login_required
def organization_merge(request, pk: int):
    duplicate = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_merge(request.user, duplicate):
        raise PermissionDenied
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = selectors.organization_find(pk=form.cleaned_data["target"], viewer=request.user)
        if target is None:
            form.add_error("target", _("سازمانی با این شماره نیست."))
        elif call_service(
            form,
            services.organization_merge,
            actor=request.user,
            duplicate=duplicate,
            target=target,
        ):
            messages.success(
                request, _("«%(a)s» در «%(b)s» ادغام شد.") % {"a": duplicate, "b": target}
            )
            return redirect("registry:organization_detail", pk=target.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("ادغام «%s» در سازمان دیگر") % duplicate.name,
            "object": duplicate,
            "danger": True,
            "candidates": selectors.duplicate_candidates(
                organization=duplicate, viewer=request.user
            ),
        },
        status=form_status(form),
    )


@login_required
def organization_membership(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    form = MembershipForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.guild_membership_save,
            actor=request.user,
            organization=organization,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("عضویت نصر ثبت شد."))
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("ثبت عضویت نصر"), "object": organization},
        status=form_status(form),
    )


def organization_history(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_view_private(request.user, organization):
        raise Http404  # the history holds the legal ID and other private fields
    return render_history(
        request,
        organization,
        back_url=reverse("registry:organization_detail", args=[pk]),
        title=organization.name,
    )
