"""Applications: create, edit, and the decision steps of the workflow. Every move goes
through :func:`application_move` (the one step of :mod:`khooshe.core.workflow` plus the
application's own log row)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.permissions import represents_organization
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import AppliedTransition, apply_transition
from khooshe.history.services import stamp
from khooshe.loans import eligibility
from khooshe.loans.models import Application, ApplicationTransition, Program
from khooshe.loans.permissions import can_act, can_edit_application
from khooshe.loans.selectors import program_committed
from khooshe.loans.services.cover import check_cover, check_documents, guarantees_release
from khooshe.loans.workflow import APPROVE, REJECT, RETURN, REVIEW, SIGN, SUBMIT, machine
from khooshe.persian.money import format_number
from khooshe.persian.text import clean_text
from khooshe.persian.validators import normalize_sheba

APPLICANT_NOTICE = gettext_lazy("درخواست شما در «%(program)s»: %(state)s")


def require(actor, application: Application, action: str) -> None:
    """PermissionDenied unless ``actor`` may take ``action`` (the system, with no actor, may)."""
    if actor is not None and not can_act(actor, application, action):
        raise PermissionDenied(_("شما اجازه این عملیات را روی این درخواست ندارید."))


def application_move(
    application: Application,
    *,
    action: str,
    actor,
    note: str = "",
    prepare=None,
    notify_applicant: bool = True,
) -> AppliedTransition:
    """Move ``application`` by ``action`` through :func:`apply_transition`, log the step
    (who, from, to, why) and tell the applicant in their language."""
    transition = machine.transitions.get(action)
    target = transition.target if transition else ""
    applied = apply_transition(
        application,
        machine=machine,
        action=action,
        actor=actor,
        note=note,
        prepare=prepare,
        recipients=[application.applicant] if notify_applicant else (),
        notice=lazy_format(
            APPLICANT_NOTICE,
            program=application.program.name,
            state=machine.state_labels.get(target, target),
        ),
    )
    ApplicationTransition.objects.create(
        application=application,
        action=applied.action,
        from_state=applied.source,
        to_state=applied.target,
        actor=applied.actor,
        note=applied.note,
        created_at=applied.at,
    )
    if applied.target == Application.State.SETTLED:
        guarantees_release(
            application=application, on=timezone.localdate(applied.at), actor=applied.actor
        )
    return applied


EDITABLE_FIELDS = ("amount_requested", "purpose", "county", "sheba", "jobs_promised")


def _check_amount(program: Program, amount: int, field: str = "amount_requested") -> None:
    if amount is None or amount <= 0:
        raise ValidationError({field: _("مبلغ باید بزرگ‌تر از صفر باشد.")})
    if program.is_loan and not program.min_amount <= amount <= program.max_amount:
        raise ValidationError(
            {
                field: _("مبلغ باید بین %(min)s و %(max)s ریال باشد.")
                % {
                    "min": format_number(program.min_amount),
                    "max": format_number(program.max_amount),
                }
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
    stamp(application, actor=actor)
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
    stamp(application, actor=actor)
    save_versioned(application, expected_version=expected_version, update_fields=list(changes))
    return application


@transaction.atomic
def application_submit(*, actor, application: Application, note: str = "") -> Application:
    """Evaluate eligibility rule by rule; failed rules block unless staff may override."""
    require(actor, application, SUBMIT)

    def check_eligibility(application: Application):
        if not application.program.is_open:
            raise ValidationError({"program": _("مهلت پذیرش این برنامه به پایان رسیده است.")})
        check_documents(application)
        results = eligibility.evaluate(application)
        application.eligibility = [r.as_dict() for r in results]
        application.eligibility_passed = all(r.passed for r in results)
        if not application.eligibility_passed and not application.program.allow_override:
            failed = "؛ ".join(r.reason for r in results if not r.passed)
            raise ValidationError(
                {"eligibility": _("شرایط برنامه احراز نشد: %(reasons)s") % {"reasons": failed}}
            )
        application.submitted_at = timezone.now()
        return ("eligibility", "eligibility_passed", "submitted_at")

    application_move(application, action=SUBMIT, actor=actor, note=note, prepare=check_eligibility)
    return application


@transaction.atomic
def application_review(*, actor, application: Application, note: str = "") -> Application:
    require(actor, application, REVIEW)
    application_move(application, action=REVIEW, actor=actor, note=note)
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
    require(actor, application, APPROVE)

    def decide(application: Application):
        approved = application.amount_requested if amount is None else amount
        if approved > application.amount_requested:
            raise ValidationError({"amount": _("مبلغ مصوب نمی‌تواند از مبلغ درخواستی بیشتر باشد.")})
        _check_amount(application.program, approved, "amount")
        if approved < application.amount_requested and not note.strip():
            raise ValidationError({"note": _("دلیل کاهش مبلغ را بنویسید.")})
        fields = ["amount_approved", "decided_at", "decision_reason"]
        if application.eligibility_passed is False:
            if not application.program.allow_override:
                raise ValidationError({"override": _("شرایط برنامه احراز نشده است.")})
            if not override:
                raise ValidationError(
                    {
                        "override": _(
                            "برخی شرایط احراز نشده؛ برای تصویب، نادیده گرفتن را تأیید کنید."
                        )
                    }
                )
            if not note.strip():
                raise ValidationError({"note": _("دلیل نادیده گرفتن شرایط را بنویسید.")})
            application.overridden_by = actor
            fields.append("overridden_by")
        program = Program.objects.select_for_update().get(pk=application.program_id)
        if program.budget and program_committed(program) + approved > program.budget:
            raise ValidationError({"amount": _("اعتبار باقی‌مانده برنامه کافی نیست.")})
        application.amount_approved = approved
        application.decided_at = timezone.now()
        application.decision_reason = note
        return fields

    application_move(application, action=APPROVE, actor=actor, note=note, prepare=decide)
    return application


@transaction.atomic
def application_reject(*, actor, application: Application, note: str) -> Application:
    require(actor, application, REJECT)

    def decide(application: Application):
        if not (note or "").strip():
            raise ValidationError({"note": _("دلیل رد را بنویسید.")})
        application.decided_at = timezone.now()
        application.decision_reason = note
        return ("decided_at", "decision_reason")

    application_move(application, action=REJECT, actor=actor, note=note, prepare=decide)
    return application


@transaction.atomic
def application_return(*, actor, application: Application, note: str) -> Application:
    require(actor, application, RETURN)

    def check_reason(application: Application):
        if not (note or "").strip():
            raise ValidationError({"note": _("بنویسید چه چیزی باید اصلاح شود.")})

    application_move(application, action=RETURN, actor=actor, note=note, prepare=check_reason)
    return application


@transaction.atomic
def application_sign(
    *, actor, application: Application, signed_on=None, note: str = ""
) -> Application:
    require(actor, application, SIGN)

    def sign(application: Application):
        check_cover(application)
        application.contract_signed_on = signed_on or timezone.localdate()
        return ("contract_signed_on",)

    application_move(application, action=SIGN, actor=actor, note=note, prepare=sign)
    return application
