"""Support packages: requests against capacity, allocation (first come or by decision),
delivery."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import represents_organization
from khooshe.core.notifications import notify
from khooshe.loans.models import PackageRequest, SupportPackage
from khooshe.loans.permissions import can_manage_packages
from khooshe.persian.text import clean_text

R = PackageRequest.State
TAKEN = (R.ALLOCATED, R.DELIVERED)


PACKAGE_FIELDS = ("name", "kind", "description", "capacity", "allocation")


@transaction.atomic
def package_create(*, actor, program, **fields) -> SupportPackage:
    """Staff who manage the program add a support package to it."""
    if not can_manage_packages(actor, program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    package = SupportPackage(program=program, **fields)
    package.full_clean()
    package._history_user = actor
    package.save()
    return package


@transaction.atomic
def package_update(*, actor, package: SupportPackage, expected_version=None, **changes):
    from khooshe.core.concurrency import save_versioned

    if not can_manage_packages(actor, package.program):
        raise PermissionDenied(_("شما اجازه ویرایش این برنامه را ندارید."))
    if set(changes) - set(PACKAGE_FIELDS):
        raise ValidationError(_("فیلدهای ناشناخته."))
    for field, value in changes.items():
        setattr(package, field, value)
    package.full_clean()
    if "capacity" in changes and changes["capacity"] < taken_count(package):
        raise ValidationError({"capacity": _("ظرفیت از تعداد واگذارشده کمتر است.")})
    package._history_user = actor
    save_versioned(package, expected_version=expected_version, update_fields=list(changes))
    return package


def taken_count(package: SupportPackage) -> int:
    return package.requests.filter(state__in=TAKEN).count()


@transaction.atomic
def package_request_create(
    *, actor, package: SupportPackage, organization, note: str = ""
) -> PackageRequest:
    """First come: allocated at once while capacity lasts, else waitlisted. By decision:
    waits for staff."""
    if not represents_organization(actor, organization):
        raise PermissionDenied(_("شما نماینده این سازمان نیستید."))
    package = (
        SupportPackage.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=package.pk)
    )
    program = package.program
    if not program.is_open:
        raise ValidationError({"package": _("مهلت درخواست این بسته باز نیست.")})
    if not program.provinces.filter(pk=organization.province_id).exists():
        raise ValidationError({"package": _("این بسته در استان شما ارائه نمی‌شود.")})
    if package.requests.filter(organization=organization).exclude(state=R.DECLINED).exists():
        raise ValidationError({"package": _("این سازمان پیش‌تر این بسته را درخواست کرده است.")})
    state = R.REQUESTED
    if package.allocation == SupportPackage.Allocation.FIRST_COME:
        state = R.ALLOCATED if taken_count(package) < package.capacity else R.WAITLISTED
    request = PackageRequest(
        package=package,
        organization=organization,
        applicant=actor,
        note=clean_text(note or ""),
        state=state,
    )
    request._history_user = actor
    request.save()
    return request


@transaction.atomic
def package_request_decide(
    *, actor, request: PackageRequest, allocate: bool, note: str = ""
) -> PackageRequest:
    request = (
        PackageRequest.objects.select_for_update(of=("self",))
        .select_related("package__program")
        .get(pk=request.pk)
    )
    package = SupportPackage.objects.select_for_update().get(pk=request.package_id)
    if not can_manage_packages(actor, request.package.program):
        raise PermissionDenied(_("شما اجازه تصمیم درباره این بسته را ندارید."))
    if request.state not in (R.REQUESTED, R.WAITLISTED):
        raise ValidationError(_("برای این درخواست پیش‌تر تصمیم گرفته شده است."))
    if allocate and taken_count(package) >= package.capacity:
        raise ValidationError(_("ظرفیت این بسته پر شده است."))
    if not allocate and not note.strip():
        raise ValidationError({"note": _("دلیل رد را بنویسید.")})
    request.state = R.ALLOCATED if allocate else R.DECLINED
    request.decided_by = actor
    request.decision_note = note
    request._history_user = actor
    request.save(update_fields=["state", "decided_by", "decision_note", "updated_at"])
    notify(
        recipient=request.applicant,
        title=_("درخواست بسته «%(name)s»: %(state)s")
        % {"name": package.name, "state": request.get_state_display()},
        body=note,
    )
    return request


@transaction.atomic
def package_request_deliver(
    *, actor, request: PackageRequest, delivered_on=None, note: str = ""
) -> PackageRequest:
    request = (
        PackageRequest.objects.select_for_update(of=("self",))
        .select_related("package__program")
        .get(pk=request.pk)
    )
    if not can_manage_packages(actor, request.package.program):
        raise PermissionDenied(_("شما اجازه ثبت تحویل این بسته را ندارید."))
    if request.state != R.ALLOCATED:
        raise ValidationError(_("فقط بسته واگذارشده تحویل می‌شود."))
    request.state = R.DELIVERED
    request.delivered_on = delivered_on or timezone.localdate()
    request.delivery_note = clean_text(note or "")
    request._history_user = actor
    request.save(update_fields=["state", "delivered_on", "delivery_note", "updated_at"])
    return request
