"""Staff pages: enter a value from an outside source; run the computation now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_service, form_status
from khooshe.indicators import permissions, services
from khooshe.indicators.forms import EnterValueForm
from khooshe.indicators.models import Snapshot, SnapshotRun


@login_required
def enter(request):
    allowed = permissions.entry_province_ids(request.user)
    if not (allowed is None or allowed):
        raise PermissionDenied(_("ورود مقدار شاخص برای کارشناسان استان است."))
    form = EnterValueForm(request.POST or None, provinces=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            services.value_enter,
            actor=request.user,
            indicator=data["indicator"],
            province=data["province"],
            period=data["period"],
            value=data["value"],
            source=data["source"],
            source_date=data["source_date"],
            source_url=data["source_url"],
        )
        if outcome:
            snapshot = outcome.value
            messages.success(request, _("مقدار ثبت شد."))
            return redirect(
                reverse("indicators:detail", args=[snapshot.indicator])
                + f"?province={snapshot.province.code}&period={snapshot.period}"
            )
    entered = (
        Snapshot.objects.filter(origin=Snapshot.Origin.ENTERED, is_current=True)
        .select_related("province", "entered_by")
        .order_by("-computed_at")
    )
    if allowed is not None:
        entered = entered.filter(province_id__in=allowed)
    return render(
        request,
        "indicators/enter.html",
        {"form": form, "entered": entered[:20]},
        status=form_status(form),
    )


@login_required
@require_POST
def run_now(request):
    if not permissions.can_run_snapshot(request.user):
        raise PermissionDenied(_("شما اجازه اجرای محاسبه شاخص‌ها را ندارید."))
    run = services.snapshot_run(actor=request.user, trigger=SnapshotRun.Trigger.PAGE)
    messages.success(
        request,
        _("محاسبه انجام شد: %(n)s مقدار.") % {"n": run.rows_written},
    )
    return redirect("indicators:index")
