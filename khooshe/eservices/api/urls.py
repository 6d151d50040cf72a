from khooshe.core.api.routers import IdRouter
from khooshe.eservices.api import views

router = IdRouter()
router.register("eservices", views.EServiceViewSet, basename="eservice")
router.register("eservice-reviews", views.CatalogueReviewViewSet, basename="eservice-review")

urlpatterns = router.urls
