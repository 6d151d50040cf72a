from django.urls import path

from khooshe.registry.views import (
    clusters,
    directory,
    imports,
    join,
    organizations,
    people,
    staff,
)

app_name = "registry"

urlpatterns = [
    path("", directory.index, name="index"),
    path("suggest/", directory.suggest, name="suggest"),
    path("counties/", directory.counties, name="counties"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path(
        "organizations/<int:pk>/changes/accept/",
        organizations.change_accept,
        name="change_accept",
    ),
    path(
        "organizations/<int:pk>/changes/reject/",
        organizations.change_reject,
        name="change_reject",
    ),
    path(
        "organizations/<int:pk>/verify/",
        organizations.organization_verify,
        name="organization_verify",
    ),
    path(
        "organizations/<int:pk>/revoke/",
        organizations.organization_revoke,
        name="organization_revoke",
    ),
    path(
        "organizations/<int:pk>/claim/", organizations.organization_claim, name="organization_claim"
    ),
    path(
        "organizations/<int:pk>/merge/", organizations.organization_merge, name="organization_merge"
    ),
    path(
        "organizations/<int:pk>/membership/",
        organizations.organization_membership,
        name="organization_membership",
    ),
    path(
        "organizations/<int:pk>/history/",
        organizations.organization_history,
        name="organization_history",
    ),
    path("join/", join.join, name="join"),
    path("join/claim/<int:pk>/", join.join_claim, name="join_claim"),
    path("join/new/", join.join_new, name="join_new"),
    path("staff/", staff.claim_list, name="claims"),
    path("taxonomy/", staff.taxonomy, name="taxonomy"),
    path("claims/<int:pk>/", staff.claim_detail, name="claim_detail"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path(
        "people/<int:pk>/affiliations/",
        people.person_affiliation_add,
        name="person_affiliation_add",
    ),
    path("people/<int:pk>/history/", people.person_history, name="person_history"),
    path("clusters/", clusters.cluster_list, name="cluster_list"),
    path("clusters/new/", clusters.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", clusters.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/stage/", clusters.cluster_stage, name="cluster_stage"),
    path("clusters/<int:pk>/members/", clusters.cluster_member, name="cluster_member"),
    path("clusters/<int:pk>/history/", clusters.cluster_history, name="cluster_history"),
    path("import/", imports.import_upload, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/<str:job_id>/", imports.import_status, name="import_status"),
    path("export/", imports.export, name="export"),
]
