"""Bulk import and export routes; included into khooshe/registry/urls.py (app "registry")."""

from django.urls import path

from khooshe.registry import views_import

urlpatterns = [
    path("import/", views_import.import_upload, name="import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("import/<str:job_id>/", views_import.import_status, name="import_status"),
    path("export/", views_import.export, name="export"),
]
