from khooshe.core.api.routers import IdRouter
from khooshe.obstacles.api import views

router = IdRouter()
router.register("obstacles", views.ObstacleViewSet, basename="obstacle")
router.register("obstacle-categories", views.CategoryViewSet, basename="obstacle-category")

urlpatterns = router.urls
