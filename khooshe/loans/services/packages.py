"""Support packages: requests against capacity, allocation (first come or by decision),
delivery. A request moves only through :data:`khooshe.loans.workflow.package_request_machine`:
a decision taken twice, or a delivery of a request not allocated (or already delivered), is
out of order (409)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.permissions import represents_organization
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import apply_transition
from khooshe.history.services import stamp
from khooshe.loans.models import PackageRequest, SupportPackage
from khooshe.loans.permissions import can_manage_packages
from khooshe.loans.selectors import package_taken
from khooshe.loans.workflow import ALLOCATE, DECLINE, DELIVER, package_request_machine
from khooshe.persian.text import clean_text

R = PackageRequest.State

PACKAGE_FIELDS = ("name", "kind", "description", "capacity", "allocation")
DECISION_NOTICE = gettext_lazy("درخواست بسته «%(name)s»: %(state)s")


@transaction.atomic
def package_create(*, actor, program, **fields) -> SupportPackage:
    """Staff who manage the program add a support package to it."""
    if not can_manage_packages(actor, program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    package = SupportPackage(program=program, **fields)
    package.full_clean()
    stamp(package, actor=actor)
    package.save()
    return package


@transaction.atomic
def package_update(*, actor, package: SupportPackage, expected_version=None, **changes):
    if not can_manage_packages(actor, package.program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    if set(changes) - set(PACKAGE_FIELDS):
        raise ValidationError(_("فیلدهای ناشناخته."))
    for field, value in changes.items():
        setattr(package, field, value)
    package.full_clean()
    if "capacity" in changes and changes["capacity"] < package_taken(package):
        raise ValidationError({"capacity": _("ظرفیت از تعداد واگذارشده کمتر است.")})
    stamp(package, actor=actor)
    save_versioned(package, expected_version=expected_version, update_fields=list(changes))
    return package


def _locked_package(package_id: int) -> SupportPackage:
    """The package under a row lock: requests for it wait, so capacity is counted once."""
    return (
        SupportPackage.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=package_id)
    )


@transaction.atomic
def package_request_create(
    *, actor, package: SupportPackage, organization, note: str = ""
) -> PackageRequest:
    """First come: allocated at once while capacity lasts, else waitlisted. By decision:
    waits for staff."""
    if not represents_organization(actor, organization):
        raise PermissionDenied(_("شما نماینده این سازمان نیستید."))
    package = _locked_package(package.pk)
    program = package.program
    if not program.is_open:
        raise ValidationError({"package": _("مهلت درخواست این بسته باز نیست.")})
    if not program.provinces.filter(pk=organization.province_id).exists():
        raise ValidationError({"package": _("این بسته در استان شما ارائه نمی‌شود.")})
    if package.requests.filter(organization=organization).exclude(state=R.DECLINED).exists():
        raise ValidationError({"package": _("این سازمان پیش‌تر این بسته را درخواست کرده است.")})
    state = R.REQUESTED
    if package.allocation == SupportPackage.Allocation.FIRST_COME:
        state = R.ALLOCATED if package_taken(package) < package.capacity else R.WAITLISTED
    request = PackageRequest(
        package=package,
        organization=organization,
        applicant=actor,
        note=clean_text(note or ""),
        state=state,
    )
    stamp(request, actor=actor)
    request.save()
    return request


def _require_manager(actor, request: PackageRequest, message: str) -> None:
    if not can_manage_packages(actor, request.package.program):
        raise PermissionDenied(message)


@transaction.atomic
def package_request_decide(
    *, actor, request: PackageRequest, allocate: bool, note: str = ""
) -> PackageRequest:
    """Allocate a requested or waitlisted request while capacity lasts, or decline it with a
    reason; the organization's representative is told either way."""
    _require_manager(actor, request, _("شما اجازه تصمیم درباره این بسته را ندارید."))
    note = clean_text(note or "")

    def decide(request: PackageRequest):
        package = _locked_package(request.package_id)
        if allocate and package_taken(package) >= package.capacity:
            raise ValidationError(_("ظرفیت این بسته پر شده است."))
        if not allocate and not note:
            raise ValidationError({"note": _("دلیل رد را بنویسید.")})
        request.decided_by = actor
        request.decision_note = note
        return ("decided_by", "decision_note")

    action = ALLOCATE if allocate else DECLINE
    target = package_request_machine.transitions[action].target
    apply_transition(
        request,
        machine=package_request_machine,
        action=action,
        actor=actor,
        note=note,
        prepare=decide,
        recipients=[request.applicant],
        notice=lazy_format(DECISION_NOTICE, name=request.package.name, state=R(target).label),
        url=request.package.program.get_absolute_url(),
    )
    return request


@transaction.atomic
def package_request_deliver(
    *, actor, request: PackageRequest, delivered_on=None, note: str = ""
) -> PackageRequest:
    """Record that an allocated package was handed over (once)."""
    _require_manager(actor, request, _("شما اجازه ثبت تحویل این بسته را ندارید."))
    note = clean_text(note or "")

    def deliver(request: PackageRequest):
        request.delivered_on = delivered_on or timezone.localdate()
        request.delivery_note = note
        return ("delivered_on", "delivery_note")

    apply_transition(
        request,
        machine=package_request_machine,
        action=DELIVER,
        actor=actor,
        note=note,
        prepare=deliver,
    )
    return request
