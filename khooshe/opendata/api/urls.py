from khooshe.core.api.routers import IdRouter
from khooshe.opendata.api import views

router = IdRouter()
router.register("datasets", views.DatasetViewSet, basename="dataset")

urlpatterns = router.urls
