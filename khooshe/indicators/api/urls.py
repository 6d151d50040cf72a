from khooshe.core.api.routers import IdRouter
from khooshe.indicators.api import views

router = IdRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")

urlpatterns = router.urls
