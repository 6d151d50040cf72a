"""Programs: defined by governorate staff (national staff for national programs)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khooshe.core.concurrency import save_versioned
from khooshe.history.services import stamp
from khooshe.loans.calculator import engine_message
from khooshe.loans.models import EligibilityRule, Program
from khooshe.loans.permissions import can_create_program, can_manage_program
from khooshe.loans.services.cover import program_set_documents
from khooshe.persian.money import format_rial
from khooshe.registry.models import Organization

PROGRAM_FIELDS = (
    "name",
    "kind",
    "description",
    "fund",
    "budget",
    "opens_on",
    "closes_on",
    "min_amount",
    "max_amount",
    *Program.TERM_FIELDS,
    "allow_override",
    "screening",
    "default_after",
    "penalty_enabled",
    "penalty_points",
    "penalty_grace_days",
    "allocation_order",
    "required_cover_percent",
    "is_published",
)


def _validate(program: Program) -> None:
    program.full_clean(exclude=["provinces"])
    if program.is_loan:
        if program.fund is None or program.fund.kind != Organization.Kind.FUND:
            raise ValidationError({"fund": _("صندوق برنامه وام را از بانک فعالان برگزینید.")})
        if program.max_amount <= 0:
            raise ValidationError({"max_amount": _("بیشینه مبلغ وام را بنویسید.")})
        if program.budget and program.max_amount > program.budget:
            raise ValidationError(
                {
                    "max_amount": _(
                        "بیشینه مبلغ وام نمی‌تواند از اعتبار برنامه (%(budget)s) بیشتر باشد."
                    )
                    % {"budget": format_rial(program.budget)}
                }
            )
        try:
            program.terms(program.max_amount)
        except ValueError as exc:
            raise ValidationError({"rounding": engine_message(exc)}) from exc


@transaction.atomic
def program_create(*, actor, province, provinces, rules=None, documents=None, **fields) -> Program:
    if not can_create_program(actor, province):
        raise PermissionDenied(_("شما اجازه تعریف برنامه در این استان را ندارید."))
    program = Program(province=province, created_by=actor, **fields)
    _validate(program)
    stamp(program, actor=actor)
    program.save()
    program.provinces.set(provinces or ([province] if province else []))
    if rules:
        program_set_rules(actor=actor, program=program, rules=rules)
    if documents:
        program_set_documents(actor=actor, program=program, names=documents)
    return program


@transaction.atomic
def program_update(
    *,
    actor,
    program: Program,
    expected_version=None,
    provinces=None,
    rules=None,
    documents=None,
    **changes,
) -> Program:
    """Edit a program (optimistic concurrency); ``provinces``, ``rules`` and the required
    ``documents`` (names, in order) are replaced when given."""
    if not can_manage_program(actor, program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    unknown = set(changes) - set(PROGRAM_FIELDS)
    if unknown:
        raise ValidationError(_("فیلدهای ناشناخته: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for field, value in changes.items():
        setattr(program, field, value)
    _validate(program)
    stamp(program, actor=actor)
    save_versioned(program, expected_version=expected_version, update_fields=list(changes))
    if provinces is not None:
        program.provinces.set(provinces)
    if rules is not None:
        program_set_rules(actor=actor, program=program, rules=rules)
    if documents is not None:
        program_set_documents(actor=actor, program=program, names=documents)
    return program


@transaction.atomic
def program_set_rules(*, actor, program: Program, rules: dict[str, dict]) -> None:
    """Replace the program's eligibility rules: ``{kind: params}``."""
    if not can_manage_program(actor, program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    valid = set(EligibilityRule.Kind.values)
    unknown = set(rules) - valid
    if unknown:
        raise ValidationError(
            {"rules": _("شرط ناشناخته: %(k)s") % {"k": ", ".join(sorted(unknown))}}
        )
    for rule in program.rules.exclude(kind__in=list(rules)):
        stamp(rule, actor=actor)
        rule.delete()
    existing = {rule.kind: rule for rule in program.rules.all()}
    for kind, params in rules.items():
        params = params or {}
        rule = existing.get(kind)
        if rule is None:
            stamp(EligibilityRule(program=program, kind=kind, params=params), actor=actor).save()
        elif rule.params != params:
            rule.params = params
            stamp(rule, actor=actor)
            rule.save(update_fields=["params", "updated_at"])
