"""People: directory, profiles, self-service, affiliations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import (
    call_action,
    call_service,
    form_status,
    page_size_of,
    paginate,
    query_string,
    render_page,
)
from khooshe.history.views import render_history
from khooshe.persian.aliases import aliases_read_only_unless
from khooshe.registry import permissions, selectors, services
from khooshe.registry.filters import PersonFilter
from khooshe.registry.forms import (
    AffiliationForm,
    PersonForm,
)
from khooshe.registry.views.common import filters_of

#: Rows per page of the people list unless ``?page_size=`` says otherwise.
PAGE_SIZE = 20

# --- People ---------------------------------------------------------------------------------


def person_list(request):
    filters = filters_of(request, PersonFilter.base_filters)
    people = selectors.person_list(filters=filters, viewer=request.user)
    return render_page(
        request,
        "registry/person_list.html",
        {
            "page": paginate(request, people, page_size_of(request, PAGE_SIZE)),
            "filters": filters,
            "query_string": query_string(request),
        },
    )


def person_detail(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "capabilities": list(person.capabilities.all()),
            "affiliations": list(selectors.person_affiliations(person=person, viewer=request.user)),
            "private": permissions.can_view_person_private(request.user, person),
            "can_edit": permissions.can_edit_person(request.user, person),
            "affiliation_form": AffiliationForm(),
        },
    )


@login_required
def person_create(request):
    form = PersonForm(request.POST or None)
    aliases_read_only_unless(form, permissions.is_verifier(request.user))
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            services.person_create,
            actor=request.user,
            capabilities=form.cleaned_data["capabilities"],
            link_user=request.POST.get("self") == "1",
            **form.service_fields(),
        )
        if created:
            messages.success(request, _("نمایه ثبت شد."))
            return redirect("registry:person_detail", pk=created.value.pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "title": _("ثبت فرد"), "create": True},
        status=form_status(form),
    )


@login_required
def person_edit(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    aliases_read_only_unless(form, permissions.can_verify(request.user, person))
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            services.person_update,
            actor=request.user,
            person=person,
            expected_version=form.cleaned_data.get("version"),
            capabilities=form.cleaned_data["capabilities"],
            **form.service_fields(),
        )
    ):
        messages.success(request, _("تغییرات ذخیره شد."))
        return redirect("registry:person_detail", pk=pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "title": _("ویرایش %s") % person, "person": person},
        status=form_status(form),
    )


@login_required
@require_POST
def person_affiliation_add(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        organization = selectors.organization_get(
            pk=form.cleaned_data["organization"], viewer=request.user
        )
        call_action(
            request,
            services.affiliation_add,
            success=_("وابستگی ثبت شد."),
            actor=request.user,
            person=person,
            organization=organization,
            title=form.cleaned_data["title"],
            started_on=form.cleaned_data["started_on"],
            ended_on=form.cleaned_data["ended_on"],
        )
    else:
        messages.error(request, _("اطلاعات وابستگی کامل نیست."))
    return redirect("registry:person_detail", pk=pk)


def person_history(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    if not permissions.can_view_person_private(request.user, person):
        raise Http404  # the history shows the national code and contact details
    return render_history(
        request, person, back_url=reverse("registry:person_detail", args=[pk]), title=str(person)
    )
