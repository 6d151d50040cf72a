"""People: directory, profiles, self-service, affiliations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.concurrency import EditConflict
from khooshe.history.views import render_history
from khooshe.registry import permissions, selectors, services
from khooshe.registry.forms import (
    AffiliationForm,
    PersonForm,
)
from khooshe.registry.views.common import (
    form_errors,
    page_size_of,
    query_string,
)

# --- People ---------------------------------------------------------------------------------


def person_list(request):
    keys = ("q", "province", "capability", "works_from_home", "serves_abroad")
    filters = {k: v for k, v in request.GET.items() if k in keys and v}
    people = selectors.person_list(filters=filters, viewer=request.user)
    page = Paginator(people, page_size_of(request)).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/person_list.html",
        {"page": page, "filters": filters, "query_string": query_string(filters)},
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
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                capabilities=form.cleaned_data["capabilities"],
                link_user=request.POST.get("self") == "1",
                **form.service_fields(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("نمایه ثبت شد."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request, "registry/person_form.html", {"form": form, "title": _("ثبت فرد"), "create": True}
    )


@login_required
def person_edit(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data.get("version"),
                capabilities=form.cleaned_data["capabilities"],
                **form.service_fields(),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            status = 409
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("registry:person_detail", pk=pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "title": _("ویرایش %s") % person, "person": person},
        status=status,
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
        try:
            services.affiliation_add(
                actor=request.user,
                person=person,
                organization=organization,
                title=form.cleaned_data["title"],
                started_on=form.cleaned_data["started_on"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("وابستگی ثبت شد."))
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
