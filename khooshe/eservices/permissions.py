"""Who may see and change the e-service catalogue — predicates on the foundation's
permission layer only (``khooshe.accounts.permissions``).

One visibility rule (``can_view_eservice`` / ``eservice_visibility_filter``; the parity test
in ``tests/test_visibility.py`` proves they agree over role × status):

* everyone (anonymous included) sees the **planned and live** services of agencies whose
  registry record is public — a planned service tells citizens what is coming;
* a **retired** service leaves the public catalogue but is kept: the agency's
  representatives and staff (guild, governorate) of the agency's province still see it
  (national staff and admins everywhere).

Editing: only the agency's representatives (registry roles ``AGENCY_REP`` or ``ACTOR`` on
the organization). Reviewing an agency's catalogue: guild and governorate staff of the
agency's province (admins everywhere); national staff read the catalogues and checklists of
every province but review none.
"""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.models import Role
from khooshe.accounts.permissions import (
    acts_in_province,
    organization_ids_for,
    province_ids_visible_to,
    represents_organization,
    sees_province,
)
from khooshe.registry.models import Organization

#: Registry roles that speak for an agency.
REPRESENTATIVE_ROLES = (Role.AGENCY_REP, Role.ACTOR)
#: Registry kinds whose records can hold a catalogue.
AGENCY_KINDS = (Organization.Kind.GOVERNMENT_AGENCY, Organization.Kind.SERVICE_COUNTER)
#: Statuses the public catalogue shows.
PUBLIC_STATUSES = ("planned", "live")


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def represents_agency(user, agency) -> bool:
    return _authenticated(user) and represents_organization(
        user, agency, roles=REPRESENTATIVE_ROLES
    )


def is_staff_of(user, province) -> bool:
    """Acts for ``province`` (its guild and governorate staff, admins)."""
    return acts_in_province(user, province)


def reads_as_staff_of(user, province) -> bool:
    """Reads what the staff of ``province`` read (national staff and admins everywhere)."""
    return sees_province(user, province)


def can_view_eservice(user, eservice) -> bool:
    if eservice.status in PUBLIC_STATUSES and eservice.agency.is_public:
        return True
    return represents_agency(user, eservice.agency_id) or reads_as_staff_of(
        user, eservice.province_id
    )


def eservice_visibility_filter(user) -> Q:
    """The queryset form of :func:`can_view_eservice`."""
    q = Q(status__in=PUBLIC_STATUSES, agency__is_public=True)
    if not _authenticated(user):
        return q
    provinces = province_ids_visible_to(user)
    if provinces is None:
        return Q()
    if provinces:
        q |= Q(province_id__in=provinces)
    agencies = organization_ids_for(user, REPRESENTATIVE_ROLES)
    if agencies:
        q |= Q(agency_id__in=agencies)
    return q


def can_add_eservice(user, agency) -> bool:
    """Representatives of ``agency``, when it is an agency (or a service counter office)."""
    return agency is not None and agency.kind in AGENCY_KINDS and represents_agency(user, agency)


def can_edit_eservice(user, eservice) -> bool:
    return represents_agency(user, eservice.agency_id)


def can_review_agency(user, agency) -> bool:
    return _authenticated(user) and is_staff_of(user, agency.province_id)


def can_view_checklist(user, province) -> bool:
    return _authenticated(user) and reads_as_staff_of(user, province)


def represented_agency_ids(user) -> frozenset[int]:
    if not _authenticated(user):
        return frozenset()
    return organization_ids_for(user, REPRESENTATIVE_ROLES)
