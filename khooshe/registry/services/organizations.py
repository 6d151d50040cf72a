"""Organization use cases: register, edit (with logo), verify and revoke (merge: merge.py).

Every service takes ``actor=``, checks the permission itself (the page and the API call the
same function), cleans text with ``clean_text``, and leaves a history entry naming the actor.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khooshe.accounts.models import Role, RoleGrant
from khooshe.accounts.permissions import forget_grants
from khooshe.accounts.selectors import users_acting_in, users_representing
from khooshe.core.attachments import IMAGE_TYPES, validate_upload
from khooshe.core.concurrency import save_versioned
from khooshe.core.notifications import lazy_format
from khooshe.core.workflow import StateMachine, Transition, apply_transition
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text
from khooshe.registry import permissions, vouched
from khooshe.registry.facets import facets_changed
from khooshe.registry.models import Capability, Organization, Sector
from khooshe.registry.search import search_fields
from khooshe.registry.services.common import (
    check_aliases_change,
    check_county,
    deny,
    describe_set_change,
    normalize_fields,
)
from khooshe.registry.services.verification import change_propose, close_pending, describe

#: Fields a person edits on the organization form and through the API.
ORGANIZATION_FIELDS = (
    "name",
    "name_en",
    "aliases",
    "kind",
    "legal_id",
    "registration_number",
    "founded_on",
    "province",
    "county",
    "locality",
    "address",
    "postal_code",
    "phone",
    "website",
    "email",
    "employees",
    "description",
    "kb_certificate_number",
    "kb_certificate_type",
    "kb_certificate_expires_on",
    "licence_number",
    "licence_expires_on",
    "is_public",
)
#: Fields copied from a duplicate into the record it is merged into when that one is blank.
MERGE_FILL_FIELDS = (
    "name_en",
    "legal_id",
    "registration_number",
    "founded_on",
    "county",
    "address",
    "postal_code",
    "phone",
    "website",
    "email",
    "employees",
    "description",
    "kb_certificate_number",
    "kb_certificate_type",
    "kb_certificate_expires_on",
    "licence_number",
    "licence_expires_on",
    "logo",
)
LOGO_MAX_BYTES = 1024 * 1024

VERIFICATION = StateMachine(
    [
        Transition(
            "verify",
            frozenset(
                {
                    Organization.Verification.UNVERIFIED,
                    Organization.Verification.REVOKED,
                    Organization.Verification.LAPSED,
                }
            ),
            Organization.Verification.VERIFIED,
            gettext_lazy("تأیید نظام صنفی"),
        ),
        Transition(
            "lapse",
            frozenset({Organization.Verification.VERIFIED}),
            Organization.Verification.LAPSED,
            gettext_lazy("از اعتبار افتادن تأیید"),
        ),
        Transition(
            "revoke",
            frozenset({Organization.Verification.VERIFIED}),
            Organization.Verification.REVOKED,
            gettext_lazy("لغو تأیید"),
        ),
    ],
    dict(Organization.Verification.choices),
    field="verification",
)


def organization_refresh_search(organization: Organization) -> None:
    """Recompute the folded search fields of ``organization`` (no history entry: they are
    derived, not edited)."""
    fields = search_fields(
        organization.name,
        organization.name_en,
        organization.description,
        aliases=organization.aliases,
    )
    organization.search_key = fields["search_key"]
    organization.search_text = fields["search_text"]
    Organization.objects.filter(pk=organization.pk).update(
        search_key=organization.search_key, search_text=organization.search_text
    )
    facets_changed()


def _check_legal_id_free(legal_id: str | None, *, actor, exclude_pk: int | None = None) -> None:
    if not legal_id:
        return
    clash = Organization.objects.filter(legal_id=legal_id).exclude(pk=exclude_pk).first()
    if clash is not None:
        # A legal ID is private: whoever types one learns that it is taken, and whose only if
        # they may see that organization's private fields.
        message = (
            _("سازمان دیگری («%(name)s») با این شناسه ملی ثبت شده است.") % {"name": clash.name}
            if permissions.can_view_private(actor, clash)
            else _("سازمان دیگری با این شناسه ملی ثبت شده است.")
        )
        raise ValidationError({"legal_id": [message]})


def organization_check(organization: Organization, changed: Iterable[str]) -> None:
    """The rules of an organization's own fields that need no query: its county lies in its
    province, and the model's validators (required, lengths, choices, URL, e-mail, numbers)
    hold for the ``changed`` fields. Registration, editing and the member-list import
    (:mod:`khooshe.registry.imports`) apply them alike."""
    check_county(organization.province if organization.province_id else None, organization.county)
    exclude = {f.name for f in organization._meta.concrete_fields if f.name not in set(changed)} | {
        "search_key",
        "search_text",
        "logo",
    }
    organization.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _validate(organization: Organization, changed: Iterable[str], *, actor) -> None:
    _check_legal_id_free(organization.legal_id, actor=actor, exclude_pk=organization.pk)
    organization_check(organization, changed)


def _set_logo(organization: Organization, uploaded_file) -> None:
    try:
        mime = validate_upload(uploaded_file, allowed=IMAGE_TYPES, max_bytes=LOGO_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    uploaded_file.name = f"{uuid.uuid4().hex}.{IMAGE_TYPES[mime]}"
    organization.logo = uploaded_file


def _links_note(changes) -> str:
    """The history text of what changes in the capabilities and sectors: ``changes`` holds
    (label, before, after) per link, ``after`` None when it does not change."""
    return " | ".join(
        filter(
            None,
            (
                describe_set_change(label, before, after)
                for label, before, after in changes
                if after is not None
            ),
        )
    )


@transaction.atomic
def organization_register(
    *,
    actor,
    capabilities: Iterable[Capability] = (),
    sectors: Iterable[Sector] = (),
    logo=None,
    grant_owner: bool | None = None,
    **fields: Any,
) -> Organization:
    """Create an organization. The actor becomes its owner (ACTOR role) unless they are staff
    of its province registering it for someone else (``grant_owner`` overrides)."""
    if not permissions.can_register_organization(actor):
        raise deny()
    data = normalize_fields(Organization, fields, allowed=ORGANIZATION_FIELDS)
    organization = Organization(**data)
    check_aliases_change(actor, None, data, may_edit=permissions.can_verify(actor, organization))
    if logo:
        _set_logo(organization, logo)
    _validate(organization, [*data, "name", "kind", "province"], actor=actor)
    capabilities, sectors = list(capabilities), list(sectors)
    links = _links_note([(_("توانمندی‌ها"), [], capabilities), (_("بخش‌ها"), [], sectors)])
    stamp(
        organization,
        actor=actor,
        reason=" | ".join(filter(None, [_("ثبت در بانک فعالان"), links])),
    )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a concurrent registration with the same legal ID
        _check_legal_id_free(organization.legal_id, actor=actor)
        raise ValidationError({"legal_id": [_("این شناسه ملی تکراری است.")]}) from error
    organization.capabilities.set(capabilities)
    organization.sectors.set(sectors)
    if grant_owner is None:
        grant_owner = not permissions.is_registry_staff(actor, organization.province_id)
    if grant_owner:
        RoleGrant.objects.get_or_create(
            user=actor,
            role=Role.ACTOR,
            province=organization.province,
            organization=organization,
            defaults={"granted_by": actor},
        )
        forget_grants(actor)
    organization_refresh_search(organization)
    return organization


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    expected_version: int | None,
    capabilities: Iterable[Capability] | None = None,
    sectors: Iterable[Sector] | None = None,
    logo=None,
    **fields: Any,
) -> Organization:
    """Edit an organization; refuses with EditConflict when someone saved since
    ``expected_version``. Only the fields given change."""
    if not permissions.can_edit_organization(actor, organization):
        raise deny(_("شما اجازه ویرایش این سازمان را ندارید."))
    data = normalize_fields(Organization, fields, allowed=ORGANIZATION_FIELDS)
    check_aliases_change(
        actor, organization, data, may_edit=permissions.can_verify(actor, organization)
    )
    if "province" in data and data["province"] != organization.province:
        target_province = data["province"]
        if not (
            permissions.is_owner(actor, organization)
            or permissions.is_registry_staff(actor, target_province)
        ):
            raise deny(_("شما اجازه انتقال این سازمان به آن استان را ندارید."))
    verified = {name: vouched.current_json(organization, name) for name in vouched.VOUCHED_FIELDS}
    verified_raw = {name: getattr(organization, name) for name in vouched.REVIEWED_FIELDS}
    for name, value in data.items():
        setattr(organization, name, value)
    changed = list(data)
    if logo:
        _set_logo(organization, logo)
        changed.append("logo")
    _validate(organization, changed, actor=actor)
    # An owner's edit of a verified record: reviewed fields wait for the guild (the record
    # keeps its verified values), a changed identity or province ends the verification.
    review_note, dropped = "", []
    if organization.is_verified and not permissions.can_verify(actor, organization):
        proposed = {
            name: vouched.current_json(organization, name)
            for name in vouched.REVIEWED_FIELDS
            if name in data
        }
        dropped = [
            name
            for name in vouched.DROPPING_FIELDS
            if name in data and vouched.current_json(organization, name) != verified[name]
        ]
        if not dropped and proposed:
            for name in proposed:
                setattr(organization, name, verified_raw[name])
            changed = [name for name in changed if name not in proposed]
            pending = change_propose(
                actor=actor, organization=organization, proposed=proposed, verified=verified
            )
            if pending is not None:
                review_note = _("تغییر در انتظار بررسی نظام صنفی: %(text)s") % {
                    "text": describe(pending.changes, pending.before)
                }
    capabilities = None if capabilities is None else list(capabilities)
    sectors = None if sectors is None else list(sectors)
    reason = _links_note(
        [
            (_("توانمندی‌ها"), organization.capabilities.all(), capabilities),
            (_("بخش‌ها"), organization.sectors.all(), sectors),
        ]
    )
    stamp(organization, actor=actor, reason=" | ".join(filter(None, [reason, review_note])))
    try:
        save_versioned(organization, expected_version=expected_version, update_fields=changed)
    except IntegrityError as error:
        raise ValidationError({"legal_id": [_("این شناسه ملی تکراری است.")]}) from error
    if capabilities is not None:
        organization.capabilities.set(capabilities)
    if sectors is not None:
        organization.sectors.set(sectors)
    if dropped:
        organization_lapse(
            actor=actor,
            organization=organization,
            reason=_("نماینده %(fields)s را تغییر داد؛ نظام صنفی استان باید دوباره تأیید کند.")
            % {"fields": "، ".join(vouched.field_label(name) for name in dropped)},
        )
    organization_refresh_search(organization)
    return organization


def organization_verify(*, actor, organization: Organization) -> Organization:
    if not permissions.can_verify(actor, organization):
        raise deny(_("تأیید سازمان‌ها با کارشناس نظام صنفی همان استان است."))

    def record_verifier(locked: Organization) -> tuple[str, ...]:
        locked.verified_at = timezone.now()
        locked.verified_by = actor
        locked.revocation_reason = ""
        return ("verified_at", "verified_by", "revocation_reason")

    return _apply_verification(
        organization,
        action="verify",
        actor=actor,
        prepare=record_verifier,
        notice=gettext_lazy("سازمان شما («%(name)s») تأیید شد"),
    )


def organization_revoke(*, actor, organization: Organization, reason: str) -> Organization:
    if not permissions.can_verify(actor, organization):
        raise deny(_("لغو تأیید با کارشناس نظام صنفی همان استان است."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": [_("دلیل لغو تأیید را بنویسید.")]})

    def record_revocation(locked: Organization) -> tuple[str, ...]:
        locked.revocation_reason = reason
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        return ("revocation_reason", "revoked_at", "revoked_by")

    close_pending(actor=actor, organization=organization, note=_("تأیید سازمان لغو شد."))
    return _apply_verification(
        organization,
        action="revoke",
        actor=actor,
        note=reason,
        prepare=record_revocation,
        notice=gettext_lazy("تأیید سازمان شما («%(name)s») لغو شد"),
    )


def organization_lapse(*, actor, organization: Organization, reason: str) -> Organization:
    """The verification ends without a decision of the guild: an owner changed what it vouched
    for (``DROPPING_FIELDS``), or a vouched document expired (the daily task, ``actor`` None).
    The representatives and the province's guild staff are told why; a pending change closes."""
    reason = clean_text(reason)

    def record_lapse(locked: Organization) -> tuple[str, ...]:
        locked.lapse_reason = reason
        locked.lapsed_at = timezone.now()
        return ("lapse_reason", "lapsed_at")

    close_pending(actor=actor, organization=organization, note=reason)
    notice = gettext_lazy("تأیید سازمان «%(name)s» از اعتبار افتاد")
    _apply_verification(
        organization,
        action="lapse",
        actor=actor,
        note=reason,
        prepare=record_lapse,
        notice=notice,
        extra_recipients=users_acting_in(organization.province_id, roles=[Role.GUILD_STAFF]),
    )
    return organization


@transaction.atomic
def _apply_verification(
    organization: Organization,
    *,
    action: str,
    actor,
    prepare,
    notice,
    note: str = "",
    extra_recipients=(),
):
    """Apply a VERIFICATION step and tell the organization's representatives, naming it
    (``notice`` has a ``%(name)s``; the note is the body)."""
    apply_transition(
        organization,
        machine=VERIFICATION,
        action=action,
        actor=actor,
        note=note,
        prepare=prepare,
        recipients=[*users_representing(organization), *extra_recipients],
        notice=lazy_format(notice, name=organization.name),
        url=reverse("registry:organization_detail", args=[organization.pk]),
    )
    facets_changed()
    return organization
