from khooshe.core.api.routers import IdRouter
from khooshe.proposals.api import views

router = IdRouter()
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("calls", views.CallViewSet, basename="call")
router.register("co-submitters", views.CoSubmitterViewSet, basename="co-submitter")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("criteria", views.CriterionViewSet, basename="criterion")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("evaluation-policies", views.EvaluationPolicyViewSet, basename="evaluation-policy")
router.register("proposal-answers", views.AnswerViewSet, basename="proposal-answer")
router.register("awards", views.AwardViewSet, basename="award")

urlpatterns = router.urls
