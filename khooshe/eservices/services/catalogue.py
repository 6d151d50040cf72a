"""The catalogue's services: a representative adds and edits its agency's e-services (with
their channels), enters yearly transaction figures, confirms a service is still correct,
launches or retires it; staff of the province mark an agency's catalogue reviewed.

Every write is one transaction: a refusal (``ValidationError`` with Persian messages per
field, ``PermissionDenied``, ``EditConflict``, ``TransitionNotAllowed``) leaves nothing
half-written.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.core import desk
from khooshe.core.concurrency import save_versioned
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.eservices import permissions
from khooshe.eservices.models import (
    Audience,
    CatalogueReview,
    Channel,
    ChannelKind,
    EService,
    Maturity,
    YearlyTransactions,
)
from khooshe.history.services import stamp
from khooshe.persian.jalali import today_jalali_year
from khooshe.persian.text import clean_text, search_key

STATUS_MACHINE = StateMachine(
    [
        Transition(
            "launch", frozenset({EService.Status.PLANNED}), EService.Status.LIVE, _("راه‌اندازی")
        ),
        Transition(
            "retire",
            frozenset({EService.Status.PLANNED, EService.Status.LIVE}),
            EService.Status.RETIRED,
            _("خارج کردن از رده"),
        ),
        Transition(
            "reinstate",
            frozenset({EService.Status.RETIRED}),
            EService.Status.LIVE,
            _("فعال‌سازی دوباره"),
        ),
    ],
    dict(EService.Status.choices),
    field="status",
)

#: Fields a representative edits (the status moves only through :data:`STATUS_MACHINE`).
EDITABLE = (
    "name",
    "description",
    "audience",
    "maturity",
    "in_national_catalogue",
    "fee",
    "delivery_hours",
    "launched_on",
)
MAX_ADDRESS = 300
FIRST_YEAR = 1370


def _refresh_search(eservice: EService) -> None:
    eservice.search_key = search_key(eservice.name)[:255]
    eservice.search_text = " ".join(
        filter(
            None,
            [
                search_key(eservice.name),
                search_key(eservice.description),
                search_key(eservice.agency.name),
            ],
        )
    )


def _clean_fields(data: Mapping, *, status: str) -> dict:
    """Cleaned copies of the editable fields; a ValidationError names every bad one."""
    errors: dict[str, list] = {}
    cleaned = dict(data)
    name = clean_text(str(cleaned.get("name") or "")).strip()
    if not name:
        errors["name"] = [_("نام خدمت را بنویسید.")]
    elif len(name) > 200:
        errors["name"] = [_("نام خدمت حداکثر ۲۰۰ نویسه است.")]
    cleaned["name"] = name
    cleaned["description"] = clean_text(str(cleaned.get("description") or "")).strip()
    if len(cleaned["description"]) > 2000:
        errors["description"] = [_("شرح کوتاه حداکثر ۲۰۰۰ نویسه است.")]
    if cleaned.get("audience") not in Audience.values:
        errors["audience"] = [_("مخاطب خدمت را از فهرست برگزینید.")]
    if cleaned.get("maturity") not in Maturity.values:
        errors["maturity"] = [_("سطح بلوغ را از فهرست برگزینید.")]
    fee = cleaned.get("fee")
    if fee is None or fee == "":
        fee = 0
    if not isinstance(fee, int) or fee < 0:
        errors["fee"] = [_("هزینه نمی‌تواند منفی باشد.")]
    cleaned["fee"] = fee
    hours = cleaned.get("delivery_hours")
    if hours == "":
        hours = None
    if hours is not None and (not isinstance(hours, int) or hours < 0):
        errors["delivery_hours"] = [_("زمان ارائه نمی‌تواند منفی باشد.")]
    cleaned["delivery_hours"] = hours
    launched_on = cleaned.get("launched_on") or None
    if launched_on and status == EService.Status.LIVE and launched_on > timezone.localdate():
        errors["launched_on"] = [_("خدمت فعال نمی‌تواند تاریخ راه‌اندازی در آینده داشته باشد.")]
    cleaned["launched_on"] = launched_on
    cleaned["in_national_catalogue"] = bool(cleaned.get("in_national_catalogue"))
    if errors:
        raise ValidationError(errors)
    return {key: cleaned[key] for key in EDITABLE}


def _clean_channels(channels: Mapping[str, str] | None) -> dict[str, str]:
    """``{kind: address}`` with the empty ones dropped; a ValidationError on ``channels``."""
    cleaned: dict[str, str] = {}
    problems = []
    for kind, address in (channels or {}).items():
        address = clean_text(str(address or "")).strip()
        if not address:
            continue
        if kind not in ChannelKind.values:
            problems.append(_("درگاه «%(kind)s» شناخته نیست.") % {"kind": kind})
        elif len(address) > MAX_ADDRESS:
            problems.append(_("نشانی هر درگاه حداکثر ۳۰۰ نویسه است."))
        else:
            cleaned[kind] = address
    if problems:
        raise ValidationError({"channels": problems})
    return cleaned


def _save_channels(eservice: EService, channels: dict[str, str], *, actor) -> None:
    existing = {c.kind: c for c in eservice.channels.all()}
    for kind, channel in existing.items():
        if kind not in channels:
            stamp(channel, actor=actor)
            channel.delete()
    for kind, address in channels.items():
        channel = existing.get(kind) or Channel(eservice=eservice, kind=kind)
        if channel.pk and channel.address == address:
            continue
        channel.address = address
        stamp(channel, actor=actor)
        channel.save()


@transaction.atomic
def eservice_create(
    *,
    actor,
    agency,
    channels: Mapping[str, str] | None = None,
    status: str = EService.Status.LIVE,
    **fields,
) -> EService:
    """A representative of ``agency`` adds one of its e-services (planned or live)."""
    if not permissions.can_add_eservice(actor, agency):
        raise PermissionDenied(_("فقط نمایندگان همین دستگاه می‌توانند خدمات آن را ثبت کنند."))
    if status not in (EService.Status.PLANNED, EService.Status.LIVE):
        raise ValidationError({"status": [_("خدمت تازه «در دست راه‌اندازی» یا «فعال» است.")]})
    errors = {}
    try:
        cleaned = _clean_fields(fields, status=status)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        cleaned_channels = _clean_channels(channels)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    eservice = EService(agency=agency, province_id=agency.province_id, status=status, **cleaned)
    _refresh_search(eservice)
    stamp(eservice, actor=actor, reason=str(_("ثبت خدمت")))
    eservice.save()
    _save_channels(eservice, cleaned_channels, actor=actor)
    desk.changed()
    return eservice


@transaction.atomic
def eservice_update(
    *,
    actor,
    eservice: EService,
    expected_version: int | None,
    channels: Mapping[str, str] | None = None,
    reason: str = "",
    **fields,
) -> EService:
    """The agency's representative edits the service (409 when someone saved it since)."""
    if not permissions.can_edit_eservice(actor, eservice):
        raise PermissionDenied(_("فقط نمایندگان همین دستگاه می‌توانند خدمات آن را ویرایش کنند."))
    current = {key: getattr(eservice, key) for key in EDITABLE}
    errors = {}
    try:
        cleaned = _clean_fields({**current, **fields}, status=eservice.status)
    except ValidationError as error:
        errors.update(error.message_dict)
    cleaned_channels = None
    if channels is not None:
        try:
            cleaned_channels = _clean_channels(channels)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    for key, value in cleaned.items():
        setattr(eservice, key, value)
    _refresh_search(eservice)
    stamp(eservice, actor=actor, reason=reason)
    save_versioned(eservice, expected_version=expected_version)
    if cleaned_channels is not None:
        _save_channels(eservice, cleaned_channels, actor=actor)
    desk.changed()
    return eservice


@transaction.atomic
def eservice_confirm(*, actor, eservice: EService) -> EService:
    """The representative says the service's entry is still correct this year (it leaves
    the desk's "not updated this year" list)."""
    if not permissions.can_edit_eservice(actor, eservice):
        raise PermissionDenied(_("فقط نمایندگان همین دستگاه می‌توانند خدمات آن را به‌روز کنند."))
    stamp(eservice, actor=actor, reason=str(_("تأیید درستی اطلاعات خدمت")))
    save_versioned(eservice, expected_version=None, update_fields=["updated_at"])
    desk.changed()
    return eservice


@transaction.atomic
def eservice_transition(*, actor, eservice: EService, action: str, note: str = "") -> EService:
    """Launch a planned service, retire one, or bring a retired one back (409 out of order)."""
    if not permissions.can_edit_eservice(actor, eservice):
        raise PermissionDenied(
            _("فقط نمایندگان همین دستگاه می‌توانند وضعیت خدمات آن را تغییر دهند.")
        )

    def prepare(instance):
        if action == "launch" and not instance.launched_on:
            instance.launched_on = timezone.localdate()
            return ["launched_on"]
        return None

    apply_transition(
        eservice, machine=STATUS_MACHINE, action=action, actor=actor, note=note, prepare=prepare
    )
    return eservice


@transaction.atomic
def transactions_record(
    *, actor, eservice: EService, jalali_year, count, source: str
) -> YearlyTransactions:
    """How many times the service was delivered in a Jalali year, and the source of the
    figure. A second entry for the same year corrects the first (its history keeps both)."""
    if not permissions.can_edit_eservice(actor, eservice):
        raise PermissionDenied(_("فقط نمایندگان همین دستگاه می‌توانند آمار خدمات آن را ثبت کنند."))
    errors: dict[str, list] = {}
    this_year = today_jalali_year()
    if not isinstance(jalali_year, int):
        errors["jalali_year"] = [_("سال را به عدد بنویسید، مانند ۱۴۰۲.")]
    elif jalali_year > this_year:
        errors["jalali_year"] = [_("سال آمار نمی‌تواند در آینده باشد.")]
    elif jalali_year < FIRST_YEAR:
        errors["jalali_year"] = [_("سال آمار را به تقویم خورشیدی بنویسید، مانند ۱۴۰۲.")]
    if not isinstance(count, int) or count < 0:
        errors["count"] = [_("تعداد تراکنش نمی‌تواند منفی باشد.")]
    source = clean_text(str(source or "")).strip()
    if not source:
        errors["source"] = [_("منبع آمار را بنویسید.")]
    elif len(source) > 200:
        errors["source"] = [_("منبع حداکثر ۲۰۰ نویسه است.")]
    if errors:
        raise ValidationError(errors)
    entry = YearlyTransactions.objects.filter(eservice=eservice, jalali_year=jalali_year).first()
    entry = entry or YearlyTransactions(eservice=eservice, jalali_year=jalali_year)
    entry.count, entry.source, entry.entered_by = count, source, actor
    stamp(entry, actor=actor)
    entry.save()
    stamp(eservice, actor=actor, reason=str(_("ثبت آمار تراکنش سالانه")))
    save_versioned(eservice, expected_version=None, update_fields=["updated_at"])
    desk.changed()
    return entry


@transaction.atomic
def catalogue_review(*, actor, agency, note: str = "") -> CatalogueReview:
    """Guild or governorate staff of the agency's province mark its catalogue reviewed."""
    if not permissions.can_review_agency(actor, agency):
        raise PermissionDenied(
            _("فقط کارشناسان استان همین دستگاه می‌توانند فهرست خدمات آن را بررسی کنند.")
        )
    review = CatalogueReview(
        agency=agency,
        reviewed_by=actor,
        note=clean_text(note or "").strip(),
        services_count=EService.objects.filter(agency=agency).count(),
    )
    stamp(review, actor=actor)
    review.save()
    desk.changed()
    return review
