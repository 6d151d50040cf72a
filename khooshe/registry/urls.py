from django.urls import path

from khooshe.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("suggest/", views.suggest, name="suggest"),
    path("counties/", views.counties, name="counties"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/verify/", views.organization_verify, name="organization_verify"),
    path("organizations/<int:pk>/revoke/", views.organization_revoke, name="organization_revoke"),
    path("organizations/<int:pk>/claim/", views.organization_claim, name="organization_claim"),
    path("organizations/<int:pk>/merge/", views.organization_merge, name="organization_merge"),
    path(
        "organizations/<int:pk>/membership/",
        views.organization_membership,
        name="organization_membership",
    ),
    path(
        "organizations/<int:pk>/history/", views.organization_history, name="organization_history"
    ),
    path("staff/", views.claim_list, name="claims"),
    path("taxonomy/", views.taxonomy, name="taxonomy"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<int:pk>/affiliations/",
        views.person_affiliation_add,
        name="person_affiliation_add",
    ),
    path("people/<int:pk>/history/", views.person_history, name="person_history"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/stage/", views.cluster_stage, name="cluster_stage"),
    path("clusters/<int:pk>/members/", views.cluster_member, name="cluster_member"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster_history"),
]

# Bulk import/export pages (registry-search's khooshe/registry/urls_import.py).
try:
    from khooshe.registry.urls_import import urlpatterns as import_urlpatterns
except ImportError:
    import_urlpatterns = []

urlpatterns += import_urlpatterns
