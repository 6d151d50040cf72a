from django.urls import path

from khooshe.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/update/", views.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/cancel/", views.commitment_cancel, name="commitment_cancel"),
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
