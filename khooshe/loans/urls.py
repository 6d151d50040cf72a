from django.urls import path

from khooshe.loans import views

app_name = "loans"

urlpatterns = [
    path("", views.index, name="index"),
    path("calculator/", views.calculator, name="calculator"),
    path("new/", views.program_edit, name="program_create"),
    path("<int:pk>/", views.program_detail, name="program_detail"),
    path("<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("<int:pk>/history/", views.program_history, name="program_history"),
    path("<int:program_pk>/apply/", views.application_create, name="application_create"),
    path(
        "<int:pk>/portfolio.<str:fmt>",
        views.program_portfolio_export,
        name="portfolio_export",
    ),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/history/", views.application_history, name="application_history"),
    path(
        "applications/<int:pk>/jobs/",
        views.job_report_add,
        name="job_report_add",
    ),
    path(
        "applications/<int:pk>/<str:action>/",
        views.application_action,
        name="application_action",
    ),
    path("fund/", views.fund_desk, name="fund_desk"),
    path("loans/<int:pk>/", views.loan_statement, name="loan_statement"),
    path("<int:program_pk>/packages/new/", views.package_edit, name="package_create"),
    path("<int:program_pk>/packages/<int:pk>/edit/", views.package_edit, name="package_edit"),
    path("packages/<int:pk>/request/", views.package_request, name="package_request"),
    path(
        "package-requests/<int:pk>/<str:decision>/",
        views.package_request_decide,
        name="package_request_decide",
    ),
]
