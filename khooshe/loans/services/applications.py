"""Applications: create, edit, and the decision steps of the workflow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import represents_organization
from khooshe.core.concurrency import save_versioned
from khooshe.loans import eligibility
from khooshe.loans.models import Application, Program
from khooshe.loans.permissions import can_edit_application
from khooshe.loans.services.common import advance, lock, require
from khooshe.loans.workflow import APPROVE, REJECT, RETURN, REVIEW, SIGN, SUBMIT
from khooshe.persian.text import clean_text
from khooshe.persian.validators import normalize_sheba

EDITABLE_FIELDS = ("amount_requested", "purpose", "county", "sheba", "jobs_promised")


def _check_amount(program: Program, amount: int, field: str = "amount_requested") -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: _("مبلغ باید بزرگ‌تر از صفر باشد.")})
    if program.is_loan and not program.min_amount <= amount <= program.max_amount:
        raise ValidationError(
            {
                field: _("مبلغ باید بین %(min)s و %(max)s ریال باشد.")
                % {"min": f"{program.min_amount:,}", "max": f"{program.max_amount:,}"}
            }
        )


def _check_county(program: Program, province, county) -> None:
    if county is None or county.province_id != province.pk:
        raise ValidationError({"county": _("شهرستان باید در استان متقاضی باشد.")})
    if not program.provinces.filter(pk=province.pk).exists():
        raise ValidationError(
            {"program": _("این برنامه در استان %(name)s پذیرش ندارد.") % {"name": province.name}}
        )


@transaction.atomic
def application_create(
    *,
    actor,
    program: Program,
    organization=None,
    person=None,
    amount_requested: int,
    purpose: str,
    county,
    sheba: str,
    jobs_promised: int = 0,
) -> Application:
    """An actor applies for its organization (or a person for themself); a draft."""
    if not program.is_loan:
        raise ValidationError({"program": _("این برنامه وام نیست.")})
    if not program.is_open:
        raise ValidationError({"program": _("مهلت پذیرش این برنامه باز نیست.")})
    if organization is not None:
        if not represents_organization(actor, organization):
            raise PermissionDenied(_("شما نماینده این سازمان نیستید."))
        province = organization.province
    elif person is not None:
        if person.user_id != actor.pk:
            raise PermissionDenied(_("فقط خود شخص می‌تواند برای خودش درخواست دهد."))
        province = person.province
    else:
        raise ValidationError({"organization": _("سازمان یا شخص متقاضی را مشخص کنید.")})
    _check_amount(program, amount_requested)
    _check_county(program, province, county)
    application = Application(
        program=program,
        organization=organization,
        person=person,
        applicant=actor,
        province=province,
        county=county,
        amount_requested=amount_requested,
        purpose=clean_text(purpose),
        sheba=normalize_sheba(sheba),
        jobs_promised=jobs_promised,
    )
    application.full_clean(exclude=["eligibility"])
    application._history_user = actor
    application.save()
    return application


@transaction.atomic
def application_update(*, actor, application: Application, expected_version=None, **changes):
    """The applicant edits a draft or a returned application (optimistic concurrency)."""
    if not can_edit_application(actor, application):
        raise PermissionDenied(_("این درخواست در وضعیت فعلی قابل ویرایش نیست."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("فیلدهای ناشناخته: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "amount_requested" in changes:
        _check_amount(application.program, changes["amount_requested"])
    if "county" in changes:
        _check_county(application.program, application.province, changes["county"])
    if "purpose" in changes:
        changes["purpose"] = clean_text(changes["purpose"])
    if "sheba" in changes:
        changes["sheba"] = normalize_sheba(changes["sheba"])
    for field, value in changes.items():
        setattr(application, field, value)
    application._history_user = actor
    save_versioned(application, expected_version=expected_version, update_fields=list(changes))
    return application


@transaction.atomic
def application_submit(*, actor, application: Application, note: str = "") -> Application:
    """Evaluate eligibility rule by rule; failed rules block unless staff may override."""
    application = lock(application)
    require(actor, application, SUBMIT)
    if not application.program.is_open:
        raise ValidationError({"program": _("مهلت پذیرش این برنامه به پایان رسیده است.")})
    results = eligibility.evaluate(application)
    application.eligibility = [r.as_dict() for r in results]
    application.eligibility_passed = all(r.passed for r in results)
    if not application.eligibility_passed and not application.program.allow_override:
        failed = "؛ ".join(r.reason for r in results if not r.passed)
        raise ValidationError(
            {"eligibility": _("شرایط برنامه احراز نشد: %(reasons)s") % {"reasons": failed}}
        )
    application.submitted_at = timezone.now()
    advance(
        application,
        action=SUBMIT,
        actor=actor,
        note=note,
        update_fields=("eligibility", "eligibility_passed", "submitted_at"),
    )
    return application


@transaction.atomic
def application_review(*, actor, application: Application, note: str = "") -> Application:
    application = lock(application)
    require(actor, application, REVIEW)
    advance(application, action=REVIEW, actor=actor, note=note)
    return application


@transaction.atomic
def application_approve(
    *,
    actor,
    application: Application,
    amount: int | None = None,
    note: str = "",
    override: bool = False,
) -> Application:
    """Approve, possibly for less than requested (a reason is then required). Failed
    eligibility rules need an explicit override, where the program allows one."""
    application = lock(application)
    require(actor, application, APPROVE)
    amount = application.amount_requested if amount is None else amount
    if amount > application.amount_requested:
        raise ValidationError({"amount": _("مبلغ مصوب نمی‌تواند از مبلغ درخواستی بیشتر باشد.")})
    _check_amount(application.program, amount, "amount")
    if amount < application.amount_requested and not note.strip():
        raise ValidationError({"note": _("دلیل کاهش مبلغ را بنویسید.")})
    update = ["amount_approved", "decided_at", "decision_reason"]
    if application.eligibility_passed is False:
        if not application.program.allow_override:
            raise ValidationError({"override": _("شرایط برنامه احراز نشده است.")})
        if not override:
            raise ValidationError(
                {"override": _("برخی شرایط احراز نشده؛ برای تصویب، نادیده گرفتن را تأیید کنید.")}
            )
        if not note.strip():
            raise ValidationError({"note": _("دلیل نادیده گرفتن شرایط را بنویسید.")})
        application.overridden_by = actor
        update.append("overridden_by")
    program = Program.objects.select_for_update().get(pk=application.program_id)
    from khooshe.loans.selectors import program_committed

    if program.budget and program_committed(program) + amount > program.budget:
        raise ValidationError({"amount": _("اعتبار باقی‌مانده برنامه کافی نیست.")})
    application.amount_approved = amount
    application.decided_at = timezone.now()
    application.decision_reason = note
    advance(application, action=APPROVE, actor=actor, note=note, update_fields=update)
    return application


@transaction.atomic
def application_reject(*, actor, application: Application, note: str) -> Application:
    application = lock(application)
    require(actor, application, REJECT)
    if not (note or "").strip():
        raise ValidationError({"note": _("دلیل رد را بنویسید.")})
    application.decided_at = timezone.now()
    application.decision_reason = note
    advance(
        application,
        action=REJECT,
        actor=actor,
        note=note,
        update_fields=("decided_at", "decision_reason"),
    )
    return application


@transaction.atomic
def application_return(*, actor, application: Application, note: str) -> Application:
    application = lock(application)
    require(actor, application, RETURN)
    if not (note or "").strip():
        raise ValidationError({"note": _("بنویسید چه چیزی باید اصلاح شود.")})
    advance(application, action=RETURN, actor=actor, note=note)
    return application


@transaction.atomic
def application_sign(
    *, actor, application: Application, signed_on=None, note: str = ""
) -> Application:
    application = lock(application)
    require(actor, application, SIGN)
    application.contract_signed_on = signed_on or timezone.localdate()
    advance(
        application,
        action=SIGN,
        actor=actor,
        note=note,
        update_fields=("contract_signed_on",),
    )
    return application


def application_transition(*, actor, application: Application, action: str, **params):
    """Dispatch a workflow action by name (pages and the API use this)."""
    from khooshe.loans.services import ledger

    handlers = {
        SUBMIT: application_submit,
        REVIEW: application_review,
        APPROVE: application_approve,
        REJECT: application_reject,
        RETURN: application_return,
        SIGN: application_sign,
        "disburse": ledger.disbursement_record,
        "default": ledger.loan_mark_default,
    }
    handler = handlers.get(action)
    if handler is None:
        from khooshe.loans.workflow import machine

        machine.advance(application.state, action)  # raises TransitionNotAllowed
        raise AssertionError  # pragma: no cover
    return handler(actor=actor, application=application, **params)
