from khooshe.core.api.routers import IdRouter
from khooshe.governance.api import views

router = IdRouter()
router.register("bodies", views.BodyViewSet, basename="governance-body")
router.register("meetings", views.MeetingViewSet, basename="governance-meeting")
router.register("resolutions", views.ResolutionViewSet, basename="governance-resolution")
router.register("agreements", views.AgreementViewSet, basename="governance-agreement")
router.register("projects", views.ProjectViewSet, basename="governance-project")
router.register("commitments", views.CommitmentViewSet, basename="governance-commitment")

urlpatterns = router.urls
