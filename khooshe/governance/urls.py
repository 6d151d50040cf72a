from django.urls import path

from khooshe.governance import views, views_manage

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/update/", views.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/cancel/", views.commitment_cancel, name="commitment_cancel"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/history/", views.commitment_history, name="commitment_history"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/deadlines.ics", views.ical_body, name="ical_body"),
    path("provinces/<str:code>/deadlines.ics", views.ical_province, name="ical_province"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/print/", views.meeting_print, name="meeting_print"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes_edit, name="meeting_minutes"),
    path("meetings/<int:pk>/resolutions/", views.resolution_add, name="resolution_add"),
    path("meetings/<int:pk>/history/", views.meeting_history, name="meeting_history"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution_detail"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
]

urlpatterns += [
    path("bodies/new/", views_manage.body_create, name="body_create"),
    path("bodies/<int:pk>/members/new/", views_manage.body_member_add, name="body_member_add"),
    path("bodies/<int:pk>/meetings/new/", views_manage.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/attendance/new/", views_manage.attendance_add, name="attendance_add"),
    path("meetings/<int:pk>/agenda/new/", views_manage.agenda_item_add, name="agenda_item_add"),
    path(
        "meetings/<int:pk>/attachments/new/",
        views_manage.meeting_attachment_add,
        name="meeting_attachment_add",
    ),
    path("agreements/new/", views_manage.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/clauses/new/", views_manage.clause_add, name="clause_add"),
    path(
        "agreements/<int:pk>/clauses/<int:clause_pk>/commitments/new/",
        views_manage.clause_commitment_add,
        name="clause_commitment_add",
    ),
    path("agreements/<int:pk>/sign/", views_manage.agreement_sign, name="agreement_sign"),
    path("projects/new/", views_manage.project_create, name="project_create"),
    path("projects/<int:pk>/milestones/new/", views_manage.milestone_add, name="milestone_add"),
    path("commitments/new/", views_manage.commitment_create, name="commitment_create"),
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views_manage.election_create, name="election_create"),
    path("elections/<int:pk>/", views_manage.election_detail, name="election_detail"),
    path("elections/<int:pk>/candidates/new/", views_manage.candidate_add, name="candidate_add"),
]
