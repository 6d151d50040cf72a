from khooshe.core.api.routers import IdRouter
from khooshe.events.api import views

router = IdRouter()
router.register("events", views.EventViewSet, basename="events-event")

urlpatterns = router.urls
