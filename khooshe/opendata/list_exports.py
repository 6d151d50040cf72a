"""The exports of the lists signed-in users work with (:mod:`khooshe.opendata.exports`).

Each reads the page's own selector as the user and applies the page's own FilterSet to the
page's query string, so a file holds exactly the rows the page lists (all pages of them). Where
the open-data catalogue already declares a list's columns (the promise board), the export uses
them; a list with fields only signed-in users see (a proposal's estimate and its submitter)
declares its own.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Count, Q
from django.http import QueryDict

from khooshe.governance.filters import CommitmentFilter
from khooshe.governance.selectors import commitment_list, meeting_list, resolution_list
from khooshe.loans import selectors as loans
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


# --- programs' applications -----------------------------------------------------------------


def _applications(user, params):
    """The applications list: mine or all I may read (``scope``), a state, a program."""
    program = params.get("program", "")
    rows = loans.application_list(
        viewer=user,
        state=params.get("state") or None,
        mine=loans.lists_only_own(user, params.get("scope")),
    )
    if program.isascii() and program.isdigit() and len(program) < 19:
        rows = rows.filter(program_id=int(program))
    return rows.select_related("program", "organization", "person", "province", "county").order_by(
        "-created_at", "-id"
    )


def _applicant(a) -> str | None:
    if a.organization_id:
        return a.organization.name
    return f"{a.person.first_name} {a.person.last_name}" if a.person_id else None


APPLICATIONS = register(
    ListExport(
        slug="loan-applications",
        title="درخواست‌های تسهیلات و حمایت",
        title_en="Loan and support applications",
        columns=(
            Column("id", "integer", "شناسه", "ID", required=True),
            Column("program", "string", "برنامه", "Program"),
            Column("applicant", "string", "متقاضی", "Applicant"),
            Column("state", "string", "وضعیت (کد)", "State (code)"),
            Column("state_label", "string", "وضعیت", "State"),
            Column("province", "string", "استان", "Province"),
            Column("county", "string", "شهرستان", "County"),
            _rial("amount_requested", "مبلغ درخواستی", "Amount requested"),
            _rial("amount_approved", "مبلغ مصوب", "Amount approved"),
            Column("jobs_promised", "integer", "اشتغال تعهدشده", "Jobs promised"),
            *date_columns("created_on", "تاریخ ثبت", "Created on"),
        ),
        queryset=_applications,
        row=lambda a: {
            "id": a.pk,
            "program": a.program.name,
            "applicant": _applicant(a),
            "state": a.state,
            "state_label": a.get_state_display(),
            "province": _name(a.province),
            "county": _name(a.county),
            "amount_requested": a.amount_requested,
            "amount_approved": a.amount_approved,
            "jobs_promised": a.jobs_promised,
            "created_on": a.created_at,
        },
    )
)


# --- resolutions and meetings (of one body with ``body=<id>``) ------------------------------


def _of_body(rows, params):
    body = params.get("body", "")
    if body.isascii() and body.isdigit() and len(body) < 19:
        return rows.filter(body_id=int(body))
    return rows


RESOLUTIONS = register(
    ListExport(
        slug="resolutions",
        title="مصوبه‌ها",
        title_en="Resolutions",
        columns=(
            Column("id", "integer", "شناسه", "ID", required=True),
            Column("body", "string", "نهاد", "Body"),
            Column("year", "integer", "سال", "Year"),
            Column("number", "integer", "شماره", "Number"),
            Column("text", "string", "متن مصوبه", "Text"),
            Column("owner", "string", "مسئول", "Owner"),
            *date_columns("meeting_on", "تاریخ جلسه", "Meeting date"),
            *date_columns("due_on", "مهلت", "Due on"),
        ),
        queryset=lambda user, params: _of_body(resolution_list(viewer=user), params).order_by(
            "body_id", "year", "sequence"
        ),
        row=lambda r: {
            "id": r.pk,
            "body": r.body.name,
            "year": r.year,
            "number": r.sequence,
            "text": r.text,
            "owner": _name(r.owner),
            "meeting_on": r.meeting.held_at,
            "due_on": r.due_on,
        },
    )
)


def _meetings(user, params):
    rows = _of_body(meeting_list(viewer=user), params)
    return rows.annotate(
        present=Count("attendances", filter=Q(attendances__presence="present"), distinct=True),
        attendances_count=Count("attendances", distinct=True),
        resolutions_count=Count("resolutions", distinct=True),
    ).order_by("-held_at", "-id")


MEETINGS = register(
    ListExport(
        slug="meetings",
        title="جلسه‌ها و حضور",
        title_en="Meetings and attendance",
        columns=(
            Column("id", "integer", "شناسه", "ID", required=True),
            Column("body", "string", "نهاد", "Body"),
            Column("number", "integer", "شماره جلسه", "Meeting number"),
            Column("title", "string", "عنوان", "Title"),
            *date_columns("held_on", "تاریخ برگزاری", "Held on"),
            Column("place", "string", "محل", "Place"),
            Column("invited", "integer", "فهرست حضور", "On the attendance list"),
            Column("present", "integer", "حاضران", "Present"),
            Column("resolutions", "integer", "مصوبه‌ها", "Resolutions"),
        ),
        queryset=_meetings,
        row=lambda m: {
            "id": m.pk,
            "body": m.body.name,
            "number": m.number,
            "title": m.title,
            "held_on": m.held_at,
            "place": m.place,
            "invited": m.attendances_count,
            "present": m.present,
            "resolutions": m.resolutions_count,
        },
    )
)
