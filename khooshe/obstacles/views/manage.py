"""Staff of a province keep the routing table, closure days and categories."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.permissions import is_staff_anywhere, province_ids_for
from khooshe.core.pages import call_service, form_status
from khooshe.geo.models import Province
from khooshe.obstacles import services
from khooshe.obstacles.forms import OrganizationRefField
from khooshe.obstacles.models import Category, ClosureDay, Route
from khooshe.persian.forms import JalaliDateField, PersianCharField, PersianIntegerField


def _provinces(user):
    ids = province_ids_for(user)
    queryset = Province.objects.order_by("name")
    return queryset if ids is None else queryset.filter(pk__in=ids)


class RouteSetForm(forms.Form):
    province = forms.ModelChoiceField(label=gettext_lazy("استان"), queryset=Province.objects.none())
    category = forms.ModelChoiceField(
        label=gettext_lazy("دسته"), queryset=Category.objects.filter(is_active=True)
    )
    body = OrganizationRefField(label=gettext_lazy("دستگاه پاسخگو (شناسه یا شناسه ملی)"))
    answer_days = PersianIntegerField(
        label=gettext_lazy("مهلت پاسخ (روز کاری)"), min_value=1, max_value=90
    )


class ClosureForm(forms.Form):
    province = forms.ModelChoiceField(label=gettext_lazy("استان"), queryset=Province.objects.none())
    day = JalaliDateField(label=gettext_lazy("روز"))
    reason = PersianCharField(label=gettext_lazy("دلیل"), max_length=200)


class CategoryForm(forms.Form):
    name = PersianCharField(label=gettext_lazy("نام"), max_length=120)
    description = PersianCharField(label=gettext_lazy("شرح"), required=False)


@login_required
def manage(request):
    if not is_staff_anywhere(request.user):
        raise PermissionDenied
    provinces = _provinces(request.user)
    which = request.POST.get("form") if request.method == "POST" else None
    route_form = RouteSetForm(request.POST if which == "route" else None)
    closure_form = ClosureForm(request.POST if which == "closure" else None)
    category_form = CategoryForm(request.POST if which == "category" else None)
    route_form.fields["province"].queryset = provinces
    closure_form.fields["province"].queryset = provinces
    done = None
    if which == "route" and route_form.is_valid():
        done = call_service(
            route_form, services.route_set, actor=request.user, **route_form.cleaned_data
        )
    elif which == "closure" and closure_form.is_valid():
        done = call_service(
            closure_form, services.closure_day_add, actor=request.user, **closure_form.cleaned_data
        )
    elif which == "category" and category_form.is_valid():
        done = call_service(
            category_form,
            services.category_create,
            actor=request.user,
            **category_form.cleaned_data,
        )
    if done:
        messages.success(request, _("ثبت شد."))
        return redirect("obstacles:manage")
    context = {
        "routes": Route.objects.filter(province__in=provinces).select_related(
            "category", "province", "body"
        ),
        "closures": ClosureDay.objects.select_related("province")[:50],
        "route_form": route_form,
        "closure_form": closure_form,
        "category_form": category_form,
    }
    return render(
        request,
        "obstacles/manage.html",
        context,
        status=form_status(route_form, closure_form, category_form),
    )
