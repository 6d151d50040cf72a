"""Report an obstacle and take each step; a refusal shows on the page (400/409)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khooshe.core.pages import call_service, form_status
from khooshe.obstacles import forms as f
from khooshe.obstacles import selectors, services

FORMS = {
    "route": f.RouteForm,
    "reroute": f.RouteForm,
    "start": f.NoteForm,
    "answer": f.AnswerForm,
    "close": f.CloseForm,
    "reopen": f.ReasonForm,
    "rate": f.RateForm,
    "support": f.SupportForm,
    "escalate": f.EscalateForm,
    "resolve": f.ResolveForm,
}

DONE = {
    "route": gettext_lazy("مانع ارجاع شد."),
    "reroute": gettext_lazy("مانع دوباره ارجاع شد."),
    "start": gettext_lazy("بررسی آغاز شد."),
    "answer": gettext_lazy("پاسخ ثبت شد."),
    "close": gettext_lazy("مانع بسته شد."),
    "reopen": gettext_lazy("مانع بازگشایی شد."),
    "rate": gettext_lazy("امتیاز ثبت شد."),
    "support": gettext_lazy("حمایت سازمان ثبت شد."),
    "escalate": gettext_lazy("مانع در دستور جلسه کارگروه قرار گرفت."),
    "resolve": gettext_lazy("مصوبه و تعهد آن ثبت شد."),
}


@login_required
def report(request):
    form = f.ReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            services.obstacle_report,
            actor=request.user,
            category=data["category"],
            title=data["title"],
            description=data["description"],
            province=data["province"],
            county=data["county"],
            since=data["since"],
            links=data["links"],
            is_public=data["is_public"],
            reporter_organization=data["reporter_organization"],
            affected=data["affected"],
            files=[data["evidence"]] if data.get("evidence") else [],
        )
        if outcome:
            messages.success(request, _("مانع ثبت شد."))
            return redirect(outcome.value.get_absolute_url())
    return render(request, "obstacles/report.html", {"form": form}, status=form_status(form))


def _call(action, data):
    if action == "route":
        return services.obstacle_route, {
            "body": data["body"],
            "answer_days": data.get("answer_days"),
            "note": data.get("reason", ""),
        }
    if action == "reroute":
        return services.obstacle_reroute, {
            "body": data["body"],
            "answer_days": data.get("answer_days"),
            "reason": data.get("reason", ""),
        }
    if action == "start":
        return services.obstacle_start, {"note": data.get("note", "")}
    if action == "answer":
        files = [data["evidence"]] if data.get("evidence") else []
        return services.answer_add, {"text": data["text"], "files": files}
    if action == "close":
        return services.obstacle_close, {
            "closure": data["closure"],
            "note": data.get("note", ""),
            "responsible_name": data.get("responsible_name", ""),
            "duplicate_of": data.get("duplicate_of"),
        }
    if action == "reopen":
        return services.obstacle_reopen, {"reason": data["reason"]}
    if action == "rate":
        return services.obstacle_rate, {"rating": data["rating"], "note": data.get("note", "")}
    if action == "support":
        return services.obstacle_support, {
            "organization": data["organization"],
            "note": data.get("note", ""),
        }
    if action == "escalate":
        return services.obstacle_escalate, {
            "meeting": data["meeting"],
            "note": data.get("note", ""),
        }
    if action == "resolve":
        return services.obstacle_resolve, {
            "text": data["text"],
            "owner": data["owner"],
            "due_on": data["due_on"],
        }
    raise ValueError(action)


@login_required
@require_POST
def step(request, pk, action):
    """One step on an obstacle's page: on success back to the page with a message; refused,
    the form again with its errors (400 invalid, 409 out of order, 403 not allowed)."""
    obstacle = selectors.obstacle_get(viewer=request.user, pk=pk)
    form_class = FORMS.get(action)
    if form_class is None:
        return redirect(obstacle.get_absolute_url())
    kwargs = {}
    if form_class in (f.SupportForm,):
        kwargs["user"] = request.user
    if form_class is f.EscalateForm:
        kwargs["province_id"] = obstacle.province_id
    form = form_class(request.POST, request.FILES or None, **kwargs)
    if form.is_valid():
        service, params = _call(action, form.cleaned_data)
        outcome = call_service(form, service, actor=request.user, obstacle=obstacle, **params)
        if outcome:
            messages.success(request, DONE[action])
            return redirect(obstacle.get_absolute_url())
    return render(
        request,
        "obstacles/step.html",
        {"obstacle": obstacle, "form": form, "action": action},
        status=form_status(form),
    )
