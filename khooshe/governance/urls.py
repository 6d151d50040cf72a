from django.urls import path

from khooshe.governance.views import (
    agreements,
    aliases,
    board,
    bodies,
    calendar,
    commitments,
    elections,
    imports,
    meetings,
    projects,
)

app_name = "governance"

urlpatterns = [
    path("", board.index, name="index"),
    # Commitments
    path("commitments/new/", commitments.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", commitments.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/update/", commitments.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/cancel/", commitments.commitment_cancel, name="commitment_cancel"),
    path("commitments/<int:pk>/edit/", commitments.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/accept/", commitments.commitment_accept, name="commitment_accept"),
    path(
        "commitments/<int:pk>/contest/", commitments.commitment_contest, name="commitment_contest"
    ),
    path("commitments/<int:pk>/extend/", commitments.commitment_extend, name="commitment_extend"),
    path(
        "commitments/<int:pk>/due-statements/",
        commitments.commitment_due_statement,
        name="commitment_due_statement",
    ),
    path(
        "commitments/<int:pk>/baseline/<int:statement_pk>/",
        commitments.commitment_baseline,
        name="commitment_baseline",
    ),
    path(
        "commitments/<int:pk>/history/", commitments.commitment_history, name="commitment_history"
    ),
    # Bodies
    path("bodies/", bodies.body_list, name="body_list"),
    path("bodies/new/", bodies.body_create, name="body_create"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body_detail"),
    path("bodies/<int:pk>/members/new/", bodies.body_member_add, name="body_member_add"),
    path("bodies/<int:pk>/aliases/", aliases.body_aliases, name="body_aliases"),
    # Meetings and resolutions
    path("bodies/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/print/", meetings.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes_edit, name="meeting_minutes"),
    path("meetings/<int:pk>/resolutions/", meetings.resolution_add, name="resolution_add"),
    path("meetings/<int:pk>/history/", meetings.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/attendance/new/", meetings.attendance_add, name="attendance_add"),
    path("meetings/<int:pk>/agenda/new/", meetings.agenda_item_add, name="agenda_item_add"),
    path(
        "meetings/<int:pk>/attachments/new/",
        meetings.meeting_attachment_add,
        name="meeting_attachment_add",
    ),
    *[
        path(
            f"meetings/<int:pk>/{action}/",
            meetings.meeting_move,
            {"action": action},
            name=f"meeting_{action}",
        )
        for action in ("invite", "hold", "postpone", "cancel")
    ],
    path("meetings/<int:pk>/reply/", meetings.invitation_reply, name="invitation_reply"),
    path("meetings/<int:pk>/minutes/send/", meetings.minutes_send, name="minutes_send"),
    path("meetings/<int:pk>/minutes/lock/", meetings.minutes_lock, name="minutes_lock"),
    path("meetings/<int:pk>/minutes/respond/", meetings.minutes_respond, name="minutes_respond"),
    path("meetings/<int:pk>/minutes/amend/", meetings.minutes_amend, name="minutes_amend"),
    path("resolutions/<int:pk>/", meetings.resolution_detail, name="resolution_detail"),
    path("resolutions/import/", imports.resolution_import, name="resolution_import"),
    path(
        "resolutions/import/template.xlsx",
        imports.resolution_import_template,
        name="resolution_import_template",
    ),
    # Agreements
    path("agreements/", agreements.agreement_list, name="agreement_list"),
    path("agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/clauses/new/", agreements.clause_add, name="clause_add"),
    path(
        "agreements/<int:pk>/clauses/<int:clause_pk>/commitments/new/",
        agreements.clause_commitment_add,
        name="clause_commitment_add",
    ),
    path("agreements/<int:pk>/sign/", agreements.agreement_sign, name="agreement_sign"),
    # Projects
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/aliases/", aliases.project_aliases, name="project_aliases"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/milestones/new/", projects.milestone_add, name="milestone_add"),
    # Elections
    path("elections/", elections.election_list, name="election_list"),
    path("elections/new/", elections.election_create, name="election_create"),
    path("elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("elections/<int:pk>/candidates/new/", elections.candidate_add, name="candidate_add"),
    # iCalendar feeds
    path("bodies/<int:pk>/deadlines.ics", calendar.ical_body, name="ical_body"),
    path("provinces/<str:code>/deadlines.ics", calendar.ical_province, name="ical_province"),
]
