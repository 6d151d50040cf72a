from rest_framework.routers import SimpleRouter

from khooshe.eservices.api import views

router = SimpleRouter()
router.register("eservices", views.EServiceViewSet, basename="eservice")
router.register("eservice-reviews", views.CatalogueReviewViewSet, basename="eservice-review")

urlpatterns = router.urls
