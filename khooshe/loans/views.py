"""Pages of the support programs: programs, the public calculator, applications and their
workflow, the fund officer's desk (statements, repayments, portfolio, export), jobs and
support packages. Function-based; htmx renders named partials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from khooshe.accounts.permissions import organization_ids_for
from khooshe.core.concurrency import EditConflict
from khooshe.core.idempotency import run_once
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.geo.models import Province
from khooshe.history.views import render_history
from khooshe.loans import eligibility, selectors, services
from khooshe.loans.forms import (
    ApplicationForm,
    CalculatorForm,
    JobReportForm,
    PackageForm,
    PackageRequestForm,
    ProgramForm,
    RepaymentForm,
    TransitionForm,
)
from khooshe.loans.models import (
    Application,
    EligibilityRule,
    PackageRequest,
    Program,
    SupportPackage,
)
from khooshe.loans.permissions import (
    can_act,
    can_create_program,
    can_edit_application,
    can_manage_program,
    can_operate_loan,
    can_report_jobs,
    is_fund_officer_of,
)
from khooshe.loans.schedule import GraceInterest
from khooshe.loans.workflow import machine
from khooshe.registry.models import Organization, Person

S = Application.State


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- programs ----------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def index(request):
    """The programs list (open first) with links to the calculator and one's applications."""
    open_now = request.GET.get("open", "1") != "0"
    province = request.GET.get("province") or None
    programs = selectors.program_list(
        viewer=request.user, province=province, open_now=True if open_now else None
    )
    context = {
        "programs": programs,
        "open_now": open_now,
        "province": province,
        "provinces": Province.objects.only("code", "name"),
        "is_fund_officer": bool(organization_ids_for(request.user, ("fund_officer",))),
        "can_create": can_create_program(request.user, None)
        or bool(request.user.is_authenticated and _staff_provinces(request.user)),
    }
    template = "loans/index.html#results" if request.htmx else "loans/index.html"
    return render(request, template, context)


def _staff_provinces(user):
    from khooshe.accounts.permissions import province_ids_for
    from khooshe.loans.permissions import GOVERNORATE

    return province_ids_for(user, GOVERNORATE)


def program_detail(request, pk: int):
    program = selectors.program_get(viewer=request.user, pk=pk)
    amount = None
    comparison = None
    if program.is_loan:
        try:
            from khooshe.persian.money import parse_amount

            amount = parse_amount(request.GET.get("amount") or program.max_amount)
        except ValidationError:
            amount = program.max_amount
        amount = min(max(amount, program.min_amount, 1), program.max_amount or amount)
        from khooshe.loans.schedule import compare_grace_treatments

        try:
            schedules = compare_grace_treatments(program.terms(amount), timezone.localdate())
            labels = dict(program._meta.get_field("grace_interest").choices)
            comparison = [
                {
                    "treatment": treatment,
                    "label": labels[treatment.value],
                    "schedule": schedule,
                    "first": schedule.installments[0],
                    "regular": _regular_installment(schedule),
                    "is_program": treatment == GraceInterest(program.grace_interest),
                }
                for treatment, schedule in schedules.items()
            ]
        except ValueError:
            comparison = None
    manager = can_manage_program(request.user, program)
    officer = is_fund_officer_of(request.user, program.fund_id)
    context = {
        "program": program,
        "amount": amount,
        "comparison": comparison,
        "can_manage": manager,
        "is_officer": officer,
        "can_apply": program.is_loan
        and program.is_open
        and bool(organization_ids_for(request.user)),
        "packages": selectors.packages_with_counts(program),
        "package_requests": selectors.package_requests_for(request.user, program)
        if request.user.is_authenticated
        else [],
        "rules": program.rules.all(),
    }
    if program.is_loan:
        context["committed"] = selectors.program_committed(program)
        context["disbursed"] = selectors.program_disbursed(program)
    if manager or officer:
        context["portfolio"] = selectors.program_portfolio(program)
        context["jobs"] = selectors.jobs_by_county(program)
    return render(request, "loans/program_detail.html", context)


def _regular_installment(schedule):
    """A typical regular installment: the second one (the first may carry grace interest)."""
    regular = [i for i in schedule.installments if not i.is_grace]
    return regular[1] if len(regular) > 2 else regular[0]


@login_required
def program_edit(request, pk: int | None = None):
    program = selectors.program_get(viewer=request.user, pk=pk) if pk else None
    if program is not None and not can_manage_program(request.user, program):
        raise PermissionDenied
    provinces = _staff_provinces(request.user)
    if program is None and not (provinces is None or provinces):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            if program is None:
                own = None if provinces is None else min(provinces)
                from khooshe.geo.models import Province

                province = Province.objects.filter(pk=own).first()
                program = services.program_create(
                    actor=request.user,
                    province=province,
                    provinces=form.cleaned_data["provinces"],
                    rules=form.rules(),
                    **form.program_fields(),
                )
            else:
                services.program_update(
                    actor=request.user,
                    program=program,
                    expected_version=form.cleaned_data.get("version"),
                    provinces=form.cleaned_data["provinces"],
                    **form.program_fields(),
                )
                services.program_set_rules(actor=request.user, program=program, rules=form.rules())
            messages.success(request, _("برنامه ذخیره شد."))
            return redirect("loans:program_detail", pk=program.pk)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "loans/program_form.html", {"form": form, "program": program})


# --- calculator --------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def calculator(request):
    """The public loan calculator: works with a plain GET; htmx recomputes in place."""
    data = request.GET if "amount" in request.GET else None
    initial = {"disbursed_on": timezone.localdate(), "installments": 36, "annual_rate": 4}
    program = None
    if request.GET.get("program"):
        program = Program.objects.filter(pk=request.GET["program"], is_published=True).first()
        if program:
            initial.update(
                amount=program.max_amount,
                annual_rate=program.annual_rate,
                installments=program.installments,
                grace_months=program.grace_months,
                grace_interest=program.grace_interest,
                method=program.method,
                rounding=program.rounding,
            )
    form = CalculatorForm(data, initial=initial)
    schedule = form.schedule if data is not None and form.is_valid() else None
    context = {"form": form, "schedule": schedule}
    template = "loans/calculator.html#results" if request.htmx else "loans/calculator.html"
    return render(request, template, context)


# --- applications ------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def application_list(request):
    from khooshe.accounts.permissions import grants_of

    staff_like = bool(grants_of(request.user).roles() - {"actor"})
    scope = request.GET.get("scope") or ("all" if staff_like else "mine")
    mine = scope != "all"
    state = request.GET.get("state") or None
    applications = selectors.application_list(viewer=request.user, state=state, mine=mine)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "mine": mine,
        "state": state,
        "states": S.choices,
        "query_string": query.urlencode(),
    }
    template = (
        "loans/application_list.html#results" if request.htmx else "loans/application_list.html"
    )
    return render(request, template, context)


@login_required
def application_create(request, program_pk: int):
    program = selectors.program_get(viewer=request.user, pk=program_pk)
    organizations = Organization.objects.filter(pk__in=organization_ids_for(request.user))
    person = Person.objects.filter(user=request.user).first()
    if not organizations and person is None:
        raise PermissionDenied(
            _("برای درخواست باید نماینده یک سازمان یا دارای پرونده شخصی در بانک فعالان باشید.")
        )
    province_ids = program.provinces.values_list("pk", flat=True)
    form = ApplicationForm(
        request.POST or None,
        organizations=organizations,
        province_ids=list(province_ids),
        allow_person=person is not None,
        initial={"organization": organizations.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                actor=request.user,
                program=program,
                organization=data["organization"],
                person=None if data["organization"] else person,
                amount_requested=data["amount_requested"],
                purpose=data["purpose"],
                county=data["county"],
                sheba=data["sheba"],
                jobs_promised=data["jobs_promised"],
            )
            messages.success(request, _("پیش‌نویس درخواست ذخیره شد؛ شرایط را ببینید و ارسال کنید."))
            return redirect("loans:application_detail", pk=application.pk)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "loans/application_form.html", {"form": form, "program": program})


@login_required
def application_edit(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    if not can_edit_application(request.user, application):
        raise PermissionDenied
    initial = {
        "amount_requested": application.amount_requested,
        "purpose": application.purpose,
        "county": application.county,
        "sheba": application.sheba,
        "jobs_promised": application.jobs_promised,
        "version": application.version,
    }
    form = ApplicationForm(
        request.POST or None, initial=initial, editing=True, province_ids=[application.province_id]
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.application_update(
                actor=request.user, application=application, expected_version=version, **data
            )
            messages.success(request, _("درخواست به‌روز شد."))
            return redirect("loans:application_detail", pk=application.pk)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(
        request,
        "loans/application_form.html",
        {"form": form, "program": application.program, "application": application},
    )


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


def _action_forms(user, application):
    forms_ = []
    for transition in machine.allowed_actions(application.state):
        if transition.action not in ACTION_FIELDS or not can_act(
            user, application, transition.action
        ):
            continue
        form = TransitionForm(prefix=transition.action)
        for name in list(form.fields):
            if name not in (*ACTION_FIELDS[transition.action], "idempotency_key"):
                del form.fields[name]
        if "override" in form.fields and not (
            application.eligibility_passed is False and application.program.allow_override
        ):
            del form.fields["override"]
        forms_.append({"action": transition.action, "label": transition.label, "form": form})
    return forms_


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
        "can_report_jobs": can_report_jobs(request.user, application) and application.is_loan,
        "job_reports": _with_evidence(application.job_reports.all()),
        "job_form": JobReportForm(initial={"reported_on": timezone.localdate()}),
    }
    if application.is_loan:
        context["statement"] = selectors.loan_statement(application)
    return render(request, "loans/application_detail.html", context)


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


def _with_evidence(reports):
    """Job reports, each with its evidence files (one query for all of them)."""
    from django.contrib.contenttypes.models import ContentType

    from khooshe.core.models import Attachment
    from khooshe.loans.models import JobReport

    reports = list(reports)
    files: dict[int, list] = {}
    if reports:
        for attachment in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(JobReport),
            object_id__in=[r.pk for r in reports],
        ):
            files.setdefault(attachment.object_id, []).append(attachment)
    for report in reports:
        report.evidence = files.get(report.pk, [])
    return reports


@login_required
def program_history(request, pk: int):
    program = selectors.program_get(viewer=request.user, pk=pk)
    if not can_manage_program(request.user, program):
        raise PermissionDenied
    return render_history(
        request, program, back_url=reverse("loans:program_detail", args=[pk]), title=program.name
    )


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    application = selectors.application_get(viewer=request.user, pk=pk)
    if action not in ACTION_FIELDS:
        raise Http404
    form = TransitionForm(request.POST, prefix=action)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("loans:application_detail", pk=pk)
    data = form.cleaned_data
    params = {k: data.get(k) for k in ACTION_FIELDS[action] if data.get(k) not in (None, "")}
    if action in ("reject", "return"):
        params.setdefault("note", "")
    if "override" in params:
        params["override"] = bool(params["override"])

    def act():
        services.application_transition(
            actor=request.user, application=application, action=action, **params
        )
        return 200, {"action": action}

    try:
        run_once(
            user=request.user,
            scope=f"loans:{action}:{application.pk}",
            key=data.get("idempotency_key") or None,
            action=act,
        )
        messages.success(
            request, _("انجام شد: %(label)s") % {"label": machine.transitions[action].label}
        )
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
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
        try:
            services.job_report_add(
                actor=request.user,
                application=application,
                jobs_created=form.cleaned_data["jobs_created"],
                reported_on=form.cleaned_data["reported_on"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data.get("evidence"),
            )
            messages.success(request, _("گزارش اشتغال ثبت شد."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect("loans:application_detail", pk=pk)


# --- the fund officer's desk -------------------------------------------------------------------


@login_required
def fund_desk(request):
    programs = selectors.fund_programs(request.user)
    if not programs.exists() and not organization_ids_for(request.user, ("fund_officer",)):
        raise PermissionDenied
    today = timezone.localdate()
    overdue = list(selectors.overdue_for_fund_officer(request.user, today)[:200])
    waiting = (
        Application.objects.filter(program__in=programs, state__in=[S.APPROVED, S.CONTRACT_SIGNED])
        .select_related("program", "organization", "person")
        .order_by("decided_at", "id")
    )
    context = {
        "portfolios": [(p, selectors.program_portfolio(p, today)) for p in programs],
        "overdue": [(i, i.days_late(today)) for i in overdue],
        "waiting": waiting,
    }
    return render(request, "loans/fund_desk.html", context)


@login_required
def loan_statement(request, pk: int):
    application = selectors.loan_get(viewer=request.user, pk=pk)
    form = RepaymentForm() if can_operate_loan(request.user, application) else None
    if form is not None and request.method == "POST":
        form = RepaymentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data

            def act():
                repayment = services.repayment_record(
                    actor=request.user,
                    application=application,
                    amount=data["amount"],
                    paid_on=data.get("paid_on"),
                    reference=data.get("reference", ""),
                )
                return 201, {
                    "repayment": repayment.pk,
                    "replayed": getattr(repayment, "replayed", False),
                }

            try:
                _status, body, replayed = run_once(
                    user=request.user,
                    scope=f"loans:repayment:{application.pk}",
                    key=data.get("idempotency_key") or None,
                    action=act,
                )
                messages.success(
                    request,
                    _("این بازپرداخت پیش‌تر ثبت شده بود.")
                    if replayed or body.get("replayed")
                    else _("بازپرداخت ثبت شد."),
                )
                return redirect("loans:loan_statement", pk=pk)
            except TransitionNotAllowed as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                _apply_errors(form, error)
    context = {
        "application": application,
        "statement": selectors.loan_statement(application),
        "form": form,
    }
    return render(request, "loans/loan_statement.html", context)


@login_required
def program_portfolio_export(request, pk: int, fmt: str):
    from khooshe.loans.export import portfolio_csv, portfolio_xlsx

    program = selectors.program_get(viewer=request.user, pk=pk)
    if not (
        can_manage_program(request.user, program)
        or is_fund_officer_of(request.user, program.fund_id)
    ):
        raise PermissionDenied
    return portfolio_xlsx(program) if fmt == "xlsx" else portfolio_csv(program)


# --- support packages --------------------------------------------------------------------------


@login_required
def package_edit(request, program_pk: int, pk: int | None = None):
    program = selectors.program_get(viewer=request.user, pk=program_pk)
    if not can_manage_program(request.user, program):
        raise PermissionDenied
    package = get_object_or_404(program.packages, pk=pk) if pk else None
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PackageForm.Meta.fields}
        try:
            if package is None:
                services.package_create(actor=request.user, program=program, **fields)
            else:
                services.package_update(
                    actor=request.user,
                    package=package,
                    expected_version=form.cleaned_data.get("version"),
                    **fields,
                )
            messages.success(request, _("بسته حمایتی ذخیره شد."))
            return redirect("loans:program_detail", pk=program.pk)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(
        request, "loans/package_form.html", {"form": form, "program": program, "package": package}
    )


@login_required
def package_request(request, pk: int):
    package = get_object_or_404(SupportPackage.objects.select_related("program"), pk=pk)
    program = selectors.program_get(viewer=request.user, pk=package.program_id)
    organizations = Organization.objects.filter(pk__in=organization_ids_for(request.user))
    if not organizations:
        raise PermissionDenied
    form = PackageRequestForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            request_ = services.package_request_create(
                actor=request.user,
                package=package,
                organization=form.cleaned_data["organization"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("درخواست ثبت شد: %(state)s") % {"state": request_.get_state_display()}
            )
            return redirect("loans:program_detail", pk=program.pk)
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "loans/package_request.html", {"form": form, "package": package})


@login_required
@require_POST
def package_request_decide(request, pk: int, decision: str):
    request_ = get_object_or_404(PackageRequest.objects.select_related("package__program"), pk=pk)
    program = request_.package.program
    if not can_manage_program(request.user, program):
        raise Http404
    note = request.POST.get("note", "")
    try:
        if decision == "deliver":
            services.package_request_deliver(actor=request.user, request=request_, note=note)
        else:
            services.package_request_decide(
                actor=request.user, request=request_, allocate=decision == "allocate", note=note
            )
        messages.success(request, _("ثبت شد."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("loans:program_detail", pk=program.pk)
