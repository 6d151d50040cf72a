"""Eligibility rules of a program, evaluated for one application, rule by rule with reasons.

Decisions:
- Rules combine with AND; a program without rules admits everyone.
- «county is rural» reads the applicant organization's registry ``locality``, not a
  self-declared field of the application: a county of Iran has both cities and villages, so
  the county alone cannot say it. A person applicant (no registry organization) fails it.
- The rules on what the guild vouches for — organization kind, knowledge-based certificate,
  rural locality — read only verified values (``registry.vouched.verified_values``): an
  organization that is not verified now (never, revoked, or lapsed) fails them, so a program
  with any of these rules requires «verified»; an owner's later change waits for the guild
  and is not read until accepted. A program asks for verification alone with the «verified»
  rule.
- «guild membership» needs a membership valid on the application date (the submission day):
  the organization's (or the person's) own membership.
- «no overdue installment» looks at the applicant's other loans (same organization or person).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from khooshe.loans.models import Application, EligibilityRule, Installment
from khooshe.registry.models import Organization
from khooshe.registry.vouched import verified_values

K = EligibilityRule.Kind
#: Rules on fields a guild verification vouches for: they read verified values only.
VOUCHED_RULES = frozenset({K.ORGANIZATION_KIND, K.KNOWLEDGE_BASED, K.RURAL, K.VERIFIED})


@dataclass(frozen=True)
class RuleResult:
    kind: str
    label: str
    passed: bool
    reason: str
    #: The untranslated reason and its parameters, stored with the result so that the
    #: recorded eligibility reads in the viewer's language (``format_reason``).
    reason_msgid: str = ""
    reason_params: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def format_reason(msgid: str, params: dict | None) -> str:
    """A reason in the active language (organization kinds are stored as codes)."""
    values = dict(params or {})
    if "kind" in values:
        values["kind"] = str(dict(Organization.Kind.choices).get(values["kind"], values["kind"]))
    if "allowed" in values:
        values["allowed"] = _kind_labels(values["allowed"])
    return _(msgid) % values if values else _(msgid)


def _kind_labels(kinds) -> str:
    labels = dict(Organization.Kind.choices)
    return "، ".join(str(labels.get(k, k)) for k in kinds)


def _check(rule: EligibilityRule, application: Application, day) -> tuple[bool, str, dict]:
    """(passed, the untranslated reason, its parameters)."""
    org = application.organization
    params = rule.params or {}
    if rule.kind in VOUCHED_RULES:
        if org is None:
            return False, gettext_noop("متقاضی سازمان ثبت‌شده‌ای در بانک فعالان ندارد."), {}
        verified = verified_values(org, day=day)
        if verified is None:
            return (
                False,
                gettext_noop(
                    "این شرط فقط مقدار تأییدشده نظام صنفی را می‌خواند و سازمان «%(name)s» "
                    "اکنون تأییدشده نیست."
                ),
                {"name": org.name},
            )
    if rule.kind == K.VERIFIED:
        return True, gettext_noop("سازمان «%(name)s» تأییدشده نظام صنفی است."), {"name": org.name}
    if rule.kind == K.ORGANIZATION_KIND:
        kinds = params.get("kinds") or []
        if verified["kind"] in kinds:
            return True, gettext_noop("نوع سازمان «%(kind)s» مجاز است."), {"kind": verified["kind"]}
        return (
            False,
            gettext_noop("نوع سازمان «%(kind)s» نیست؛ مجاز: %(allowed)s."),
            {
                "kind": verified["kind"],
                "allowed": list(kinds),
            },
        )
    if rule.kind == K.GUILD_MEMBER:
        holder = org or application.person
        memberships = list(holder.guild_memberships.all()) if holder else []
        valid = [m for m in memberships if m.is_valid_on(day)]
        if valid:
            return (
                True,
                gettext_noop("عضویت شماره %(number)s در نظام صنفی معتبر است."),
                {"number": valid[0].number},
            )
        if memberships:
            return False, gettext_noop("عضویت نظام صنفی در تاریخ درخواست منقضی شده است."), {}
        return False, gettext_noop("عضویتی در نظام صنفی رایانه‌ای ثبت نشده است."), {}
    if rule.kind == K.KNOWLEDGE_BASED:
        if verified["kb_certificate_number"] and (
            verified["kb_certificate_expires_on"] is None
            or verified["kb_certificate_expires_on"] >= day
        ):
            return (
                True,
                gettext_noop("گواهی دانش‌بنیان شماره %(number)s معتبر است."),
                {"number": verified["kb_certificate_number"]},
            )
        return False, gettext_noop("گواهی دانش‌بنیان معتبری در بانک فعالان ثبت نشده است."), {}
    if rule.kind == K.RURAL:
        if verified["locality"] == "rural":
            return True, gettext_noop("محدوده فعالیت سازمان در بانک فعالان روستایی است."), {}
        return False, gettext_noop("محدوده فعالیت سازمان در بانک فعالان روستایی ثبت نشده است."), {}
    if rule.kind == K.PROVINCE:
        codes = params.get("provinces") or []
        if application.province.code in codes:
            return (
                True,
                gettext_noop("استان %(name)s مشمول است."),
                {"name": application.province.name},
            )
        return (
            False,
            gettext_noop("استان %(name)s مشمول این برنامه نیست."),
            {"name": application.province.name},
        )
    if rule.kind == K.SECTOR:
        if org is None:
            return False, gettext_noop("متقاضی سازمان ثبت‌شده‌ای در بانک فعالان ندارد."), {}
        sectors = set(params.get("sectors") or [])
        capabilities = set(params.get("capabilities") or [])
        have_sectors = {s.slug for s in org.sectors.all()}
        have_caps = {c.slug for c in org.capabilities.all()}
        if sectors & have_sectors or capabilities & have_caps:
            return True, gettext_noop("بخش یا توانمندی سازمان با برنامه سازگار است."), {}
        return False, gettext_noop("هیچ‌یک از بخش‌ها یا توانمندی‌های لازم در پرونده سازمان نیست."), {}
    if rule.kind == K.MIN_JOBS:
        minimum = int(params.get("min_jobs") or 0)
        if application.jobs_promised >= minimum:
            return (
                True,
                gettext_noop("اشتغال تعهدشده %(n)s نفر است."),
                {"n": application.jobs_promised},
            )
        return False, gettext_noop("اشتغال تعهدشده کمتر از %(n)s نفر است."), {"n": minimum}
    if rule.kind == K.NO_OVERDUE:
        others = Installment.objects.exclude(application=application).filter(
            due_on__lt=day, paid_on__isnull=True, is_active=True, disbursement__is_reversed=False
        )
        if org is not None:
            others = others.filter(application__organization=org)
        else:
            others = others.filter(application__person=application.person)
        if others.exists():
            return False, gettext_noop("متقاضی در وام دیگری قسط معوق دارد."), {}
        return True, gettext_noop("متقاضی قسط معوقی در وام دیگر ندارد."), {}
    return False, gettext_noop("شرط ناشناخته."), {}


def evaluate(application: Application, *, day=None) -> list[RuleResult]:
    day = day or timezone.localdate()
    results = []
    for rule in application.program.rules.all():
        passed, msgid, params = _check(rule, application, day)
        results.append(
            RuleResult(
                kind=rule.kind,
                label=str(rule.get_kind_display()),
                passed=passed,
                reason=format_reason(msgid, params),
                reason_msgid=msgid,
                reason_params=params,
            )
        )
    return results
