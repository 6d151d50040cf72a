from django.urls import path

from khooshe.core.api.routers import IdRouter
from khooshe.registry.api import views
from khooshe.registry.api.imports import OrganizationImportAPIView

router = IdRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = [
    # Before the router: its organizations/<pk>/ would take "import" for a primary key.
    path("organizations/import/", OrganizationImportAPIView.as_view(), name="organization-import"),
    *router.urls,
]
