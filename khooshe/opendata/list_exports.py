"""The exports of the lists signed-in users work with (:mod:`khooshe.opendata.exports`).

Each reads the page's own selector as the user and applies the page's own FilterSet to the
page's query string, so a file holds exactly the rows the page lists (all pages of them). Where
the open-data catalogue already declares a list's columns (the promise board), the export uses
them; a list with fields only signed-in users see (a proposal's estimate and its submitter)
declares its own.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.http import QueryDict

from khooshe.governance.filters import CommitmentFilter
from khooshe.governance.selectors import commitment_list
from khooshe.opendata import datasets
from khooshe.opendata.exports import ListExport, register
from khooshe.opendata.schema import Column, date_columns
from khooshe.proposals.filters import ProposalFilter
from khooshe.proposals.selectors import own_proposals, proposal_list


def _filtered(filterset_class, base, user, params: QueryDict):
    """The page's FilterSet over ``base``; invalid filters give no rows, as on the page."""
    filterset = filterset_class(
        params or None, queryset=base, request=SimpleNamespace(user=user, GET=params)
    )
    if not filterset.is_bound:
        return base
    return filterset.qs if filterset.is_valid() else base.none()


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


# --- proposals ------------------------------------------------------------------------------


def _proposals(user, params):
    """The list of "all proposals I may open", or of "my proposals" (``mode=mine``)."""
    base = (
        own_proposals(viewer=user) if params.get("mode") == "mine" else proposal_list(viewer=user)
    )
    return _filtered(ProposalFilter, base, user, params).order_by("-created_at", "-id")


def _proposal_row(p) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "state": p.state,
        "state_label": p.get_state_display(),
        "province_code": p.province.code,
        "province": p.province.name,
        "county": _name(p.county),
        "sector": _name(p.sector),
        "beneficiary": _name(p.beneficiary),
        "submitter": _name(p.submitter_organization),
        "estimated_budget": p.estimated_budget,
        "approved_budget": p.approved_budget,
        "duration_months": p.duration_months,
        "submitted_on": p.submitted_at,
        "decided_on": p.decided_at,
    }


def _rial(name: str, title: str, title_en: str) -> Column:
    return Column(name, "integer", title, title_en, unit="ریال", unit_en="IRR (rial)")


PROPOSALS = register(
    ListExport(
        slug="proposals",
        title="طرح‌های پیشنهادی",
        title_en="Project proposals",
        columns=(
            Column("id", "integer", "شناسه", "ID", required=True),
            Column("title", "string", "عنوان", "Title"),
            Column("state", "string", "وضعیت (کد)", "State (code)"),
            Column("state_label", "string", "وضعیت", "State"),
            Column("province_code", "string", "کد استان", "Province code"),
            Column("province", "string", "استان", "Province"),
            Column("county", "string", "شهرستان", "County"),
            Column("sector", "string", "بخش", "Sector"),
            Column("beneficiary", "string", "دستگاه بهره‌بردار", "Beneficiary agency"),
            Column("submitter", "string", "پیشنهاددهنده", "Submitted by"),
            _rial("estimated_budget", "بودجه برآوردی", "Estimated budget"),
            _rial("approved_budget", "بودجه مصوب", "Approved budget"),
            Column(
                "duration_months", "integer", "مدت اجرا", "Duration", unit="ماه", unit_en="months"
            ),
            *date_columns("submitted_on", "تاریخ ارسال", "Submitted on"),
            *date_columns("decided_on", "تاریخ تصمیم", "Decided on"),
        ),
        queryset=_proposals,
        row=_proposal_row,
    )
)


# --- commitments (the promise board) --------------------------------------------------------


def _commitments(user, params):
    return _filtered(CommitmentFilter, commitment_list(viewer=user), user, params)


COMMITMENTS = register(
    ListExport(
        slug="commitments",
        title=datasets.COMMITMENTS.title,
        title_en=datasets.COMMITMENTS.title_en,
        columns=datasets.COMMITMENTS.columns,
        queryset=_commitments,
        row=datasets.COMMITMENTS.row,
    )
)
