from rest_framework.routers import SimpleRouter

from khooshe.obstacles.api import views

router = SimpleRouter()
router.register("obstacles", views.ObstacleViewSet, basename="obstacle")
router.register("obstacle-categories", views.CategoryViewSet, basename="obstacle-category")

urlpatterns = router.urls
