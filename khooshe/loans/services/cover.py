"""Guarantees, collateral and documents (the loan's cover).

- A program lists the documents every application needs (:func:`program_set_documents`);
  the applicant uploads them (:func:`document_add`, type- and size-checked by
  :mod:`khooshe.core.attachments`) and submitting is refused while one is missing
  (:func:`check_documents`, called by ``application_submit``).
- The fund's officer records guarantees (:func:`guarantee_add`): a guarantor person
  (national code validated, employer, relationship, amount), a cheque or promissory note
  (serial, amount), a property deed (registration number, appraised value). Signing the
  contract is refused until the held guarantees cover the program's required percentage of
  the approved amount (:func:`check_cover`, called by ``application_sign``).
- Settlement releases every held guarantee with the date (:func:`guarantees_release`, called
  when the application moves to settled); a defaulted loan's held guarantees are listed for
  follow-up (``selectors.guarantees_to_follow_up``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.attachments import attachment_add
from khooshe.history.services import stamp
from khooshe.loans.models import (
    Application,
    ApplicationDocument,
    DocumentRequirement,
    Guarantee,
    Program,
)
from khooshe.loans.permissions import (
    can_manage_program,
    can_record_guarantee,
    can_upload_documents,
)
from khooshe.persian.money import format_rial
from khooshe.persian.serializers import MAX_BIGINT
from khooshe.persian.text import clean_text
from khooshe.persian.validators import normalize_national_code

S = Application.State
#: States in which the fund records guarantees: from approval until the loan ends.
GUARANTEE_STATES = (S.APPROVED, S.CONTRACT_SIGNED, S.DISBURSED, S.REPAYING, S.DEFAULTED)

# --- documents ---------------------------------------------------------------------------------


def _document_names(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names or ():
        text = clean_text(str(name))[:200]
        if text:
            seen.setdefault(text)
    return list(seen)


@transaction.atomic
def program_set_documents(*, actor, program: Program, names) -> list[DocumentRequirement]:
    """Make ``names`` (in order) the program's required documents. A requirement an
    application already answered stays (its files keep their label) unless listed again."""
    if actor is not None and not can_manage_program(actor, program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    wanted = _document_names(names)
    existing = {r.name: r for r in program.document_requirements.all()}
    for name, requirement in existing.items():
        if name not in wanted:
            if requirement.documents.exists():
                raise ValidationError(
                    {
                        "required_documents": _(
                            "مدرک «%(name)s» را متقاضیان بارگذاری کرده‌اند و حذف نمی‌شود."
                        )
                        % {"name": name}
                    }
                )
            stamp(requirement, actor=actor)
            requirement.delete()
    kept = []
    for position, name in enumerate(wanted):
        requirement = existing.get(name) or DocumentRequirement(program=program, name=name)
        if requirement.pk is None or requirement.position != position:
            requirement.position = position
            stamp(requirement, actor=actor).save()
        kept.append(requirement)
    return kept


def missing_documents(application: Application) -> list[DocumentRequirement]:
    """The program's required documents ``application`` has no file for (one query)."""
    return list(
        DocumentRequirement.objects.filter(program_id=application.program_id)
        .exclude(documents__application=application)
        .order_by("position", "id")
    )


def check_documents(application: Application) -> None:
    """Refuse (400) while a required document is missing, naming the missing ones."""
    missing = missing_documents(application)
    if missing:
        raise ValidationError(
            {
                "documents": _("مدارک لازم برنامه بارگذاری نشده است: %(names)s")
                % {"names": "، ".join(r.name for r in missing)}
            }
        )


@transaction.atomic
def document_add(
    *, actor, application: Application, requirement: DocumentRequirement, uploaded_file
) -> ApplicationDocument:
    """The applicant uploads a file for one of the program's required documents (type by
    content, size capped); more than one file per document is allowed."""
    if not can_upload_documents(actor, application):
        raise PermissionDenied(_("مدارک فقط در پیش‌نویس یا درخواست بازگشتی بارگذاری می‌شود."))
    if requirement is None or requirement.program_id != application.program_id:
        raise ValidationError({"requirement": _("این مدرک از مدارک لازم این برنامه نیست.")})
    document = ApplicationDocument(
        application=application, requirement=requirement, uploaded_by=actor
    )
    stamp(document, actor=actor).save()
    try:
        attachment_add(
            actor=actor, target=document, uploaded_file=uploaded_file, title=requirement.name
        )
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return document


@transaction.atomic
def document_remove(*, actor, document: ApplicationDocument) -> None:
    """The applicant removes a file while the application is editable."""
    if not can_upload_documents(actor, document.application):
        raise PermissionDenied(_("مدارک فقط در پیش‌نویس یا درخواست بازگشتی حذف می‌شود."))
    stamp(document, actor=actor, reason=_("حذف مدرک"))
    document.delete()


# --- guarantees --------------------------------------------------------------------------------


def cover_required(application: Application) -> int:
    """The cover the program requires: its percentage of the approved amount, rounded up."""
    percent = application.program.required_cover_percent
    amount = application.amount_approved or application.amount_requested
    return -(-amount * percent // 100)


def cover_held(application: Application) -> int:
    return (
        application.guarantees.filter(state=Guarantee.State.HELD).aggregate(s=Sum("amount"))["s"]
        or 0
    )


def check_cover(application: Application) -> None:
    """Refuse (400) signing the contract while the held guarantees cover less than the
    program requires, naming the figures."""
    required = cover_required(application)
    held = cover_held(application)
    if held < required:
        raise ValidationError(
            {
                "guarantees": _(
                    "تضمین‌ها کافی نیست: برنامه %(percent)s٪ مبلغ مصوب، یعنی %(required)s، "
                    "می‌خواهد؛ تضمین‌های ثبت‌شده %(held)s است و %(left)s کم است."
                )
                % {
                    "percent": application.program.required_cover_percent,
                    "required": format_rial(required),
                    "held": format_rial(held),
                    "left": format_rial(required - held),
                }
            }
        )


def _text(value, limit: int) -> str:
    return clean_text(str(value or ""))[:limit]


def _guarantee_fields(kind: str, fields: dict) -> dict:
    """The fields of a guarantee of ``kind``, cleaned; the ones it needs are required."""
    values = {
        "guarantor_name": _text(fields.get("guarantor_name"), 200),
        "national_code": "",
        "employer": _text(fields.get("employer"), 200),
        "relationship": _text(fields.get("relationship"), 100),
        "serial": _text(fields.get("serial"), 64),
        "registration_number": _text(fields.get("registration_number"), 64),
        "note": clean_text(str(fields.get("note") or "")),
    }
    errors: dict[str, str] = {}
    if kind == Guarantee.Kind.GUARANTOR:
        for name in ("guarantor_name", "employer", "relationship"):
            if not values[name]:
                errors[name] = _("برای ضامن، این مورد را بنویسید.")
        try:
            values["national_code"] = normalize_national_code(fields.get("national_code") or "")
        except ValidationError as exc:
            errors["national_code"] = exc.messages[0]
        values["serial"] = values["registration_number"] = ""
    elif kind in (Guarantee.Kind.CHEQUE, Guarantee.Kind.PROMISSORY_NOTE):
        if not values["serial"]:
            errors["serial"] = _("شماره سریال چک یا سفته را بنویسید.")
        values.update(guarantor_name="", employer="", relationship="", registration_number="")
    elif kind == Guarantee.Kind.DEED:
        if not values["registration_number"]:
            errors["registration_number"] = _("شماره ثبت سند را بنویسید.")
        values.update(guarantor_name="", employer="", relationship="", serial="")
    else:
        errors["kind"] = _("نوع تضمین را برگزینید.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def guarantee_add(*, actor, application: Application, kind: str, amount: int, **fields):
    """The fund's officer records a guarantee or collateral held against ``application``.
    ``amount`` is what it covers (for a deed, its appraised value)."""
    if not can_record_guarantee(actor, application):
        raise PermissionDenied(_("فقط کارشناس صندوق این برنامه تضمین ثبت می‌کند."))
    if application.state not in GUARANTEE_STATES:
        raise ValidationError(
            {
                "application": _(
                    "تضمین از تصویب تا پایان وام ثبت می‌شود؛ وضعیت این درخواست «%(state)s» است."
                )
                % {"state": application.get_state_display()}
            }
        )
    if amount is None or not 0 < amount <= MAX_BIGINT:
        raise ValidationError({"amount": _("مبلغ پوشش باید عدد صحیح مثبت (ریال) باشد.")})
    guarantee = Guarantee(
        application=application,
        kind=kind,
        amount=amount,
        recorded_by=actor,
        **_guarantee_fields(kind, fields),
    )
    stamp(guarantee, actor=actor).save()
    return guarantee


def guarantees_release(*, application: Application, on=None, actor=None) -> int:
    """Release every held guarantee of a settled loan, recording the date; returns how many."""
    on = on or timezone.localdate()
    released = 0
    for guarantee in application.guarantees.filter(state=Guarantee.State.HELD):
        guarantee.state = Guarantee.State.RELEASED
        guarantee.released_on = on
        guarantee.version += 1
        stamp(guarantee, actor=actor, reason=_("آزادسازی با تسویه وام"))
        guarantee.save(update_fields=["state", "released_on", "version", "updated_at"])
        released += 1
    return released
