from django.urls import path

from khooshe.events.views import events, exhibitors, visitors

app_name = "events"

urlpatterns = [
    path("", events.index, name="index"),
    path("new/", events.event_create, name="event_create"),
    path("<int:pk>/", events.event_detail, name="event_detail"),
    path("<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("<int:pk>/sessions/new/", events.session_add, name="session_add"),
    path("<int:pk>/halls/new/", events.hall_add, name="hall_add"),
    path("<int:pk>/booths/new/", events.booth_add, name="booth_add"),
    path("<int:pk>/poster/", events.poster_set, name="poster_set"),
    path("<int:pk>/photos/new/", events.photo_add, name="photo_add"),
    path("<int:pk>/outcomes/", events.outcomes_edit, name="outcomes_edit"),
    path("<int:pk>/awards/new/", events.award_add, name="award_add"),
    path("<int:pk>/report/", events.event_report, name="event_report"),
    path("provinces/<str:code>/events.ics", events.ical_province, name="ical_province"),
    # Exhibitors
    path("<int:pk>/apply/", exhibitors.exhibitor_apply, name="exhibitor_apply"),
    path("<int:pk>/exhibitors/", exhibitors.exhibitor_manage, name="exhibitor_manage"),
    path("<int:pk>/exhibitors/print/", exhibitors.exhibitor_print, name="exhibitor_print"),
    path(
        "<int:pk>/exhibitors/<int:exhibitor_pk>/",
        exhibitors.exhibitor_detail,
        name="exhibitor_detail",
    ),
    path(
        "<int:pk>/exhibitors/<int:exhibitor_pk>/badge/",
        exhibitors.exhibitor_badge,
        name="exhibitor_badge",
    ),
    path(
        "<int:pk>/exhibitors/<int:exhibitor_pk>/<str:action>/",
        exhibitors.exhibitor_decide,
        name="exhibitor_decide",
    ),
    # Visitors
    path("<int:pk>/register/", visitors.register, name="register"),
    path("tickets/<str:code>/", visitors.ticket, name="ticket"),
    path("tickets/<str:code>/cancel/", visitors.ticket_cancel, name="ticket_cancel"),
    path("<int:pk>/check-in/", visitors.check_in, name="check_in"),
    path("<int:pk>/visitors/", visitors.visitor_list, name="visitor_list"),
    path("<int:pk>/visitors.csv", visitors.visitor_export, name="visitor_export"),
    path(
        "<int:pk>/visitors/<int:registration_pk>/cancel/",
        visitors.registration_cancel_staff,
        name="registration_cancel",
    ),
]
