"""Applications: the list, applying, editing a draft, the detail page with the workflow's
action forms, taking an action, the history, and jobs reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.attachments import with_attachments
from khooshe.core.idempotency import run_once
from khooshe.core.pages import (
    call_action,
    call_service,
    form_status,
    paginate,
    query_string,
    render_page,
)
from khooshe.history.views import render_history
from khooshe.loans import eligibility, selectors, services
from khooshe.loans.forms import ApplicationForm, JobReportForm, TransitionForm
from khooshe.loans.models import Application, EligibilityRule
from khooshe.loans.permissions import (
    can_act,
    can_edit_application,
    can_operate_loan,
    can_report_jobs,
    can_view_cover,
)
from khooshe.loans.services.applications import EDITABLE_FIELDS
from khooshe.loans.services.ledger import disbursed_total
from khooshe.loans.workflow import machine
from khooshe.registry.models import Organization, Person

S = Application.State


@login_required
def application_list(request):
    mine = selectors.lists_only_own(request.user, request.GET.get("scope"))
    state = request.GET.get("state") or None
    applications = selectors.application_list(viewer=request.user, state=state, mine=mine)
    context = {
        "page": paginate(request, applications, 25),
        "mine": mine,
        "state": state,
        "states": S.choices,
        "query_string": query_string(request),
    }
    return render_page(request, "loans/application_list.html", context)


@login_required
def application_create(request, program_pk: int):
    program = selectors.program_get(viewer=request.user, pk=program_pk)
    organizations = Organization.objects.filter(pk__in=organization_ids_for(request.user))
    person = Person.objects.filter(user=request.user).first()
    if not organizations and person is None:
        raise PermissionDenied(
            _("برای درخواست باید نماینده یک سازمان یا دارای پرونده شخصی در بانک فعالان باشید.")
        )
    form = ApplicationForm(
        request.POST or None,
        organizations=organizations,
        province_ids=list(program.provinces.values_list("pk", flat=True)),
        allow_person=person is not None,
        initial={"organization": organizations.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        outcome = call_service(
            form,
            services.application_create,
            actor=request.user,
            program=program,
            organization=organization,
            person=None if organization else person,
            **data,
        )
        if outcome:
            messages.success(request, _("پیش‌نویس درخواست ذخیره شد؛ شرایط را ببینید و ارسال کنید."))
            return redirect("loans:application_detail", pk=outcome.value.pk)
    return render(
        request,
        "loans/application_form.html",
        {"form": form, "program": program},
        status=form_status(form),
    )


@login_required
def application_edit(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    if not can_edit_application(request.user, application):
        raise PermissionDenied
    initial = {name: getattr(application, name) for name in EDITABLE_FIELDS}
    form = ApplicationForm(
        request.POST or None,
        initial={**initial, "version": application.version},
        editing=True,
        province_ids=[application.province_id],
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        outcome = call_service(
            form,
            services.application_update,
            actor=request.user,
            application=application,
            expected_version=version,
            **data,
        )
        if outcome:
            messages.success(request, _("درخواست به‌روز شد."))
            return redirect("loans:application_detail", pk=application.pk)
    return render(
        request,
        "loans/application_form.html",
        {"form": form, "program": application.program, "application": application},
        status=form_status(form),
    )


#: The inputs each workflow action takes on the application's page.
ACTION_FIELDS = {
    "submit": ("note",),
    "review": ("note",),
    "approve": ("amount", "override", "note"),
    "reject": ("note",),
    "return": ("note",),
    "sign": ("signed_on", "note"),
    "disburse": ("amount", "disbursed_on", "reference"),
    "default": ("note",),
}


def _action_form(application, action: str, data=None) -> TransitionForm:
    """The form of ``action``: only the inputs it takes (override only where it applies)."""
    form = TransitionForm(data, prefix=action)
    for name in list(form.fields):
        if name not in (*ACTION_FIELDS[action], "idempotency_key"):
            del form.fields[name]
    if "override" in form.fields and not (
        application.eligibility_passed is False and application.program.allow_override
    ):
        del form.fields["override"]
    return form


def _action_forms(user, application) -> list[dict]:
    """The forms of the actions ``user`` may take now. Once the approved amount is paid out
    in full there is nothing left to disburse: no disbursement form (the state still allows
    the move, for a loan paid in tranches)."""
    actions = [
        transition
        for transition in machine.allowed_actions(application.state)
        if transition.action in ACTION_FIELDS and can_act(user, application, transition.action)
    ]
    if any(t.action == "disburse" for t in actions):
        left = (application.amount_approved or 0) - disbursed_total(application)
        if left <= 0:
            actions = [t for t in actions if t.action != "disburse"]
    return [
        {
            "action": transition.action,
            "label": transition.label,
            "form": _action_form(application, transition.action),
        }
        for transition in actions
    ]


def _recorded_eligibility(results):
    """The eligibility recorded at submission in the page's language (the stored label and
    reason are in the submitter's): names from the rule kind, reasons from their msgid."""
    rows = []
    for result in results or []:
        row = dict(result)
        if row.get("kind") in EligibilityRule.Kind.values:
            row["label"] = EligibilityRule.Kind(row["kind"]).label
        if row.get("reason_msgid"):
            row["reason"] = eligibility.format_reason(row["reason_msgid"], row.get("reason_params"))
        else:  # recorded before reasons kept their msgid: translated when it has no figures
            row["reason"] = _(row.get("reason") or "")
        rows.append(row)
    return rows


@login_required
def application_detail(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    preview = None
    if application.state in (S.DRAFT, S.RETURNED):
        preview = eligibility.evaluate(application)
    context = {
        "application": application,
        "preview": preview,
        "preview_failed": bool(preview) and not all(r.passed for r in preview),
        "recorded": _recorded_eligibility(application.eligibility),
        "log": application.log.select_related("actor"),
        "action_forms": _action_forms(request.user, application),
        "can_edit": can_edit_application(request.user, application),
        "is_loan": application.is_loan,
        "can_operate": can_operate_loan(request.user, application),
        "can_view_cover": can_view_cover(request.user, application),
        "can_report_jobs": can_report_jobs(request.user, application) and application.is_loan,
        "job_reports": with_attachments(application.job_reports.all(), attribute="evidence"),
        "job_form": JobReportForm(initial={"reported_on": timezone.localdate()}),
    }
    if application.is_loan:
        context["statement"] = selectors.loan_statement(application)
    return render(request, "loans/application_detail.html", context)


def _form_errors_as_messages(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    """Take a workflow action from its form on the application's page (post/redirect/get:
    the outcome, done or refused, is a message there). The form's key makes a resent form
    a no-op."""
    application = selectors.application_get(viewer=request.user, pk=pk)
    if action not in ACTION_FIELDS:
        raise Http404
    form = _action_form(application, action, request.POST)
    if not form.is_valid():
        _form_errors_as_messages(request, form)
        return redirect("loans:application_detail", pk=pk)
    data = form.cleaned_data
    params = {k: data[k] for k in ACTION_FIELDS[action] if data.get(k) not in (None, "")}
    if action in ("reject", "return"):
        params.setdefault("note", "")

    def act():
        services.application_transition(
            actor=request.user, application=application, action=action, **params
        )
        return 200, {"action": action}

    call_action(
        request,
        run_once,
        success=_("انجام شد: %(label)s") % {"label": machine.label(action)},
        user=request.user,
        scope=f"loans:{action}:{application.pk}",
        key=data.get("idempotency_key") or None,
        action=act,
    )
    return redirect("loans:application_detail", pk=pk)


@login_required
def application_history(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    return render_history(
        request,
        application,
        back_url=reverse("loans:application_detail", args=[pk]),
        title=str(application),
    )


@login_required
@require_POST
def job_report_add(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    form = JobReportForm(request.POST, request.FILES)
    if form.is_valid():
        call_action(
            request,
            services.job_report_add,
            success=_("گزارش اشتغال ثبت شد."),
            actor=request.user,
            application=application,
            **form.cleaned_data,
        )
    else:
        _form_errors_as_messages(request, form)
    return redirect("loans:application_detail", pk=pk)
