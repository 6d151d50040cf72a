from django.urls import path

from khooshe.loans.views import (
    applications,
    calculator,
    corrections,
    cover,
    ledger,
    packages,
    programs,
)

app_name = "loans"

urlpatterns = [
    path("", programs.index, name="index"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("new/", programs.program_edit, name="program_create"),
    path("<int:pk>/", programs.program_detail, name="program_detail"),
    path("<int:pk>/edit/", programs.program_edit, name="program_edit"),
    path("<int:pk>/history/", programs.program_history, name="program_history"),
    path("<int:program_pk>/apply/", applications.application_create, name="application_create"),
    path(
        "<int:pk>/portfolio.<str:fmt>",
        ledger.program_portfolio_export,
        name="portfolio_export",
    ),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/history/",
        applications.application_history,
        name="application_history",
    ),
    path(
        "applications/<int:pk>/jobs/",
        applications.job_report_add,
        name="job_report_add",
    ),
    path("applications/<int:pk>/cover/", cover.application_cover, name="application_cover"),
    path(
        "application-documents/<int:pk>/remove/",
        cover.document_remove,
        name="document_remove",
    ),
    path(
        "applications/<int:pk>/<str:action>/",
        applications.application_action,
        name="application_action",
    ),
    path("fund/", ledger.fund_desk, name="fund_desk"),
    path("collections/", cover.collections, name="collections"),
    path("loans/<int:pk>/", ledger.loan_statement, name="loan_statement"),
    path("loans/<int:pk>/payoff/", corrections.loan_payoff, name="loan_payoff"),
    path("loans/<int:pk>/waive/", corrections.loan_waive, name="loan_waive"),
    path("loans/<int:pk>/reschedule/", corrections.loan_reschedule, name="loan_reschedule"),
    path(
        "loans/<int:pk>/reschedule/<int:number>/undo/",
        corrections.loan_reschedule_undo,
        name="loan_reschedule_undo",
    ),
    path(
        "loans/<int:pk>/<str:kind>/<int:rid>/reverse/",
        corrections.loan_reverse,
        name="loan_reverse",
    ),
    path("fund/decrees/new/", corrections.decree_create, name="decree_create"),
    path("<int:program_pk>/packages/new/", packages.package_edit, name="package_create"),
    path("<int:program_pk>/packages/<int:pk>/edit/", packages.package_edit, name="package_edit"),
    path("packages/<int:pk>/request/", packages.package_request, name="package_request"),
    path(
        "package-requests/<int:pk>/<str:decision>/",
        packages.package_request_decide,
        name="package_request_decide",
    ),
]
