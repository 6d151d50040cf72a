from rest_framework.routers import SimpleRouter

from khooshe.events.api import views

router = SimpleRouter()
router.register("events", views.EventViewSet, basename="events-event")

urlpatterns = router.urls
