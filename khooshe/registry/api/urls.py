from rest_framework.routers import SimpleRouter

from khooshe.registry.api import views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("capabilities", views.CapabilityViewSet, basename="capability")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = router.urls
