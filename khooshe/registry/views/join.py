"""After sign-up: a new user joins the registry by claiming an organization that is already
in it (reviewed by the guild staff of its province, ``services.organization_claim``) or by
registering a new one (unverified, waiting on the guild's desk,
``services.organization_register``). The pages call the registry's own services and search;
they add no rule of their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khooshe.accounts.middleware import ORGANIZATIONLESS_KEY
from khooshe.accounts.models import ORGANIZATION_ROLES
from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.pages import call_service, form_status, paginate, query_string
from khooshe.persian.aliases import aliases_read_only_unless
from khooshe.persian.text import search_words
from khooshe.registry import permissions, selectors, services
from khooshe.registry.forms import ClaimForm, OrganizationForm
from khooshe.registry.models import Organization
from khooshe.registry.views.organizations import register_from_form

#: Search results per page on the join page.
PAGE_SIZE = 10


def _represented(user):
    ids = organization_ids_for(user, ORGANIZATION_ROLES)
    return Organization.objects.filter(pk__in=ids).select_related("province").order_by("name")


@login_required
def join(request):
    """Which organization the user represents, their claims waiting for the guild, and a
    search of the registry (any spelling) to claim one — or a link to register a new one."""
    query = request.GET.get("q", "").strip()
    page = None
    if search_words(query):
        page = paginate(
            request,
            selectors.organization_list(filters={"q": query}, viewer=request.user),
            PAGE_SIZE,
        )
    represented = list(_represented(request.user))
    # The user menu offers this page while the user represents no organization.
    request.session[ORGANIZATIONLESS_KEY] = not represented
    return render(
        request,
        "registry/join_start.html",
        {
            "query": query,
            "page": page,
            "page_query": query_string(request),
            "represented": represented,
            "represented_ids": {org.pk for org in represented},
            "pending": list(selectors.own_pending_claims(request.user)),
        },
    )


@login_required
def join_claim(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    form = ClaimForm(request.POST if request.method == "POST" else None)
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
            request,
            _("درخواست شما ثبت شد و کارشناس نظام صنفی استان آن را بررسی می‌کند."),
        )
        return redirect("registry:join")
    return render(
        request,
        "registry/join_claim.html",
        {
            "form": form,
            "organization": organization,
            "verified": organization.verification == Organization.Verification.VERIFIED,
            "is_owner": permissions.is_owner(request.user, organization),
        },
        status=form_status(form),
    )


@login_required
def join_new(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    aliases_read_only_unless(form, permissions.is_verifier(request.user))
    if request.method == "POST" and form.is_valid():
        registered = register_from_form(request, form)
        if registered:
            request.session[ORGANIZATIONLESS_KEY] = False
            messages.success(
                request,
                _(
                    "سازمان در بانک فعالان ثبت شد و پس از بررسی کارشناس نظام صنفی استان "
                    "تأیید می‌شود."
                ),
            )
            return redirect("registry:organization_detail", pk=registered.value.pk)
    return render(request, "registry/join_new.html", {"form": form}, status=form_status(form))
